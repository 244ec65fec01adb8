/** How long prompts and the caller's speech take on the virtual clock, and how prompts line up. */
import { schedulePrompts, spokenMs, type Prompt, type Scheduled } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'

export type { Scheduled }

/** TTS length: words at 150 a minute, never shorter than a blip. */
export const speechPromptMs = (text: string) => spokenMs(text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs)

/** How long the caller takes to say `text` (into a RECORD). */
export const callerSpeechMs = (text: string) => spokenMs(text, BEHAVIOUR.speechMsPerWord, BEHAVIOUR.minPromptMs)

/** What a SAY (already templated) or PLAY sounds like: one prompt per loop, end to end. */
export function promptsOf(item: { kind: 'speech' | 'audio'; text: string }, loop = 1): Prompt[] {
  // A PLAY loop under 1 (allowed at warn, rule voxology/play-loop) plays once, as with no loop:
  // the mildest reading of a value Voxology does not document. SAY's loop is at least 1 (its schema).
  return Array.from({ length: Math.max(1, loop) }, () => ({ kind: item.kind, text: item.text }))
}

/** Lays prompts end to end from `start`. */
export function schedule(prompts: readonly Prompt[], start: number, durations: Record<string, number> = {}): Scheduled[] {
  const ms = (prompt: Prompt) => (prompt.kind === 'speech' ? speechPromptMs(prompt.text) : (durations[prompt.text] ?? BEHAVIOUR.defaultAudioMs))
  return schedulePrompts(prompts.map((prompt) => ({ prompt, ms: ms(prompt) })), start)
}
