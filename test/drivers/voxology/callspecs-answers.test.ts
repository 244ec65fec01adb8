/**
 * Voxology documents no REST error format ("REST error format and codes (none found)"): the 405
 * for another method, the 404 for an unknown path and the 501 for a route callspec does not
 * simulate are callspec's. A call whose app went quiet after one failed saying "the platform
 * refused the app's request", the answer listed as the platform's; now said as callspec's answer.
 */
import express from 'express'
import { describe, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { expectSaidAsCallspecs } from '../../helpers/callspecs-answer.js'
import { failureOf } from '../../helpers/failure-of.js'

/** An app that sends `method` `url` when the test asks it to place a call. */
const sending = (method: string, url: string) => {
  const app = express()
  app.use(express.json())
  app.post('/remind', async (req, res) => {
    const body = method === 'GET' ? {} : { body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+14155550199' } }) }
    const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, ...body })
    res.status(r.status).send(await r.text())
  })
  app.post('/', (_req, res) => res.json({ actions: [{ type: 'HANGUP' }] }))
  return callTo(app, { platform: 'voxology', limits: { appTimeoutMs: 1_000 } })
    .startedBy((a) => a.fetch('/remind', { method: 'POST', body: { to: '+14155550100' } }))
    .expectHangup()
}

const NOTE = "Voxology documents no REST error format: this status and body are callspec's"

describe("Voxology's REST answers callspec chose are said as callspec's", () => {
  it.each([
    ['another method (405)', 'GET', '/v1/Dials/Connect', 'HTTP 405 {"error":"method_not_allowed","message":"GET /v1/Dials/Connect: this route takes POST"} (this route takes another method'],
    ['an unknown path (404)', 'POST', '/v1/Dial/Connect', 'HTTP 404 {"error":"not_found","message":"POST /v1/Dial/Connect is not a Voxology API route; did you mean POST /v1/Dials/Connect (Make call)? Paths are matched as the docs spell them"} (no call in progress has this id or route'],
    ['a route callspec does not simulate (501)', 'POST', '/v1/Dials/SMS', 'HTTP 501 {"error":"not_simulated","message":"callspec does not simulate Send SMS (POST /v1/Dials/SMS)"} (refused'],
  ])('%s', async (_, method, path, listed) => {
    const error = await failureOf(sending(method, `https://api.voxolo.gy${path}`))
    expectSaidAsCallspecs(error.message, `  • ${method} https://api.voxolo.gy${path} → ${listed}`, NOTE)
  })
})
