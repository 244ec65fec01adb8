import type { MatcherState } from 'vitest'
import { validate, type ValidationResult } from '../src/index.js'
import { isActionRecord, validatableBody } from '../src/utils/action-record.js'

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
  const issues = result.issues.map((i) => `  ✖ ${i.message}${i.path ? ` → at ${i.path}` : ''}`).join('\n')
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
          ? `Expected ${what}${this.utils.printReceived(body)} not to be a valid ${platform} action, but it is.`
          : `Expected a valid ${platform} action, got ${what}${this.utils.printReceived(body)}:\n${issues}`,
      ].join('\n'),
  }
}
