/**
 * A reminder service (audit-136 finding 12): POST /remind schedules a call, and a 1 s
 * `setInterval` checks by `Date.now()` what is due, as node-cron-style schedulers do. While callspec
 * waits for its make-call request it fires the app's timers as production runs them, up to
 * limits.maxVirtualMs: the call is placed at +2 min, in well under a second of real time. Capped
 * at 100 timers it failed after 4 s of real time: "it never came. The app's own timers fired
 * meanwhile (100, up to 1.7 min …), and it did not come after them." A scheduler that never places
 * the call still fails in bounded real time, saying which bound ended the wait.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

const auth = `Basic ${Buffer.from('my-app-id:my-app-key').toString('base64')}`
const enablex = (method: string, path: string, body?: object) =>
  fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : null })

function scheduler(pollMs: number) {
  const app = express()
  app.use(express.json())
  const due: { at: number; to: string }[] = []
  let ticker: ReturnType<typeof setInterval> | undefined
  app.post('/remind', (req, res) => {
    due.push({ at: Date.now() + (req.body as { inMs: number }).inMs, to: '14155550100' })
    ticker ??= setInterval(async () => {
      const now = Date.now()
      for (const r of due.splice(0)) {
        if (r.at > now) {
          due.push(r)
          continue
        }
        await enablex('POST', '/call', { from: '14155550199', to: r.to, event_url: 'https://app.example/event', action_on_connect: { play: { text: 'Your appointment is at ten.', voice: 'female', language: 'en-US', prompt_ref: 'r' } } })
      }
      if (!due.length) {
        clearInterval(ticker)
        ticker = undefined
      }
    }, pollMs)
    res.json({ ok: true })
  })
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    const body = req.body as { playstate?: string; voice_id: string }
    if (body.playstate === 'playfinished') await enablex('DELETE', `/call/${body.voice_id}`)
  })
  return app
}

const remind = (inMs: number, pollMs = 1_000, limits?: { maxVirtualMs?: number; appTimeoutMs?: number }) =>
  callTo(scheduler(pollMs), { platform: 'enablex', warnings: 'silent', limits }).startedBy((app) =>
    app.fetch('/remind', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inMs }) }),
  )

describe('an EnableX reminder scheduler polling every second before its outbound call (startedBy)', () => {
  it('places a reminder due in 2 minutes at +120 s', async () => {
    const started = performance.now()
    const call = await remind(120_000).expectAction('make-call').expectAction('hangup')
    expect(call.actions[0]).toMatchObject({ name: 'make-call', at: 120_000 })
    expect(call.print()).toContain(
      '       1.0s    · app timer 1 s interval ×119 in a row, until 119.0s → nothing sent to the platform\n' +
        '     120.0s    · app timer 1 s interval → make-call\n' +
        '             0 ⇠ make-call          14155550199 → 14155550100, then play TTS "Your appointment is at ten.", ref "r"\n',
    )
    expect(call).toHavePlayed('Your appointment is at ten.')
    // Measured ~0.5 s on a quiet machine: 120 timers, not 2 minutes.
    expect(performance.now() - started).toBeLessThan(4_000)
  })

  it('a scheduler that never places the call fails at limits.maxVirtualMs, saying so, without waiting out limits.appTimeoutMs', async () => {
    const started = performance.now()
    const failure = await failureOf(remind(Number.MAX_SAFE_INTEGER, 1_000, { maxVirtualMs: 600_000 }).expectAction('make-call'))
    expect(failure.message).toContain(
      "expectAction('make-call'): waited for the app's make-call request (POST /voice/v1/call) until the app's next timer was due past limits.maxVirtualMs (10 min of virtual time, 600,000 ms), and it never came. " +
        "The app's own timers fired meanwhile (600, up to 10 min into the call, virtual): does the app poll for something that never happens?",
    )
    expect(failure.message).toContain('app timer 1 s interval ×600 in a row, until 600.0s → nothing sent to the platform')
    // 600 timers (measured ~30 ms), not the 4 s of limits.appTimeoutMs.
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('a 1 ms poll that never places the call fails at limits.appTimeoutMs (real), saying its timers were still firing', async () => {
    const started = performance.now()
    const failure = await failureOf(remind(Number.MAX_SAFE_INTEGER, 1, { appTimeoutMs: 1_000 }).expectAction('make-call'))
    expect(failure.message).toMatch(
      new RegExp(
        "expectAction\\('make-call'\\): waited 1000 ms \\(limits.appTimeoutMs\\) for the app's make-call request \\(POST /voice/v1/call\\), and it never came\\. " +
          "The app's own timers fired meanwhile \\([\\d,]+, up to [\\d.]+ (s|min) into the call, virtual\\), and were still firing when the wait ran out: it is bounded in real time \\(limits.appTimeoutMs\\), " +
          "and the call's time had not reached limits.maxVirtualMs \\(4 h\\)\\. If the app polls that long before it sends it, raise limits.appTimeoutMs; does it poll for something that never happens\\?",
      ),
    )
    expect(performance.now() - started).toBeLessThan(4_000)
  })
})
