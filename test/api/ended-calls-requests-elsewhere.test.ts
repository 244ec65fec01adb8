/**
 * An earlier call's app still at work, after its call ended, sends a request to a host callspec
 * does not answer: that request is not the later call's. Measured (a Node 24 run of the whole
 * suite, files sharing a worker as `isolate: false` suites do): mocked-dependency-latency.test.ts's
 * app, its 1.5 s pause handed back to real time when its call ended, then fetched
 * crm.acme.test; wrong-method.test.ts's call, running then, failed with its right message plus
 * `GET https://crm.acme.test/customers/14155550100 → failed: …` listed as its own app's request.
 * Work run from a handed-back timer is the ended call's (handed-back-timers.ts): its requests are
 * left out of a later call's failure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const CRM = 'https://crm.acme.test'
const API = 'https://api.us.webexconnect.io/v1/voice/calls'

/** Answers ACCEPTED; on ANSWERED runs `onAnswered`, which answers when it likes (or never). */
const webexApp = (onAnswered: (res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => {
  let text = ''
  req.on('data', (chunk: Buffer) => (text += chunk))
  req.on('end', () => {
    const { event } = JSON.parse(text || '{}') as { event?: string }
    res.setHeader('content-type', 'application/json')
    if (event === 'ACCEPTED') return res.end(JSON.stringify({ action: 'ANSWER' }))
    if (event === 'ANSWERED') return onAnswered(res)
    res.end(JSON.stringify({ action: 'HANGUP' }))
  })
}

describe("a request an ended call's app sends during a later call", () => {
  it("is not listed in the later call's failure as its app's, nor taken for its app giving up", async () => {
    let sent = false
    // Call 1's app: hangs up at once, then (its call over, the pause handed back to real time) looks the caller up.
    const first = webexApp((res) => {
      res.end(JSON.stringify({ action: 'HANGUP' }))
      void sleep(300).then(() => {
        sent = true
        return fetch(`${CRM}/customers/14155550100`).catch(() => undefined)
      })
    })
    await callTo(first, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('HANGUP')
    expect(sent).toBe(false)
    // Call 2: its app places the call with the wrong method (refused 405), after 400 ms of work
    // that holds the thread, so that call 1's pause is due as call 2 waits for the make-call.
    const place = async () => {
      const end = performance.now() + 400
      while (performance.now() < end);
      await fetch(API, { headers: { authorization: 'ServiceKey' } })
    }
    const error = await failureOf(callTo(webexApp(() => undefined), { platform: 'webex-connect', warnings: 'silent' }).startedBy(place).expectAction('HANGUP'))
    expect(sent).toBe(true)
    expect(error.message.split('\n\nCall (')[0]).toBe(
      `[callspec] expectAction('HANGUP'): the app's make-call request (POST /v1/voice/calls) never came: callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below), and the app went quiet after it (no request in flight, no timer, no I/O callspec can see).\n` +
        `What the fake vendor API received instead, since this call started:\n` +
        `  • GET ${API} → HTTP 405 {"code":"7004","message":"Invalid parameter: GET /v1/voice/calls: that route takes POST"} (this route takes another method; Webex Connect lists 405 among its API's statuses, with no code for it: this 405 and code 7004 are callspec's; rule webex-connect/routes)\n` +
        `Check the call id, path, method and credentials the app uses in its requests (a request for another call's id comes from a concurrent call, or from an earlier test's app still at work after its call ended).`,
    )
  }, 20_000)
})
