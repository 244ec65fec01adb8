/**
 * Hostile servers, transport side: each behaviour against each way of reaching the app, ending
 * in a failure that names the turn and what came back, within a bound, with no unhandled
 * rejection and no socket or server left open.
 */
import { createServer, type RequestListener, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'
import { openHandles, settledHandles } from '../transport/handles.js'

interface Behaviour {
  name: string
  /** How the app answers ACCEPTED. */
  answer: (res: ServerResponse) => void
  limits?: { responseTimeoutMs?: number; maxBodyBytes?: number }
  message: RegExp
  /** The message by URL, where it differs: callspec cannot see that app at work. */
  byUrl?: RegExp
  /** Real ms the failure may take. */
  withinMs: number
}

const pumpBytes = (res: ServerResponse, total: number) => {
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  let sent = 0
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length
      if (!res.write(chunk)) return void res.once('drain', pump)
    }
    if (!res.destroyed) res.end()
  }
  pump()
}

const behaviours: Behaviour[] = [
  {
    name: 'drips one byte every 100 ms',
    answer: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 100)
      res.on('close', () => clearInterval(timer))
    },
    limits: { responseTimeoutMs: 500 },
    message: /no complete answer within 500 ms \(limits\.responseTimeoutMs\): the app sent HTTP 200 and \d+ byte\(s\) of body, then the rest did not come\./,
    withinMs: 4_000,
  },
  {
    name: 'never sends headers',
    answer: () => {},
    limits: { responseTimeoutMs: 300 },
    message: /no complete answer within 300 ms \(limits\.responseTimeoutMs\): the app never answered\./,
    byUrl: /: the app had not answered within callspec's wait of 300 ms \(limits\.responseTimeoutMs; raise it, and the test's timeout, to wait longer\)\./,
    withinMs: 4_000,
  },
  {
    name: 'answers 200 MB',
    answer: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      pumpBytes(res, 200 * 1024 * 1024)
    },
    limits: { maxBodyBytes: 512 * 1024 },
    message: /the answer to turn 1 \(ACCEPTED, POST http:\/\/[^)]+\) exceeded 524288 bytes \(limits\.maxBodyBytes\): more than that arrived/,
    withinMs: 5_000,
  },
  {
    name: 'declares a content-length over the cap',
    answer: (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) })
      res.write('{')
    },
    limits: { maxBodyBytes: 1024 },
    message: /exceeded 1024 bytes \(limits\.maxBodyBytes\): its content-length is 314572800/,
    withinMs: 4_000,
  },
  {
    name: 'resets the connection before headers',
    answer: (res) => res.socket?.destroy(),
    message: /the connection closed before a response came back(: the app closed it without answering| \(127\.0\.0\.1:\d+ still accepts connections)|connection was reset/,
    withinMs: 4_000,
  },
  {
    name: 'resets mid-body',
    answer: (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"action":')
      setImmediate(() => res.socket?.destroy())
    },
    message: /no answer to ACCEPTED \(POST http:\/\/[^)]+\): .*(closed|reset|terminated)/,
    withinMs: 4_000,
  },
  {
    name: 'breaks chunked encoding',
    answer: (res) => {
      res.socket?.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n')
      res.socket?.destroy()
    },
    message: /no answer to ACCEPTED \(POST http:\/\/[^)]+\): /,
    withinMs: 4_000,
  },
]

/** Ways to reach the app: in memory (default), loopback TCP, and by URL. */
const reaches = {
  'in memory': async (listener: RequestListener) => ({ target: listener as Parameters<typeof callTo>[0], options: {}, close: async () => {} }),
  'tcp': async (listener: RequestListener) => ({ target: listener as Parameters<typeof callTo>[0], options: { transport: 'tcp' as const }, close: async () => {} }),
  'by URL': async (listener: RequestListener) => {
    const server = createServer(listener)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
      target: `http://127.0.0.1:${(server.address() as AddressInfo).port}` as Parameters<typeof callTo>[0],
      options: {},
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    }
  },
}

const rejections: unknown[] = []
const onRejection = (reason: unknown) => rejections.push(reason)
beforeEach(() => void process.on('unhandledRejection', onRejection))
afterEach(() => {
  process.off('unhandledRejection', onRejection)
  expect(rejections.splice(0)).toEqual([])
})

describe.each(Object.entries(reaches))('hostile answers, app reached %s', (how, reach) => {
  it.each(behaviours)('$name', async ({ answer, limits, message, byUrl, withinMs }) => {
    const before = openHandles()
    const app = await reach(webexApp((event) => (event.event === 'ACCEPTED' ? answer : undefined)))
    const started = performance.now()
    const error = await failureOf(callTo(app.target, { platform: 'webex-connect', seed: 11, limits, ...app.options }).expectAction('ANSWER'))
    expect(performance.now() - started).toBeLessThan(withinMs)
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): /)
    expect(error.message).toMatch(how === 'by URL' ? (byUrl ?? message) : message)
    expect(error.message).toContain('Replay this exact call with { seed: 11 }.')
    await app.close()
    expect(await settledHandles(before)).toEqual(before)
  })
})

describe('hostile targets', () => {
  it('connection refused (nothing listens)', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const started = performance.now()
    const error = await failureOf(callTo(`http://127.0.0.1:${port}`, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(performance.now() - started).toBeLessThan(4_000)
    // "any more: did the app crash?" when an earlier server in this worker answered on the same port
    // (callspec remembers the origins that answered; the system can hand a port out again: one Node 24
    // clean-clone run).
    expect(error.message).toMatch(new RegExp(`nothing listens at 127\\.0\\.0\\.1:${port}(: is the app running\\?| any more: did the app crash\\?) \\(connection refused\\)`))
  })

  it('a listener that throws: reported on the turn, never an uncaught exception', async () => {
    const error = await failureOf(
      callTo(
        () => {
          throw new TypeError('x is undefined')
        },
        { platform: 'webex-connect' },
      ).expectAction('ANSWER'),
    )
    expect(error.message).toContain('the app threw while handling the request: TypeError: x is undefined')
  })

  it.each([
    ['a number', 3000, 'got number. Did you pass the port instead of `http://127.0.0.1:3000`?'],
    ['an empty object', {}, 'got an object with no own keys.'],
    ['a string that is not a URL', 'localhost:3000', 'is not an http(s) URL'],
    ['undefined', undefined, 'got undefined.'],
  ])('%s as the target fails at once', (_name, target, said) => {
    expect(() => callTo(target as never, { platform: 'webex-connect' })).toThrow(said)
  })
})
