import type { CallContext } from './types.js'

export interface Keystrokes {
  digits: string
  bargeIn: boolean
  /** Virtual ms between one key and the next; the first comes after FIRST_KEY_MS, whatever the gap. */
  gapMs: number
  label: string
  /** When the prompt the keys answer ends: keys come after it, unless they barge in. */
  promptEnd: number
  /** The call is over: keys not yet pressed are not sent. */
  isOver(): boolean
  press(key: string): unknown
}

/**
 * Virtual ms from the end of the prompt (or, barging in, from the moment the caller acts) to the
 * first key: the caller's reaction. Not the gap between keys: a slow typist given a 6 s gap to
 * test an inter-digit timeout was made to wait 6 s for the first key too, and hit the platform's
 * first-digit timeout instead (audit-80 §5).
 */
export const FIRST_KEY_MS = 300

/**
 * The caller presses keys one at a time: the first FIRST_KEY_MS after the prompt (or during it,
 * barging in), the rest `gapMs` apart, in virtual time. Platform timers due in between fire
 * first, so a digit timeout shorter than the gap ends the input, as on a real line.
 */
export async function typeKeys(ctx: CallContext, keys: Keystrokes): Promise<void> {
  const now = ctx.clock.now()
  let at = (keys.bargeIn ? now : Math.max(now, keys.promptEnd)) + FIRST_KEY_MS
  ctx.caller(keys.label, at)
  for (const [i, key] of [...keys.digits].entries()) {
    if (i > 0) at += keys.gapMs
    await ctx.advanceTo(at)
    if (keys.isOver()) {
      ctx.note(`keys ${JSON.stringify(keys.digits.slice(i))} not sent: the call ended`)
      return
    }
    if (i === keys.digits.length - 1) ctx.callerDone?.()
    await keys.press(key)
  }
}
