import { describe, expect, it } from 'vitest'
import { validate } from '../../src/index.js'

/**
 * COLLECTED_DIGITS names the prompt's length `playedDuration` in the docs and `duration` in the Java
 * SDK (shared/vendors/webex-connect.md §2.9 and §6, a listed discrepancy): a recorded payload with
 * either validates (audit 90, finding 5), as `ConnectedOn` / `connectedOn` do on PATCHED.
 */
const collected = {
  event: 'COLLECTED_DIGITS',
  eventTime: '2022-12-07T16:48:12.891Z',
  sessionId: 'a12c95ad-1999-4669-ba72-25ed04d2d7c2',
  transactionId: '1427e243-d3ed-453b-b5ab-7108f88a5084',
  status: 'SUCCESS',
  numOfDigits: 1,
  digitsReceived: '1',
}

describe("validate('webex-connect', 'event') of COLLECTED_DIGITS", () => {
  it('takes the Java SDK\'s `duration`', () => {
    expect(validate('webex-connect', 'event', { ...collected, duration: 3 })).toEqual({ ok: true, issues: [] })
  })

  it("takes the docs' `playedDuration`", () => {
    expect(validate('webex-connect', 'event', { ...collected, playedDuration: 3 })).toEqual({ ok: true, issues: [] })
  })

  it('still checks the type of either', () => {
    expect(validate('webex-connect', 'event', { ...collected, duration: 'three' }).ok).toBe(false)
    expect(validate('webex-connect', 'event', { ...collected, playedDuration: -1 }).ok).toBe(false)
  })
})
