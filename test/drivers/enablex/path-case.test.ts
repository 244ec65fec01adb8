import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { enablexApp, restClient, tts } from './apps.js'

/**
 * Audit F6: the fake REST API matched paths case-sensitively with no rule. `PUT …/Play` got 404
 * "Route not found … (callspec: did you mean …/play?)" and the call failed as the platform's
 * refusal. EnableX spells its paths in lower case and says nothing of case: rule
 * enablex/path-case, inferred (warn).
 */

/** Accepts, plays through `…/<play>` (as the app spells it), hangs up after playfinished. */
const playingAt = (play: string, method = 'PUT') =>
  enablexApp(async (event, api) => {
    const call = `/call/${event.voice_id}`
    if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
    if (event.state === 'connected') await api.call(method, `${call}/${play}`, method === 'GET' ? undefined : tts('Welcome.'))
    if (event.playstate === 'playfinished') await api.call('DELETE', call)
  })

const HINT =
  "EnableX's docs spell the path /voice/v1/call/{voice_id}/play and do not say whether the API takes it in another case; that it must match in case is callspec's inference, not EnableX's documented behaviour. Send the path as the docs spell it (rule enablex/path-case, inferred)"

describe('a REST path in another case than the docs spell it (rule enablex/path-case, inferred)', () => {
  it("PUT …/Play plays the prompt, with a warning that the case rule is callspec's", async () => {
    const app = playingAt('Play')
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Welcome.')
    expect(app.answers.find((a) => a.path.endsWith('/Play'))?.status).toBe(200)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(
      /^turn 2: the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\): PUT \/voice\/v1\/call\/[^/]+\/Play is the route \/voice\/v1\/call\/\{voice_id\}\/play in another case: callspec answers it as PUT \/voice\/v1\/call\/\{voice_id\}\/play; /,
    )
    expect(call.warnings[0]!.endsWith(HINT)).toBe(true)
  })

  it('POST /voice/v1/Call places the call, with the same warning', async () => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.post('/call', async (_req, res) => {
      const url = 'https://api.enablex.io/voice/v1/Call'
      const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
      const body = { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', action_on_connect: { play: tts('Your appointment is tomorrow.') } }
      const r = await fetch(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      res.status(r.status).send(await r.text())
    })
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      if (req.body.playstate === 'playfinished') await rest.call('DELETE', `/call/${req.body.voice_id}`)
    })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' })
      .startedBy((a) => a.fetch('/call', { method: 'POST', body: {} }))
      .expectAction('make-call')
      .expectHangup()
    expect(call).toHavePlayed('Your appointment is tomorrow.')
    expect(call.warnings).toEqual([
      "the app's make-call request: POST /voice/v1/Call is the route /voice/v1/call in another case: callspec answers it as POST /voice/v1/call; EnableX's docs spell the path /voice/v1/call and do not say whether the API takes it in another case; that it must match in case is callspec's inference, not EnableX's documented behaviour. Send the path as the docs spell it (rule enablex/path-case, inferred)",
    ])
  })

  it("under the rule at error: refused 404, and the failure says the refusal is callspec's, naming the rule", async () => {
    const app = playingAt('Play')
    const error = await failureOf(callTo(app, { platform: 'enablex', rules: { 'enablex/path-case': 'error' } }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(
      /callspec refused the app's PUT \/voice\/v1\/call\/[^/]+\/Play by a rule it inferred, not one EnableX documents: enablex\/path-case, at error as rules sets it \(rules: \{ 'enablex\/path-case': 'warn' \} warns instead, 'off' ignores it\)/,
    )
    expect(error.message).toContain('callspec matches paths as the docs spell them, rule enablex/path-case, inferred')
    expect(app.answers.find((a) => a.path.endsWith('/Play'))?.status).toBe(404)
  })

  it('a path that is no route in any case stays a 404 "Route not found"', async () => {
    const app = playingAt('plya')
    await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent', limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('play'))
    expect(app.answers.find((a) => a.path.endsWith('/plya'))).toMatchObject({ status: 404, body: { msg: expect.stringMatching(/^Route not found: PUT \/voice\/v1\/call\/[^/]+\/plya \(callspec: did you mean PUT \/voice\/v1\/call\/\{voice_id\}\/play\?\)$/) } })
  })

  it('GET …/Play (another case and another method): answered 405 as GET …/play is, naming both, with the warning', async () => {
    const app = playingAt('Play', 'GET')
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('play'))
    const answer = app.answers.find((a) => a.path.endsWith('/Play'))
    expect(answer).toMatchObject({
      status: 405,
      body: { msg: expect.stringMatching(/^Method Not Allowed: GET \/voice\/v1\/call\/[^/]+\/Play \(callspec: this is the route \/voice\/v1\/call\/\{voice_id\}\/play in another case \(rule enablex\/path-case, inferred\), and that route takes PUT or POST\)$/) },
    })
    expect(error.message).toMatch(/• GET https:\/\/api\.enablex\.io\/voice\/v1\/call\/[^/]+\/Play → HTTP 405 .*\(this route takes another method; EnableX documents no answer for a path or method it has no route for: this status and msg are callspec's; rule enablex\/routes\)/)
    expect(error.message).toMatch(/GET \/voice\/v1\/call\/[^/]+\/Play is the route \/voice\/v1\/call\/\{voice_id\}\/play in another case: callspec answers it as GET \/voice\/v1\/call\/\{voice_id\}\/play; EnableX's docs spell/)
    expect(error.message).not.toContain('the platform refused')
  })

  it('GET …/Play under the rule at error: refused 404 naming the rule and the methods the route takes', async () => {
    const app = playingAt('Play', 'GET')
    await failureOf(callTo(app, { platform: 'enablex', rules: { 'enablex/path-case': 'error' }, limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('play'))
    expect(app.answers.find((a) => a.path.endsWith('/Play'))).toMatchObject({
      status: 404,
      body: { msg: expect.stringMatching(/\(callspec: did you mean PUT \/voice\/v1\/call\/\{voice_id\}\/play\? callspec matches paths as the docs spell them, rule enablex\/path-case, inferred\)$/) },
    })
  })

  it('PUT /call/{voice_id}/Play (without /voice/v1, and in another case): the 404 names the route as the docs spell it', async () => {
    const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
    const answers: Array<{ status: number; body: any }> = []
    const app = enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
      if (event.state === 'connected') {
        const r = await fetch(`https://api.enablex.io${call}/Play`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(tts('Welcome.')) })
        answers.push({ status: r.status, body: await r.json() })
      }
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('play'))
    expect(answers).toEqual([{ status: 404, body: expect.objectContaining({ msg: expect.stringMatching(/^Route not found: PUT \/call\/([^/]+)\/Play \(callspec: did you mean PUT \/voice\/v1\/call\/\1\/play\?\)$/) }) }])
    expect(error.message).toMatch(/• PUT https:\/\/api\.enablex\.io\/call\/[^/]+\/Play → HTTP 404 .*did you mean PUT \/voice\/v1\/call\/[^/]+\/play\?/)
  })
})
