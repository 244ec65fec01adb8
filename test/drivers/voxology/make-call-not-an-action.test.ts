/**
 * Newcomer audit h199: an outbound Voxology test written as EnableX's and 8x8's are,
 * `.startedBy(…).expectAction('make-call')`, failed with "'make-call' is an enablex action: is
 * 'platform' right?". The platform was right: Voxology's Make Call is a REST request startedBy()
 * waits for, and the call's actions are the script the callback gets. The failure says so, and the
 * test written as it says passes over real HTTP.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'

function reminderApp() {
  const app = express()
  app.use(express.json())
  app.use((req, res, next) => (req.body?.status && req.body.status !== 'live-in-progress' ? res.end() : next()))
  app.post('/', (_req, res) => res.json({ actions: [{ type: 'SAY', params: { text: 'Your appointment is tomorrow.' } }, { type: 'HANGUP' }] }))
  app.post('/remind', async (req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+14155550199' } }),
    })
    res.status(r.status).end()
  })
  return app
}

/** The chain as a JavaScript test holds it: any name goes. */
type Untyped = { expectAction(name: string): PromiseLike<unknown> }
const trigger = { method: 'POST', body: { to: '+14155550123' } } as const

describe("expectAction('make-call') on a Voxology outbound call", () => {
  it('says Make Call is a REST request startedBy() waits for, not that the platform may be wrong', async () => {
    const flow = callTo(reminderApp(), { platform: 'voxology' }).startedBy((a) => a.fetch('/remind', trigger)) as unknown as Untyped
    const error = await (async () => await flow.expectAction('make-call'))().then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.message).toBe(
      `[callspec] expectAction("make-call"): voxology has no action "make-call": Voxology's Make Call (POST /v1/Dials/Connect) is a REST request, not a script action: startedBy() waits for it itself (the transcript shows it before turn 1, and .toNumber() checks the number it dials). The call's actions are the script the app answers its init_call callback with: expect the first of those (.expectAction('SAY'), or 'COLLECT'). Its actions: SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT.`,
    )
    expect(error?.message).not.toContain("is 'platform' right?")
  })

  it('as makeCall too', async () => {
    const flow = callTo(reminderApp(), { platform: 'voxology' }) as unknown as Untyped
    await expect(async () => await flow.expectAction('makeCall')).rejects.toThrow(`voxology has no action "makeCall": Voxology's Make Call (POST /v1/Dials/Connect) is a REST request`)
  })

  it('the test written as the failure says passes, the request before turn 1', async () => {
    const call = await callTo(reminderApp(), { platform: 'voxology' })
      .startedBy((a) => a.fetch('/remind', trigger))
      .toNumber('+14155550123')
      .expectAction('SAY', { params: { text: 'Your appointment is tomorrow.' } })
      .expectHangup()
    expect(call.transcript.entries[0]).toMatchObject({ kind: 'api', name: 'POST /v1/Dials/Connect', status: 200 })
    expect(call.print()).toMatch(/0 ⇠ POST \/v1\/Dials\/Connect +→ 200\n.*1 → init_call/)
  })
})
