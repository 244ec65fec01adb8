import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { tts, webexApp } from '../../helpers/webex-apps.js'

/**
 * The refusals of the fake Webex Connect API that named no rule (helper-205), over HTTP to
 * startPlatform()'s server:
 * - a make-call sent with another Content-Type than JSON: the docs' own sample, 400 `7004 Invalid
 *   parameter - : contentType`, now listed under rule webex-connect/json-content-type (doc), which
 *   a test can set to warn (the body is read as JSON);
 * - a path the docs do not list, or a documented path with another method: 404 / 405 and 7004,
 *   callspec's, now said as refused under rule webex-connect/routes.
 */

const valid = { callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/voice' }
const app = webexApp((event) => (event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Your order has shipped.')] } : event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined))

describe('Webex Connect: 7004 and unknown routes name their rule', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('webex-connect')
  })
  afterAll(() => platform.close())

  const place = (contentType: string, key: string) => () =>
    fetch(`${platform.url}/v1/voice/calls`, { method: 'POST', headers: { authorization: 'key', 'content-type': contentType, 'idempotency-key': key }, body: JSON.stringify(valid) })

  it('a make-call sent as a form fails listing 7004 contentType under rule webex-connect/json-content-type', async () => {
    const error = await failureOf(callTo(app, { platform: 'webex-connect', api: platform }).startedBy(place('application/x-www-form-urlencoded', 'ct-1')).expectAction('PLAY'))
    expect(error.message).toContain(
      `Webex Connect rejected the app's make-call request: HTTP 400 {"code":"7004","message":"Invalid parameter - : contentType"} (Webex Connect documents code 7004 and its message; HTTP 400 with it is callspec's reading: the docs list the statuses their errors come with, and pair one with a code only in their 403 7001 sample)\n` +
        `✖ 7004 Invalid parameter - : contentType (the body was sent as application/x-www-form-urlencoded, not application/json)\n` +
        `  → rule webex-connect/json-content-type (Webex Connect docs: Voice API v1 error sample, 7004 "Invalid parameter - : contentType")\n`,
    )
  })

  it("with the rule at warn, the body is read as JSON and the call runs, with a warning", async () => {
    const call = await callTo(app, { platform: 'webex-connect', api: platform, warnings: 'silent', rules: { 'webex-connect/json-content-type': 'warn' } })
      .startedBy(place('text/plain', 'ct-2'))
      .expectAction('PLAY', { audio: [{ text: 'Your order has shipped.' }] })
      .expectHangup()
    expect(call.warnings).toEqual([
      "the app's make-call request: 7004 Invalid parameter - : contentType (the body was sent as text/plain, not application/json); read as JSON anyway, as the rule is at warn (rule webex-connect/json-content-type)",
    ])
  })

  it('an unknown path and a documented path with another method are listed as refused under rule webex-connect/routes', async () => {
    const trigger = async () => {
      await fetch(`${platform.url}/v1/voice/sessions`, { method: 'POST', headers: { authorization: 'key', 'content-type': 'application/json' }, body: JSON.stringify(valid) })
      await fetch(`${platform.url}/v1/voice/calls`, { method: 'PUT', headers: { authorization: 'key', 'content-type': 'application/json' }, body: JSON.stringify(valid) })
    }
    const error = await failureOf(callTo(app, { platform: 'webex-connect', api: platform, limits: { appTimeoutMs: 500 } }).startedBy(trigger).expectAction('PLAY'))
    const url = platform.url
    expect(error.message.split('\n\nCall (')[0]).toContain(
      `What the fake vendor API received instead, since this call started:\n` +
        `  • POST ${url}/v1/voice/sessions → HTTP 404 {"code":"7004","message":"Invalid parameter: POST /v1/voice/sessions is not a Webex Connect voice route callspec simulates"} (no call in progress has this id or route; Webex Connect documents no answer for a path or method it has no route for: this 404 and code 7004 are callspec's; rule webex-connect/routes)\n` +
        `  • PUT ${url}/v1/voice/calls → HTTP 405 {"code":"7004","message":"Invalid parameter: PUT /v1/voice/calls: that route takes POST"} (this route takes another method; Webex Connect lists 405 among its API's statuses, with no code for it: this 405 and code 7004 are callspec's; rule webex-connect/routes)\n`,
    )
  })
})
