/**
 * audit h193: an outbound app that sent its Send Callflow request with Basic auth failed with 8x8's
 * 401 "Authentication header not found or token invalid", which does not say which, nor what 8x8
 * wants. The failure now says, after the request body, that Send Callflow takes the API key as a
 * Bearer token and what the app sent (its scheme only, never the credential). Over real HTTP, with
 * an Express app whose trigger route sends the request.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { hangup, makeCall } from './apps.js'

function appAuthorizing(authorization: string | undefined) {
  const app = express()
  app.use(express.json())
  app.post('/8x8/vss', (_req, res) => void res.end())
  app.post('/remind', async (_req, res) => {
    const sent = await fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', {
      method: 'POST',
      headers: { ...(authorization === undefined ? {} : { authorization }), 'content-type': 'application/json' },
      body: JSON.stringify({ callflow: [makeCall('+14155550199', '+14155550100'), hangup] }),
    })
    res.status(sent.status).end()
  })
  return app
}

const reminder = (authorization: string | undefined, vendor: object = {}) =>
  callTo(appAuthorizing(authorization), { platform: '8x8', vendor }).startedBy((app) => app.fetch('/remind', { method: 'POST' })).expectAction('makeCall')

const API_KEY_RULE =
  '✖ Authentication header not found or token invalid\n  → rule 8x8/api-key (8x8 docs: Send Callflow responses, 401 "Authentication header not found or token invalid" (Authorization: Bearer <API key>))'

describe("a Send Callflow request refused 401 says what 8x8 takes and what the app sent", () => {
  it.each([
    ['Basic YWNtZTpzZWNyZXQ=', undefined, "Send Callflow takes the API key as Authorization: Bearer <key>; the app's request sent Authorization: Basic …."],
    [undefined, undefined, "Send Callflow takes the API key as Authorization: Bearer <key>; the app's request had no Authorization header."],
    ['Bearer wrong-key', 'right-key', "Send Callflow takes the API key as Authorization: Bearer <key>; the app's key is not the one this test's vendor.apiKey names."],
  ])('%s', async (authorization, apiKey, said) => {
    const error = await failureOf(reminder(authorization, apiKey === undefined ? {} : { apiKey }))
    // Listed under its rule, 8x8/api-key, as every rule's failure is (it named none: h203).
    expect(error.message).toContain(`"statusMessage":"Authentication header not found or token invalid"}\n${API_KEY_RULE}\nRequest body: `)
    expect(error.message).toContain(`}\n${said}\n`)
    expect(error.message).not.toContain('YWNtZTpzZWNyZXQ=')
    expect(error.message).not.toContain('wrong-key')
  })
})

/**
 * h203: the 404 for a subaccount 8x8 does not know failed the call with 8x8's answer and no rule,
 * where every other refusal names the rule a user looks up in the behaviour notes.
 */
describe('a Send Callflow request for another subaccount', () => {
  it('fails listing the 404 under rule 8x8/subaccount, with its source', async () => {
    const error = await failureOf(reminder('Bearer k', { subAccountId: 'other_account' }))
    expect(error.message.split('\n').slice(0, 3)).toEqual([
      `[callspec] expectAction('makeCall'): 8x8 rejected the app's Send Callflow request: HTTP 404 {"sessionStatus":"NOT_CREATED","callFlowRequestId":"${/"callFlowRequestId":"([^"]+)"/.exec(error.message)![1]}","statusCode":404,"statusMessage":"SubAccount not found by Id : acme_voice"}`,
      '✖ SubAccount not found by Id : acme_voice',
      '  → rule 8x8/subaccount (8x8 docs: Send Callflow, subAccountId (3-50 of A-Z a-z 0-9 - . _ &), and its 404 "SubAccount not found by Id")',
    ])
  })
})
