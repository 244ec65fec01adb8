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

describe("a Send Callflow request refused 401 says what 8x8 takes and what the app sent", () => {
  it.each([
    ['Basic YWNtZTpzZWNyZXQ=', undefined, "Send Callflow takes the API key as Authorization: Bearer <key>; the app's request sent Authorization: Basic …."],
    [undefined, undefined, "Send Callflow takes the API key as Authorization: Bearer <key>; the app's request had no Authorization header."],
    ['Bearer wrong-key', 'right-key', "Send Callflow takes the API key as Authorization: Bearer <key>; the app's key is not the one this test's vendor.apiKey names."],
  ])('%s', async (authorization, apiKey, said) => {
    const error = await failureOf(reminder(authorization, apiKey === undefined ? {} : { apiKey }))
    expect(error.message).toContain(`"statusMessage":"Authentication header not found or token invalid"}\nRequest body: `)
    expect(error.message).toContain(`}\n${said}\n`)
    expect(error.message).not.toContain('YWNtZTpzZWNyZXQ=')
    expect(error.message).not.toContain('wrong-key')
  })
})
