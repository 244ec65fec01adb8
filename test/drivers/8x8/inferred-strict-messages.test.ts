/**
 * Under strict (or a rule set to 'error'), a failure by a rule callspec inferred leads with that
 * inference, its rule and how to relax it, on a VCA answer as on a Send Callflow request.
 * Before, the failure read as 8x8's verdict: "8x8 rejected the app's Send Callflow request: HTTP
 * 400 {… -1009 …}", each issue opening with 8x8's error line ("Invalid call flow entry provided.
 * $.callflow[0].params.text: must be at least 1 characters long, 8x8 documents no minimum
 * length…"), and "8x8's check: -1009 …" under it. End to end, over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { capture, eightByEightApp, hangup, makeCall, say } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'
const relax = (rule: string) => `(rules: { '${rule}': 'warn' } warns instead, 'off' ignores it)`
const lead = (rule: string, why = 'under strict: true') => `by a rule it inferred, not one 8x8 documents: ${rule}, at error ${why} ${relax(rule)}`
/** The headline of a failure: its first line, the step prefix left out. */
const headline = (message: string) => message.split('\n')[0]!.replace(/^\[callspec\] (turn \d+, )?[^:]+: /, '')
const SESSION_2003 = "so the session ends with ERROR -2003 (The call flow provided is invalid), callspec's inference (8x8 does not document what it does with an answer it cannot run)"

const inbound = (first: object, options: object = { strict: true }) =>
  callTo(eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? first : { callflow: [hangup] })).listener, { platform: '8x8', warnings: 'silent', ...options })
    .fromCaller(CALLER)
    .toNumber(VN)

describe('a VCA answer failed by an inferred rule', () => {
  it('an empty say text (8x8/empty-text): the inference first, then the code callspec answers', async () => {
    const error = await failureOf(inbound({ callflow: [say(''), say('Goodbye.'), hangup] }).expectAction('say'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to CALL_ACTION ${lead('8x8/empty-text')}, ${SESSION_2003}:`)
    expect(error.message).toContain(
      '\n✖ text is empty: 8x8 documents no minimum length, so callspec plays nothing for it (at error, callspec answers -1009 Invalid call flow entry provided. $.callflow[0].params.text: must be at least 1 characters long instead)\n  → at callflow[0].params.text\n',
    )
    expect(error.message).toContain("\ncallspec's answer, in 8x8's terms: -1009 Invalid call flow entry provided. $.callflow[0].params.text: must be at least 1 characters long\n")
    expect(error.message).not.toContain("8x8's check")
    expect(error.message).not.toContain('✖ Invalid call flow entry provided.')
  })

  it('a hangup before other actions (8x8/hangup-not-last), the rule set to error', async () => {
    const error = await failureOf(inbound({ callflow: [say('Bye.'), hangup, say('Never heard.')] }, { rules: { '8x8/hangup-not-last': 'error' } }).expectAction('say'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to CALL_ACTION ${lead('8x8/hangup-not-last', 'as rules sets it')}, ${SESSION_2003}:`)
    expect(error.message).toContain(
      '\n✖ hangup before other actions: 8x8 documents -1012 (Incorrect use of action Hangup) but not this trigger; callspec runs the callflow, and nothing after the hangup runs (at error, callspec answers -1012 Invalid Callflow: Incorrect use of action Hangup instead)\n',
    )
  })

  it('a key the docs do not name (8x8/unknown-keys)', async () => {
    const error = await failureOf(inbound({ callflow: [say('Hi', { colour: 'blue' }), hangup] }).expectAction('say'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to CALL_ACTION ${lead('8x8/unknown-keys')}, ${SESSION_2003}:`)
    expect(error.message).toContain("\ncallspec's answer, in 8x8's terms: -1009 Invalid call flow entry provided. $.callflow[0].params.colour: is not defined in the schema")
  })

  it('a documented rule broken still reads as 8x8\'s check (minDigits without maxDigits)', async () => {
    const error = await failureOf(inbound({ callflow: [capture('PIN?', { minDigits: 2 })] }).expectAction('sayAndCapture'))
    expect(headline(error.message)).toBe(`the app's answer to CALL_ACTION is not a callflow 8x8 can run, ${SESSION_2003}:`)
    expect(error.message).toContain("\n8x8's check: -1003 Valid maxDigits required when minDigits provided\n")
  })
})

describe('a Send Callflow request refused by an inferred rule', () => {
  const starting = (body: object) => () =>
    fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const app = () => eightByEightApp(() => ({ callflow: [hangup] })).listener

  it('a hangup right after sayAndCapture (8x8/hangup-after-capture): not "8x8 rejected"', async () => {
    const body = { callflow: [makeCall('6512341234', '6512345678'), capture('Press 1'), hangup] }
    const error = await failureOf(callTo(app(), { platform: '8x8', strict: true }).startedBy(starting(body)))
    expect(headline(error.message)).toMatch(
      new RegExp(
        `^callspec refused the app's Send Callflow request ${lead('8x8/hangup-after-capture').replace(/[()[\]{}.*+?^$|\\]/g, '\\$&')}: HTTP 422 \\{"sessionStatus":"NOT_CREATED","callFlowRequestId":"[^"]+","statusCode":-1012,"statusMessage":"Invalid Callflow: Incorrect use of action Hangup"\\} \\(the refusal and this answer are callspec's inference: 8x8 does not document refusing this callflow\\)$`,
      ),
    )
    expect(error.message).toContain(
      '\n✖ hangup right after sayAndCapture: the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost (at error, callspec answers -1012 Invalid Callflow: Incorrect use of action Hangup instead)\n',
    )
    expect(error.message).not.toContain('8x8 rejected')
  })

  it('an empty say text (8x8/empty-text)', async () => {
    const body = { callflow: [makeCall('6512341234', '6512345678'), say(''), hangup] }
    const error = await failureOf(callTo(app(), { platform: '8x8', strict: true }).startedBy(starting(body)))
    expect(headline(error.message)).toMatch(/^callspec refused the app's Send Callflow request by a rule it inferred, not one 8x8 documents: 8x8\/empty-text, at error under strict: true .*: HTTP 400 \{/)
  })
})

describe('the other inferred rules of 8x8, under strict, lead with the inference', () => {
  it('the VCA answered with no callflow when a callflow ran out (8x8/ran-out-answer)', async () => {
    const { listener } = eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [say('We are closed.')] } : (res: import('node:http').ServerResponse) => void res.writeHead(200).end()))
    const error = await failureOf(callTo(listener, { platform: '8x8', strict: true }).fromCaller(CALLER).toNumber(VN).expectAction('say').expectHangup())
    expect(headline(error.message)).toMatch(/^callspec failed the call by a rule it inferred, not one 8x8 documents: 8x8\/ran-out-answer, at error under strict: true .*: the app answered the CALL_ACTION sent when its callflow ran out/)
  })

  // 8x8/final-callback-answered is no longer inferred: 8x8 documents "Respond HTTP 200" (audit F8, final-callback-evidence.test.ts).

  it('a playFile served as text/plain (8x8/file-type)', async () => {
    const url = 'http://app.callspec.local/audio/hold.wav'
    const { listener } = eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [{ action: 'playFile', params: { fileUrl: url } }, hangup] } : { callflow: [hangup] }), {
      '/audio/hold.wav': { type: 'text/plain', body: 'RIFF$\u0000\u0000\u0000WAVEfmt data' },
    })
    const error = await failureOf(callTo(listener, { platform: '8x8', strict: true }).fromCaller(CALLER).toNumber(VN).expectAction('playFile').expectAction('hangup'))
    expect(error.message).toContain(`callspec failed the call ${lead('8x8/file-type')}: ${url} is served as text/plain`)
  })
})
