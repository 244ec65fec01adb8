import type { MatcherState } from 'vitest'
import { validate, type ValidationResult } from '../src/index.js'

type Platform = Parameters<typeof validate>[0]

/** Passes when `received` is an action the platform accepts; the failure lists every issue with its path. */
export function toBeValidAction(this: MatcherState, received: unknown, platform: Platform) {
  const result: ValidationResult = validate(platform, 'action', received)
  const issues = result.issues.map((i) => `  ✖ ${i.message}${i.path ? ` → at ${i.path}` : ''}`).join('\n')
  return {
    pass: result.ok,
    actual: received,
    expected: `a valid ${platform} action`,
    message: () =>
      [
        this.utils.matcherHint(`${this.isNot ? '.not' : ''}.toBeValidAction`, 'action', 'platform'),
        '',
        this.isNot
          ? `Expected ${this.utils.printReceived(received)} not to be a valid ${platform} action, but it is.`
          : `Expected a valid ${platform} action, got ${this.utils.printReceived(received)}:\n${issues}`,
      ].join('\n'),
  }
}
