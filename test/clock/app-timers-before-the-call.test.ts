/**
 * An outbound call the app places after a pause of its own: a dialer that waits 2 s (`await
 * sleep(2000)`) or schedules the call (`setTimeout(place, 2000)`) before its Send Callflow
 * request. While callspec waits for that request, the app's clock moves as it does while a webhook
 * waits for its answer: the call is placed at virtual +2 s, in no real time, as in production.
 */
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

function dialer(mode: 'await' | 'later' | 'never', ms: number) {
  const app = express()
  app.use(express.json())
  const place = () =>
    fetch('https://voice.8x8.com/api/v1/subaccounts/citydental_voice/callflows', {
      method: 'POST',
      headers: { authorization: 'Bearer key_test_citydental', 'content-type': 'application/json' },
      body: JSON.stringify({
        validUntil: new Date(Date.now() + 600_000).toISOString(),
        callflow: [
          { action: 'makeCall', params: { source: '+6568332048', destination: '+6591178965' } },
          { action: 'say', params: { text: `Reminder placed at ${new Date().toISOString()}`, voiceProfile: 'en-US-BenjaminRUS' } },
          { action: 'hangup' },
        ],
      }),
    })
  app.post('/remind', async (_req, res) => {
    if (mode === 'await') {
      await sleep(ms)
      await place()
    } else if (mode === 'later') setTimeout(() => void place(), ms)
    else {
      // Polls something every second and never places the call.
      setInterval(() => {}, ms)
    }
    res.status(202).end()
  })
  app.post('/vca', (_req, res) => res.json({ callflow: [{ action: 'hangup' }] }))
  app.post('/vss', (_req, res) => res.sendStatus(200))
  return app
}

const vendor = { subAccountId: 'citydental_voice', apiKey: 'key_test_citydental', vssPath: '/vss' }
const remind = (mode: 'await' | 'later' | 'never', ms: number, limits?: { appTimeoutMs: number; maxVirtualMs?: number }) =>
  callTo(dialer(mode, ms), { platform: '8x8', webhookPath: '/vca', transport: 'tcp', vendor, seed: 3, warnings: 'silent', limits }).startedBy((app) => app.fetch('/remind', { method: 'POST' }))

describe("the app's timers before its first request to the platform (startedBy)", () => {
  for (const [mode, ms] of [
    ['await', 2_000],
    ['later', 2_000],
    ['later', 30_000],
    ['await', 6_000],
  ] as const) {
    it(`places the call at virtual +${ms / 1000} s when the dialer ${mode === 'await' ? 'awaits a pause' : 'schedules it with setTimeout'}`, async () => {
      const call = await remind(mode, ms).expectAction('makeCall').expectAction('say').expectAction('hangup')
      const at = `${(ms / 1000).toFixed(1)}s`
      expect(call.print()).toContain(
        `${at.padStart(11)}    · app timer ${ms / 1000} s → POST /api/v1/subaccounts/citydental_voice/callflows\n` +
          `  • ${at.padStart(7)}  0 ⇠ POST /api/v1/subaccounts/citydental_voice/callflows CREATED → 200\n` +
          '             0 ⇠ makeCall           +6568332048 → +6591178965\n',
      )
      // The app's Date reads the call's time (every call starts at 09:00:00): the instant it placed the call.
      expect(call.print()).toContain(`"Reminder placed at ${new Date(Date.parse('2026-03-02T09:00:00.000Z') + ms).toISOString()}"`)
      expect(call.actions[0]).toMatchObject({ name: 'makeCall', at: ms })
    })
  }

  it("says the app's timers fired meanwhile, up to limits.maxVirtualMs, when the request never comes", async () => {
    // A poll every second that never places the call: its timers fire to limits.maxVirtualMs, as
    // mid-call, and the wait ends there (10 min here: 600 timers, within the 3 s real bound). With a
    // 1 s bound, beside two busy loops and another test file (load ~8), 539 had fired when it ran out.
    const failure = await failureOf(remind('never', 1_000, { appTimeoutMs: 3_000, maxVirtualMs: 600_000 }).expectAction('makeCall'))
    expect(failure.message).toContain(
      "waited for the app's Send Callflow request (POST /api/v1/subaccounts/{subAccountId}/callflows) until the app's next timer was due past limits.maxVirtualMs (10 min of virtual time, 600,000 ms), and it never came. The app's own timers fired meanwhile (600, up to 10 min into the call, virtual): does the app poll for something that never happens?",
    )
  })
})
