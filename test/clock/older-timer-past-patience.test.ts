/**
 * An answer that waits on a timer the app set during an earlier webhook (a lookup started on
 * ACCEPTED, awaited when ANSWERED comes), due past the platform's patience. With nothing else of
 * the app's pending (no request, no real I/O), only a timer can bring the answer, so callspec
 * fires it, whenever it was set, and judges the late answer by the rule as it judges one a timer
 * set in the handler held back (an inferred deadline: a warning). It did not, and the call failed
 * as no answer, even with the rule at 'off' (helper-136 finding 1). An older timer beside real I/O
 * in flight still waits (test/clock/mock-timer-texts.test.ts, timer-due-during-real-io.test.ts).
 */
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

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

const flow = (lookupMs: number, rules: Record<string, 'warn' | 'off'> = {}) =>
  callTo(app(lookupMs), { platform: 'webex-connect', webhookPath: '/wh', transport: 'tcp', seed: 2, warnings: 'silent', rules, limits: { responseTimeoutMs: 1_000 } })
    .expectAction('ANSWER')
    .expectAction('PLAY', { audio: [{ text: 'Hello Alice' }] })
    .expectHangup()

describe("an answer waiting on a timer an earlier webhook's handler set", () => {
  it('within the patience: the timer fires while the webhook waits', async () => {
    const call = await flow(900)
    expect(call.actions[1]).toMatchObject({ name: 'PLAY', at: 900 })
    expect(call.warnings).toEqual([])
  })

  it('past the patience: fires too, and the late answer warns under the inferred rule', async () => {
    const call = await flow(5_000)
    expect(call.actions[1]).toMatchObject({ name: 'PLAY', at: 5_000 })
    expect(call.warnings).toEqual([
      "turn 2: the app answered ANSWERED 4.8 s (virtual) after it was sent, held back by its own timer: longer than the 1 s callspec assumes the platform waits (the vendor documents no webhook timeout: your limits.responseTimeoutMs is taken as it) (rule webex-connect/answer-in-time, inferred)",
    ])
  })

  it("past the patience, with the rule at 'off': passes with no warning", async () => {
    const call = await flow(5_000, { 'webex-connect/answer-in-time': 'off' })
    expect(call.actions[1]).toMatchObject({ name: 'PLAY', at: 5_000 })
    expect(call.warnings).toEqual([])
  })
})
