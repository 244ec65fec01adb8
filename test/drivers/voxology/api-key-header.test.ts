/**
 * Voxology's docs authenticate REST requests with an x-api-key header; its Postman environment also
 * defines a BASIC_AUTH value, and the docs do not say what it is for. A make-call sent with
 * `Authorization: Basic …` and no x-api-key was refused 401 by no rule, the call failing as
 * "Voxology rejected the app's make-call request". Now rule voxology/api-key-header, inferred:
 * accepted with a warning; under strict, refused 401 with the failure led by callspec's inference.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

const BASIC = `Basic ${Buffer.from('user:secret').toString('base64')}`

/** Places a call with `headers` for credentials, and answers its callbacks with a reminder. */
function remindApp(headers: Record<string, string>) {
  const app = express()
  app.use(express.json())
  app.post('/remind', async (_req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } }),
    })
    res.status(r.status).end()
  })
  app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [{ type: 'SAY', params: { text: 'Reminder.' } }, { type: 'HANGUP' }] }) : res.end()))
  return app
}

const flow = (headers: Record<string, string>, options: object = {}) =>
  callTo(remindApp(headers), { platform: 'voxology', warnings: 'silent', ...options })
    .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
    .toNumber('+17145551212')
    .expectAction('SAY')
    .expectHangup()

describe('a make-call with Authorization: Basic and no x-api-key (rule voxology/api-key-header, inferred)', () => {
  it('is placed, with a warning citing the inferred rule', async () => {
    const call = await flow({ authorization: BASIC })
    expect(call).toHavePlayed('Reminder.')
    expect(call.warnings).toEqual([
      "the app's make-call request: no x-api-key header: the request authenticates with Authorization: Basic …: accepted, as callspec assumes the API may (Voxology documents x-api-key; its Postman environment also defines a BASIC_AUTH value, and its docs do not say what for) at x-api-key (rule voxology/api-key-header, inferred)",
    ])
  })

  it("under strict, is refused 401 by the inferred rule, not in Voxology's name", async () => {
    const error = await failureOf(flow({ authorization: BASIC }, { strict: true }))
    expect(error.message).toMatch(/callspec refused the app's make-call request by a rule it inferred, not one Voxology documents: voxology\/api-key-header/)
    expect(error.message).not.toContain('Voxology rejected')
  })

  it('with x-api-key, is placed with no warning; with no credentials at all, is refused 401 as before', async () => {
    expect((await flow({ 'x-api-key': 'k' })).warnings).toEqual([])
    const error = await failureOf(flow({}))
    expect(error.message).toContain('HTTP 401 {"error":"unauthorized","message":"missing x-api-key header"}')
  })
})

describe('a make-call with Authorization: Bearer and no x-api-key (h196)', () => {
  it('is refused 401 as one with no x-api-key: only Basic has evidence (the Postman BASIC_AUTH)', async () => {
    const error = await failureOf(flow({ authorization: 'Bearer my-api-key' }))
    expect(error.message).toContain('HTTP 401 {"error":"unauthorized","message":"missing x-api-key header"}')
    expect(error.message).not.toContain('voxology/api-key-header')
  })
})
