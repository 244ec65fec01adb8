/**
 * A make-call body sent with another content type than application/json (fetch() sends a string
 * body as text/plain): Voxology documents JSON bodies and no error for another type, and callspec
 * refused it 415 "Voxology rejected the app's make-call request", by no rule (audit h126 finding 3).
 * Now rule voxology/make-call-content-type, inferred: read as JSON anyway with a warning; under
 * strict, refused 415 with the failure led by callspec's inference.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

/** Places a call with fetch() and a string body, with `headers` (none but the key: as the audit's app did). */
function remindApp(headers: Record<string, string> = {}) {
  const app = express()
  app.use(express.json())
  app.post('/remind', async (_req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', ...headers },
      body: JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } }),
    })
    res.status(r.status).end()
  })
  app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [{ type: 'SAY', params: { text: 'Reminder.' } }, { type: 'HANGUP' }] }) : res.end()))
  return app
}

const flow = (options: object = {}, headers?: Record<string, string>) =>
  callTo(remindApp(headers), { platform: 'voxology', warnings: 'silent', ...options })
    .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
    .toNumber('+17145551212')
    .expectAction('SAY')
    .expectHangup()

describe('a make-call body sent as text/plain', () => {
  it('is read as JSON and the call placed, with a warning citing the inferred rule', async () => {
    const call = await flow()
    expect(call).toHavePlayed('Reminder.')
    expect(call.warnings).toEqual([
      "the app's make-call request: the make-call body was sent as content-type text/plain;charset=UTF-8, not application/json: read as JSON anyway, as callspec assumes the API does (send it with content-type: application/json) (rule voxology/make-call-content-type, inferred)",
    ])
  })

  it('under strict, is refused 415 by the inferred rule, not in Voxology\'s name', async () => {
    const error = await failureOf(flow({ strict: true }))
    expect(error.message).toMatch(/callspec refused the app's make-call request by a rule it inferred, not one Voxology documents: voxology\/make-call-content-type/)
    expect(error.message).not.toContain('Voxology rejected')
  })
})

describe('a make-call body sent as Application/JSON; charset=UTF-8', () => {
  it('is JSON (media types are case-insensitive): placed with no warning', async () => {
    const call = await flow({}, { 'content-type': 'Application/JSON; charset=UTF-8' })
    expect(call).toHavePlayed('Reminder.')
    expect(call.warnings).toEqual([])
  })

  it('is JSON under strict too: not refused 415', async () => {
    const call = await flow({ strict: true }, { 'content-type': 'Application/JSON; charset=UTF-8' })
    expect(call).toHavePlayed('Reminder.')
  })
})
