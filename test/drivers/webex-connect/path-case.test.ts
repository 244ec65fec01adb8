/**
 * Audit F6: the fake REST API matched paths case-sensitively with no rule: a make-call sent to
 * /v1/Voice/Calls got 404 7004 and the call failed as the platform's refusal. The docs spell the
 * voice routes in lower case and say nothing of case: rule webex-connect/path-case, inferred (warn).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { expectSaidAsCallspecs } from '../../helpers/callspecs-answer.js'
import { failureOf } from '../../helpers/failure-of.js'
import { tts, webexApp } from '../../helpers/webex-apps.js'

const valid = { callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/voice' }
const headers = { authorization: 'Bearer key', 'content-type': 'application/json', 'idempotency-key': 'k-1' }

/** An app that places a call at `path` on Webex Connect's host, plays a prompt when answered and hangs up. */
function dialling(path: string, method = 'POST') {
  const statuses: number[] = []
  const app = webexApp((event) => {
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Your order has shipped.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
  const place = async () => {
    const res = await fetch(`https://api.us.webexconnect.io${path}`, { method, headers, ...(method === 'POST' && { body: JSON.stringify(valid) }) })
    statuses.push(res.status)
  }
  return { app, place, statuses }
}

describe('a REST path in another case than the docs spell it (rule webex-connect/path-case, inferred)', () => {
  it("POST /v1/Voice/Calls places the call, with a warning that the case rule is callspec's", async () => {
    const { app, place, statuses } = dialling('/v1/Voice/Calls')
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).startedBy(place).expectAction('PLAY').expectHangup()
    expect(statuses).toEqual([202])
    expect(call).toHavePlayed('Your order has shipped.')
    expect(call.warnings).toEqual([
      "the app's make-call request: POST /v1/Voice/Calls is the route /v1/voice/calls in another case: callspec answers it as POST /v1/voice/calls; Webex Connect's docs spell the path /v1/voice/calls and do not say whether the API takes it in another case; that it must match in case is callspec's inference, not Webex Connect's documented behaviour. Send the path as the docs spell it (rule webex-connect/path-case, inferred)",
    ])
  })

  it("under the rule at error: refused 404 7004, and the failure says the refusal is callspec's, naming the rule", async () => {
    const { app, place, statuses } = dialling('/v1/Voice/Calls')
    const error = await failureOf(callTo(app, { platform: 'webex-connect', rules: { 'webex-connect/path-case': 'error' } }).startedBy(place).expectAction('PLAY'))
    expect(error.message).toContain(
      "callspec refused the app's make-call request by a rule it inferred, not one Webex Connect documents: webex-connect/path-case, at error as rules sets it (rules: { 'webex-connect/path-case': 'warn' } warns instead, 'off' ignores it): HTTP 404 ",
    )
    expect(error.message).toContain("(the refusal is callspec's inference, not Webex Connect's documented behaviour: the rule below says why)")
    expect(error.message).not.toContain('Webex Connect rejected')
    expect(statuses).toEqual([404])
  })

  it('a path that is no route in any case stays a 404 7004', async () => {
    const { app, place, statuses } = dialling('/v1/voice/call')
    await failureOf(callTo(app, { platform: 'webex-connect', warnings: 'silent', limits: { appTimeoutMs: 300 } }).startedBy(place).expectAction('PLAY'))
    expect(statuses).toEqual([404])
  })

  it('GET /v1/Voice/Calls (another case and another method): answered as GET /v1/voice/calls is, the failure naming both, as callspec\'s answer', async () => {
    const { app, place, statuses } = dialling('/v1/Voice/Calls', 'GET')
    const error = await failureOf(callTo(app, { platform: 'webex-connect', limits: { appTimeoutMs: 300 } }).startedBy(place).expectAction('PLAY'))
    expect(statuses).toEqual([404])
    expectSaidAsCallspecs(
      error.message,
      '• GET https://api.us.webexconnect.io/v1/Voice/Calls → HTTP 404 {"code":"7004","message":"Invalid parameter: GET /v1/Voice/Calls is the route /v1/voice/calls in another case (rule webex-connect/path-case, inferred), and that route takes POST"} (',
      "Webex Connect documents no answer for a path or method it has no route for: this 404 and code 7004 are callspec's; rule webex-connect/routes",
    )
  })

  it('GET /v1/Voice/Calls under the rule at error: refused 404 7004 naming the rule and the method the route takes', async () => {
    const { app, place } = dialling('/v1/Voice/Calls', 'GET')
    const error = await failureOf(callTo(app, { platform: 'webex-connect', rules: { 'webex-connect/path-case': 'error' }, limits: { appTimeoutMs: 300 } }).startedBy(place).expectAction('PLAY'))
    expect(error.message).toContain('{"code":"7004","message":"Invalid parameter: GET /v1/Voice/Calls is not a Webex Connect voice route (callspec matches paths as the docs spell them')
    expect(error.message).toContain("; refused by callspec under rule webex-connect/path-case, inferred: Webex Connect does not say whether its API ignores case)")
    expect(error.message).not.toContain('the platform refused')
  })
})
