/**
 * An app whose make-call request's body is not JSON (a value in single quotes, as a hand-built
 * body has it), on each platform's fake API: the failure says where the body breaks, and
 * Voxology's answer (callspec's own body) says it in its message. Measured before (audit h170):
 * Voxology answered V8's words, escaped and with no place ({"error":"invalid_json","message":"the
 * body is not valid JSON: Unexpected token ''', ...\"r_id_no\": '+19495551\"... is not valid
 * JSON"}); 8x8 and EnableX answered "Invalid JSON request body" / "Invalid JSON body", and no
 * failure said where.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const BODY = `{"call": {"no": "+17145551212", "caller_id_no": '+19495551212'}}`
const WHERE = "The request body is not JSON at line 1, column 49, where it reads '+19495551212'}}: Unexpected token '''"

/** An app whose POST /dial sends BODY to `url` with `headers`, and hands the API's answer back. */
function dialling(url: string, headers: Record<string, string>) {
  const app = express()
  app.use(express.json())
  app.post('/dial', async (_req, res) => {
    const r = await fetch(url, { method: 'POST', headers, body: BODY })
    res.status(r.status).send(await r.text())
  })
  app.post('/', (_req, res) => res.end())
  return app
}

const PLATFORMS = {
  voxology: ['https://api.voxolo.gy/v1/Dials/Connect', { 'content-type': 'application/json', 'x-api-key': 'k' }],
  '8x8': ['https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', { authorization: 'Bearer k', 'content-type': 'application/json' }],
  enablex: ['https://api.enablex.io/voice/v1/call', { authorization: `Basic ${Buffer.from('app-id:app-key').toString('base64')}`, 'content-type': 'application/json' }],
  'webex-connect': ['https://api.us.webexconnect.io/v1/voice/calls', { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': 'k-1' }],
} as const

/** The issue each platform's failure lists, under its rule, with the rule's source. */
const RULE = {
  '8x8': ['✖ Invalid JSON request body', '  → rule 8x8/invalid-json (8x8 docs: Send Callflow status codes, -1001)'],
  'webex-connect': ['✖ 7000 Invalid JSON', '  → rule webex-connect/invalid-json (Webex Connect docs: common API error codes, 7000 Invalid JSON)'],
  enablex: ['✖ Invalid JSON body', "  → rule enablex/invalid-json (EnableX docs: Voice API overview, request bodies are JSON (Content-Type: application/json; the 400 and its msg are callspec's))"],
  voxology: [
    "✖ the body is not valid JSON at line 1, column 49: Unexpected token '''",
    "  → rule voxology/invalid-json (Voxology docs: Make Call (POST /v1/Dials/Connect), a JSON body (content-type: application/json); the 400 invalid_json is callspec's, Voxology documents no REST error format)",
  ],
}

const PLAY_RULE_SOURCE = "Rule enablex/invalid-json: EnableX docs: Voice API overview, request bodies are JSON (Content-Type: application/json; the 400 and its msg are callspec's)."

describe('a make-call request whose body is not JSON', () => {
  it.each(Object.entries(PLATFORMS))('%s: the failure says where the body breaks, after the body', async (platform, [url, headers]) => {
    const error = await failureOf(callTo(dialling(url, headers), { platform: platform as 'voxology' }).startedBy((a) => a.fetch('/dial', { method: 'POST' })).expectHangup())
    const lines = error.message.split('\n')
    expect(lines[0]).toMatch(/rejected the app's (make-call|Send Callflow) request: HTTP 400 /)
    // Each platform's refusal is a rule of its table, and its failure names it, as every rule's does
    // (8x8's named none: h198; the others', none: h203).
    expect(lines.slice(1, 5)).toEqual([...RULE[platform as keyof typeof RULE], `Request body: ${BODY}`, WHERE])
  })

  it("Voxology's answer says where, in its message, and the app reads it", async () => {
    const app = dialling(...PLATFORMS.voxology)
    let answer: unknown
    app.post('/read', async (_req, res) => {
      const r = await fetch(PLATFORMS.voxology[0], { method: 'POST', headers: PLATFORMS.voxology[1], body: BODY })
      answer = { status: r.status, body: await r.json() }
      res.end()
    })
    await failureOf(callTo(app, { platform: 'voxology' }).startedBy((a) => a.fetch('/read', { method: 'POST' })).expectHangup())
    expect(answer).toEqual({ status: 400, body: { error: 'invalid_json', message: "the body is not valid JSON at line 1, column 49: Unexpected token '''" } })
  })

  // Audit h175: text after the JSON was said "at line 1, column 13 … at position 12", a 1-based
  // column beside V8's 0-based position, in one sentence.
  it('says the place once, as line and column, for text after the JSON', async () => {
    const app = dialling(...PLATFORMS.voxology)
    let answer: unknown
    app.post('/read', async (_req, res) => {
      const r = await fetch(PLATFORMS.voxology[0], { method: 'POST', headers: PLATFORMS.voxology[1], body: '{"call": {}} x' })
      answer = await r.json()
      res.end()
    })
    await failureOf(callTo(app, { platform: 'voxology' }).startedBy((a) => a.fetch('/read', { method: 'POST' })).expectHangup())
    expect(answer).toEqual({ error: 'invalid_json', message: 'the body is not valid JSON at line 1, column 14: Unexpected non-whitespace character after JSON' })
  })
})

// The same for an EnableX command on a live call (a play), which its call refuses itself. Measured
// before: "the app's PUT /voice/v1/call/<id>/play has a body that is not JSON." and no place.
describe('an EnableX play whose body is not JSON', () => {
  it('the failure says where the body breaks', async () => {
    const auth = PLATFORMS.enablex[1]
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const { voice_id: id, state } = req.body as { voice_id: string; state: string }
      const call = (path: string, body?: string) => fetch(`https://api.enablex.io/voice/v1/call/${id}${path}`, { method: 'PUT', headers: auth, body })
      if (state === 'incomingcall') await call('/accept')
      if (state === 'connected') await call('/play', `{"text": "Hi", "voice": "female", "language": "en-US",}`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(
      /^\[callspec\] turn \d+, expectAction\('play'\): the app's PUT \/voice\/v1\/call\/[^/]+\/play has a body that is not JSON at line 1, column 55, where it reads \}: Expected double-quoted property name: a comma before a closing \} or \] \(JSON allows no trailing comma\) \(rule enablex\/invalid-json\)\.\n/,
    )
    // Its rule, enablex/invalid-json, named in the headline and its source under it (it named none: h203).
    expect(error.message).toContain(`(rule enablex/invalid-json).\n${PLAY_RULE_SOURCE}\nRequest: PUT /voice/v1/call/`)
  })
})
