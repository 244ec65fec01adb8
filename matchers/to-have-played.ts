import type { MatcherState } from 'vitest'
import { assertCallResult, message, transcriptOf } from './format.js'

/** Passes when the caller heard `text` (a substring, or a RegExp) in any prompt: TTS text or audio address. */
export function toHavePlayed(this: MatcherState, received: unknown, text: string | RegExp) {
  assertCallResult(received, 'toHavePlayed')
  if (typeof text !== 'string' && !(text instanceof RegExp)) {
    throw new TypeError(`[callspec] toHavePlayed() takes a string or a RegExp, got ${typeof text}.`)
  }
  const prompts = received.prompts
  const pass = prompts.some((p) => (typeof text === 'string' ? p.includes(text) : text.test(p)))
  return {
    pass,
    actual: prompts,
    expected: text,
    message: () =>
      message(this, 'toHavePlayed', 'text', [
        `Expected the caller ${this.isNot ? 'not ' : ''}to hear: ${this.utils.printExpected(text)}`,
        `Prompts heard:${prompts.length ? prompts.map((p) => `\n  • ${JSON.stringify(p)}`).join('') : ' (none)'}`,
        '',
        transcriptOf(received),
      ]),
  }
}
