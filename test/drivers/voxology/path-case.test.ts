/**
 * Audit F6: the fake REST API matched paths case-sensitively with no rule, and the call failed:
 * `POST /v1/dials/connect` got 404 not_found and the call failed "the app's make-call request …
 * never came: the platform refused the app's request". Voxology's docs spell the path
 * /v1/Dials/Connect and say nothing of case: rule voxology/path-case, inferred (warn).
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { expectSaidAsCallspecs } from '../../helpers/callspecs-answer.js'
import { failureOf } from '../../helpers/failure-of.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })

/** An app that places a call at `url` when the test asks, reads the call log at `logUrl` when answered, and says a reminder. */
const placing = (url: string, logUrl?: (callId: string) => string, method = 'POST') => {
  const app = express()
  app.use(express.json())
  const logs: number[] = []
  app.post('/remind', async (req, res) => {
    const body = method === 'GET' ? {} : { body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+14155550199' } }) }
    const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, ...body })
    res.status(r.status).send(await r.text())
  })
  app.post('/', async (req, res) => {
    if (req.body.status !== 'live-in-progress') return res.end()
    if (logUrl) logs.push((await fetch(logUrl(req.body.call_id), { headers: { 'x-api-key': 'k' } })).status)
    res.json({ actions: [say('Reminder.'), { type: 'HANGUP' }] })
  })
  const flow = (options: object = {}) =>
    callTo(app, { platform: 'voxology', limits: { appTimeoutMs: 1_000 }, ...options })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: { to: '+14155550100' } }))
      .expectAction('SAY')
  return { flow, logs }
}

describe('a REST path in another case than the docs spell it (rule voxology/path-case, inferred)', () => {
  it('POST /v1/dials/connect places the call, with a warning that the case rule is callspec\'s', async () => {
    const { flow } = placing('https://api.voxolo.gy/v1/dials/connect')
    const call = await flow({ warnings: 'silent' }).expectHangup()
    expect(call).toHavePlayed('Reminder.')
    expect(call.warnings).toEqual([
      "the app's make-call request: POST /v1/dials/connect is the route /v1/Dials/Connect in another case: callspec answers it as POST /v1/Dials/Connect; Voxology's docs spell the path /v1/Dials/Connect and do not say whether the API takes it in another case; that it must match in case is callspec's inference, not Voxology's documented behaviour. Send the path as the docs spell it (rule voxology/path-case, inferred)",
    ])
  })

  it('GET /v1/history/logs/calls/{callId} answers the call log, with the same warning', async () => {
    const { flow, logs } = placing('https://api.voxolo.gy/v1/Dials/Connect', (id) => `https://api.voxolo.gy/v1/history/logs/calls/${id}`)
    const call = await flow({ warnings: 'silent' }).expectHangup()
    expect(logs).toEqual([200])
    expect(call.warnings).toEqual([expect.stringMatching(/^turn 1: the app's call log request: GET \/v1\/history\/logs\/calls\/\S+ is the route \/v1\/History\/Logs\/Calls\/\S+ in another case: callspec answers it as GET .*\(rule voxology\/path-case, inferred\)$/)])
  })

  it('under the rule at error: refused 404, and the failure says the refusal is callspec\'s, naming the rule', async () => {
    const { flow } = placing('https://api.voxolo.gy/v1/dials/connect')
    const error = await failureOf(flow({ rules: { 'voxology/path-case': 'error' } }))
    expect(error.message).toContain(
      "callspec refused the app's make-call request by a rule it inferred, not one Voxology documents: voxology/path-case, at error as rules sets it (rules: { 'voxology/path-case': 'warn' } warns instead, 'off' ignores it): HTTP 404 ",
    )
    expect(error.message).toContain('callspec matches paths as the docs spell them (rule voxology/path-case, inferred: the docs do not say whether the API ignores case)')
    expect(error.message).not.toContain('Voxology rejected')
    expect(error.message).not.toContain('the platform refused')
  })

  it('a path that is no route in any case stays a 404 naming the nearest route', async () => {
    const { flow } = placing('https://api.voxolo.gy/v1/Dial/Connect')
    const error = await failureOf(flow())
    expect(error.message).toContain('POST https://api.voxolo.gy/v1/Dial/Connect → HTTP 404 {"error":"not_found","message":"POST /v1/Dial/Connect is not a Voxology API route; did you mean POST /v1/Dials/Connect (Make call)? Paths are matched as the docs spell them"}')
  })

  it('GET /v1/dials/connect (another case and another method): answered 405 as GET /v1/Dials/Connect is, the failure naming both, as callspec\'s answer', async () => {
    const { flow } = placing('https://api.voxolo.gy/v1/dials/connect', undefined, 'GET')
    const error = await failureOf(flow())
    expectSaidAsCallspecs(
      error.message,
      'GET https://api.voxolo.gy/v1/dials/connect → HTTP 405 {"error":"method_not_allowed","message":"GET /v1/dials/connect is the route /v1/Dials/Connect in another case (rule voxology/path-case, inferred), and that route takes POST"} (this route takes another method',
      "Voxology documents no REST error format: this status and body are callspec's",
    )
    expect(error.message).toContain("the app's make-call request (POST /v1/Dials/Connect) never came: callspec's fake API refused")
  })

  it('GET /v1/dials/connect under the rule at error: refused 404 naming the rule and the method the route takes', async () => {
    const { flow } = placing('https://api.voxolo.gy/v1/dials/connect', undefined, 'GET')
    const error = await failureOf(flow({ rules: { 'voxology/path-case': 'error' } }))
    expect(error.message).toContain('HTTP 404 {"error":"not_found","message":"GET /v1/dials/connect is not a Voxology API route; did you mean POST /v1/Dials/Connect (Make call)? callspec matches paths as the docs spell them')
    expect(error.message).toContain(
      "(no call in progress has this id or route; refused by callspec under rule voxology/path-case, inferred: Voxology neither says whether its API ignores case nor documents a REST error format)",
    )
    expect(error.message).not.toContain('the platform refused')
  })
})
