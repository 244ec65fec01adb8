import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

/**
 * Voxology documents no REST error format and no Make Call response (shared/vendors/voxology.md
 * §1.1: "Response body: **not documented publicly**"; §6: "REST error format and codes (none found
 * — no error code table exists in the sources)"). The statuses and `{ error, message }` bodies
 * callspec's fake API answers are callspec's own, and a failure quoting one says so, once
 * (audit-94 F7). Before: `Voxology rejected the app's make-call request: HTTP 401 {…}` and nothing more.
 */
const NOTE = "(Voxology documents no REST error format: this status and body are callspec's)"

/** An app whose POST /dial places a call with `headers` and `body`, and whose callback hangs up. */
function dialling(headers: Record<string, string>, body: string) {
  const app = express()
  app.use(express.json())
  app.post('/dial', async (_req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', { method: 'POST', headers, body })
    res.status(r.status).send(await r.text())
  })
  app.post('/', (_req, res) => res.end())
  return app
}
const CALL = JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } })
const JSON_KEY = { 'content-type': 'application/json', 'x-api-key': 'k' }

describe("a refused make-call request: the failure says the status and body are callspec's", () => {
  it.each([
    ['no x-api-key', { 'content-type': 'application/json' }, CALL, 'HTTP 401 {"error":"unauthorized","message":"missing x-api-key header"}'],
    ['a call.no that is not E.164', JSON_KEY, JSON.stringify({ call: { no: '7145551212', caller_id_no: '+19495551212' } }), 'HTTP 400 {"error":"invalid_request","message":"call.no: expected an E.164 number such as +14155550100"}'],
    ['a body that is not JSON', JSON_KEY, '{"call":', 'HTTP 400 {"error":"invalid_json",'],
    // A text/plain body is read as JSON (rule voxology/make-call-content-type, inferred): make-call-content-type.test.ts.
    ['a text/plain body that is not JSON', { 'content-type': 'text/plain', 'x-api-key': 'k' }, 'hi', 'HTTP 400 {"error":"invalid_json",'],
  ])('%s', async (_, headers, body, answer) => {
    const error = await failureOf(callTo(dialling(headers, body), { platform: 'voxology' }).startedBy((a) => a.fetch('/dial', { method: 'POST' })).expectHangup())
    const [first] = error.message.split('\n')
    expect(first).toMatch(/^\[callspec\] expectHangup\(\): Voxology rejected the app's make-call request: HTTP \d{3} \{/)
    expect(first).toContain(answer)
    expect(first!.endsWith(`} ${NOTE}`)).toBe(true)
    expect(error.message.split(NOTE)).toHaveLength(2)
  })

  it('a wrong key (vendor.apiKey): 403, said the same way', async () => {
    const flow = callTo(dialling({ 'content-type': 'application/json', 'x-api-key': 'stale' }, CALL), { platform: 'voxology', vendor: { apiKey: 'vx_key' } })
      .startedBy((a) => a.fetch('/dial', { method: 'POST' }))
      .expectHangup()
    expect((await failureOf(flow)).message).toContain(`HTTP 403 {"error":"forbidden","message":"invalid API key"} ${NOTE}`)
  })
})
