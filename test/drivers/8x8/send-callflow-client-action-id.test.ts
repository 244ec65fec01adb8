/**
 * audit h193: an outbound 8x8 app that tagged its Send Callflow request (`clientActionId:
 * 'reminder'`) and routed the capture's VCA on that tag got its default branch: 8x8 documents
 * clientActionId on VCA answers only, so the first VCA carries none, as docs/platforms/8x8.md says.
 * The failure said `expected action say …, got hangup` and nothing about the tag. The transcript now
 * notes, at the request, that the tag is not echoed. Over real HTTP, with an Express app whose
 * trigger route sends the request.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { VOICE, capture, hangup, makeCall, say } from './apps.js'

const NOTE =
  'clientActionId "reminder" in the Send Callflow request is not echoed: 8x8 documents clientActionId as supported on VCA answers only, so this session\'s first VCA carries none (tag the callflow in your answer to a VCA, or tell the call by its sessionId or callDirection)'

function reminderApp(tag: { clientActionId?: string }) {
  const app = express()
  app.use(express.json())
  app.post('/8x8/vca', (req, res) => {
    const { clientActionId, eventData } = req.body.payload
    if (clientActionId === 'reminder') return void res.json({ callflow: [say(eventData?.dtmf === '1' ? 'Confirmed.' : 'Call us back.'), hangup] })
    res.json({ callflow: [hangup] })
  })
  app.post('/8x8/vss', (_req, res) => void res.end())
  app.post('/remind', async (_req, res) => {
    const callflow = [makeCall('+14155550199', '+14155550100'), capture('Press 1 to confirm.', { minDigits: 1, maxDigits: 1, completeOnHash: false, noOfTries: 1, overallTimeout: 8000 })]
    const sent = await fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', {
      method: 'POST',
      headers: { authorization: 'Bearer key_test', 'content-type': 'application/json' },
      body: JSON.stringify({ ...tag, callflow }),
    })
    res.status(sent.status).end()
  })
  return app
}

const reminder = (tag: { clientActionId?: string }) =>
  callTo(reminderApp(tag), { platform: '8x8' })
    .startedBy((app) => app.fetch('/remind', { method: 'POST' }))
    .expectAction('makeCall')
    .expectAction('sayAndCapture', { params: { voiceProfile: VOICE } })
    .pressDigits('1')
    .expectAction('say', { params: { text: 'Confirmed.' } })

describe("a Send Callflow request's clientActionId, not echoed", () => {
  it('the failure shows, at the request, that the first VCA carries no clientActionId', async () => {
    const error = await failureOf(reminder({ clientActionId: 'reminder' }))
    expect(error.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('say', { params: { text: \"Confirmed.\" } }): expected action say { params: { text: \"Confirmed.\" } }, got hangup")
    expect(error.message).toContain(`0 ⇠ POST /api/v1/subaccounts/acme_voice/callflows CREATED → 200\n`)
    expect(error.message).toContain(`    · ${NOTE}\n`)
  })

  it('a request with no clientActionId gets no note', async () => {
    const error = await failureOf(reminder({}))
    expect(error.message).not.toContain('is not echoed')
  })
})
