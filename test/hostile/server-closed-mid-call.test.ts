/**
 * An app that closes its own server during a call (server.close() on a shutdown path, fastify.close()):
 * in production the platform's next webhook finds nothing listening, and over TCP the call failed so
 * ("connection refused"). In memory the server went on taking webhooks and the call passed (audit h177;
 * Fastify, which answers 503 once it is closing, failed as "HTTP 503: Service Unavailable", its cause unsaid).
 */
import http from 'node:http'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from './harness.js'
import { webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect', warnings: 'silent' } as const
const flow = (target: Parameters<typeof callTo>[0]) =>
  callTo(target, W)
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits('1')
    .expectAction('HANGUP')

const ivr = (onAnswered: () => void) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') {
      onAnswered()
      return { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1.' }], collectInput: { maxDigits: 1 } }
    }
    if (event.event === 'COLLECTED_DIGITS') return { action: 'HANGUP' }
    return undefined
  })

const CLOSED =
  "no answer to COLLECTED_DIGITS (POST http://app.callspec.local/): the app closed its server during the call (server.close(), fastify.close() or app.close() in its code?): in production the platform's next webhook finds it closed (a new connection is refused)"

describe('an app that closes its own server during the call, in memory', () => {
  it('http.Server: the next webhook fails, saying so', async () => {
    await contained(3_000, async () => {
      const server: http.Server = http.createServer(ivr(() => server.close()))
      const error = await failureOf(flow(server))
      expect(error.message.split('\n')[0]).toBe(`[callspec] turn 3, pressDigits('1'): ${CLOSED}`)
    })
  })

  it('Fastify, fastify.close() in a route: the same', async () => {
    await contained(3_000, async () => {
      const fastify = Fastify()
      fastify.post('/', async (request) => {
        const { event } = request.body as { event: string }
        if (event === 'ACCEPTED') return { action: 'ANSWER' }
        if (event === 'ANSWERED') {
          void fastify.close()
          return { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1.' }], collectInput: { maxDigits: 1 } }
        }
        return { action: 'HANGUP' }
      })
      const error = await failureOf(flow(fastify))
      expect(error.message.split('\n')[0]).toBe(`[callspec] turn 3, pressDigits('1'): ${CLOSED}`)
    })
  })

  it('a server closed before the call (an earlier test closed it) is not blamed on this one', async () => {
    await contained(3_000, async () => {
      const server = http.createServer(ivr(() => {}))
      await flow(server)
      await new Promise((resolve) => server.close(resolve))
      await flow(server)
    })
  })
})
