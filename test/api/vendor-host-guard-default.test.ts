import dns from 'node:dns'
import https from 'node:https'
import http, { type ServerResponse } from 'node:http'
import express from 'express'
import nock from 'nock'
import { request as undiciRequest } from 'undici'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { callTo } from '../../src/index.js'
import { eightByEightApp, say } from '../drivers/8x8/apps.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/**
 * An in-process app on a platform where it only answers webhooks (Webex Connect, 8x8, Voxology
 * inbound calls: no `api` option, none needed) that reads the vendor's API during its call gets
 * callspec's fake API's answer about that call, and nothing reaches the network (audit-94 F5: the
 * call log read went to the real api.voxolo.gy with the app's x-api-key, ENOTFOUND here, and the
 * call failed blaming the app). No interceptor is applied for it: a guard on tls.connect answers the
 * vendor hosts, after any mock of the test's own.
 */

const AFTER_END = 'after its call had ended'

/** Host names looked up by DNS during the test: a request that went to the network looks its host up first. */
let lookedUp: string[] = []
let warn: MockInstance<typeof console.warn>

/** The guard's once-per-process warning flag (vendor-guard.ts), so each test sees the warning it causes. */
const guardState = () => (globalThis as unknown as Record<symbol, { warned: boolean } | undefined>)[Symbol.for('callspec.vendorGuard')]
let warnedBefore = false

beforeEach(() => {
  lookedUp = []
  const real = dns.lookup
  vi.spyOn(dns, 'lookup').mockImplementation(function (this: unknown, ...args: unknown[]) {
    lookedUp.push(String(args[0]))
    return (real as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof dns.lookup)
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const state = guardState()
  warnedBefore = state?.warned ?? false
  if (state) state.warned = false
})

afterEach(() => {
  vi.restoreAllMocks()
  nock.cleanAll()
  const state = guardState()
  if (state) state.warned ||= warnedBefore
})

const afterEndWarnings = () => warn.mock.calls.map((c) => String(c[0])).filter((line) => line.includes(AFTER_END))

type Seen = { status: number; body: unknown } | { error: string }

const failed = (error: unknown): Seen => ({ error: String((error as { cause?: unknown }).cause ?? error) })

type Client = (url: string, headers: Record<string, string>) => Promise<{ status: number; body: unknown }>

const viaFetch: Client = async (url, headers) => {
  const res = await fetch(url, { headers })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined }
}

const viaHttps: Client = (url, headers) =>
  new Promise((resolve, reject) => {
    https
      .get(url, { headers }, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined }))
      })
      .on('error', reject)
  })

const viaUndici: Client = async (url, headers) => {
  const res = await undiciRequest(url, { headers })
  const text = await res.body.text()
  return { status: res.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined }
}

/** A Voxology app (express, as the audit's repro): says goodbye, and reads the call log from its final callback. */
function voxologyApp(client: Client) {
  const seen: Seen[] = []
  const app = express()
  app.use(express.json())
  app.post('/', async (req, res) => {
    if (req.body.status === 'live-in-progress') return res.json({ actions: [{ type: 'SAY', params: { text: 'Goodbye.' } }, { type: 'HANGUP' }] })
    seen.push(await client(`https://api.voxolo.gy/v1/History/Logs/Calls/${req.body.call_id}`, { 'x-api-key': 'the-apps-key' }).catch(failed))
    res.status(204).end()
  })
  return { app, seen }
}

describe("an in-process app's request to its vendor's host during a call, with no api option", () => {
  it.each([
    ['fetch', viaFetch],
    ['https.get', viaHttps],
    ["undici's request()", viaUndici],
  ])("Voxology: the call log read from the final callback (%s) is the fake API's, about the call that just ended", async (_name, client) => {
    const { app, seen } = voxologyApp(client)
    const call = await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()

    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ status: 200, body: { call_id: expect.any(String), direction: 'inbound', status: 'completed' } })
    expect((seen[0] as { body: { duration: number } }).body.duration).toBe(call.duration)
    expect(call.transcript.entries).toContainEqual(expect.objectContaining({ kind: 'api', name: expect.stringMatching(/^GET \/v1\/History\/Logs\/Calls\//), status: 200 }))
    expect(lookedUp).not.toContain('api.voxolo.gy')
    expect(afterEndWarnings()).toEqual([])
  })

  it("8x8: a request to https://voice.8x8.com mid-call gets the fake API's answer", async () => {
    const seen: Seen[] = []
    const { listener } = eightByEightApp(() => (res: ServerResponse) => {
      void viaHttps('https://voice.8x8.com/api/v1/subaccounts/account_x/webhooks', { authorization: 'Bearer the-apps-key' })
        .catch(failed)
        .then((answer) => {
          seen.push(answer)
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ callflow: [say('Goodbye.'), { action: 'hangup' }] }))
        })
    })
    await callTo(listener, { platform: '8x8' }).expectAction('say').expectAction('hangup')

    expect(seen).toEqual([
      { status: 404, body: { statusCode: 404, statusMessage: 'Not found: GET /api/v1/subaccounts/account_x/webhooks is not an 8x8 route callspec simulates' } },
    ])
    expect(lookedUp).not.toContain('voice.8x8.com')
    expect(afterEndWarnings()).toEqual([])
  })

  it("Webex Connect: the recordings API read mid-call is the fake API's, for the call in progress", async () => {
    const seen: Seen[] = []
    let sessionId = ''
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event !== 'ANSWERED') return event.event === 'DROPPED' ? undefined : { action: 'HANGUP' }
      sessionId = event.sessionId as string
      return (res: ServerResponse) => {
        void viaFetch(`https://api.us.webexconnect.io/v1/voice/calls/${sessionId}/recordings`, { authorization: 'Bearer the-apps-key' })
          .catch(failed)
          .then((answer) => {
            seen.push(answer)
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify({ action: 'PLAY', audio: [tts('Goodbye.')] }))
          })
      }
    })
    await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')

    expect(seen).toEqual([{ status: 200, body: { recordings: [], sessionId } }])
    expect(lookedUp).not.toContain('api.us.webexconnect.io')
    expect(afterEndWarnings()).toEqual([])
  })

  it('no interceptor is applied for it: http.ClientRequest is not patched mid-call', async () => {
    const before = http.ClientRequest
    let during: unknown
    const { app, seen } = voxologyApp(async (url, headers) => {
      during = http.ClientRequest
      return viaFetch(url, headers)
    })
    await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()
    expect(seen).toMatchObject([{ status: 200 }])
    expect(during).toBe(before)
  })

  it("after an intercepted call on the same platform, a read during the next inbound call is that call's, not the after-call answer", async () => {
    // An outbound call (startedBy: callspec's interception) leaves the guard on api.voxolo.gy behind it.
    const outbound = express()
    outbound.use(express.json())
    outbound.post('/call', async (req, res) => {
      const placed = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
        method: 'POST',
        headers: { 'x-api-key': 'the-apps-key', 'content-type': 'application/json' },
        body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+17145550199' } }),
      })
      res.status(placed.status === 200 ? 201 : 502).json(await placed.json())
    })
    outbound.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [{ type: 'HANGUP' }] }) : res.status(204).end()))
    await callTo(outbound, { platform: 'voxology' })
      .startedBy((app) => app.fetch('/call', { method: 'POST', body: { to: '+14155550124' } }))
      .expectHangup()

    const { app, seen } = voxologyApp(viaFetch)
    await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()
    expect(seen).toMatchObject([{ status: 200, body: { direction: 'inbound', status: 'completed' } }])
    expect(afterEndWarnings()).toEqual([])
  })

  it("the test's own nock mock of the vendor host still answers first", async () => {
    const scope = nock('https://api.voxolo.gy').get(/\/v1\/History\/Logs\/Calls\/.+/).reply(200, { mine: true })
    const { app, seen } = voxologyApp(viaFetch)
    await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()

    expect(seen).toEqual([{ status: 200, body: { mine: true } }])
    expect(scope.isDone()).toBe(true)
    expect(afterEndWarnings()).toEqual([])
  })

  it('a request after the call ended is kept off the network too: the after-call answer, reported once', async () => {
    let settle!: (seen: Seen) => void
    const late = new Promise<Seen>((resolve) => (settle = resolve))
    let callId = ''
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      if (req.body.status === 'live-in-progress') return res.json({ actions: [{ type: 'SAY', params: { text: 'Goodbye.' } }, { type: 'HANGUP' }] })
      callId = req.body.call_id
      // A clean-up on a timer, after the call.
      setTimeout(() => void viaFetch(`https://api.voxolo.gy/v1/History/Logs/Calls/${callId}`, { 'x-api-key': 'the-apps-key' }).then(settle, (error: unknown) => settle(failed(error))), 50)
      res.status(204).end()
    })
    await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()
    expect(afterEndWarnings()).toEqual([])

    expect(await late).toEqual({ status: 404, body: { error: 'not_found', message: `no call with id ${callId}` } })
    expect(lookedUp).not.toContain('api.voxolo.gy')
    // Said as it is: no interceptor ran for this call (the guard alone held the host), and the answer is callspec's, in Voxology's shape.
    expect(afterEndWarnings()).toEqual([
      `[callspec] the app sent GET https://api.voxolo.gy/v1/History/Logs/Calls/${callId} after its call had ended, with no call in progress on that vendor host. ` +
        `callspec answered it HTTP 404 {"error":"not_found","message":"no call with id ${callId}"} (callspec's answer, in the vendor's shape, to a request about a call that no longer exists), and it did not reach the real vendor: ` +
        `callspec keeps a vendor host off the network in this process once a call has had callspec answer it. The call it belonged to had already passed, so nothing failed on it: ` +
        `check what the app does after the call ends (a timer, a late clean-up). Later requests like it are answered alike, without this notice.`,
    ])
  })
})
