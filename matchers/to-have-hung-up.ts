import type { MatcherState } from 'vitest'
import { assertCallResult, message, transcriptOf } from './format.js'

/** Passes when the app ended the call (its own hang-up action), rather than the caller or the test. */
export function toHaveHungUp(this: MatcherState, received: unknown) {
  assertCallResult(received, 'toHaveHungUp', 'toHaveHungUp()')
  const end = received.end
  const pass = end?.by === 'app'
  const how = end ? `ended by ${end.by}: ${end.reason}` : 'did not end'
  return {
    pass,
    actual: how,
    expected: 'ended by app',
    message: () =>
      message(this, 'toHaveHungUp', '', [
        `Expected the app ${this.isNot ? 'not ' : ''}to hang up; the call ${how}.`,
        '',
        transcriptOf(received),
      ]),
  }
}
