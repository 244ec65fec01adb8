/**
 * audit h193: an outbound app that posted its Send Callflow request to `…/callflow` (no "s") failed
 * with "callspec's fake API refused the app's request … no call in progress has this id or route",
 * and its answer said only "is not an 8x8 route callspec simulates": the one-letter slip was left
 * to the reader. A path a letter or two off Send Callflow's, or without its `/api` prefix, is now
 * answered naming the route it meant, and the failure shows that answer. Over real HTTP, with an
 * Express app whose trigger route sends the request.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { hangup, makeCall } from './apps.js'

function appPostingTo(path: string) {
  const app = express()
  app.use(express.json())
  app.post('/8x8/vca', (_req, res) => void res.json({ callflow: [hangup] }))
  app.post('/8x8/vss', (_req, res) => void res.end())
  app.post('/remind', async (_req, res) => {
    const sent = await fetch(`https://voice.8x8.com${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer key_test', 'content-type': 'application/json' },
      body: JSON.stringify({ callflow: [makeCall('+14155550199', '+14155550100'), hangup] }),
    })
    res.status(sent.status).end()
  })
  return app
}

const reminder = (path: string) => callTo(appPostingTo(path), { platform: '8x8' }).startedBy((app) => app.fetch('/remind', { method: 'POST' })).expectAction('makeCall')

describe('a path near Send Callflow\'s is answered with the route it meant', () => {
  it.each([
    ['/api/v1/subaccounts/acme_voice/callflow', 'a letter short'],
    ['/api/v1/subaccount/acme_voice/callflows', 'subaccount, singular'],
    ['/v1/subaccounts/acme_voice/callflows', 'no /api prefix'],
  ])('%s (%s)', async (path) => {
    const error = await failureOf(reminder(path))
    expect(error.message).toContain(
      `  • POST https://voice.8x8.com${path} → HTTP 404 {"statusCode":404,"statusMessage":"Not found: did you mean POST /api/v1/subaccounts/acme_voice/callflows (Send Callflow)? POST ${path}`,
    )
  })

  it('a path that is nothing like it gets no guess', async () => {
    const error = await failureOf(reminder('/api/v1/subaccounts/acme_voice/sessions'))
    expect(error.message).toContain('"statusMessage":"Not found: POST /api/v1/subaccounts/acme_voice/sessions is not an 8x8 route callspec simulates"}')
  })
})
