import type { Prompt } from '../session/types.js'
import type { CallContext } from './types.js'

/** One prompt placed on the call's timeline (virtual ms). */
export interface Scheduled {
  prompt: Prompt
  start: number
  end: number
}

/** How long `text` takes to say at `msPerWord`, never shorter than `minMs`. */
export function spokenMs(text: string, msPerWord: number, minMs: number): number {
  return Math.max(minMs, text.split(/\s+/).filter(Boolean).length * msPerWord)
}

/** Lays prompts end to end from `start`, each lasting `ms`. */
export function schedulePrompts(prompts: ReadonlyArray<{ prompt: Prompt; ms: number }>, start: number): Scheduled[] {
  let at = start
  return prompts.map(({ prompt, ms }) => {
    const slot = { prompt, start: at, end: at + ms }
    at = slot.end
    return slot
  })
}

/** Writes down what the caller heard of prompts that stopped at `until`: the ones begun, the last cut short. */
export function recordHeard(ctx: CallContext, items: readonly Scheduled[], until: number): void {
  for (const item of items) {
    if (item.start >= until) break
    ctx.heard(item.prompt, item.start, until < item.end ? until - item.start : undefined)
  }
}

/** Stops a prompt early: it ends now, and the transcript says why. No-op once it has ended. */
export function cutShort(ctx: CallContext, playing: { promptEnd: number }, why: string): void {
  const now = ctx.clock.now()
  if (now >= playing.promptEnd) return
  ctx.note(`prompt cut off: ${why}`)
  playing.promptEnd = now
}
