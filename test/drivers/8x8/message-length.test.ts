/**
 * Audit F9: a sayAndCapture successMessage or failureMessage over 3000 characters failed the call
 * under the documented, fixed 8x8/callflow-schema with -1009 "… may only be 3000 characters long".
 * 8x8 states "max 3000 chars" for promptMessage and say's text only: the limit on these two is
 * callspec's inference, rule 8x8/message-length (warn). End to end, over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { capture, eightByEightApp, hangup, makeCall } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'
const LONG = 'Thank you. '.repeat(273) // 3003 characters

/** An inbound call whose app answers CALL_RECEIVED with `first`, and any later VCA with a hangup. */
const inbound = (first: object, options: object = {}) =>
  callTo(eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? first : { callflow: [hangup] })).listener, { platform: '8x8', warnings: 'silent', ...options })
    .fromCaller(CALLER)
    .toNumber(VN)

describe("sayAndCapture's successMessage / failureMessage over 3000 characters (rule 8x8/message-length, inferred)", () => {
  it('a VCA answer: the capture runs, with a warning that the limit is callspec\'s inference', async () => {
    const call = await inbound({ callflow: [capture('Press 1', { maxDigits: 1, successMessage: LONG })] })
      .expectAction('sayAndCapture')
      .pressDigits('1')
      .expectAction('hangup')
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to CALL_ACTION: successMessage is 3003 characters long: 8x8 states a 3000-character maximum for promptMessage and say's text, not for successMessage, so callspec plays it whole " +
        '(a strict run answers -1009 Invalid call flow entry provided. $.callflow[0].params.successMessage: may only be 3000 characters long) at callflow[0].params.successMessage (rule 8x8/message-length, inferred)',
    ])
  })

  it('a VCA answer under strict: failed as callspec\'s inference, naming the rule, not as the documented schema', async () => {
    const error = await failureOf(inbound({ callflow: [capture('Press 1', { maxDigits: 1, failureMessage: LONG })] }, { strict: true }).expectAction('sayAndCapture'))
    expect(error.message).toContain(
      "callspec failed the app's answer to CALL_ACTION by a rule it inferred, not one 8x8 documents: 8x8/message-length, at error under strict: true (rules: { '8x8/message-length': 'warn' } warns instead, 'off' ignores it)",
    )
    expect(error.message).toContain(
      "\n✖ failureMessage is 3003 characters long: 8x8 states a 3000-character maximum for promptMessage and say's text, not for failureMessage, so callspec plays it whole (at error, callspec answers -1009 Invalid call flow entry provided. $.callflow[0].params.failureMessage: may only be 3000 characters long instead)\n",
    )
    expect(error.message).not.toContain('8x8/callflow-schema')
  })

  it('a Send Callflow request: the session starts, with the warning; under strict refused as callspec\'s inference', async () => {
    const body = { callflow: [makeCall('6512341234', '6512345678'), capture('Press 1', { maxDigits: 1, failureMessage: LONG })] }
    const app = () => eightByEightApp(() => ({ callflow: [hangup] })).listener
    const start = () => fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const call = await callTo(app(), { platform: '8x8', warnings: 'silent' }).startedBy(start).expectAction('makeCall').expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
    expect(call.warnings).toEqual([expect.stringMatching(/^the app's Send Callflow request: failureMessage is 3003 characters long: .*\(rule 8x8\/message-length, inferred\)$/)])
    const error = await failureOf(callTo(app(), { platform: '8x8', strict: true }).startedBy(start))
    expect(error.message).toMatch(/callspec refused the app's Send Callflow request by a rule it inferred, not one 8x8 documents: 8x8\/message-length, at error under strict: true .*: HTTP 400 \{.*"statusCode":-1009,/)
    expect(error.message).not.toContain('8x8 rejected')
  })
})
