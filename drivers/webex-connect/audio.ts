import { schedulePrompts, spokenMs, type Prompt, type Scheduled } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { Audio } from './schemas.js'

export type { Scheduled }

export function promptOf(audio: Audio): Prompt {
  if (audio.type === 'TTS') return { kind: 'speech', text: audio.text.replace(/<[^>]+>/g, '').trim() }
  return { kind: 'audio', text: audio.type === 'URL' ? audio.location : `media:${audio.mediaId}` }
}

export function audioMs(audio: Audio, durations: Record<string, number> = {}): number {
  if (audio.type === 'TTS') return spokenMs(promptOf(audio).text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs)
  const key = audio.type === 'URL' ? audio.location : audio.mediaId
  return durations[key] ?? BEHAVIOUR.defaultAudioMs
}

/** Lays audio items end to end from `start`. */
export function schedule(audio: readonly Audio[], start: number, durations?: Record<string, number>): Scheduled[] {
  return schedulePrompts(audio.map((item) => ({ prompt: promptOf(item), ms: audioMs(item, durations) })), start)
}

export function describeAudio(audio: readonly Audio[]): string {
  return audio
    .map((a) => {
      const p = promptOf(a)
      const text = p.text.length > 50 ? `${p.text.slice(0, 50)}…` : p.text
      return a.type === 'TTS' ? `TTS ${JSON.stringify(text)}` : `${a.type} ${text}`
    })
    .join(' + ')
}

export const speechMs = (text: string) => spokenMs(text, BEHAVIOUR.speechMsPerWord, BEHAVIOUR.minPromptMs)
