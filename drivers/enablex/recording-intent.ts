import type { RecordingRequest } from './schemas.js'

/**
 * What a recording request does (EnableX's Voice API Routes, Recording documents `{"start": true,
 * …}` and `{"stop": true}` apart). The flags are read as conditions, start first, as a platform
 * checking `if (start) … else if (stop)` most plausibly does: a `false` starts or stops nothing
 * (rule enablex/recording-false), and a body holding both starts when start is true, else stops
 * when stop is (rule enablex/start-and-stop). Both rules are inferred: this one function is where
 * that reading lives.
 */
export function recordingIntent(body: RecordingRequest): 'start' | 'stop' | 'nothing' {
  if ('start' in body && body.start === true) return 'start'
  if ('stop' in body && body.stop === true) return 'stop'
  return 'nothing'
}
