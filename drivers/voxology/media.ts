import type { Prompt } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'

/** One prompt placed on the call's timeline. */
export interface Scheduled {
  prompt: Prompt
  start: number
  end: number
}

/** TTS length: words at 150 a minute, never shorter than a blip. */
export const speechPromptMs = (text: string) =>
  Math.max(BEHAVIOUR.minPromptMs, text.split(/\s+/).filter(Boolean).length * BEHAVIOUR.ttsMsPerWord)

/** How long the caller takes to say `text` (into a RECORD). */
export const callerSpeechMs = (text: string) =>
  Math.max(BEHAVIOUR.minPromptMs, text.split(/\s+/).filter(Boolean).length * BEHAVIOUR.speechMsPerWord)

/** What a SAY (already templated) or PLAY sounds like: one prompt per loop, end to end. */
export function promptsOf(item: { kind: 'speech' | 'audio'; text: string }, loop = 1): Prompt[] {
  return Array.from({ length: loop }, () => ({ kind: item.kind, text: item.text }))
}

/** Lays prompts end to end from `start`. */
export function schedule(prompts: readonly Prompt[], start: number, durations: Record<string, number> = {}): Scheduled[] {
  let at = start
  return prompts.map((prompt) => {
    const ms = prompt.kind === 'speech' ? speechPromptMs(prompt.text) : (durations[prompt.text] ?? BEHAVIOUR.defaultAudioMs)
    const slot = { prompt, start: at, end: at + ms }
    at = slot.end
    return slot
  })
}
