/**
 * The timeout of a request made with Node's HTTP client (`http.get(url, { timeout })`,
 * `req.setTimeout(ms)`, an Agent's `timeout`) runs on the call's clock. Node arms it on the socket,
 * in real time: before, a stub whose latency is on the call's clock (3 s) answered at virtual +3 s
 * in no real time, the app's 1 s timeout never fired, and its fallback greeting was never heard
 * (audit-114 F4); a stub answering within the timeout must still be heard.
 */
import http, { type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import nock from 'nock'
import { setTimeout as sleep } from 'node:timers/promises'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { stubServer } from '../helpers/stub-server.js'
import { withoutNock } from '../helpers/without-nock.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

let latencyMs = 0
/** Where the CRM is: the stub server, or a host nock mocks. */
let crmBase: string | undefined
// The CRM sends nothing before its latency is over (a lookup), then the caller's name.
const stub = stubServer((_req, res) => void setTimeout(() => res.end(JSON.stringify({ name: 'Ada' })), latencyMs))

// Node's http client under nock's interceptor writes through a socket of nock's own: tried in a block of its own below.
withoutNock()

type Get = (url: string) => http.ClientRequest

/** The caller's name fetched with `get` (Node's http client), null when the request times out. */
const lookup = (get: Get) =>
  new Promise<string | null>((resolve) => {
    const req = get(`${crmBase ?? stub.url}/customer`)
    req.on('response', (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve((JSON.parse(text) as { name: string }).name))
    })
    req.on('timeout', () => {
      req.destroy()
      resolve(null)
    })
    req.on('error', () => resolve(null))
  })

/** Greets the caller by the name the CRM gives, or generically when the request times out. */
const greeter = (get: Get) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return (res: ServerResponse) => void lookup(get).then((name) => sendAction(res, { action: 'PLAY', audio: [tts(name ? `Hello ${name}.` : 'Hello, welcome to Acme.')] }))
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

const agent = new http.Agent({ keepAlive: true, timeout: 1_000 })
const clients: Record<string, Get> = {
  'http.get(url, { timeout })': (url) => http.get(url, { timeout: 1_000 }),
  'req.setTimeout(ms)': (url) => http.get(url).setTimeout(1_000),
  "an Agent's timeout": (url) => http.get(url, { agent }),
}
afterAll(() => agent.destroy())

/** A call greeting with `get` against the CRM answering in `ms` (virtual): the greeting, its delay after ANSWERED, the real ms it took. */
async function greet(get: Get, ms: number) {
  latencyMs = ms
  const started = performance.now()
  const call = await callTo(greeter(get), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
  const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
  return { call, delayMs: call.actions.find((a) => a.name === 'PLAY')!.at - answered.at, realMs: performance.now() - started }
}

describe.each(Object.entries(clients))("a request's timeout with %s runs on the call's clock", (_, get) => {
  requestTimeoutCases(get)
})

/**
 * Under nock's interceptor, the request's socket is nock's (no handle, so no bytes counted; the
 * stub reached through it). An Agent's `timeout` goes to the socket nock opens beneath it, which
 * carries no request of the app's, and stays on real time (docs/time.md).
 */
describe.each(Object.entries(clients).slice(0, 2))("a request's timeout with %s, under nock's interceptor", (_, get) => {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate()
  })
  afterAll(() => nock.restore())
  requestTimeoutCases(get)
})

/**
 * A host nock mocks, its latency on the call's clock (the reply function awaits a timer): nock's
 * socket connects only when the mock answers, and Node sets `req.setTimeout()`'s timeout on a
 * socket once it connects, so the mock's 3 s answer outran the app's 1 s timeout (audit-115; got's
 * `timeout.socket` goes through it). An Agent's `timeout` does not reach nock's socket at all.
 */
describe.each(Object.entries(clients).slice(0, 2))("a request's timeout with %s, to a host nock mocks", (_, get) => {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate()
    crmBase = 'http://crm.example.com'
    nock(crmBase)
      .get('/customer')
      .reply(async () => {
        await sleep(latencyMs)
        return [200, JSON.stringify({ name: 'Ada' })]
      })
      .persist()
  })
  afterAll(() => {
    crmBase = undefined
    nock.cleanAll()
    nock.restore()
  })
  requestTimeoutCases(get)
})

function requestTimeoutCases(get: Get) {
  it('a CRM answering in 3 s loses to the 1 s timeout at virtual +1 s, as in production, in no real second', async () => {
    const { call, delayMs, realMs } = await greet(get, 3_000)
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    expect(delayMs).toBe(1_000)
    expect(realMs).toBeLessThan(1_500)
  })

  it('a CRM answering in 300 ms beats it, and no timer of the request is left on the call', async () => {
    const { call, delayMs } = await greet(get, 300)
    expect(call).toHavePlayed('Hello Ada.')
    expect(delayMs).toBe(300)
    expect(call.print()).not.toMatch(/pending/)
  })
}

describe('a keep-alive socket carrying request after request', () => {
  it('15 calls, each with a timed request over the same socket: no listener left per request (MaxListenersExceededWarning)', async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      const sockets = new Set<unknown>()
      const get: Get = (url) => {
        const req = http.get(url, { agent: keepAlive, timeout: 1_000 })
        req.on('socket', (socket) => sockets.add(socket))
        return req
      }
      for (let i = 0; i < 15; i++) expect((await greet(get, 300)).call).toHavePlayed('Hello Ada.')
      // The same socket each time, or the test proves nothing.
      expect(sockets.size).toBe(1)
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings).toEqual([])
    } finally {
      process.off('warning', onWarning)
      keepAlive.destroy()
    }
  })
})

/**
 * A backend in another process taking 3 s of real time: the request holds the call's time (it has
 * no virtual latency), and its own 1 s timeout is the app's bound on that wait. It fires after 1 s
 * of real time, as Node's did, not after the 2 s callspec waits on an unanswered request (with
 * notes that it stopped waiting).
 */
describe.each(Object.entries(clients).slice(0, 2))("a request's timeout with %s, to a backend in another process", (_, get) => {
  const slow = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('{"name":"Ada"}'), 3000)).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
  beforeAll(() => {
    crmBase = `http://127.0.0.1:${slow.port()}`
  })
  afterAll(() => {
    crmBase = undefined
  })

  it('times out after 1 s of real time, the fallback played, no note that callspec stopped waiting', async () => {
    const { call, realMs } = await greet(get, 0)
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    // It did wait for the backend, in real time; and not the 2 s callspec waits on an unanswered
    // request, which says so in the transcript (a bound on the real time would flake under load).
    expect(realMs).toBeGreaterThan(950)
    expect(call.print()).not.toContain('no longer waits')
  })
})

describe('a short timeout against a stub on the call\'s clock', () => {
  it('a 10 ms timeout against a 50 ms stub fires at virtual +10 ms, every run, whatever real time the look took', async () => {
    const get: Get = (url) => http.get(url, { timeout: 10 })
    for (let i = 0; i < 5; i++) {
      const { call, delayMs } = await greet(get, 50)
      expect(call).toHavePlayed('Hello, welcome to Acme.')
      expect(delayMs).toBe(10)
    }
  })
})

/**
 * A backend in another process streaming its rows, a chunk every 400 ms for 3.2 s, read with a 1 s
 * idle timeout: production reads every row (each byte restarts Node's timer). Before (audit-116),
 * the timeout on the call's clock ran down with the real time the stream held and moved the clock
 * a second at a time, then fired between two chunks once callspec stopped holding time for the
 * stream (its 2 s patience): "timed out".
 */
describe('an idle timeout against a body streamed from another process', () => {
  // `/<n>`: n rows.
  const rows = serviceProcess(`require('node:http').createServer((q, s) => { s.writeHead(200); let i = 0; const t = setInterval(() => { s.write('row' + i + '\\n'); if (++i >= Number(q.url.slice(1))) { clearInterval(t); s.end() } }, 400) }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)
  const keepAlive = new http.Agent({ keepAlive: true })
  afterAll(() => keepAlive.destroy())
  const read = (n = 8) =>
    new Promise<string>((resolve) => {
      const req = http.get(`http://127.0.0.1:${rows.port()}/${n}`, { timeout: 1_000, agent: keepAlive }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve(`${text.split('\n').length - 1} rows`))
      })
      req.on('timeout', () => {
        req.destroy()
        resolve('timed out')
      })
      req.on('error', () => resolve('timed out'))
    })

  const reading = (text: () => Promise<string>) =>
    webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return (res: ServerResponse) => void text().then((said) => sendAction(res, { action: 'PLAY', audio: [tts(said)] }))
      return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    })

  it('reads all 8 rows, as Node does; no timer line for a timeout that never came due', async () => {
    const app = reading(() => read())
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('8 rows')
    // While callspec held time for the stream (2 s), no timer moved the clock.
    expect(call.print()).not.toMatch(/app timer 1 s ×/)
  }, 15_000)

  it('a 1.6 s stream holds the call\'s time on a connection whose last answer streamed past the patience: read before a 3 s guard, twice', async () => {
    const guarded = () => Promise.race([read(4), new Promise<string>((resolve) => setTimeout(() => resolve('guard'), 3_000))])
    // The first call leaves the keep-alive socket with an answer that streamed 3.2 s.
    await callTo(reading(() => read()), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    for (let i = 0; i < 2; i++) {
      const call = await callTo(reading(guarded), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed('4 rows')
    }
  }, 30_000)
})
