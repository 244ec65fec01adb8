import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { eightByEightApp, hangup } from './apps.js'

/**
 * The VCA field table types `callDuration` as String, the VCA sample sends an integer
 * (shared/vendors/8x8.md §2.1: "callDuration | integer (table says String) | yes"). validate()
 * accepts both for a VCA (and a VCS, whose payload is "VCA payload fields without
 * eventData/clientActionId", §2.3); the events callspec sends keep the sample's integer.
 * Before (audit-94 F3): `callDuration: "0"` was `ok: false`, "Invalid input: expected number, received string".
 */
const vca = (callDuration: unknown) => ({
  namespace: 'VOICE',
  eventType: 'CALL_ACTION',
  description: 'Action request of a call',
  payload: {
    eventId: '77e6a667-133a-11ef-9dd4-e911cc6fc82f',
    callId: '627e25f1-133a-11ef-b08c-e33c09483244',
    sessionId: 'a4fad4b3-b388-12ee-b217-2fb8260fcf59',
    subAccountId: 'account_x',
    callStatus: 'ACTION_COMPLETED',
    callDirection: 'OUTBOUND',
    callType: 'PSTN',
    source: '+6568888888',
    destination: '+6598888888',
    sourceFormat: 'MSISDN',
    destinationFormat: 'MSISDN',
    sourceCountryCode: 'SG',
    destinationCountryCode: 'SG',
    callDuration,
    eventData: { dtmf: '1' },
    sipCode: 200,
    timestamp: '2024-05-16T04:12:11.217Z',
  },
})
const vcs = (callDuration: unknown) => {
  const { eventData: _, ...payload } = vca(callDuration).payload
  return { namespace: 'VOICE', eventType: 'CALL_STATUS', description: 'Status update of a call', payload: { ...payload, callStatus: 'CALL_CONNECTED' } }
}

describe("validate('8x8', 'vca' | 'vcs'): callDuration as the field table types it (String) or as the sample sends it (integer)", () => {
  it.each([
    ['"0" (the field table)', '0'],
    ['"37"', '37'],
    ['0 (the sample)', 0],
  ])('a VCA with callDuration %s is accepted', (_, value) => {
    expect(validate('8x8', 'vca', vca(value))).toEqual({ ok: true, issues: [] })
  })

  it('a VCS with callDuration "12" is accepted', () => {
    expect(validate('8x8', 'vcs', vcs('12'))).toEqual({ ok: true, issues: [] })
  })

  it('a string that is no number of seconds is still refused, with its path', () => {
    for (const value of ['', 'ten', '-1', '1.5']) {
      const result = validate('8x8', 'vca', vca(value))
      expect(result.ok).toBe(false)
      expect(result.issues.map((i) => i.path)).toEqual(['payload.callDuration'])
    }
  })
})

describe('the events callspec sends keep the integer the sample shows', () => {
  it('an inbound call: CALL_RECEIVED and the session summary carry callDuration as numbers', async () => {
    const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
    await callTo(listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('hangup')
    const action = received.find((r) => r.body.eventType === 'CALL_ACTION')!.body.payload
    expect(action.callDuration).toBe(0)
    const summary = received.find((r) => r.body.eventType === 'SESSION_SUMMARY')!.body.payload
    expect(typeof summary.details.callA.callDuration).toBe('number')
  })
})
