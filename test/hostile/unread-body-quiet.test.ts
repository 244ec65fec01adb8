/**
 * An EnableX app without a JSON body parser (newcomer audit, mistakes m1b, m6): it answers 200 to
 * each event without reading its body, so it never makes the REST request callspec waits for. It
 * failed after the whole of limits.appTimeoutMs (~3.5 s fitted to vitest's 5 s), in four
 * paragraphs with the cause third, after "set autoAccept" and "another field or spelling". Now,
 * as after a refused request, an app in this process that answered without reading the body and
 * then went quiet (no timer, nothing in flight, no I/O) fails after the short grace, the unread
 * body said first. An app that read the body and is slow, or has a timer pending, still gets its
 * whole wait.
 */
import express from 'express'
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { enablexApp, restClient } from '../drivers/enablex/apps.js'
import { contained, failureOf } from './harness.js'

const HEAD =
  `[callspec] turn 1, expectAction('accept'): the app's next REST request to EnableX after the "incomingcall" event (turn 1) never came: ` +
  "the app answered without reading the webhook's body (the hint below), and went quiet after it (no request in flight, no timer, no I/O callspec can see)."
const UNREAD =
  'Hint: the app answered the webhook without reading its body. callspec posts each as JSON (content-type: application/json), as the platform does: an app that parses no JSON body sees req.body undefined. Parse JSON before the webhook route, e.g. app.use(express.json()).'
const CLOSED =
  'Hint: the app closed its connection right after answering, as Express does when a handler fails after its answer went out (res.sendStatus(200), then an exception). Under vitest (NODE_ENV=test) Express logs no such error: catch and log what runs after the answer.'

/** The failure's explanation, up to the call's transcript. */
const explanation = (message: string) => message.split('\n\nCall (')[0]!

/** EnableX's sample, without app.use(express.json()): `req.body` is undefined. */
function noParser(defensive: boolean) {
  const rest = restClient()
  const app = express()
  app.post('/event', (req, res) => {
    res.sendStatus(200)
    // Without `?? {}` this throws after the answer went out (Express closes the connection).
    const { voice_id: id, state } = (defensive ? (req.body ?? {}) : req.body) as { voice_id: string; state: string }
    if (state === 'incomingcall') void rest.call('PUT', `/call/${id}/accept`)
  })
  return app
}

describe('an EnableX app that answers without reading the body, then goes quiet', () => {
  // The file's first call loads the driver and the interception: not part of any time measured here.
  beforeAll(async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
    })
    await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
  })

  for (const transport of ['memory', 'tcp'] as const) {
    it(`fails within a second, the unread body said first (${transport})`, async () => {
      const error = await contained(1_200, () => failureOf(callTo(noParser(true), { platform: 'enablex', transport }).expectAction('accept')))
      expect(explanation(error.message)).toBe(`${HEAD}\n${UNREAD}`)
    })
  }

  it('a handler that throws on req.body after answering: the closed connection is said second', async () => {
    const error = await contained(1_200, () => failureOf(callTo(noParser(false), { platform: 'enablex' }).expectAction('accept')))
    expect(explanation(error.message)).toBe(`${HEAD}\n${UNREAD}\n${CLOSED}`)
  })
})

describe('the whole wait still, for an app that may yet act', () => {
  it('an app that read no body and keeps a timer going: the call runs out its virtual time, with no autoAccept advice', async () => {
    const app = express()
    app.post('/event', (req, res) => {
      res.sendStatus(200)
      // A heartbeat of its own (callspec drops the timers an app leaves pending when its call ends).
      setInterval(() => {}, 60_000)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept'))
    const lines = explanation(error.message).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}').split('\n')
    expect(lines).toEqual([
      "[callspec] turn 1, expectAction('accept'): the call passed 4 h of virtual time (limits.maxVirtualMs: 14,400,000 ms) without ending. The call is still ringing: an inbound call waits for the app's PUT /voice/v1/call/{voice_id}/accept.",
      UNREAD,
    ])
  })

  it('an app that read the body and is slow (work callspec cannot see, 800 ms) passes', async () => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const { voice_id: id, state } = req.body as { voice_id: string; state: string }
      if (state !== 'incomingcall') return
      // Real time no app clock sees: a lookup on a thread pool, a slow native call.
      await new Promise((resolve) => realTimers.setTimeout(resolve, 800))
      await rest.call('PUT', `/call/${id}/accept`)
    })
    const started = performance.now()
    await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
    expect(performance.now() - started).toBeGreaterThanOrEqual(790)
  })

  it('an app that answered before reading the body, with a timer pending, passes', async () => {
    const rest = restClient()
    const app = express()
    app.post('/event', (req, res) => {
      // Answered first: the body is read only after (callspec counts it unread when the answer went out).
      res.sendStatus(200)
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk))
      req.on('end', () => {
        const { voice_id: id, state } = JSON.parse(body) as { voice_id: string; state: string }
        if (state === 'incomingcall') setTimeout(() => void rest.call('PUT', `/call/${id}/accept`), 1_000)
      })
    })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
    expect(call.transcript.print()).toContain('app timer 1 s → accept')
  })
})
