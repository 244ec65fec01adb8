/**
 * Voxology documents no unit for the make-call `max_call_time`; callspec reads milliseconds from
 * the docs' one example (60000). Audit h172 F1: an app writing `max_call_time: 300` (5 minutes, in
 * seconds) had its call cut at 0.3 s, "the call ended (platform: max_call_time 300 ms reached)",
 * with no warning and no rule. Now a value implausible as ms warns, naming both readings, and is
 * not enforced (rule voxology/max-call-time-unit, inferred); at 'error' callspec enforces its reading.
 * Audit h175 F5: a value of 10000 or more was still enforced as ms at every level, 'off' too:
 * `max_call_time: 14400` (4 h in seconds) cut the call at 14.4 s with no warning. Now the rule's
 * level governs every value: at warn the call goes on past the limit read as ms, with a warning.
 */
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** An outbound reminder placed with the given max_call_time; it asks for a 1 and thanks the callee. */
function reminder(maxCallTime: number, greeting = 'Hi, this is a reminder of your appointment tomorrow at ten.') {
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
          { type: 'SAY', params: { text: greeting } },
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

/** The reminder's whole call: greeting, a 1 pressed, thanks, hang-up. */
const flow = (app: ReturnType<typeof reminder>, options: Parameters<typeof callTo>[1]) =>
  callTo(app, options)
    .startedBy(start)
    .toNumber('+14155550100')
    .expectAction('SAY')
    .expectAction('COLLECT')
    .pressDigits('1')
    .expectAction('SAY', { params: { text: /Thank you/ } })
    .expectHangup()

describe('max_call_time (rule voxology/max-call-time-unit, inferred)', () => {
  it('300 is not enforced by default: the call runs, with a warning naming both readings', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await flow(reminder(300), { platform: 'voxology', webhookPath: '/voxology' })
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

  it('10000 is not enforced by default: the call goes on past 10 s, with a warning there naming both readings', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(reminder(10_000), { platform: 'voxology', webhookPath: '/voxology', unconsumed: 'ignore' }).startedBy(start).staySilent(15_000)
    const answered = call.transcript.entries.find((e) => e.kind === 'event')!.at
    // Still live at 15 s: the test's own end hangs up.
    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call.end!.at).toBeGreaterThan(answered + 10_000)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(
      /^turn \d+: max_call_time 10000 reached, read as ms \(callspec's reading of the docs' one example, 60000: 10 s after the answer\); read as seconds it ends the call after 10000 s\. /,
    )
    expect(call.warnings[0]).toContain('callspec does not end the call on its reading and the call goes on')
    expect(call.warnings[0]).toMatch(/\(rule voxology\/max-call-time-unit, inferred\)$/)
    const warning = call.transcript.entries.find((e) => e.kind === 'warning')!
    expect(warning.at).toBe(answered + 10_000)
  })

  /** The audit's repro: 4 h written in seconds; the call outlasts 14.4 s. */
  const LONG = 'Hi, this is a reminder of your appointment tomorrow at ten. We look forward to seeing you at the clinic on Main Street, please bring your insurance card and arrive ten minutes early.'
  const long = (options: Parameters<typeof callTo>[1]) => flow(reminder(14_400, LONG), options)

  it('14400 (4 h as seconds) does not cut the call at 14.4 s by default: it passes, with one warning naming both readings and the rule', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await long({ platform: 'voxology', webhookPath: '/voxology' })
    expect(call.end).toMatchObject({ by: 'app', reason: 'HANGUP' })
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain("max_call_time 14400 reached, read as ms (callspec's reading of the docs' one example, 60000: 14.4 s after the answer); read as seconds it ends the call after 4 h.")
    expect(call.warnings[0]).toContain("set rules: { 'voxology/max-call-time-unit': 'error' } to have callspec end it at 14400 ms (rule voxology/max-call-time-unit, inferred)")
  })

  it("14400 with the rule 'off' is not enforced and nothing is said", async () => {
    const call = await long({ platform: 'voxology', webhookPath: '/voxology', rules: { 'voxology/max-call-time-unit': 'off' } })
    expect(call.end).toMatchObject({ by: 'app', reason: 'HANGUP' })
    expect(call.warnings).toEqual([])
    expect(call.transcript.print()).not.toContain('max_call_time')
  })

  it("300 with the rule 'off' is not enforced and nothing is said", async () => {
    const call = await callTo(reminder(300), { platform: 'voxology', webhookPath: '/voxology', rules: { 'voxology/max-call-time-unit': 'off' } })
      .startedBy(start)
      .expectAction('SAY')
      .expectAction('COLLECT')
      .pressDigits('1')
      .expectAction('SAY', { params: { text: /Thank you/ } })
      .expectHangup()
    expect(call.warnings).toEqual([])
  })

  it("14400 under strict is enforced as ms (the docs' example's reading), the end said as callspec's inference", async () => {
    const call = await callTo(reminder(14_400, LONG), { platform: 'voxology', webhookPath: '/voxology', strict: true, unconsumed: 'ignore' }).startedBy(start).staySilent(20_000)
    const answered = call.transcript.entries.find((e) => e.kind === 'event')!.at
    expect(call.warnings).toEqual([])
    expect(call.end).toMatchObject({ by: 'platform', at: answered + 14_400, reason: "max_call_time 14400 reached, read as ms (callspec's inference: rule voxology/max-call-time-unit)" })
  })
})
