import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure-of.js'
import { callTo, startPlatform } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/enablex-ivr/app.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { accepting, tts as enablexTts } from '../drivers/enablex/apps.js'

/** What the process had before any call: callspec must leave exactly these behind. */
const originals = () => ({
  fetch: globalThis.fetch,
  'http.request': http.request,
  'http.get': http.get,
  'https.request': https.request,
  'http.ClientRequest': http.ClientRequest,
  // undici's own request() and fetch() (the npm package) go through it. Node's own undici defines
  // it when it loads, on first use of fetch, Request and the like: loaded first, so it is there.
  "undici's global dispatcher": (void globalThis.Request, (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')]),
  setTimeout: globalThis.setTimeout,
  setInterval: globalThis.setInterval,
  setImmediate: globalThis.setImmediate,
  Date: globalThis.Date,
})

const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }

/** One real turn of the event loop (Node's own setImmediate, not a call's clock: no call is running). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe("callspec's interception and app clock are its own, and only while a call needs them", () => {
  it('patches fetch, http(s).request, undici\'s global dispatcher, the timers and Date during an intercepted call, and restores every one after', async () => {
    const before = originals()
    let during: ReturnType<typeof originals> | undefined
    const app = createIvrApp(exampleConfig())
    await callTo(app, { platform: 'enablex', vendor: credentials })
      .startedBy(async (ctx) => {
        during = originals()
        return ctx.fetch('/callbacks', { method: 'POST', body: { to: '14155550131' } })
      })
      .expectAction('make-call')
      .pressDigits('2')
      .expectAction('connect')
      .expectAction('recording')

    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      expect(during![key], `${key} during the call`).not.toBe(before[key])
    }
    expect(originals()).toEqual(before)
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(originals()[key], `${key} after the call`).toBe(before[key])
  })

  it('restores them after a failed call, and after a call against the loopback fake', async () => {
    const before = originals()
    const app = createIvrApp(exampleConfig())
    const error = await failureOf(callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('hangup'))
    expect(error.message).toMatch(/expected action hangup, got accept/)
    const platform = await startPlatform('enablex')
    try {
      await callTo(createIvrApp(exampleConfig(platform.url)), { platform: 'enablex', vendor: credentials, api: platform })
        .expectAction('accept')
        .expectAction('play')
        .pressDigits('1')
        .expectAction('play')
        .expectAction('hangup')
    } finally {
      await platform.close()
    }
    // That call only counted the app's requests (its API is the loopback fake): that layer goes once the event loop turns.
    await turn()
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(originals()[key], `${key} after the calls`).toBe(before[key])
  })

  it('keeps the counting layer for the next call until the event loop turns, passing requests between them through', async () => {
    const before = originals()
    const seen: string[] = []
    const crm = http.createServer((req, res) => {
      seen.push(req.url!)
      res.end('{"name":"Ann"}')
    })
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve))
    const { port } = crm.address() as AddressInfo
    const app = answering({ action: 'PLAY', audio: [tts('Hello.')] })
    const call = () => callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    try {
      await call()
      // Between two calls with no turn of the event loop: the counting wrapper is still callspec's, and passes the test's request on.
      const between = globalThis.fetch
      expect(between).not.toBe(before.fetch)
      const answer = fetch(`http://127.0.0.1:${port}/between`)
      await call()
      expect(await (await answer).json()).toEqual({ name: 'Ann' })
      expect(seen).toEqual(['/between'])
      await turn()
      for (const key of Object.keys(before) as (keyof typeof before)[]) expect(originals()[key], `${key} once the event loop turned`).toBe(before[key])
    } finally {
      crm.close()
    }
  })

  it("counts the app's requests that fail (a refused connection) as answered, so nothing waits for them", async () => {
    const express = (await import('express')).default
    const app = express()
    app.use(express.json())
    app.post('/event', (req, _res, next) => {
      // An analytics beacon to a host that is down: refused, with http.get and with fetch.
      if (req.body.state === 'incomingcall') {
        http.get('http://127.0.0.1:1/beacon').on('error', () => {})
        fetch('http://127.0.0.1:1/beacon').catch(() => {})
      }
      next()
    })
    app.use(createIvrApp(exampleConfig()))
    const started = performance.now()
    await callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('play').expectAction('hangup')
    // limits.appTimeoutMs is 5 s: a request counted in flight for ever would cost that at every step.
    expect(performance.now() - started).toBeLessThan(4_000)
  })

  it('a counting wrapper something wrapped over before it was taken off passes requests through after, noting nothing', async () => {
    const before = originals()
    await callTo(answering({ action: 'PLAY', audio: [tts('Hello.')] }), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    // The test's own wrapper over callspec's, between two calls: callspec cannot take its own out of that chain.
    const inner = globalThis.fetch
    globalThis.fetch = (input, init) => inner(input, init)
    try {
      await turn()
      // A port nothing listens on, as a wrong API base URL.
      const closed = http.createServer().listen(0, '127.0.0.1')
      await new Promise((resolve) => closed.once('listening', resolve))
      const { port } = closed.address() as AddressInfo
      await new Promise((resolve) => closed.close(resolve))
      const app = accepting(enablexTts('Press a key.', { dtmf: true, prompt_ref: 'menu' }), () => {}, { base: () => `http://127.0.0.1:${port}`, client: 'fetch' })
      const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept'))
      // Listed once: by the vendor layer's wrapper, not again by the counting one left inside the test's.
      expect(error.message.match(/• PUT http:\/\/127\.0\.0\.1:\d+\/voice\/v1\/call\/[0-9a-f-]+\/accept → failed/g)).toHaveLength(1)
    } finally {
      globalThis.fetch = before.fetch
    }
  })

  it('holds the patches while calls overlap, and lets go after the last one', async () => {
    const before = originals()
    const app = createIvrApp(exampleConfig())
    // Silent: these calls overlap on purpose; the once-per-process notice that they took turns is turns-notice.test.ts's.
    const flow = (seed: number) => callTo(app, { platform: 'enablex', vendor: credentials, seed, warnings: 'silent' }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('play').expectAction('hangup')
    const calls = await Promise.all([flow(1), flow(2), flow(3)])
    expect(calls.map((c) => c.actions.map((a) => a.name))).toEqual([0, 1, 2].map(() => ['accept', 'play', 'play', 'hangup']))
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(originals()[key], `${key} after the calls`).toBe(before[key])
  })
})
