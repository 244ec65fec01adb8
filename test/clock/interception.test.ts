import http from 'node:http'
import https from 'node:https'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure-of.js'
import { callTo, startPlatform } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/enablex-ivr/app.js'

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
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(originals()[key], `${key} after the calls`).toBe(before[key])
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
