/**
 * A refusal callspec made up (rule enablex/undocumented-errors, inferred) is governed by the rule's
 * level. Audit h172 F10: with the rule 'off', a hold before any bridge stayed a 409 (only the
 * warning went), and the failure said so. Now 'off' lets through what EnableX most plausibly takes
 * as a no-op (hold with no bridge, accept twice, stop with no recording), answered 200; a request
 * callspec has nothing to run on stays refused, and the failure says why.
 */
import { describe, expect, it } from 'vitest'
import express from 'express'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

const auth = `Basic ${Buffer.from('id:key').toString('base64')}`
const api = (method: string, path: string, body?: object) =>
  fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, ...(body && { body: JSON.stringify(body) }) })

/** Inbound: after the greeting the app puts the caller on hold (music) while it finds an agent, before any bridge. */
function holdApp(statuses: number[]) {
  const app = express()
  app.use(express.json())
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    const e = req.body as { voice_id: string; state?: string; playstate?: string; prompt_ref?: string }
    const id = e.voice_id
    if (e.state === 'incomingcall') await api('PUT', `/call/${id}/accept`)
    else if (e.state === 'connected') await api('PUT', `/call/${id}/play`, { text: 'Please hold while we find an agent.', voice: 'female', language: 'en-US', prompt_ref: 'hold' })
    else if (e.playstate === 'playfinished' && e.prompt_ref === 'hold') statuses.push((await api('POST', `/call/${id}/hold`, { hold: true })).status)
  })
  return app
}

const RULE_OFF = { 'enablex/undocumented-errors': 'off' } as const

describe("rule enablex/undocumented-errors at 'off' governs callspec's made-up refusal", () => {
  it('by default the hold is refused 409 with a warning, and the failure says the rule off lets it through', async () => {
    const statuses: number[] = []
    const error = await failureOf(callTo(holdApp(statuses), { platform: 'enablex', warnings: 'silent' }).fromCaller('+14155550100').expectAction('accept').expectAction('play').staySilent(10_000).hangUp())
    expect(statuses).toEqual([409])
    expect(error.message).toContain(
      "rules: { 'enablex/undocumented-errors': 'off' } lets it through: callspec answers it 200 and changes nothing, as EnableX most plausibly takes it",
    )
  })

  it("at 'off' the hold goes through, answered 200, as an action the test expects, with a note", async () => {
    const statuses: number[] = []
    const call = await callTo(holdApp(statuses), { platform: 'enablex', rules: RULE_OFF })
      .fromCaller('+14155550100')
      .expectAction('accept')
      .expectAction('play')
      .expectAction('hold', { hold: true })
      .staySilent(10_000)
      .hangUp()
    expect(statuses).toEqual([200])
    expect(call.warnings).toEqual([])
    expect(call.transcript.print()).toContain(
      'hold: the call has no bridge to hold; EnableX documents no answer to it, and with rule enablex/undocumented-errors off callspec answers 200 and changes nothing',
    )
  })

  it("at 'off' an accept sent twice is answered 200 both times", async () => {
    const statuses: number[] = []
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const e = req.body as { voice_id: string; state?: string }
      if (e.state === 'incomingcall') statuses.push((await api('PUT', `/call/${e.voice_id}/accept`)).status)
      else if (e.state === 'connected') statuses.push((await api('PUT', `/call/${e.voice_id}/accept`)).status)
    })
    const call = await callTo(app, { platform: 'enablex', rules: RULE_OFF }).fromCaller('+14155550100').expectAction('accept').expectAction('accept').staySilent(1_000).hangUp()
    expect(statuses).toEqual([200, 200])
    expect(call.warnings).toEqual([])
  })

  it("at 'off' a request callspec has nothing to run on stays refused, and the failure says why", async () => {
    // An outbound call whose app sends accept (for an incoming call) once it connects.
    const app = express()
    app.use(express.json())
    app.post('/dial', async (_req, res) => {
      const r = await api('POST', '/call', { from: '14155550199', to: '14155550100', event_url: 'https://app.example/event' })
      res.status(r.status).end()
    })
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const e = req.body as { voice_id: string; state?: string }
      if (e.state === 'connected') await api('PUT', `/call/${e.voice_id}/accept`)
    })
    const error = await failureOf(
      callTo(app, { platform: 'enablex', rules: RULE_OFF })
        .startedBy((a) => a.fetch('/dial', { method: 'POST', body: {} }))
        .expectAction('make-call')
        .staySilent(15_000),
    )
    expect(error.message).toContain(
      "rules: { 'enablex/undocumented-errors': 'off' } drops that rule's warning, not this refusal: an outbound call has no incoming call to accept, and callspec does not guess what EnableX answers then",
    )
  })
})
