/**
 * A fetch-style app's Response (Hono, any `{ fetch(Request) }`) is written to the connection as it
 * comes: its status and headers, then each chunk its body's stream yields. So a body that stops or
 * fails part-way is said in the words an Express app's gets, never as callspec's own error
 * (audit-150: the whole body was read first, a failing one wrote a second status line, and the
 * ERR_HTTP_HEADERS_SENT that threw was left unhandled, blamed on the app and seen by vitest).
 */
import express from 'express'
import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/** The failure's first line: the turn, the step and what happened. */
const headline = (error: Error) => error.message.split('\n')[0]
const bytes = (text: string) => new TextEncoder().encode(text)
const json = { 'content-type': 'application/json' }

/** A fetch-style app: ANSWER to ACCEPTED, `answer()` to ANSWERED, an empty 200 to the rest. */
const fetchApp = (answer: () => Response) => ({
  async fetch(request: Request) {
    const { event } = (await request.json()) as { event: string }
    return event === 'ACCEPTED' ? Response.json({ action: 'ANSWER' }) : event === 'ANSWERED' ? answer() : new Response(null)
  },
})

/** A body that yields `first`, then (after a real wait of the app's: a timer) fails. */
const failingAfter = (first: string) => {
  let pulls = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pulls++ === 0) return controller.enqueue(bytes(first))
      await new Promise((resolve) => setTimeout(resolve, 5))
      controller.error(new Error('db cursor closed'))
    },
  })
}

const run = (app: Parameters<typeof callTo>[0], options: { transport?: 'memory' | 'tcp'; limits?: { responseTimeoutMs: number } } = {}) =>
  callTo(app, { platform: 'webex-connect', ...options }).expectAction('ANSWER').expectAction('PLAY')

// Every error Node would raise as unhandled while a test runs (vitest reports each as an error of the run).
const unhandled: unknown[] = []
const count = (error: unknown) => unhandled.push(error)
beforeEach(() => {
  unhandled.length = 0
  process.on('unhandledRejection', count)
  process.on('uncaughtExceptionMonitor', count)
})
afterEach(async () => {
  // A turn for anything left to be reported.
  await new Promise((resolve) => setTimeout(resolve, 20))
  process.off('unhandledRejection', count)
  process.off('uncaughtExceptionMonitor', count)
  expect(unhandled).toEqual([])
})

describe("a fetch-style app's body that fails after its first bytes went out", () => {
  it('in memory: says what came, then that the body failed, quoting the app\'s error', async () => {
    const app = fetchApp(() => new Response(failingAfter('{"action":"PL'), { headers: json }))
    const error = await failureOf(run(app))
    expect(error.message.split('\n').slice(0, 2)).toEqual([
      "[callspec] turn 2, expectAction('PLAY'): no answer to ANSWERED (POST http://app.callspec.local/): the app sent HTTP 200 and 13 byte(s) of body, then the stream of its Response body failed, and the connection closed there: Error: db cursor closed",
      expect.stringMatching(/^ {4}at Object\.pull \(.*fetch-app-bodies\.test\.ts:\d+:\d+\)$/),
    ])
    expect(error.message).not.toMatch(/serveFetchApp|writeFetchResponse|fetch-listener|ERR_HTTP_HEADERS_SENT|Cannot write headers/)
  })

  it('over TCP: the connection closed after what came, as for any app', async () => {
    const app = new Hono()
    app.post('/', async (c) => {
      const { event } = await c.req.json<{ event: string }>()
      if (event === 'ACCEPTED') return c.json({ action: 'ANSWER' })
      return new Response(failingAfter('{"action":"PL'), { headers: json })
    })
    const error = await failureOf(run(app, { transport: 'tcp' }))
    expect(headline(error)).toMatch(
      /^\[callspec\] turn 2, expectAction\('PLAY'\): no answer to ANSWERED \(POST http:\/\/127\.0\.0\.1:\d+\/\): the app sent HTTP 200 and 13 byte\(s\) of body, then the connection closed before the rest came \(did the app crash\?\)$/,
    )
  })

  it("the audit's Hono app (a chunk, then the error, in the stream's start): nothing of it can be read, so a 500 naming the app's error, as @hono/node-server answers", async () => {
    // controller.error() empties the stream's queue (the Streams standard), so the first read
    // already fails: no byte of the body exists, and the answer is the thrown error's 500.
    const app = new Hono()
    app.post('/', async (c) => {
      const { event } = await c.req.json<{ event: string }>()
      if (event === 'ACCEPTED') return c.json({ action: 'ANSWER' })
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(bytes('{"action":"PL'))
          controller.error(new Error('db cursor closed'))
        },
      })
      return new Response(body, { headers: json })
    })
    const error = await failureOf(run(app))
    expect(headline(error)).toBe(
      // The plain-text page's error leads (newcomer audit N4).
      "[callspec] turn 2, expectAction('PLAY'): the app answered ANSWERED with HTTP 500: Error: db cursor closed",
    )
    expect(error.message).toMatch(/Response received: HTTP 500 \(text\/plain\)\nError: db cursor closed\n {4}at Object\.start \(.*fetch-app-bodies\.test\.ts:\d+:\d+\)\n/)
    expect(error.message).not.toMatch(/serveFetchApp|writeFetchResponse|fetch-listener|ERR_HTTP_HEADERS_SENT|Cannot write headers/)
  })
})

describe("a fetch-style app's body that never ends", () => {
  const partial = '{"action":"PLAY",'
  const expected =
    "[callspec] turn 2, expectAction('PLAY'): no answer to ANSWERED (POST http://app.callspec.local/): no complete answer within 300 ms (limits.responseTimeoutMs): the app sent HTTP 200 and 17 byte(s) of body, then the rest did not come."

  it('says what came, then that the rest did not, as for an Express app; the stream is cancelled', async () => {
    let cancelled = false
    const app = fetchApp(
      () =>
        new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(bytes(partial)),
            cancel: () => void (cancelled = true),
          }),
          { headers: json },
        ),
    )
    const error = await failureOf(run(app, { limits: { responseTimeoutMs: 300 } }))
    expect(headline(error)).toBe(expected)
    expect(cancelled).toBe(true)

    const expressApp = express()
    expressApp.use(express.json())
    expressApp.post('/', (req, res) => {
      if ((req.body as { event: string }).event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
      res.setHeader('content-type', 'application/json')
      res.write(partial)
    })
    expect(headline(await failureOf(run(expressApp, { limits: { responseTimeoutMs: 300 } })))).toBe(expected)
  })
})

describe("a fetch-style app's answers that do come", () => {
  it('a body streamed in pieces, over time, is read whole', async () => {
    const pieces = ['{"action":"PLAY",', '"audio":[{"type":"TTS",', '"text":"Hello."}]}']
    const app = fetchApp(() => {
      let i = 0
      return new Response(
        new ReadableStream({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5))
            if (i < pieces.length) controller.enqueue(bytes(pieces[i++]!))
            else controller.close()
          },
        }),
        { headers: json },
      )
    })
    const call = await run(app)
    const answers = call.transcript.entries.flatMap((entry) => (entry.kind === 'event' && entry.response ? [entry.response.body] : []))
    expect(answers[1]).toBe(pieces.join(''))
  })

  it("a handler that throws is a 500 with the app's error, no frame of callspec's in it", async () => {
    const app = fetchApp(() => {
      throw new RangeError('handler blew up')
    })
    const error = await failureOf(run(app))
    expect(error.message).toMatch(/Response received: HTTP 500 \(text\/plain\)\nRangeError: handler blew up\n {4}at /)
    expect(error.message).not.toMatch(/serveFetchApp|writeFetchResponse|fetch-listener/)
  })
})
