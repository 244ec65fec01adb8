import type { CallContext } from './types.js'

export interface Keystrokes {
  digits: string
  bargeIn: boolean
  gapMs: number
  label: string
  /** When the prompt the keys answer ends: keys come after it, unless they barge in. */
  promptEnd: number
  /** The call is over: keys not yet pressed are not sent. */
  isOver(): boolean
  press(key: string): unknown
}

/**
 * The caller presses keys one at a time, `gapMs` apart in virtual time, after the prompt (or during
 * it, barging in). Platform timers due in between fire first, so a digit timeout shorter than the
 * gap ends the input, as on a real line.
 */
export async function typeKeys(ctx: CallContext, keys: Keystrokes): Promise<void> {
  const now = ctx.clock.now()
  let at = keys.bargeIn ? now : Math.max(now, keys.promptEnd)
  ctx.caller(keys.label, at + keys.gapMs)
  for (const [i, key] of [...keys.digits].entries()) {
    at += keys.gapMs
    await ctx.advanceTo(at)
    if (keys.isOver()) {
      ctx.note(`keys ${JSON.stringify(keys.digits.slice(i))} not sent: the call ended`)
      return
    }
    await keys.press(key)
  }
}
