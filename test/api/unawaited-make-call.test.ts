import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/**
 * A valid make-call no call of the test was waiting for (the app's trigger sent it twice at once):
 * EnableX would place a second call; callspec has none to place it in and answers 500. Before, a
 * failure listed it as `HTTP 500 {…"msg":"Internal Server Error: …"} (refused)`, nothing saying the
 * 500 was callspec's, not EnableX's (helper-187). It now says whose it is, and why.
 */
const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

describe('EnableX: a make-call sent twice at once by one trigger', () => {
  it("places the call once, and a failure lists the second's 500 as callspec's answer", async () => {
    const answers: number[] = []
    const app = express()
    app.use(express.json())
    app.post('/call-me', async (_req, res) => {
      const body = JSON.stringify({ from: '14155550199', to: '14155550100', event_url: 'http://app.callspec.local/event', action_on_connect: { play: { text: 'Hello.', voice: 'female', language: 'en-US' } } })
      const sent = await Promise.all([1, 2].map(() => fetch('https://api.enablex.io/voice/v1/call', { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body })))
      answers.push(...sent.map((r) => r.status))
      res.status(204).end()
    })
    app.post('/event', (_req, res) => res.sendStatus(200))
    // The app never hangs up: the wait for its DELETE fails, listing what came instead.
    const error = await failureOf(
      callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 1_000 } })
        .startedBy((a) => a.fetch('/call-me', { method: 'POST', body: {} }))
        .expectAction('make-call')
        .expectHangup(),
    )
    expect(answers).toEqual([200, 500])
    expect(error.message).toContain(
      `\nWhat the fake vendor API received instead, since this call started:\n` +
        `  • POST https://api.enablex.io/voice/v1/call → HTTP 500 {"result":500,"msg":"Internal Server Error: no simulated call is waiting for this make-call request","state":"failed","timestamp":"2026-03-02T09:00:00.000Z"} (refused; the request was valid, and EnableX would have placed another call: no call of the test was waiting for it (each call started with startedBy() takes one make-call), so this 500 and its body are callspec's)\n`,
    )
  })
})
