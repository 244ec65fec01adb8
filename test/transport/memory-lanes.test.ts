import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

const PLAY = { action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } }

describe('in-memory connections to an app in this process', () => {
  it("carry a call's webhooks, sent back to back, over one connection, and the next calls' too", async () => {
    const server = createServer(answering(PLAY))
    let connections = 0
    server.on('connection', () => connections++)
    for (let i = 0; i < 3; i++) {
      const call = await callTo(server, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
      expect(call.transcript.entries.filter((e) => e.kind === 'event')).toHaveLength(4)
    }
    expect(connections).toBe(1)
  })

  it("give concurrent calls a connection each: an app that holds one call's answer until the other's webhook comes answers both", async () => {
    // The first ACCEPTED waits for the second (a conference bridge waiting for its second leg, say):
    // queued behind it on one connection, the second would never reach the app.
    const waiting: Array<() => void> = []
    const app = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const { event } = JSON.parse(body) as { event: string }
        const answer = (action: object) => {
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify(action))
        }
        if (event !== 'ACCEPTED') return event === 'DROPPED' ? void res.end() : answer({ action: 'HANGUP' })
        waiting.push(() => answer({ action: 'ANSWER' }))
        if (waiting.length === 2) for (const release of waiting) release()
      })
    }
    const server = createServer(app)
    let connections = 0
    server.on('connection', () => connections++)
    // appClock: false: calls holding the app's clock take turns (one clock for the process's timers).
    const call = () => callTo(server, { platform: 'webex-connect', warnings: 'silent', appClock: false }).expectAction('ANSWER').expectAction('HANGUP')
    const started = performance.now()
    const calls = await Promise.all([call(), call()])
    expect(calls).toHaveLength(2)
    // At once, not at the end of a response deadline.
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(connections).toBe(2)
  })
})
