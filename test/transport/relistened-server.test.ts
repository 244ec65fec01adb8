/**
 * A server the test listens itself, closed after one test and listened again on another port for
 * the next (beforeEach / afterEach), with `transport: 'tcp'`: callspec kept the first origin it
 * read per server, so the second call went to the old port and failed "no answer to ACCEPTED …:
 * nothing listens at 127.0.0.1:<old port> any more: did the app crash? (connection refused)",
 * blamed on an app that was up (audit h181).
 */
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

const flow = (server: http.Server) =>
  callTo(server, { platform: 'webex-connect', transport: 'tcp', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

const listened = (server: http.Server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const closed = (server: http.Server) => {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
}

describe("a server the test listens again between calls (transport: 'tcp')", () => {
  it('each call goes to the port the server listens on now, and passes', async () => {
    const server = http.createServer(answering({ action: 'PLAY', audio: [tts('Hello.')] }))
    const outcomes: string[] = []
    for (let i = 0; i < 3; i++) {
      await listened(server)
      try {
        await flow(server)
        outcomes.push('passed')
      } catch (error) {
        outcomes.push((error as Error).message.split('\n')[0]!)
      } finally {
        await closed(server)
      }
    }
    expect(outcomes).toEqual(['passed', 'passed', 'passed'])
  })
})
