/**
 * callspec's real-time wait for an app by URL ran out with nothing of its answer: the app may still
 * be at work (an answer at 7 s against a 6 s wait), and callspec cannot see it, so the failure says
 * the wait was callspec's and how to lengthen it, never "the app never answered" (audit h154 G10:
 * "no complete answer within 6000 ms (limits.responseTimeoutMs): the app never answered." of an
 * app that answered at 7 s). A connection the app closed with nothing stays its own failure.
 * Over real HTTP, to a server reached by URL.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

let server: Server
let origin: string
const held = new Set<NodeJS.Timeout>()

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    // Answers, but only after callspec's 300 ms wait (a slow lookup).
    if (req.url === '/slow') held.add(setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"action":"ANSWER"}'), 600))
    // Past any wait a 1.5 s test leaves callspec.
    if (req.url === '/slower') held.add(setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"action":"ANSWER"}'), 3000))
    // Closes the connection with nothing: the app truly never answered this one.
    if (req.url === '/closes') req.socket.destroy()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  for (const timer of held) clearTimeout(timer)
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
})

const call = (webhookPath: string) =>
  failureOf(callTo(origin, { platform: 'webex-connect', webhookPath, limits: { responseTimeoutMs: 300 }, warnings: 'silent' }).expectAction('ANSWER'))
const headline = (error: Error) => error.message.split('\n')[0]

describe("an app by URL that had not answered when callspec's wait ran out", () => {
  it("says the wait was callspec's, and how to wait longer, not that the app never answered", async () => {
    expect(headline(await call('/slow'))).toBe(
      `[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST ${origin}/slow): ` +
        "the app had not answered within callspec's wait of 300 ms (limits.responseTimeoutMs; raise it, and the test's timeout, to wait longer).",
    )
  })

  // Measured before: "…within callspec's wait of 1050 ms (limits.responseTimeoutMs, 6000 ms by default,
  // fitted to end before the test's 1.5 s timeout; raise it, and the test's timeout, to wait longer)":
  // raising limits.responseTimeoutMs alone lengthens nothing, as the test's timeout cut the wait.
  it("the wait callspec cut to fit the test's timeout: says so, and that the test's timeout is what to raise", { timeout: 1_500 }, async () => {
    const error = await failureOf(callTo(origin, { platform: 'webex-connect', webhookPath: '/slower', warnings: 'silent' }).expectAction('ANSWER'))
    expect(headline(error)).toMatch(
      new RegExp(
        `^\\[callspec\\] turn 1, expectAction\\('ANSWER'\\): no answer to ACCEPTED \\(POST ${origin.replace(/\./g, '\\.')}/slower\\): ` +
          "the app had not answered within callspec's wait of \\d+ ms \\(limits\\.responseTimeoutMs, 6000 ms by default, fitted to end before the test's 1\\.5 s timeout; " +
          "callspec cut its wait to fit that timeout: to wait longer, give the test more time \\(testTimeout in vitest's config, or it\\(name, fn, ms\\)'s third argument\\)\\)\\.$",
      ),
    )
    expect(error.message).not.toContain('raise it')
  })

  it('a connection the app closed with nothing is said as that', async () => {
    const message = headline(await call('/closes'))
    expect(message).toContain('the connection closed before a response came back')
    expect(message).not.toContain("callspec's wait")
  })
})
