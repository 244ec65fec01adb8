/** How long prompts and the caller's speech take on the virtual clock, and how prompts line up. */
import { schedulePrompts, spokenMs, type Prompt, type Scheduled } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'

export type { Scheduled }

/** TTS length: words at 150 a minute, never shorter than a blip. */
export const speechPromptMs = (text: string) => spokenMs(text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs)

/** How long the caller takes to say `text` (into a RECORD). */
export const callerSpeechMs = (text: string) => spokenMs(text, BEHAVIOUR.speechMsPerWord, BEHAVIOUR.minPromptMs)

/**
 * How many times a SAY or PLAY plays: its `loop` when that is an integer of at least 1, else once,
 * as with no loop. SAY's loop is an integer (its schema), one under 1 allowed at warn (rule
 * voxology/action-bounds: Voxology publishes no bounds); PLAY's is not evidenced, so its schema takes any value and one under 1 or not an integer (1.5, "2", null) is
 * allowed at warn (rule voxology/play-loop): playing once is the mildest reading of a value
 * Voxology does not document.
 */
export const timesPlayed = (loop: unknown): number => (typeof loop === 'number' && Number.isSafeInteger(loop) && loop >= 1 ? loop : 1)

/** What a SAY (already templated) or PLAY sounds like: one prompt per loop (timesPlayed), end to end. */
export function promptsOf(item: { kind: 'speech' | 'audio'; text: string }, loop?: unknown): Prompt[] {
  return Array.from({ length: timesPlayed(loop) }, () => ({ kind: item.kind, text: item.text }))
}

/** Lays prompts end to end from `start`. */
export function schedule(prompts: readonly Prompt[], start: number, durations: Record<string, number> = {}): Scheduled[] {
  const ms = (prompt: Prompt) => (prompt.kind === 'speech' ? speechPromptMs(prompt.text) : (durations[prompt.text] ?? BEHAVIOUR.defaultAudioMs))
  return schedulePrompts(prompts.map((prompt) => ({ prompt, ms: ms(prompt) })), start)
}
