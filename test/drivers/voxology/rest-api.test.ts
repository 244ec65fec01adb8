import https from 'node:https'
import express from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { callTo, startPlatform, validate, type PlatformServer } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { CallLogSchema } from '../../../drivers/voxology/index.js'

type Client = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; json: any }>

const viaFetch: Client = async (url, init) => {
  const res = await fetch(url, init)
  return { status: res.status, json: await res.json() }
}

/** The same request with node's https.request, as older SDKs and axios do. */
const viaHttpRequest: Client = (url, init) =>
  new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end(init.body)
  })

/**
 * An outbound app: POST /call places a call through Make Call; its callback says hello and
 * hangs up; on the final callback it reads the call log, as a billing job would.
 */
function outboundApp(base: string, client: Client, apiKey = 'vx_key') {
  const app = express()
  app.use(express.json())
  const seen: { placed?: any; log?: { status: number; json: any } } = {}
  app.post('/call', async (req, res) => {
    const answer = await client(`${base}/Dials/Connect`, {
      method: 'POST',
      headers: { 'X-API-KEY': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+17145550199' }, session_data: { orderId: 'A-17' }, ...req.body.extra }),
    })
    seen.placed = answer
    res.status(answer.status === 200 ? 201 : 502).json(answer.json)
  })
  app.post('/', async (req, res) => {
    if (req.body.status === 'live-in-progress') return res.json({ actions: [{ type: 'SAY', params: { text: 'Your order ${sessionData.orderId} has shipped.' } }, { type: 'HANGUP' }] })
    seen.log = await client(`${base}/History/Logs/Calls/${req.body.call_id}`, { method: 'GET', headers: { 'x-api-key': apiKey } })
    res.status(204).end()
  })
  return { app, seen }
}

const place = (to: string, extra: object = {}) => (app: { fetch: (p: string, i: object) => Promise<unknown> }) => app.fetch('/call', { method: 'POST', body: { to, extra } })

describe('the fake REST API on loopback (startPlatform)', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('voxology')
  })
  afterAll(() => platform.close())

  const send = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${platform.url}${path}`, { method: init.method ?? 'POST', headers: init.headers, body: init.body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))
  const json = { 'x-api-key': 'k', 'content-type': 'application/json' }

  it('answers auth and body errors with exact codes and bodies', async () => {
    expect(await send('/v1/Dials/Connect', { body: '{}' })).toEqual({ status: 401, body: { error: 'unauthorized', message: 'missing x-api-key header' } })
    // Another content type is read as JSON anyway (rule voxology/make-call-content-type, inferred): 'hi' is not JSON.
    expect(await send('/v1/Dials/Connect', { headers: { 'x-api-key': 'k', 'content-type': 'text/plain' }, body: 'hi' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_json' },
    })
    const bad = await send('/v1/Dials/Connect', { headers: json, body: '{"call":' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('invalid_json')
    expect(await send('/v1/Dials/Connect', { headers: json, body: JSON.stringify({ call: { no: '+14155550123' } }) })).toEqual({
      status: 400,
      body: { error: 'invalid_request', message: 'call.caller_id_no: Invalid input: expected string, received undefined' },
    })
    // An unknown key is dropped (rule voxology/unknown-keys, inferred): the body is read, and no test waits for it.
    expect(await send('/v1/Dials/Connect', { headers: json, body: JSON.stringify({ call: { no: '+14155550123', caller_id_no: '+14155550199' }, ring: 3 }) })).toMatchObject({
      status: 503,
      body: { error: 'no_simulated_call' },
    })
  })

  it('answers a valid make-call that no test is waiting for with 503', async () => {
    expect(await send('/v1/Dials/Connect', { headers: json, body: JSON.stringify({ call: { no: '+14155550123', caller_id_no: '+14155550199' } }) })).toEqual({
      status: 503,
      body: { error: 'no_simulated_call', message: 'no simulated call is waiting for this make-call request (use startedBy() in the test)' },
    })
  })

  it('says which routes exist but are not simulated, and which do not exist', async () => {
    expect(await send('/v1/Dials/SMS', { headers: json, body: '{}' })).toEqual({
      status: 501,
      body: { error: 'not_simulated', message: 'callspec does not simulate Send SMS (POST /v1/Dials/SMS)' },
    })
    expect(await send('/v1/Calls', { headers: json, body: '{}' })).toEqual({ status: 404, body: { error: 'not_found', message: 'POST /v1/Calls is not a Voxology API route' } })
    expect(await send('/v1/History/Logs/Calls/nope', { method: 'GET', headers: { 'x-api-key': 'k' } })).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'no call with id nope' },
    })
  })

  it('places an outbound call for an app configured with the loopback URL, and serves its call log', async () => {
    const { app, seen } = outboundApp(`${platform.url}/v1`, viaFetch)
    const call = await callTo(app, { platform: 'voxology', api: platform, vendor: { apiKey: 'vx_key' } })
      .startedBy(place('+14155550123'))
      .toNumber('+14155550123')
      .expectAction('SAY')
      .expectHangup()

    expect(call).toHavePlayed('Your order A-17 has shipped.')
    expect(seen.placed).toEqual({ status: 200, json: { call_id: expect.any(String), status: 'queued' } })
    expect(call.transcript.header.parties).toMatchObject({ direction: 'outbound', from: '+17145550199', to: '+14155550123' })
    // The final callback came in, and the app read the log of the call that just ended.
    expect(seen.log!.status).toBe(200)
    expect(CallLogSchema.parse(seen.log!.json)).toMatchObject({ call_id: seen.placed.json.call_id, direction: 'outbound', status: 'completed', hangup_end: 'api', origin_api: 'CallFlows' })
    expect(seen.log!.json.duration).toBe(call.duration)
    // The record's own id is a UUID of its own, as in the sample record, not the call's call_id (audit h182).
    expect(seen.log!.json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(seen.log!.json.id).not.toBe(seen.log!.json.call_id)
    // 2 s connected: one started 6-second unit billed, charged as in the docs' sample record (audit h126 finding 5).
    expect(seen.log!.json).toMatchObject({ connect_time_billed: 0.1, connect_time_sec: 2, charge: { total: 0.0015 } })
  })

  it('fails the call with the vendor answer when the app sends the wrong API key', async () => {
    const { app } = outboundApp(`${platform.url}/v1`, viaFetch, 'stale-key')
    const flow = callTo(app, { platform: 'voxology', api: platform, vendor: { apiKey: 'vx_key' } }).startedBy(place('+14155550123')).expectAction('SAY')
    await expect(flow).rejects.toThrow(/Voxology rejected the app's make-call request: HTTP 403 \{"error":"forbidden","message":"invalid API key"\}/)
  })
})

describe.each([
  ['fetch', viaFetch],
  ['http.request', viaHttpRequest],
])('the fake REST API intercepted on api.voxolo.gy (nock, %s client)', (_name, client) => {
  it('places the call, runs the script and serves the call log', async () => {
    const { app, seen } = outboundApp('https://api.voxolo.gy/v1', client)
    const call = await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550124')).expectAction('SAY').expectHangup()

    expect(call.transcript.entries[0]).toMatchObject({ kind: 'api', name: 'POST /v1/Dials/Connect', status: 200 })
    expect(seen.log).toMatchObject({ status: 200, json: { status: 'completed', caller_no: '+14155550124', api_no: '+17145550199' } })
  })

  it('reports a busy line in the final callback, with no init_call', async () => {
    const { app } = outboundApp('https://api.voxolo.gy/v1', client)
    const call = await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550125')).answeredBy('busy').expectHangup()

    expect(call.events).toEqual(['call_end'])
    expect(call.end).toMatchObject({ by: 'callee', reason: 'line busy' })
    const final = JSON.parse((call.transcript.entries.find((e) => e.kind === 'event') as { request: { body: string } }).request.body)
    expect(final).toMatchObject({ type: 'call_end', status: 'busy', detection: 'unknown', duration: 1000 })
  })

  it('reports the person dialled rejecting the ringing phone (.hangUp() before answering) as busy, not completed (audit-112 F3)', async () => {
    const { app, seen } = outboundApp('https://api.voxolo.gy/v1', client)
    const call = await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550126')).staySilent(1_000).hangUp()

    expect(call.end).toMatchObject({ by: 'caller', reason: 'declined while ringing' })
    const final = JSON.parse((call.transcript.entries.find((e) => e.kind === 'event') as { request: { body: string } }).request.body)
    expect(final).toMatchObject({ type: 'call_end', status: 'busy' })
    expect(seen.log).toMatchObject({ status: 200, json: { status: 'busy', hangup_end: null } })
  })
})

describe('a make-call body with a key the docs do not name (rule voxology/unknown-keys, inferred)', () => {
  const { app, seen } = outboundApp('https://api.voxolo.gy/v1', viaFetch)
  const UNKNOWN_KEYS = 'rule voxology/unknown-keys'
  const UNKNOWN_KEYS_SOURCE = 'inferred: not documented (Voxology documents no rejection of unknown fields)'
  const body = { call: { no: '+14155550129', caller_id_no: '+17145550199' }, session_data: { orderId: 'A-17' }, comment: 'nightly reminder' }

  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('drops the key and places the call, with a warning naming it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550129', { comment: 'nightly reminder' })).expectAction('SAY').expectHangup()

    expect(call).toHavePlayed('Your order A-17 has shipped.')
    expect(seen.placed).toEqual({ status: 200, json: { call_id: expect.any(String), status: 'queued' } })
    expect(call.warnings).toEqual([
      `the app's make-call request: Unrecognized key: "comment" (received "nightly reminder"): ignored, as callspec assumes the vendor does with keys it does not know (${UNKNOWN_KEYS}, inferred)`,
    ])
  })

  it('under strict (or the rule at error) answers 400 as before, and the failure carries the rule\'s tag', async () => {
    for (const [options, why] of [
      [{ strict: true }, 'under strict: true'],
      [{ rules: { 'voxology/unknown-keys': 'error' as const } }, 'as rules sets it'],
    ] as const) {
      const flow = callTo(app, { platform: 'voxology', ...options }).startedBy(place('+14155550129', { comment: 'nightly reminder' })).expectAction('SAY')
      const error = await failureOf(flow)
      // Led by callspec's inference, never "Voxology rejected".
      expect(error.message).toContain(
        `callspec refused the app's make-call request by a rule it inferred, not one Voxology documents: voxology/unknown-keys, at error ${why} (rules: { 'voxology/unknown-keys': 'warn' } warns instead, 'off' ignores it): HTTP 400 {"error":"invalid_request","message":"Unrecognized key: \\"comment\\""} (Voxology documents no REST error format: this status and body are callspec's)\n✖ Unrecognized key: "comment" (received "nightly reminder")`,
      )
      expect(error.message).toContain(`→ ${UNKNOWN_KEYS} (${UNKNOWN_KEYS_SOURCE})`)
      expect(seen.placed).toEqual({ status: 400, json: { error: 'invalid_request', message: 'Unrecognized key: "comment"' } })
    }
  })

  it("validate('voxology', 'make-call') gives the call's verdict: ok with the warning, failed under strict, nothing with the rule off", () => {
    const warning = {
      path: '',
      message: 'Unrecognized key: "comment" (received "nightly reminder"): ignored, as callspec assumes the vendor does with keys it does not know',
      rule: 'voxology/unknown-keys',
      level: 'warn',
      evidence: 'inferred',
      tag: `${UNKNOWN_KEYS}, inferred`,
    }
    expect(validate('voxology', 'make-call', body)).toEqual({ ok: true, issues: [expect.objectContaining(warning)] })
    expect(validate('voxology', 'make-call', body, { rules: { 'voxology/unknown-keys': 'off' } })).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'make-call', body, { strict: true })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ ...warning, message: 'Unrecognized key: "comment" (received "nightly reminder")', level: 'error' })],
      vendorError: { status: 400, code: 'invalid_request', message: 'Unrecognized key: "comment"', inferred: true },
    })
    // Beside a field the docs do name, wrong: the request fails on that field, and the key still only warns.
    const both = validate('voxology', 'make-call', { ...body, call: { no: '7145551212', caller_id_no: '+17145550199' } })
    expect(both.ok).toBe(false)
    expect(both.vendorError).toEqual({ status: 400, code: 'invalid_request', message: 'call.no: expected an E.164 number such as +14155550100' })
    expect(both.issues.map((i) => [i.rule, i.level])).toEqual([
      ['voxology/make-call-schema', 'error'],
      ['voxology/unknown-keys', 'warn'],
    ])
  })
})

describe('outbound ringing and limits', () => {
  const { app } = outboundApp('https://api.voxolo.gy/v1', viaFetch)

  it('rings for the make-call timeout (seconds) before giving up', async () => {
    const call = await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550126', { timeout: 12 })).answeredBy('no-answer').expectHangup()
    expect(call.end).toMatchObject({ by: 'callee', reason: 'no answer within 12 s', at: 12_000 })
  })

  it("ends the call at max_call_time read as milliseconds when the rule voxology/max-call-time-unit is at 'error'", async () => {
    const long = express()
    long.use(express.json())
    long.post('/call', async (req, res) => {
      const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+17145550199' }, max_call_time: 12_000 }),
      })
      res.status(r.status).end()
    })
    long.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [{ type: 'CONFERENCE', params: { name: 'standup' } }] }) : res.status(204).end()))
    const call = await callTo(long, { platform: 'voxology', rules: { 'voxology/max-call-time-unit': 'error' } }).startedBy(place('+14155550127')).expectAction('CONFERENCE').expectHangup()
    expect(call.end).toMatchObject({ by: 'platform', reason: "max_call_time 12000 reached, read as ms (callspec's inference: rule voxology/max-call-time-unit)", at: 4_000 + 12_000 })
  })

  it('marks a call answered by voicemail in the detection field', async () => {
    const call = await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550128')).answeredBy('voicemail').expectAction('SAY').expectHangup()
    const first = JSON.parse((call.transcript.entries.find((e) => e.kind === 'event') as { request: { body: string } }).request.body)
    expect(first).toMatchObject({ type: 'init_call', direction: 'outbound', detection: 'answering_machine', caller_no: '+14155550128', session_data: { orderId: 'A-17' } })
  })
})

describe('a request about a call that has ended (intercepted on api.voxolo.gy)', () => {
  it('is listed apart from what the live call received, and does not cut its wait short', async () => {
    const { app, seen } = outboundApp('https://api.voxolo.gy/v1', viaFetch)
    await callTo(app, { platform: 'voxology' }).startedBy(place('+14155550124')).expectAction('SAY').expectHangup()
    const endedId = String(seen.placed.json.call_id)
    // The next call's app reads the ended call's log instead of placing its call, as an earlier
    // test's billing job running late would (under isolate: false).
    const late = express()
    late.use(express.json())
    late.post('/call', async (_req, res) => {
      await viaFetch(`https://api.voxolo.gy/v1/History/Logs/Calls/${endedId}`, { method: 'GET', headers: { 'x-api-key': 'vx_key' } })
      res.status(202).end()
    })
    const started = performance.now()
    const error = await failureOf(callTo(late, { platform: 'voxology', limits: { appTimeoutMs: 600 } }).startedBy(place('+14155550130')).expectAction('SAY'))
    expect(performance.now() - started).toBeGreaterThan(550)
    expect(error.message).not.toContain("the platform refused the app's request")
    expect(error.message).not.toContain('What the fake vendor API received instead')
    expect(error.message).toContain("The fake vendor API also received requests about calls that had already ended, since this call started (not this call's):")
    expect(error.message).toContain(`• GET https://api.voxolo.gy/v1/History/Logs/Calls/${endedId} → HTTP 404 `)
  })
})
