import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup } from './apps.js'

/**
 * Send Callflow's path with another method than POST (`GET …/callflows`, a GET where POST was
 * meant): answered 405 naming POST. Before, 404 "GET … is not an 8x8 route callspec simulates",
 * and the session's failure listed it as "no call in progress has this id or route": the path was
 * right, and nothing said the method was wrong (helper-187).
 */
const URL_ = 'https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows'

describe('a Send Callflow sent as GET', () => {
  it('is answered 405 naming POST, and the failure says the route takes another method', async () => {
    const answers: string[] = []
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    const place = async () => {
      const res = await fetch(URL_, { headers: { authorization: 'Bearer key_test' } })
      answers.push(`${res.status} ${res.headers.get('allow')} ${await res.text()}`)
    }
    const error = await failureOf(callTo(listener, { platform: '8x8' }).startedBy(place).expectAction('makeCall'))
    const answer = '{"statusCode":405,"statusMessage":"Method Not Allowed: GET /api/v1/subaccounts/acme_voice/callflows: that route takes POST"}'
    expect(answers).toEqual([`405 POST ${answer}`])
    // Line by line, not the whole message: in a worker shared with other files (isolate: false), an
    // earlier file's app still at work after its call (an EnableX hang-up sent late) is listed too,
    // as it should be (seen in a whole-suite run). The point is this request's line.
    const [head, ...rest] = error.message.split('\n\nCall (')[0]!.split('\n')
    expect(head).toBe(
      `[callspec] expectAction('makeCall'): the app's Send Callflow request (POST /api/v1/subaccounts/{subAccountId}/callflows) never came: callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below), and the app went quiet after it (no request in flight, no timer, no I/O callspec can see).`,
    )
    expect(rest[0]).toBe('What the fake vendor API received instead, since this call started:')
    expect(rest).toContain(`  • GET ${URL_} → HTTP 405 ${answer} (this route takes another method; 8x8 documents no answer for a method its route does not take: this 405 and its body are callspec's)`)
    expect(rest).toContain(
      `Check the call id, path, method and credentials the app uses in its requests (a request for another call's id comes from a concurrent call, or from an earlier test's app still at work after its call ended).`,
    )
  })
})
