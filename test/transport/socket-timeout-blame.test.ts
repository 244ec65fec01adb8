/**
 * audit-104 finding 6a: an app's own socket timeout (`server.timeout`, Fastify's
 * `connectionTimeout`, `req.setTimeout`, `res.setTimeout`, `req.socket.setTimeout`) fires while it
 * handles a webhook, nothing listens for 'timeout', and Node's HTTP server destroys the connection:
 * the verdict (no answer) is right, as in production. The failure said "the app closed it without
 * answering (res.destroy() or req.socket.destroy() in its handler?)", and added "Hint: the app
 * closed its connection right after answering" (the connection had answered the webhook before, on
 * keep-alive): the app never answered this one, and neither line named the timeout. Now the failure
 * names the timeout, when it fired, why Node closed the connection, and how to fix it.
 * Over real HTTP, in memory; the app's wait is on the call's clock (node:timers/promises).
 */
import { createServer } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import express from 'express'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const play = (text: string) => ({ action: 'PLAY', audio: [{ type: 'TTS', text }] })

/** A Webex Connect IVR that arms `arm` on ANSWERED, then takes 3 s (a slow lookup) before answering. */
function slowIvr(arm: (req: express.Request, res: express.Response) => void = () => {}) {
  const app = express()
  app.use(express.json())
  app.post('/', async (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') {
      arm(req, res)
      await sleep(3_000)
      if (!res.headersSent) res.json(play('Hello.'))
      return
    }
    if (event === 'PLAYED') return void res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

const HEAD = "[callspec] turn 2, expectAction('PLAY'): no answer to ANSWERED (POST http://app.callspec.local/): "
const DESTROYED = "before the app answered, and Node's HTTP server destroyed the connection because nothing listened for 'timeout': in production too, the platform gets no answer."
const NOT_AFTER_ANSWERING = 'Hint: the app closed its connection right after answering'
const flow = (target: Parameters<typeof callTo>[0]) => callTo(target, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
const headline = (error: Error) => error.message.split('\n')[0]

describe("an app's socket timeout that destroys the connection is named, never blamed on a close of the app's", () => {
  it('server.timeout = 1000', async () => {
    const server = createServer(slowIvr())
    server.timeout = 1_000
    const error = await failureOf(flow(server))
    expect(headline(error)).toBe(
      `${HEAD}the app's server.timeout of 1 s fired 1 s (virtual) after the webhook came, ${DESTROYED} ` +
        "Listen for 'timeout' and answer (res.setTimeout(ms, callback), res.on('timeout', …) or server.on('timeout', …)), or raise or remove the timeout (server.timeout = 0).",
    )
    expect(error.message).not.toContain(NOT_AFTER_ANSWERING)
    expect(error.message).not.toContain('res.destroy()')
  })

  it("Fastify's connectionTimeout: 1000", async () => {
    const fastify = Fastify({ connectionTimeout: 1_000 })
    fastify.post('/', async (req) => {
      const { event } = req.body as { event: string }
      if (event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event === 'ANSWERED') {
        await sleep(3_000)
        return play('Hello.')
      }
      return { action: 'HANGUP' }
    })
    const error = await failureOf(flow(fastify))
    expect(headline(error)).toBe(
      `${HEAD}the app's server.timeout of 1 s (Fastify's connectionTimeout) fired 1 s (virtual) after the webhook came, ${DESTROYED} ` +
        "Listen for 'timeout' and answer (reply.raw.on('timeout', …) or fastify.server.on('timeout', …)), or raise or remove the timeout (connectionTimeout: 0).",
    )
    expect(error.message).not.toContain(NOT_AFTER_ANSWERING)
  })

  it('req.setTimeout(2000, callback): the callback never runs, and the failure says why', async () => {
    let called = false
    const error = await failureOf(flow(slowIvr((req) => req.setTimeout(2_000, () => (called = true)))))
    expect(called).toBe(false)
    expect(headline(error)).toBe(
      `${HEAD}the app's request timeout of 2 s (req.setTimeout(2000)) fired 2 s (virtual) after the webhook came, ${DESTROYED} ` +
        "Its callback never ran: Node emits 'timeout' on the request only while the request is still arriving, and the webhook had come whole. " +
        'Answer from res.setTimeout(ms, callback) instead, or raise or remove the timeout.',
    )
    expect(error.message).not.toContain(NOT_AFTER_ANSWERING)
  })

  it('res.setTimeout(2000) with no callback', async () => {
    const error = await failureOf(flow(slowIvr((_req, res) => res.setTimeout(2_000))))
    expect(headline(error)).toBe(
      `${HEAD}the app's response timeout of 2 s (res.setTimeout(2000)) fired 2 s (virtual) after the webhook came, ${DESTROYED} ` +
        "Listen for 'timeout' and answer (res.setTimeout(ms, callback) or res.on('timeout', …)), or raise or remove the timeout.",
    )
    expect(error.message).not.toContain(NOT_AFTER_ANSWERING)
  })

  it("the app's own req.socket.setTimeout(1500)", async () => {
    const error = await failureOf(flow(slowIvr((req) => req.socket.setTimeout(1_500))))
    expect(headline(error)).toBe(
      `${HEAD}the app's socket timeout of 1.5 s (socket.setTimeout(1500)) fired 1.5 s (virtual) after the webhook came, ${DESTROYED} ` +
        "Listen for 'timeout' and answer (res.setTimeout(ms, callback) or res.on('timeout', …)), or raise or remove the timeout.",
    )
    expect(error.message).not.toContain(NOT_AFTER_ANSWERING)
  })

  it('headers sent, then the timeout: what came, then the timeout, "before the app finished its answer"', async () => {
    const server = createServer(
      slowIvr((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.flushHeaders()
      }),
    )
    server.timeout = 1_000
    const error = await failureOf(flow(server))
    expect(headline(error)).toBe(
      `${HEAD}the app sent HTTP 200 and 0 byte(s) of body, then the app's server.timeout of 1 s fired 1 s (virtual) after the webhook came, ` +
        "before the app finished its answer, and Node's HTTP server destroyed the connection because nothing listened for 'timeout': in production too, the platform gets no answer. " +
        "Listen for 'timeout' and answer (res.setTimeout(ms, callback), res.on('timeout', …) or server.on('timeout', …)), or raise or remove the timeout (server.timeout = 0).",
    )
  })
})

describe('"closed its connection right after answering" only when the app had answered', () => {
  it('res.destroy() on the second webhook, the first answered on the same connection: no such hint', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => ((req.body as { event: string }).event === 'ACCEPTED' ? res.json({ action: 'ANSWER' }) : res.destroy()))
    const error = await failureOf(flow(app))
    expect(headline(error)).toBe(
      `${HEAD}the connection closed before a response came back: the app closed it without answering (res.destroy() or req.socket.destroy() in its handler?)`,
    )
    expect(error.message).not.toContain(NOT_AFTER_ANSWERING)
  })
})
