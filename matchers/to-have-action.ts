import type { MatcherState } from 'vitest'
import { describeExpected, matches, mismatch } from '../src/index.js'
import { assertCallResult, message, transcriptOf } from './format.js'

/** Passes when the app sent an action named `name` (partially matching `match`) anywhere in the call. */
export function toHaveAction(this: MatcherState, received: unknown, name: string, match?: unknown) {
  assertCallResult(received, 'toHaveAction', `toHaveAction('${name}'${match === undefined ? '' : `, ${describeExpected(match)}`})`)
  const named = received.actions.filter((a) => a.name === name)
  const pass = named.some((a) => match === undefined || matches(a.raw, match))
  const wanted = match === undefined ? name : `${name} ${describeExpected(match)}`
  return {
    pass,
    actual: received.actions.map((a) => a.raw),
    expected: match === undefined ? { action: name } : match,
    message: () =>
      message(this, 'toHaveAction', 'name, match', [
        `Expected the app ${this.isNot ? 'not ' : ''}to send ${wanted}.`,
        `Actions sent: ${received.actions.map((a) => a.name).join(', ') || '(none)'}`,
        // Why the app's own actions of that name did not match, as expectAction says it (helper-125:
        // a misspelt key, `dialledNumber`, got a diff and no word of `dialedNumber`).
        ...(this.isNot || match === undefined ? [] : named.map((a) => `${name} at turn ${a.turn} did not match: ${mismatch(a.raw, match)}`)),
        '',
        transcriptOf(received),
      ]),
  }
}
