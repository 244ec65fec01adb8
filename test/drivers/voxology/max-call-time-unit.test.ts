/**
 * Voxology documents no unit for the make-call `max_call_time`; callspec reads milliseconds from
 * the docs' one example (60000). Audit h172 F1: an app writing `max_call_time: 300` (5 minutes, in
 * seconds) had its call cut at 0.3 s, "the call ended (platform: max_call_time 300 ms reached)",
 * with no warning and no rule. Now a value implausible as ms warns, naming both readings, and is
 * not enforced (rule voxology/max-call-time-unit, inferred); at 'error' callspec enforces its reading.
 */
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** An outbound reminder placed with the given max_call_time; it asks for a 1 and thanks the callee. */
function reminder(maxCallTime: number) {
  const app = express()
  app.use(express.json())
  app.post('/remind', async (req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: (req.body as { to: string }).to, caller_id_no: '+17145550199' }, timeout: 30, max_call_time: maxCallTime }),
    })
    res.status(r.status).json(await r.json())
  })
  app.post('/voxology', (req, res) => {
    const body = req.body as { type?: string; status?: string }
    if (body.type === 'init_call') {
      return res.json({
        actions: [
          { type: 'SAY', params: { text: 'Hi, this is a reminder of your appointment tomorrow at ten.' } },
          { type: 'COLLECT', name: 'confirm', actions: [{ type: 'SAY', params: { text: 'Press 1 to confirm.' } }], params: { num_digits: 1, timeout: 5000 } },
          { type: 'SAY', params: { text: 'Thank you, see you tomorrow.' } },
          { type: 'HANGUP' },
        ],
      })
    }
    res.sendStatus(200)
  })
  return app
}

const start = (a: { fetch: (p: string, i: object) => Promise<unknown> }) => a.fetch('/remind', { method: 'POST', body: { to: '+14155550100' } })

describe('max_call_time (rule voxology/max-call-time-unit, inferred)', () => {
  it('300 is not enforced by default: the call runs, with a warning naming both readings', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(reminder(300), { platform: 'voxology', webhookPath: '/voxology' })
      .startedBy(start)
      .toNumber('+14155550100')
      .expectAction('SAY')
      .expectAction('COLLECT')
      .pressDigits('1')
      .expectAction('SAY', { params: { text: /Thank you/ } })
      .expectHangup()
    expect(call.end).toMatchObject({ by: 'app' })
    expect(call.warnings).toEqual([
      "the app's make-call request: max_call_time 300 has no documented unit: read as milliseconds (callspec's reading of the docs' one example, 60000) it would end the call after 0.3 s, " +
        'read as seconds after 5 min, so callspec does not enforce it (the call has no time limit) at max_call_time; ' +
        "write the limit in milliseconds (300000 if you mean seconds), or set rules: { 'voxology/max-call-time-unit': 'error' } to have callspec end the call at 300 ms (rule voxology/max-call-time-unit, inferred)",
    ])
  })

  it("at 'error' callspec enforces its millisecond reading, and the end says it is callspec's", async () => {
    const call = await callTo(reminder(300), { platform: 'voxology', webhookPath: '/voxology', rules: { 'voxology/max-call-time-unit': 'error' }, unconsumed: 'ignore' })
      .startedBy(start)
      .staySilent(5_000)
    expect(call.warnings).toEqual([])
    expect(call.end).toMatchObject({ by: 'platform', reason: "max_call_time 300 reached, read as ms (callspec's inference: rule voxology/max-call-time-unit)" })
    expect(call.transcript.print()).toContain("call ended by platform: max_call_time 300 reached, read as ms (callspec's inference: rule voxology/max-call-time-unit)")
  })

  it('10000 (10 s as ms, a plausible limit) is enforced as ms with no warning', async () => {
    const call = await callTo(reminder(10_000), { platform: 'voxology', webhookPath: '/voxology', unconsumed: 'ignore' }).startedBy(start).staySilent(15_000)
    expect(call.warnings).toEqual([])
    const answered = call.transcript.entries.find((e) => e.kind === 'event')!.at
    expect(call.end).toMatchObject({ by: 'platform', at: answered + 10_000 })
  })
})
