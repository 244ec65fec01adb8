import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'

/** The Webex answer for each event, as a framework route returns it. */
const answerFor = (event: string) =>
  event === 'ACCEPTED'
    ? { action: 'ANSWER' }
    : event === 'ANSWERED'
      ? { action: 'PLAY', audio: [tts('Hello.')] }
      : event === 'PLAYED'
        ? { action: 'HANGUP' }
        : {}

const run = (target: Parameters<typeof callTo>[0], options: { transport?: 'memory' | 'tcp' } = {}) =>
  callTo(target, { platform: 'webex-connect', webhookPath: '/voice', ...options }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')

describe('every common app shape is accepted over real HTTP', () => {
  it('a Koa app (served through app.callback())', async () => {
    const app = new Koa()
    const hosts: string[] = []
    app.use(async (ctx) => {
      const body = await new Promise<string>((resolve) => {
        let text = ''
        ctx.req.on('data', (c) => (text += c)).on('end', () => resolve(text))
      })
      hosts.push(ctx.host)
      ctx.body = answerFor((JSON.parse(body) as { event: string }).event)
    })
    const call = await run(app)
    expect(call).toHavePlayed('Hello.')
    expect(hosts[0]).toBe('app.callspec.local')
  })

  it('a Fastify instance that is not ready yet: callspec awaits ready()', async () => {
    const app = Fastify()
    app.post('/voice', async (req) => answerFor((req.body as { event: string }).event))
    const call = await run(app)
    expect(call).toHavePlayed('Hello.')
    await app.close()
  })

  it('fastify.server once the instance is ready', async () => {
    const app = Fastify()
    app.post('/voice', async (req) => answerFor((req.body as { event: string }).event))
    await app.ready()
    await run(app.server)
    await app.close()
  })

  it('an Express app', async () => {
    const app = express()
    app.use(express.json())
    app.post('/voice', (req, res) => void res.json(answerFor((req.body as { event: string }).event)))
    expect(await run(app)).toHavePlayed('Hello.')
  })

  it('in memory by default: the app sees real HTTP objects, and no port is opened', async () => {
    const seen: IncomingMessage[] = []
    const listener = answering({ action: 'PLAY', audio: [tts('Goodbye.')] })
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(req)
      listener(req, res)
    })
    const call = await run(server)
    expect(server.listening).toBe(false)
    expect(seen[0]!.headers.host).toBe('app.callspec.local')
    expect(seen[0]!.socket).not.toBeInstanceOf(Socket)
    expect(call.transcript.entries[0]).toMatchObject({ request: { url: 'http://app.callspec.local/voice' } })
  })

  it("transport: 'tcp' keeps a listening server's own sockets", async () => {
    const sockets: unknown[] = []
    const listener = answering({ action: 'PLAY', audio: [tts('Goodbye.')] })
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      sockets.push(req.socket)
      listener(req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const call = await run(server, { transport: 'tcp' })
    expect(sockets[0]).toBeInstanceOf(Socket)
    expect(call.transcript.entries[0]).toMatchObject({ request: { url: `http://127.0.0.1:${port}/voice` } })
    expect(server.listening).toBe(true)
    await new Promise((resolve) => server.close(resolve))
  })
})

describe('an app that throws while handling a request fails its turn, not the test run', () => {
  it('fastify.server before ready(): the crash inside Fastify is reported on turn 1, what to do said first, before its stack', async () => {
    const app = Fastify()
    app.post('/voice', async () => ({ action: 'ANSWER' }))
    const error = await failureOf(callTo(app.server, { platform: 'webex-connect', webhookPath: '/voice' }).expectAction('ANSWER'))
    expect(error.message.split('\n').slice(0, 3)).toEqual([
      "[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://app.callspec.local/voice): the app threw while handling the request: this is a Fastify instance's server (fastify.server), and Fastify throws so when its instance is not ready: pass the instance itself, callTo(fastify, …), and callspec awaits fastify.ready(); or await fastify.ready() first.",
      "Fastify's error: TypeError: Cannot read properties of undefined (reading 'length')",
      expect.stringMatching(/^ {4}at .*[\\/]fastify[\\/]lib[\\/]/),
    ])
    // As the audit's newcomer wrote it: the route at '/', no webhookPath; and as the message says, the instance itself passes.
    const root = Fastify()
    root.post('/', async () => ({ action: 'ANSWER' }))
    const atRoot = await failureOf(callTo(root.server, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(atRoot.message.split('\n')[0]).toContain("(POST http://app.callspec.local/): the app threw while handling the request: this is a Fastify instance's server (fastify.server)")
    await callTo(root, { platform: 'webex-connect' }).expectAction('ANSWER')
    await root.close()
  })

  it("a throw that did not come from Fastify's own files, on a server that looks like Fastify's: the hint after the stack, as a maybe", async () => {
    // Fastify's request listener is told by its name (preRouting).
    const server = createServer(function preRouting() {
      throw new RangeError('handler blew up')
    })
    const error = await failureOf(callTo(server, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://app.callspec.local/): the app threw while handling the request: RangeError: handler blew up",
    )
    expect(error.message).toContain(
      "\nThis is a Fastify instance's server: if it was not ready, pass the instance itself, callTo(fastify, …), and callspec awaits fastify.ready(); or await fastify.ready() first.\n",
    )
  })

  it('a request listener that throws synchronously', async () => {
    const app = () => {
      throw new RangeError('handler blew up')
    }
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message).toContain('no answer to ACCEPTED (POST http://app.callspec.local/): the app threw while handling the request: RangeError: handler blew up')
  })
})

describe('shapes callspec cannot drive fail at once, naming what was passed and what to pass', () => {
  it('a Nest application that was not initialised', () => {
    const nest = { getHttpServer: () => createServer(), listen: () => {}, isInitialized: false }
    expect(() => callTo(nest, { platform: 'webex-connect' })).toThrow(
      '[callspec] callTo() got a Nest application that is not initialised: its routes are not registered yet. Call `await app.init()` first, then callTo(app, …).',
    )
  })

  it('an Express router, which needs an app around it', () => {
    const router = express.Router()
    router.post('/voice', (req, res) => void res.json(answerFor((req.body as { event: string }).event)))
    // Typed, a router is refused at compile time (it needs a third argument); this is what JavaScript gets.
    expect(() => callTo(router as never, { platform: 'webex-connect' })).toThrow(
      "[callspec] callTo() got an Express router (express.Router()), not an app: a router needs an app around it (res.json(), req.body, a 404 for paths it has no route for). Mount it, as your server does: `const app = express(); app.use(express.json()); app.use(router)`, then callTo(app, …).",
    )
    // Mounted, as the message says, it runs.
    const app = express()
    app.use(express.json())
    app.use(router)
    return expect(run(app)).resolves.toBeDefined()
  })

  it('an object that only has listen()', () => {
    expect(() => callTo({ listen() {}, port: 3000 } as never, { platform: 'webex-connect' })).toThrow(
      '[callspec] callTo() got an object with keys listen, port, which has listen() but is neither a request listener nor an http.Server callspec can drive. Pass an Express/Nest-style request listener, a Koa app, a Fastify instance, an http.Server, an app with fetch(Request) (Hono), or a base URL string.',
    )
  })

  it('a plain object, null, or a Promise of an app', () => {
    expect(() => callTo({ routes: [] } as never, { platform: 'webex-connect' })).toThrow(
      '[callspec] callTo() needs an app or a base URL, got an object with keys routes. Pass an Express/Nest-style',
    )
    expect(() => callTo(null as never, { platform: 'webex-connect' })).toThrow('[callspec] callTo() needs an app or a base URL, got null.')
    expect(() => callTo(Promise.resolve(1) as never, { platform: 'webex-connect' })).toThrow(
      '[callspec] callTo() needs an app or a base URL, got a Promise with no own keys.',
    )
  })
})
