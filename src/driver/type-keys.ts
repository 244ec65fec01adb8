import { REACTION_MS } from './reaction.js'
import type { CallContext, KeyDue } from './types.js'

export interface Keystrokes {
  digits: string
  bargeIn: boolean
  /** Virtual ms between one key and the next; the first comes after REACTION_MS, whatever the gap. */
  gapMs: number
  label: string
  /** When the prompt the keys answer ends: keys come after it, unless they barge in. */
  promptEnd: number
  /** The call is over: keys not yet pressed are not sent. */
  isOver(): boolean
  press(key: string): unknown
}

/**
 * The caller presses keys one at a time: the first REACTION_MS after the prompt (or during it,
 * barging in), the rest `gapMs` apart, in virtual time. Platform timers due in between fire
 * first, so a digit timeout shorter than the gap ends the input, as on a real line.
 *
 * Each key lands at its own instant, whatever the app is doing then: while the app holds its answer
 * to a webhook (the one an earlier key brought, a lookup before the next question), the wait for
 * that answer presses the key when it is due (CallContext.keyDue), on whatever the platform has
 * listening then (usually nothing: the key is ignored, and noted then). Measured before (audit
 * helper-150 F1): `pressDigits('12', { gapMs: 500 })` into a one-key collection whose answer the app
 * held 2 s pressed "2" at 3.3 s, not 1.8 s, into the collection that answer started.
 */
export async function typeKeys(ctx: CallContext, keys: Keystrokes): Promise<void> {
  const now = ctx.clock.now()
  const digits = [...keys.digits]
  let at = (keys.bargeIn ? now : Math.max(now, keys.promptEnd)) + REACTION_MS
  ctx.caller(keys.label, at)
  let pressed = 0
  const due: KeyDue = { at, press: () => pressNext() }
  /** Presses the next key; before it goes (and a webhook it brings waits), the one after is due. */
  const pressNext = async (): Promise<void> => {
    const key = digits[pressed++]!
    if (pressed === digits.length) {
      ctx.keyDue = undefined
      ctx.callerDone?.()
    } else due.at = at += keys.gapMs
    await keys.press(key)
  }
  ctx.keyDue = due
  try {
    while (pressed < digits.length) {
      const before = pressed
      await ctx.advanceTo(at)
      // Pressed while the app held an answer (its wait pressed them): on to the next.
      if (pressed !== before) continue
      if (keys.isOver()) {
        ctx.note(`keys ${JSON.stringify(keys.digits.slice(pressed))} not sent: the call ended`)
        return
      }
      await pressNext()
    }
  } finally {
    ctx.keyDue = undefined
  }
}
