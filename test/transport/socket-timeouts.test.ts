/**
 * An app's Node request timeout (`res.setTimeout(ms, cb)`, `req.setTimeout(ms, cb)`,
 * `server.setTimeout(ms)` / `server.timeout`) over the default in-memory transport. Before, the
 * in-memory socket's setTimeout() did nothing: the timeout never fired, the CRM the app waited on
 * answered at virtual 3.2 s, and the caller heard the CRM's greeting where production plays the
 * app's fallback at +2 s. Now the app's socket timeout runs on the call's clock, and Node's http
 * server does what it does on a real socket: 'timeout' on the request (while it is still being
 * read), the response and the server, or the connection destroyed when nobody listens.
 *
 * The CRM is mocked with nock, its latency an `await setTimeout(3000)` of node:timers/promises
 * (on the call's clock, as docs/time.md advises for testing an app's timeout path).
 */
import { createServer, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import express from 'express'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

afterEach(() => void nock.cleanAll())

const CRM = 'https://crm.acme.test'
const play = (text: string) => ({ action: 'PLAY', audio: [{ type: 'TTS', text }] })
const GENERIC = 'Hello, welcome to Acme.'
const PERSONAL = 'Welcome back, Ada.'
const LONG = 'Our opening hours have changed. '.repeat(6).trim()

/** The CRM answers after `ms` on the call's clock. */
const crmAnswersAfter = (ms: number) =>
  nock(CRM)
    .get('/customers/14155550100')
    .reply(async () => {
      await sleep(ms)
      return [200, { name: 'Ada' }]
    })

/** The CRM's greeting, or nothing when the lookup failed. */
async function crmGreeting(): Promise<string | undefined> {
  try {
    const response = await fetch(`${CRM}/customers/14155550100`)
    return `Welcome back, ${((await response.json()) as { name: string }).name}.`
  } catch {
    return undefined
  }
}

/**
 * A Webex Connect IVR whose ANSWERED handler arms a timeout with `arm` before it looks the caller
 * up; the CRM's answer, when it comes after the response went out, has nowhere to go.
 */
function acme(arm: (req: express.Request, res: express.Response) => void) {
  const app = express()
  app.use(express.json())
  app.post('/', async (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') {
      arm(req, res)
      const greeting = await crmGreeting()
      if (!res.headersSent) res.json(play(greeting ?? GENERIC))
      return
    }
    if (event === 'PLAYED') return void res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

const timerLines = (printed: string) =>
  printed
    .split('\n')
    .filter((line) => /· (app|mock) timer/.test(line))
    .map((line) => line.trim().replace(/\s+/g, ' '))

describe("an app's socket timeout runs on the call's clock over the in-memory transport", () => {
  it('res.setTimeout(2000, fallback): the caller hears the fallback at virtual +2 s, not the CRM that answers at 3 s', async () => {
    crmAnswersAfter(3_000)
    const app = acme((_req, res) => res.setTimeout(2_000, () => res.json(play(GENERIC))))
    const started = performance.now()
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed(GENERIC)
    expect(call).not.toHavePlayed(PERSONAL)
    expect(timerLines(call.print())[0]).toBe('2.2s · app timer 2 s → its answer to ANSWERED')
    expect(call.print()).not.toContain('still pending')
    expect(performance.now() - started).toBeLessThan(1_500)
  })

  it('res.setTimeout(2000, fallback) with a CRM that answers at 1 s: the CRM wins, and no timer is left pending', async () => {
    crmAnswersAfter(1_000)
    const app = acme((_req, res) => res.setTimeout(2_000, () => res.json(play(GENERIC))))
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed(PERSONAL)
    // The CRM mock's 1 s pause, not a timer of the app's (audit-93 #9).
    expect(timerLines(call.print())).toEqual(['1.2s · mock timer 1 s → its answer to ANSWERED'])
    expect(call.print()).not.toContain('still pending')
  })

  // Node's socketOnTimeout emits 'timeout' on the request only while it is still being read: a
  // webhook's body comes whole (as a small POST does over TCP), so the request is complete and the
  // callback never runs; with no listener on the response or the server, Node destroys the
  // connection (checked against a real socket: fetch fails with "other side closed" at +2 s).
  it('req.setTimeout(2000, cb): as in Node, the connection is destroyed at +2 s and cb never runs (the request is complete)', async () => {
    crmAnswersAfter(3_000)
    let called = false
    const app = acme((req, res) =>
      req.setTimeout(2_000, () => {
        called = true
        res.json(play(GENERIC))
      }),
    )
    const error = await callTo(app, { platform: 'webex-connect' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    expect(called).toBe(false)
    expect(error?.message).toMatch(/turn 2, expectAction\('PLAY'\): no answer to ANSWERED/)
    expect(error?.message).toContain('2.2s    · app timer 2 s')
    expect(error?.message).not.toContain(PERSONAL)
  })

  it("server.timeout = 2000 with res.on('timeout'): the fallback plays at +2 s", async () => {
    crmAnswersAfter(3_000)
    const server = createServer(acme((_req, res) => res.on('timeout', () => res.json(play(GENERIC)))))
    server.timeout = 2_000
    const call = await callTo(server, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed(GENERIC)
    expect(timerLines(call.print())[0]).toBe('2.2s · app timer 2 s → its answer to ANSWERED')
    expect(call.print()).not.toContain('still pending')
  })

  it('server.setTimeout(2000) with no listener: Node destroys the connection at +2 s, the platform gets no answer', async () => {
    crmAnswersAfter(3_000)
    const server = createServer(acme(() => {}))
    server.setTimeout(2_000)
    const error = await callTo(server, { platform: 'webex-connect' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    expect(error?.message).toMatch(/turn 2, expectAction\('PLAY'\): no answer to ANSWERED/)
    expect(error?.message).toContain('2.2s    · app timer 2 s')
  })

  it("server.setTimeout(2000, cb): the server's 'timeout' listener gets the socket at +2 s", async () => {
    crmAnswersAfter(3_000)
    const server = createServer(acme(() => {}))
    server.setTimeout(2_000, (socket) => {
      const res = (socket as unknown as { _httpMessage?: ServerResponse })._httpMessage
      res?.setHeader('content-type', 'application/json').end(JSON.stringify(play(GENERIC)))
    })
    const call = await callTo(server, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed(GENERIC)
    expect(timerLines(call.print())[0]).toBe('2.2s · app timer 2 s → its answer to ANSWERED')
  })
})

describe('without the app clock', () => {
  it('appClock: false: the socket timeout runs on real time, as the rest of the app\'s timers then do', async () => {
    nock(CRM).get('/customers/14155550100').delay(400).reply(200, { name: 'Ada' })
    const app = acme((_req, res) => res.setTimeout(50, () => res.json(play(GENERIC))))
    const call = await callTo(app, { platform: 'webex-connect', appClock: false }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed(GENERIC)
  })
})

describe("Node's keep-alive timeout is not the app's timer", () => {
  it('a quick answer under res.setTimeout and server.timeout: no pending-timer note, and the next calls reuse the connection', async () => {
    let connections = 0
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      res.setTimeout(2_000, () => res.json(play(GENERIC)))
      const { event } = req.body as { event: string }
      if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
      // A 10 s prompt: the connection idles in the pool past Node's keep-alive timeout.
      if (event === 'ANSWERED') return void res.json(play(LONG))
      if (event === 'PLAYED') return void res.json({ action: 'HANGUP' })
      res.end()
    })
    const server = createServer(app)
    server.on('connection', () => connections++)
    server.timeout = 3_000
    // Node arms keepAliveTimeout + 1 s on the socket after each response: 6 s by default.
    expect(server.keepAliveTimeout).toBe(5_000)
    for (let i = 0; i < 3; i++) {
      const call = await callTo(server, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed(LONG)
      expect(call.duration).toBeGreaterThan(8_000)
      expect(call.print()).not.toContain('app timer')
      expect(call.print()).not.toContain('still pending')
    }
    expect(connections).toBe(1)
  })

  it('with keepAliveTimeout 0 the app timeout is not left pending between calls either', async () => {
    const server = createServer(
      acme((_req, res) => {
        res.setTimeout(2_000, () => res.json(play(GENERIC)))
      }),
    )
    server.keepAliveTimeout = 0
    for (let i = 0; i < 2; i++) {
      crmAnswersAfter(500)
      const call = await callTo(server, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed(PERSONAL)
      expect(call.print()).not.toContain('still pending')
    }
  })
})
