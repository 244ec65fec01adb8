import type { MatcherState } from 'vitest'
import { describeExpected, matches, mismatch } from '../src/index.js'
import { actionNamesOf } from '../src/dsl/call-result.js'
import { misspeltKey } from '../src/dsl/match.js'
import { matchKeyNotInSchema } from '../src/dsl/match-key-fields.js'
import { nearActionName } from '../src/dsl/near-action-name.js'
import { assertCallResult, message, misuse, transcriptOf } from './format.js'

/** Passes when the app sent an action named `name` (partially matching `match`) anywhere in the call. */
export function toHaveAction(this: MatcherState, received: unknown, name: string, match?: unknown) {
  const usage = `toHaveAction('${name}'${match === undefined ? '' : `, ${describeExpected(match)}`})`
  assertCallResult(received, 'toHaveAction', usage)
  // A name the platform has no action for, as a JavaScript test can write it: refused, `.not`
  // included, where it passed whatever the app sent (newcomer audit-155 N2), as expectAction refuses it.
  const names = actionNamesOf(received)
  if (names && !names.includes(name)) {
    const near = nearActionName(name, names)
    throw misuse(`[callspec] ${usage}: ${received.platform} has no action ${JSON.stringify(name)}.${near ? ` Did you mean '${near}'?` : ''} Its actions: ${names.join(', ')}.`)
  }
  const named = received.actions.filter((a) => a.name === name)
  const pass = named.some((a) => match === undefined || matches(a.raw, match))
  // A key of the match the platform's schema has no field for, where the action may not have it
  // (matchKeyNotInSchema): such a match cannot hold, whatever the app sends.
  const notInSchema = match === undefined || pass ? undefined : matchKeyNotInSchema(received.platform, name, match, named.map((a) => a.raw))
  // Negated, a misspelt key of the match (`colectInput`) never matches, so `.not` passed whatever the
  // app sent: refused, naming the key the action has; else the field the schema has, where no action
  // of that name was sent to compare the key with (newcomer audit-155 N2's remainder: it passed).
  if (this.isNot && !pass && match !== undefined) {
    for (const action of named) {
      const slip = misspeltKey(action.raw, match)
      if (slip) {
        throw misuse(
          `[callspec] .not.${usage}: the match names ${slip} in ${name} at turn ${action.turn}. A misspelt key never matches, so .not would pass whatever the app sent: fix the key.`,
        )
      }
    }
    if (notInSchema) throw misuse(`[callspec] .not.${usage}: ${notInSchema}. A key the action cannot have never matches, so .not would pass whatever the app sent: fix the key.`)
  }
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
        ...(notInSchema ? [`The match cannot hold: ${notInSchema}.`] : []),
        '',
        transcriptOf(received),
      ]),
  }
}
