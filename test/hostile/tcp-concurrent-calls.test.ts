/**
 * Calls at once to one in-process app with `transport: 'tcp'`: callspec puts a server that is not
 * listening on loopback for the call, and closed it, connections and all, as each call ended. The
 * calls still running on it (Promise.all, describe.concurrent) then failed, blamed on the app: "the
 * connection was reset before a response came back: the app closed it without answering
 * (res.destroy() …?)" or "connection refused: is the server running at that address?" (audit h177:
 * two calls in three failed so). The last call to end closes it now.
 */
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained } from './harness.js'
import { answering, tts } from '../helpers/webex-apps.js'

const flow = (target: Parameters<typeof callTo>[0], appClock?: false) =>
  callTo(target, { platform: 'webex-connect', transport: 'tcp', warnings: 'silent', ...(appClock === false && { appClock }) })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .expectHangup()

const app = () => answering({ action: 'PLAY', audio: [tts('Hello.')] })

describe("calls at once to one in-process app over TCP (transport: 'tcp')", () => {
  it.each([
    ['on the call clock', undefined],
    ['appClock: false', false],
  ] as const)('all pass, and the server callspec opened is closed after the last (%s)', async (_name, appClock) => {
    await contained(8_000, async () => {
      const server = http.createServer(app())
      const outcomes = await Promise.allSettled([flow(server, appClock), flow(server, appClock), flow(server, appClock)])
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'passed' : (o.reason as Error).message.split('\n')[0]))).toEqual(['passed', 'passed', 'passed'])
      expect(server.listening).toBe(false)
    })
  })

  it('a bare listener, the calls overlapping in part: each passes, and a later call opens the server again', async () => {
    await contained(8_000, async () => {
      const listener = app()
      const first = flow(listener, false)
      const second = flow(listener, false)
      await first
      await Promise.all([second, flow(listener, false)])
      await flow(listener)
    })
  })

  it("a server the user started is left listening, as before", async () => {
    const server = http.createServer(app())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      await Promise.all([flow(server), flow(server)])
      expect(server.listening).toBe(true)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
