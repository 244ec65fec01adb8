import type { MatcherState } from 'vitest'
import { validate, type ValidationIssue, type ValidationResult } from '../src/index.js'
import { isActionRecord, validatableBody } from '../src/utils/action-record.js'
import { listedIssue } from '../src/validation/issue-line.js'

type Platform = Parameters<typeof validate>[0]

/**
 * Passes when `received` is an action the platform accepts; the failure lists every issue with its
 * path. An entry of `call.actions` (callspec's record of the action, not the app's body) is judged
 * by the body the app sent: its `raw`, in the form validate() reads (EnableX's `{ action, body }`).
 */
export function toBeValidAction(this: MatcherState, received: unknown, platform: Platform) {
  const record = isActionRecord(received) ? received : undefined
  const body = record ? validatableBody(record, platform) : received
  const result: ValidationResult = validate(platform, 'action', body)
  // A warning (a rule callspec inferred, at warn) does not make the action invalid: it is listed
  // apart, marked ⚠ and with its rule, never as one of the reasons the matcher fails.
  const errors = result.issues.filter((i) => i.level !== 'warn').map(issueLine).join('\n')
  const warnings = result.issues.filter((i) => i.level === 'warn').map(issueLine).join('\n')
  const warned = warnings ? `\nand, as warnings only (rules callspec inferred: they do not make it invalid):\n${warnings}` : ''
  const what = record ? `the body of the app's ${record.name} (turn ${record.turn}), ` : ''
  return {
    pass: result.ok,
    actual: body,
    expected: `a valid ${platform} action`,
    message: () =>
      [
        this.utils.matcherHint(`${this.isNot ? '.not' : ''}.toBeValidAction`, 'action', 'platform'),
        '',
        this.isNot
          ? `Expected ${what}${this.utils.printReceived(body)} not to be a valid ${platform} action, but it is.${warnings ? `\nIts warnings (rules callspec inferred, at warn: they do not make it invalid):\n${warnings}` : ''}`
          : `Expected a valid ${platform} action, got ${what}${this.utils.printReceived(body)}:\n${errors}${warned}`,
      ].join('\n'),
  }
}

/** One issue's line, as `callspec validate` lists it, with its message alone. */
const issueLine = (issue: ValidationIssue): string => listedIssue(issue, issue.message)
