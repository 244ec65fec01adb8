/**
 * The person an outbound Voxology call dials hangs up while the app holds its answer to the call's
 * first callback: they hang up when they mean to, the final callback goes out then, and the script
 * that comes later is noted, not run, as after the caller's hang-up. Measured before (audit h154
 * G7's remainder on Voxology): the callee's hang-up, due 1 s after answering, waited for the app's
 * 3 s timer, and the late SAY ran.
 */
import { describe, expect, it } from 'vitest'
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { callTo } from '../../../src/index.js'

/** Places a call through the intercepted API on POST /call (with `max_call_time` if given); holds its answer to the first callback 3 s on its own timer. */
function dialer(maxCallTime?: number) {
  const app = express()
  app.use(express.json())
  app.post('/call', async (req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: (req.body as { to: string }).to, caller_id_no: '+17145550199' }, ...(maxCallTime !== undefined && { max_call_time: maxCallTime }) }),
    })
    res.status(r.status).end()
  })
  app.post('/', async (req, res) => {
    if ((req.body as { status?: string }).status !== 'live-in-progress') return res.status(204).end()
    await sleep(3000)
    res.json({ actions: [{ type: 'SAY', params: { text: 'Your reminder.' } }] })
  })
  return app
}

describe('Voxology: the callee hangs up while the app holds its answer', () => {
  it('hangs up 1 s after answering; the late SAY is not run', async () => {
    const call = await callTo(dialer(), { platform: 'voxology', seed: 1 })
      .startedBy((a) => a.fetch('/call', { method: 'POST', body: { to: '+14155550126' } }))
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .staySilent(10_000)
    const first = call.transcript.entries.find((e) => e.kind === 'event')!.at
    expect(call.end).toMatchObject({ by: 'callee', at: first + 1000 })
    expect(call.actions.map((a) => a.name)).toEqual([])
    expect(call.prompts).toEqual([])
    expect(call.transcript.entries.filter((e) => e.kind === 'note').map((e) => e.text)).toContainEqual(expect.stringMatching(/too late for the call/))
  })

  it('max_call_time (1 s, enforced as ms at error) ends the call at its instant too; the late SAY is not run', async () => {
    const call = await callTo(dialer(1000), { platform: 'voxology', seed: 1, rules: { 'voxology/max-call-time-unit': 'error' } })
      .startedBy((a) => a.fetch('/call', { method: 'POST', body: { to: '+14155550126' } }))
      .staySilent(10_000)
    const first = call.transcript.entries.find((e) => e.kind === 'event')!.at
    expect(call.end).toMatchObject({ by: 'platform', reason: "max_call_time 1000 reached, read as ms (callspec's inference: rule voxology/max-call-time-unit)", at: first + 1000 })
    expect(call.actions.map((a) => a.name)).toEqual([])
  })
})
