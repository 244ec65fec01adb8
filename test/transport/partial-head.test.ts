/**
 * audit-81 finding 4: an app that sent part of its status line or headers, then stalled (or
 * trickled them a byte at a time), failed as "the app never answered", which sends the reader
 * looking for a handler that never ran. Now the failure says the answer began and its headers
 * did not finish. Driven over real HTTP: a raw `net` server by URL, as the audit's fixture.
 */
import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n'
let server: Server
let origin: string
const sockets = new Set<Socket>()
const timers = new Set<NodeJS.Timeout>()

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.once('data', (request) => {
      const path = /^POST (\S+)/.exec(String(request))?.[1]
      // Part of the status line and headers, then nothing.
      if (path === '/stalled') socket.write(HEAD.slice(0, 24))
      // The head a byte every 100 ms: it has not finished when the wait ends.
      if (path === '/trickled') {
        let sent = 0
        const drip = setInterval(() => socket.write(HEAD[sent++] ?? ''), 100)
        timers.add(drip)
      }
      // Nothing at all: callspec's wait runs out.
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  for (const timer of timers) clearInterval(timer)
  for (const socket of sockets) socket.destroy()
  return new Promise((resolve) => server.close(resolve))
})

const call = (webhookPath: string) =>
  failureOf(callTo(origin, { platform: 'webex-connect', webhookPath, limits: { responseTimeoutMs: 500 }, warnings: 'silent' }).expectAction('ANSWER'))
const headline = (error: Error) => error.message.split('\n')[0]

describe('an answer whose status line or headers began, then stopped', () => {
  it('part of the head, then nothing: the answer began, its headers did not finish', async () => {
    expect(headline(await call('/stalled'))).toBe(
      `[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST ${origin}/stalled): no complete answer within 500 ms (limits.responseTimeoutMs): the app began an answer (its status line started to come), then its headers did not finish.`,
    )
  })

  it('the head a byte at a time: the same, never "never answered"', async () => {
    const message = headline(await call('/trickled'))
    expect(message).toContain('the app began an answer (its status line started to come), then its headers did not finish.')
    expect(message).not.toContain('never answered')
  })

  // By URL callspec cannot see whether the app is still at work (audit h154 G10): its wait, said as callspec's.
  it("nothing at all: the app had not answered within callspec's wait", async () => {
    expect(headline(await call('/silent'))).toContain(
      `(POST ${origin}/silent): the app had not answered within callspec's wait of 500 ms (limits.responseTimeoutMs; raise it, and the test's timeout, to wait longer).`,
    )
  })
})
