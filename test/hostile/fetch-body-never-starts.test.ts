/**
 * A fetch-style app (Hono, any `{ fetch(Request) }`) whose Response body never yields a first
 * chunk: a stream waiting on a cursor, a queue or a lock that never comes. @hono/node-server sends
 * the status and headers at once when the first chunk is not ready, then waits for the body, so the
 * platform sees an answer that began and stopped. callspec held the head back until the first chunk
 * and said "the app never answered", with a hint meant for Express handlers that forget res.end()
 * (audit h177).
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from './harness.js'

const json = { 'content-type': 'application/json' }
/** A body whose first pull never settles. */
const neverStarts = () => new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}) })

const limits = { responseTimeoutMs: 600 }

describe('a fetch-style app whose Response body never yields its first chunk', () => {
  it.each(['memory', 'tcp'] as const)('the answer began: HTTP 200 and 0 bytes, then the rest did not come (%s)', async (transport) => {
    await contained(3_000, async () => {
      const app = { fetch: () => new Response(neverStarts(), { headers: json }) }
      const error = await failureOf(callTo(app, { platform: 'webex-connect', transport, limits, warnings: 'silent' }).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toMatch(
        /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/[^)]+\/\): no complete answer within 600 ms \(limits\.responseTimeoutMs\): the app sent HTTP 200 and 0 byte\(s\) of body, then the rest did not come\.$/,
      )
      expect(error.message).not.toMatch(/never answered|return without answering/)
    })
  })

  it('Hono, on 8x8: the same', async () => {
    await contained(3_000, async () => {
      const app = new Hono()
      app.post('/', () => new Response(neverStarts(), { status: 200, headers: json }))
      const error = await failureOf(callTo(app, { platform: '8x8', webhookPath: '/', limits, warnings: 'silent' }).expectAction('say'))
      expect(error.message.split('\n')[0]).toContain('no answer to CALL_ACTION (POST http://app.callspec.local/): no complete answer within 600 ms (limits.responseTimeoutMs): the app sent HTTP 200 and 0 byte(s) of body, then the rest did not come.')
    })
  })

  it('a body that fails before its first byte is still answered 500 with the error, as a throw is', async () => {
    await contained(3_000, async () => {
      const failing = new ReadableStream<Uint8Array>({ start: (c) => c.error(new Error('cursor gone')) })
      const app = { fetch: () => new Response(failing, { headers: json }) }
      const error = await failureOf(callTo(app, { platform: 'webex-connect', limits, warnings: 'silent' }).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: Error: cursor gone")
    })
  })
})
