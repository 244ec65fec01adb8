/**
 * Outbound calls at once to one dialer app: each waiting call is handed the make-call request its
 * own startedBy() trigger caused, never the other's. Audit G6: a dialer whose first customer's
 * lookup was slower placed the second call first, the first waiting call took it, and both calls
 * failed (`expected "Reminder for +14155550101.", got "Reminder for +14155550102."`).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const ADA = '+14155550101'
const BOB = '+14155550102'
const CUSTOMERS: Record<string, string> = { ada: ADA, bob: BOB }
const W = { platform: 'webex-connect', webhookPath: '/events', warnings: 'silent' } as const

const readJson = async (req: IncomingMessage): Promise<Record<string, string>> => {
  let body = ''
  for await (const chunk of req) body += chunk
  return body ? JSON.parse(body) : {}
}

/**
 * A reminder dialer: POST /call-me with `{ to }` or `{ customer }` places a call to that number
 * through `api`; Ada's CRM lookup takes 300 ms of real time, so Bob's call is placed first.
 * `refused`: a number whose make-call the app sends without its callerId (a bug in one branch), which the fake API refuses.
 */
function dialer(api: () => string, refused?: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const msg = await readJson(req)
    if (req.url === '/call-me') {
      const to = msg.to ?? CUSTOMERS[msg.customer!]!
      if (to === ADA) await new Promise((resolve) => setTimeout(resolve, 300))
      const placed = await fetch(`${api()}/v1/voice/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'key', 'idempotency-key': `${to}-${Math.random()}` },
        body: JSON.stringify({ ...(to !== refused && { callerId: '+14155550199' }), dialedNumber: to, callbackUrl: `http://${req.headers.host}/events` }),
      })
      res.writeHead(placed.status, { 'content-type': 'application/json' })
      return res.end(await placed.text())
    }
    const action =
      msg.event === 'ANSWERED' ? { action: 'PLAY', audio: [{ type: 'TTS', text: `Reminder for ${msg.dialedNumber}.` }] } : msg.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    res.writeHead(200, { 'content-type': action ? 'application/json' : 'text/plain' })
    res.end(action ? JSON.stringify(action) : '')
  }
}

/** A call the trigger starts with `body`, expected to remind `to`. */
const reminder = (target: Parameters<typeof callTo>[0], options: object, body: object, to: string) =>
  callTo(target, { ...W, ...options })
    .startedBy((app) => app.fetch('/call-me', { method: 'POST', body }))
    .expectAction('PLAY', { audio: [{ text: `Reminder for ${to}.` }] })
    .expectHangup()

describe('outbound calls at once, in process (appClock: false)', () => {
  const app = dialer(() => 'https://api.us.webexconnect.io')
  const inProcess = { appClock: false }

  it("each call claims the make-call request its own trigger caused, though the trigger's body names no number", async () => {
    const [ada, bob] = await Promise.all([reminder(app, inProcess, { customer: 'ada' }, ADA), reminder(app, inProcess, { customer: 'bob' }, BOB)])
    expect([ada.transcript.header.parties.to, bob.transcript.header.parties.to]).toEqual([ADA, BOB])
  })

  it("on the app's clock (the default), where the calls take turns: the call whose trigger has run claims it", async () => {
    const onClock = { warnings: 'silent' }
    const [ada, bob] = await Promise.all([reminder(app, onClock, { customer: 'ada' }, ADA), reminder(app, onClock, { customer: 'bob' }, BOB)])
    expect([ada.transcript.header.parties.to, bob.transcript.header.parties.to]).toEqual([ADA, BOB])
  })
})

describe('outbound calls at once, to an app by URL', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let server: http.Server
  let url: string
  beforeAll(async () => {
    platform = await startPlatform('webex-connect')
    server = http.createServer(dialer(() => platform.url))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.close()
    await platform.close()
  })
  const byUrl = () => ({ api: platform })

  it("each call claims the make-call request whose number its own trigger's body named", async () => {
    const [ada, bob] = await Promise.all([reminder(url, byUrl(), { to: ADA }, ADA), reminder(url, byUrl(), { to: BOB }, BOB)])
    expect([ada.transcript.header.parties.to, bob.transcript.header.parties.to]).toEqual([ADA, BOB])
  })

  it('fails both calls, saying why and naming toNumber(), when nothing tells whose request it is', async () => {
    const [ada, bob] = await Promise.all([failureOf(reminder(url, byUrl(), { customer: 'ada' }, ADA)), failureOf(reminder(url, byUrl(), { customer: 'bob' }, BOB))])
    for (const error of [ada, bob]) {
      expect(error.message).toContain(
        `2 calls waited for the app's make-call request (POST /v1/voice/calls) when one came dialling ${BOB}, and callspec could not tell which call's startedBy() trigger caused it: ` +
          `it came with no trigger's async context (the app is reached over a socket, by URL or with transport: 'tcp', or placed the call outside the trigger's handling), ` +
          `and no trigger's request named the number it dials. ` +
          `Pin each call's number with .toNumber(), as .toNumber('${BOB}'): each call then claims the request that dials its number.`,
      )
    }
  })

  it('toNumber() pins each call to the request that dials its number', async () => {
    const pinned = (customer: string, to: string) =>
      callTo(url, { ...W, ...byUrl() })
        .toNumber(to)
        .startedBy((app) => app.fetch('/call-me', { method: 'POST', body: { customer } }))
        .expectAction('PLAY', { audio: [{ text: `Reminder for ${to}.` }] })
        .expectHangup()
    const [ada, bob] = await Promise.all([pinned('ada', ADA), pinned('bob', BOB)])
    expect([ada.transcript.header.parties.to, bob.transcript.header.parties.to]).toEqual([ADA, BOB])
  })
})

/**
 * A make-call request the fake API refuses (Bob's, sent without a callerId) while two calls wait: it
 * is the call's its trigger caused, found as an accepted request's is, and where nothing tells the
 * calls apart each fails, saying so. Measured before (helper-161): the refusal failed
 * the oldest waiting call (Ada's), whose trigger had not sent it, and Bob's call then took Ada's
 * request and failed on "Reminder for +14155550101.".
 */
describe("a refused make-call request while two calls wait: the call it is for fails, by an accepted request's rule", () => {
  const refusal = "Webex Connect rejected the app's make-call request: HTTP 400"

  it("in process: the call whose trigger's handling sent it fails, and the other goes on", async () => {
    const app = dialer(() => 'https://api.us.webexconnect.io', BOB)
    const inProcess = { appClock: false }
    const [ada, bob] = await Promise.allSettled([reminder(app, inProcess, { customer: 'ada' }, ADA), reminder(app, inProcess, { customer: 'bob' }, BOB)])
    expect(ada.status).toBe('fulfilled')
    expect(bob.status).toBe('rejected')
    expect(((bob as PromiseRejectedResult).reason as Error).message).toContain(refusal)
  })

  describe('to an app by URL', () => {
    let platform: Awaited<ReturnType<typeof startPlatform>>
    let server: http.Server
    let url: string
    beforeAll(async () => {
      platform = await startPlatform('webex-connect')
      server = http.createServer(dialer(() => platform.url, BOB))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      server.close()
      await platform.close()
    })

    it("the call whose trigger's body named the number fails with the refusal; the other claims its own request", async () => {
      const [ada, bob] = await Promise.allSettled([reminder(url, { api: platform }, { to: ADA }, ADA), reminder(url, { api: platform }, { to: BOB }, BOB)])
      expect(ada.status).toBe('fulfilled')
      expect((ada as PromiseFulfilledResult<{ transcript: { header: { parties: { to: string } } } }>).value.transcript.header.parties.to).toBe(ADA)
      const message = ((bob as PromiseRejectedResult).reason as Error).message
      expect(message).toContain(refusal)
      expect(message).toContain(`Request body: {"dialedNumber":"${BOB}"`)
      expect(message).not.toContain('could not tell')
    })

    it('toNumber() pins the refusal to the call that dials its number', async () => {
      const pinned = (customer: string, to: string) =>
        callTo(url, { ...W, api: platform })
          .toNumber(to)
          .startedBy((app) => app.fetch('/call-me', { method: 'POST', body: { customer } }))
          .expectAction('PLAY', { audio: [{ text: `Reminder for ${to}.` }] })
          .expectHangup()
      const [ada, bob] = await Promise.allSettled([pinned('ada', ADA), pinned('bob', BOB)])
      expect(ada.status).toBe('fulfilled')
      expect(((bob as PromiseRejectedResult).reason as Error).message).toContain(refusal)
    })

    it('nothing tells them apart: both calls fail with the refusal, each saying it could be either and naming toNumber()', async () => {
      const [ada, bob] = await Promise.all([failureOf(reminder(url, { api: platform }, { customer: 'ada' }, ADA)), failureOf(reminder(url, { api: platform }, { customer: 'bob' }, BOB))])
      for (const error of [ada, bob]) {
        expect(error.message).toContain(refusal)
        expect(error.message).toContain(
          `\n2 calls waited for the app's make-call request (POST /v1/voice/calls) when this refused one came dialling ${BOB}, and callspec could not tell which call's startedBy() trigger caused it: ` +
            `it came with no trigger's async context (the app is reached over a socket, by URL or with transport: 'tcp', or placed the call outside the trigger's handling), ` +
            `and no trigger's request named the number it dials. ` +
            `Pin each call's number with .toNumber(), as .toNumber('${BOB}'): each call then claims the request that dials its number. ` +
            'callspec does not guess: each call it could be fails with the refusal, not the oldest alone.',
        )
      }
    })
  })
})
