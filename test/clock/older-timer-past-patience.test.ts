/**
 * An answer that waits on a timer the app set during an earlier webhook (a lookup started on
 * ACCEPTED, awaited when ANSWERED comes), due past the platform's patience: callspec cannot tell
 * it from an unrelated older timer (a 30 s idle timer while the app waits on real I/O), so it does
 * not fire it while this webhook waits, and the failure says so.
 */
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

function app(lookupMs: number) {
  const a = express()
  a.use(express.json())
  const lookups = new Map<string, Promise<string>>()
  a.post('/wh', async (req, res) => {
    const e = req.body
    if (e.event === 'ACCEPTED') {
      lookups.set(e.sessionId, sleep(lookupMs, 'Alice'))
      return res.json({ action: 'ANSWER' })
    }
    if (e.event === 'ANSWERED') return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: `Hello ${await lookups.get(e.sessionId)}` }] })
    if (e.event === 'PLAYED') return res.json({ action: 'HANGUP', reason: 'done' })
    return res.status(200).end()
  })
  return a
}

const flow = (lookupMs: number) =>
  callTo(app(lookupMs), { platform: 'webex-connect', webhookPath: '/wh', transport: 'tcp', seed: 2, warnings: 'silent', limits: { responseTimeoutMs: 1_000 } })
    .expectAction('ANSWER')
    .expectAction('PLAY', { audio: [{ text: 'Hello Alice' }] })
    .expectHangup()

describe("an answer waiting on a timer an earlier webhook's handler set", () => {
  it('within the patience: the timer fires while the webhook waits', async () => {
    const call = await flow(900)
    expect(call.actions[1]).toMatchObject({ name: 'PLAY', at: 900 })
  })

  it("past the patience: fails, saying callspec saw that older timer and did not fire it", async () => {
    const failure = await failureOf(flow(5_000))
    expect(failure.message).toMatch(
      /no answer to ANSWERED \(POST http:\/\/127\.0\.0\.1:\d+\/wh\): no complete answer within 1000 ms \(limits\.responseTimeoutMs\): the app never answered\. The app has a timer it set before this webhook went out \(work an earlier webhook started\?\), due 4\.\d+ s \(virtual\) after it: past the 1 s callspec assumes the platform waits \(limits\.responseTimeoutMs\), a webhook's wait fires only the timers the app sets while handling it, so callspec did not fire that one while this webhook waited\. If the answer waits on it, the platform gives up before it comes: answer without it, or start that work sooner\./,
    )
  })
})
