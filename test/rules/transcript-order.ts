import type { Transcript } from '../../src/index.js'

/** The first entry that comes before the one above it in virtual time, described; undefined when in order. */
export function outOfOrder(transcript: Transcript): string | undefined {
  const { entries } = transcript
  for (let i = 1; i < entries.length; i++) {
    const [before, after] = [entries[i - 1]!, entries[i]!]
    if (after.at < before.at) return `transcript out of time order: entry ${i} (${after.kind} at ${after.at} ms) follows entry ${i - 1} (${before.kind} at ${before.at} ms)`
  }
  const end = transcript.end
  const last = entries.at(-1)
  if (end && last && last.at < end.at && entries.some((e) => e.at > end.at)) return 'an entry is after the end of the call'
  return undefined
}
