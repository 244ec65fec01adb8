import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { webexApp } from '../../helpers/webex-apps.js'

/**
 * A documented route's path sent with a method it does not take (`GET /v1/voice/calls`, a GET
 * where the make-call's POST was meant): answered 405 naming the method the route takes. Before,
 * 404 "GET /v1/voice/calls is not a Webex Connect voice route callspec simulates", and the
 * call's failure listed it as "no call in progress has this id or route": the path was right,
 * and nothing said the method was wrong (helper-187).
 */
const API = 'https://api.us.webexconnect.io/v1/voice/calls'

describe('a make-call sent as GET', () => {
  it('is answered 405 naming POST, and the failure says the route takes another method', async () => {
    const answers: string[] = []
    const place = async () => {
      const res = await fetch(API, { headers: { authorization: 'ServiceKey' } })
      answers.push(`${res.status} ${res.headers.get('allow')} ${await res.text()}`)
    }
    const error = await failureOf(callTo(webexApp(() => ({ action: 'HANGUP' })), { platform: 'webex-connect' }).startedBy(place).expectAction('HANGUP'))
    expect(answers).toEqual(['405 POST {"code":"7004","message":"Invalid parameter: GET /v1/voice/calls: that route takes POST"}'])
    expect(error.message.split('\n\nCall (')[0]).toBe(
      `[callspec] expectAction('HANGUP'): the app's make-call request (POST /v1/voice/calls) never came: callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below), and the app went quiet after it (no request in flight, no timer, no I/O callspec can see).\n` +
        `What the fake vendor API received instead, since this call started:\n` +
        `  • GET ${API} → HTTP 405 {"code":"7004","message":"Invalid parameter: GET /v1/voice/calls: that route takes POST"} (this route takes another method; Webex Connect lists 405 among its API's statuses, with no code for it: this 405 and code 7004 are callspec's; rule webex-connect/routes)\n` +
        `Check the call id, path, method and credentials the app uses in its requests (a request for another call's id comes from a concurrent call, or from an earlier test's app still at work after its call ended).`,
    )
  })
})
