import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'

/**
 * Webex Connect documents no deadline for a webhook's answer: callspec assumes 4 s
 * (webex-connect/answer-in-time, inferred). An app by URL, whose answer time is real, that answers
 * in 4.5 s broke that inference only: it warns, as an app whose own timer holds the answer back as
 * long does. It failed as "no complete answer within 4000 ms (limits.responseTimeoutMs): the app
 * never answered" (helper-137): callspec's default wait was the assumed patience itself, so the
 * inference failed the call as if the vendor had documented it. The default wait now outlasts it.
 */
describe('a Webex Connect app by URL answering after the 4 s callspec assumes', () => {
  let server: Server
  let url: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk))
      req.on('end', () => {
        const event = (JSON.parse(body) as { event: string }).event
        const answer = event === 'ACCEPTED' ? { action: 'ANSWER' } : event === 'ANSWERED' ? { action: 'HANGUP' } : undefined
        const send = () => (answer ? res.setHeader('content-type', 'application/json').end(JSON.stringify(answer)) : res.end())
        if (event === 'ACCEPTED') setTimeout(send, 4_500)
        else send()
      })
    }).listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it('is taken, with a warning under the inferred rule, not failed as no answer', { timeout: 30_000 }, async () => {
    const call = await callTo(url, { platform: 'webex-connect' }).expectAction('ANSWER').expectHangup()
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(
      /^turn 1: the app answered ACCEPTED 4\.\d s after it was sent \(real time, measured: callspec does not run this app's timers\): longer than the 4 s callspec assumes the platform waits \(the vendor documents no webhook timeout: 4 s is callspec's default; a limits\.responseTimeoutMs you set is taken as it, and is callspec's wait too\) \(rule webex-connect\/answer-in-time, inferred\)$/,
    )
  })
})
