/** What real 8x8 apps and doc-based tests showed (issue 9), each over real HTTP. */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup, makeCall, say } from './apps.js'
import { VALID } from './cases.js'

const PATH = '/api/v1/subaccounts/acme_voice/callflows'
const AUTH = { authorization: 'Bearer key_test', 'content-type': 'application/json' }

describe('8x8 fidelity', () => {
  it("accepts a Send Callflow request with a top-level clientActionId, as an 8x8 engineer's public sample sends (CREATED)", async () => {
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    let answer: { status: number; body: any } | undefined
    const call = await callTo(listener, { platform: '8x8' })
      .startedBy(async () => {
        const res = await fetch(`https://voice.8x8.com${PATH}`, { method: 'POST', headers: AUTH, body: JSON.stringify({ clientActionId: 'reminder-1', ...VALID }) })
        answer = { status: res.status, body: await res.json() }
      })
      .expectAction('makeCall')
      .expectAction('say')
      .expectAction('hangup')
    expect(answer).toMatchObject({ status: 200, body: { sessionStatus: 'CREATED', statusCode: 1, statusMessage: 'Created' } })
    expect(call.warnings).toEqual([])
  })

  it('runs a hangup sent with params: {}', async () => {
    const { listener } = eightByEightApp(() => ({ callflow: [say('Goodbye.'), { action: 'hangup', params: {} }] }))
    const call = await callTo(listener, { platform: '8x8' }).expectAction('say').expectAction('hangup')
    expect(call).toHaveHungUp()
    expect(call.warnings).toEqual([])
    expect(validate('8x8', 'callflow', { callflow: [makeCall('6512341234', '6512345678'), { action: 'hangup', params: {} }] })).toEqual({ ok: true, issues: [] })
  })

  it("validate('8x8', 'callflow', text) reads the raw body as the HTTP API does: not JSON is -1001", () => {
    expect(validate('8x8', 'callflow', '{"callflow": [')).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: '', message: 'Invalid JSON request body', rule: '8x8/invalid-json', level: 'error' })],
      vendorError: { status: 400, code: -1001, message: 'Invalid JSON request body' },
    })
    expect(validate('8x8', 'callflow', JSON.stringify(VALID))).toEqual({ ok: true, issues: [] })
    expect(validate('8x8', 'vca-response', 'oops').vendorError?.code).toBe(-1001)
  })

  it('reports an unknown action under its own documented rule (-1007)', () => {
    const result = validate('8x8', 'callflow', { callflow: [makeCall('6512341234', '6512345678'), { action: 'play', params: {} }] })
    expect(result.vendorError).toMatchObject({ status: 400, code: -1007 })
    // A documented rule's answer is the vendor's: not marked as callspec's own.
    expect(result.vendorError?.inferred).toBeUndefined()
    expect(result.issues[0]).toMatchObject({ path: 'callflow[1].action', rule: '8x8/unknown-action', level: 'error', evidence: 'doc' })
  })

  it('answers -1012 with the exact text of the vendor table (under strict: the trigger is inferred)', () => {
    const body = { callflow: [makeCall('6512341234', '6512345678'), { action: 'sayAndCapture', params: { promptMessage: 'Press 1', voiceProfile: 'en-US-ZiraRUS' } }, hangup] }
    // Failed only by the inferred trigger: the answer is callspec's, in 8x8's terms, and says so (helper-124's audit).
    expect(validate('8x8', 'callflow', body, { strict: true }).vendorError).toEqual({ status: 422, code: -1012, message: 'Invalid Callflow: Incorrect use of action Hangup', inferred: true })
    const early = { callflow: [makeCall('6512341234', '6512345678'), hangup, { action: 'say', params: { text: 'Never heard', voiceProfile: 'en-US-ZiraRUS' } }] }
    expect(validate('8x8', 'callflow', early, { rules: { '8x8/hangup-not-last': 'error' } }).vendorError).toEqual({ status: 422, code: -1012, message: 'Invalid Callflow: Incorrect use of action Hangup', inferred: true })
  })

  it("says the app's callflow held an action the platform never ran because the call ended", async () => {
    const AGENT = '+6531589338'
    const { listener } = eightByEightApp(() => ({ callflow: [makeCall('+6568332048', AGENT), say('You are connected.')] }))
    const error = await failureOf(callTo(listener, { platform: '8x8' }).withParty(AGENT, 'busy').expectAction('makeCall').expectAction('say'))
    expect(error.message).toContain(
      "[callspec] turn 1, expectAction('say'): expectAction('say') was not met: the app's callflow held it (say), but the call ended (platform: +6531589338: busy) before the platform ran it.",
    )
  })
})
