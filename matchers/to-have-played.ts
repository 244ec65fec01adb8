import type { MatcherState } from 'vitest'
import { describeUnheard, unheardPrompt } from '../src/report/unheard-prompt.js'
import { nearMissText } from '../src/utils/near-miss-text.js'
import { assertCallResult, message, misuse, transcriptOf } from './format.js'
import { quotedPrompt } from '../src/utils/quoted-prompt.js'

/** Passes when the caller heard `text` (a substring, or a RegExp) in any prompt: TTS text or audio address. */
export function toHavePlayed(this: MatcherState, received: unknown, text: string | RegExp) {
  assertCallResult(received, 'toHavePlayed', `toHavePlayed(${typeof text === 'string' ? JSON.stringify(text) : String(text)})`)
  if (typeof text !== 'string' && !(text instanceof RegExp)) {
    throw misuse(`[callspec] toHavePlayed() takes a string or a RegExp, got ${typeof text}.`)
  }
  const prompts = received.prompts
  const wanted = (p: string) => (typeof text === 'string' ? p.includes(text) : text.test(p))
  const pass = prompts.some(wanted)
  // Played but stopped before it began (the test hung up at once): say so, not just "not heard".
  const exact = pass ? undefined : unheardPrompt(received.transcript, wanted)
  // Not heard, and a near miss too (a comma left out of a prompt the hang-up cut off): both are
  // said, the prompt quoted as the app sent it (audit h193: the failure listed only the prompts
  // heard, and the one meant was in neither list).
  const nearText = exact || typeof text !== 'string' ? undefined : text
  const unheard = exact ?? (pass || nearText === undefined ? undefined : unheardPrompt(received.transcript, (p) => nearMissText(nearText, [p], false) !== undefined))
  const cutOff = unheard
    ? [`${describeUnheard(unheard)}.${unheard.byCaller ? ' To hear it, let the call go on first: .staySilent(ms) before .hangUp().' : ''}`]
    : []
  const near = pass || exact || typeof text !== 'string' ? undefined : nearMissText(text, unheard ? [unheard.prompt.text] : prompts, false)
  return {
    pass,
    actual: prompts,
    expected: text,
    message: () =>
      message(this, 'toHavePlayed', 'text', [
        `Expected the caller ${this.isNot ? 'not ' : ''}to hear: ${this.utils.printExpected(text)}`,
        `Prompts heard:${prompts.length ? prompts.map((p) => `\n  • ${quotedPrompt(p)}`).join('') : ' (none)'}`,
        ...cutOff,
        ...(near ? [near] : []),
        '',
        transcriptOf(received),
      ]),
  }
}
