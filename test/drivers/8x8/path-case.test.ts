/**
 * Audit F6: the fake REST API matched paths case-sensitively with no rule: a Send Callflow sent to
 * /api/v1/SubAccounts/{id}/CallFlows got 404 and the session failed as the platform's refusal.
 * 8x8's docs spell the path /api/v1/subaccounts/{subAccountId}/callflows and say nothing of case:
 * rule 8x8/path-case, inferred (warn).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { expectSaidAsCallspecs } from '../../helpers/callspecs-answer.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup } from './apps.js'
import { VALID } from './cases.js'

const AUTH = { authorization: 'Bearer key_test', 'content-type': 'application/json' }

/** An app that starts a session through `path` on 8x8's host, and hangs up when the callflow runs out. */
const dialling = (path: string, method = 'POST') => {
  const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
  const statuses: number[] = []
  const place = async () => {
    const res = await fetch(`https://voice.8x8.com${path}`, { method, headers: AUTH, ...(method === 'POST' && { body: JSON.stringify(VALID) }) })
    statuses.push(res.status)
  }
  return { app: listener, place, statuses }
}

describe('Send Callflow at a path in another case than the docs spell it (rule 8x8/path-case, inferred)', () => {
  it("starts the session, with a warning that the case rule is callspec's", async () => {
    const { app, place, statuses } = dialling('/api/v1/SubAccounts/acme_voice/CallFlows')
    const call = await callTo(app, { platform: '8x8', warnings: 'silent' }).startedBy(place).expectAction('makeCall').expectAction('say').expectAction('hangup')
    expect(statuses).toEqual([200])
    expect(call.warnings).toEqual([
      "the app's Send Callflow request: POST /api/v1/SubAccounts/acme_voice/CallFlows is the route /api/v1/subaccounts/{subAccountId}/callflows in another case: callspec answers it as POST /api/v1/subaccounts/{subAccountId}/callflows; 8x8's docs spell the path /api/v1/subaccounts/{subAccountId}/callflows and do not say whether the API takes it in another case; that it must match in case is callspec's inference, not 8x8's documented behaviour. Send the path as the docs spell it (rule 8x8/path-case, inferred)",
    ])
  })

  it("under the rule at error: refused 404, and the failure says the refusal is callspec's, naming the rule", async () => {
    const { app, place, statuses } = dialling('/api/v1/SubAccounts/acme_voice/CallFlows')
    const error = await failureOf(callTo(app, { platform: '8x8', rules: { '8x8/path-case': 'error' } }).startedBy(place).expectAction('makeCall'))
    expect(error.message).toContain(
      "callspec refused the app's Send Callflow request by a rule it inferred, not one 8x8 documents: 8x8/path-case, at error as rules sets it (rules: { '8x8/path-case': 'warn' } warns instead, 'off' ignores it): HTTP 404 ",
    )
    expect(error.message).toContain("(the refusal and this answer are callspec's inference: 8x8 does not document refusing this callflow)")
    expect(error.message).not.toContain('8x8 rejected')
    expect(statuses).toEqual([404])
  })

  it('a path that is no route in any case stays a 404', async () => {
    const { app, place, statuses } = dialling('/api/v1/subaccount/acme_voice/callflows')
    await failureOf(callTo(app, { platform: '8x8', warnings: 'silent', limits: { appTimeoutMs: 300 } }).startedBy(place).expectAction('makeCall'))
    expect(statuses).toEqual([404])
  })

  it('GET …/SubAccounts/{id}/CallFlows (another case and another method): answered as GET on the documented path is, the failure naming both, as callspec\'s answer', async () => {
    const { app, place, statuses } = dialling('/api/v1/SubAccounts/acme_voice/CallFlows', 'GET')
    const error = await failureOf(callTo(app, { platform: '8x8', limits: { appTimeoutMs: 300 } }).startedBy(place).expectAction('makeCall'))
    expect(statuses).toEqual([404])
    expectSaidAsCallspecs(
      error.message,
      '• GET https://voice.8x8.com/api/v1/SubAccounts/acme_voice/CallFlows → HTTP 404 {"statusCode":404,"statusMessage":"Not found: GET /api/v1/SubAccounts/acme_voice/CallFlows is the route /api/v1/subaccounts/{subAccountId}/callflows in another case (rule 8x8/path-case, infer',
      "8x8 documents no answer for a path or method it has no route for: this 404 and its body are callspec's",
    )
  })

  it('GET …/SubAccounts/{id}/CallFlows under the rule at error: refused 404 naming the rule', async () => {
    const { app, place } = dialling('/api/v1/SubAccounts/acme_voice/CallFlows', 'GET')
    const error = await failureOf(callTo(app, { platform: '8x8', rules: { '8x8/path-case': 'error' }, limits: { appTimeoutMs: 300 } }).startedBy(place).expectAction('makeCall'))
    expect(error.message).toContain("; refused by callspec under rule 8x8/path-case, inferred: 8x8 does not say whether its API ignores case)")
    expect(error.message).not.toContain('the platform refused')
  })
})
