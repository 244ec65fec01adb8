/**
 * Messages that point at the fix (helper-21's audit: V16, V10, V19, rest-paths R1 and R3): a
 * REDIRECT without a url says it is missing; `else` gets "did you mean orElse"; a script sent as
 * text/plain warns; the fake REST API names the nearest route for a wrong path and answers a
 * wrong method with 405.
 */
import express from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const menu = { type: 'COLLECT', name: 'menu', params: { num_digits: 1, timeout: 5000 }, actions: [say('Press 1 for sales.')] }

afterEach(() => {
  vi.restoreAllMocks()
})

describe('REDIRECT without a url (V16)', () => {
  it('says the url is missing, with no resolveUrl hint', async () => {
    const { app } = scriptApp({ '/': serve([menu, { type: 'REDIRECT', params: {} }]) })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('COLLECT'))
    expect(error.message).toContain(
      "the app's answer to the init_call callback is not a valid Voxology script:\n✖ REDIRECT has no params.url: it needs an absolute http(s) URL\n  → at actions[1].params.url\n  → rule voxology/redirect-schema (Voxology's tutorials (github.com/voxology-inc/api-tutorial-number-guessing-game), not its docs' pages: REDIRECT has params.url, and params.method POST (every sample) or GET (the docs' other callback method))\nRequest sent:",
    )
    expect(error.message).not.toContain('resolveUrl')
  })
})

describe('`else` for orElse (V10)', () => {
  const script = [menu, { type: 'IF', condition: "$keyPresses == '1'", then: [say('Sales.'), hangup], else: [say('Goodbye.'), hangup] }, say('After the IF.'), hangup]

  it('the ignored key gets "did you mean orElse"', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { app } = scriptApp({ '/': serve(script) })
    const call = await callTo(app, { platform: 'voxology' }).expectAction('COLLECT').pressDigits('2').expectAction('SAY', { params: { text: 'After the IF.' } }).expectHangup()
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: Unrecognized key: "else" (received [{"type":"SAY","params":{"text":"Goodbye."}},{"…): ignored, as callspec assumes the vendor does with keys it does not know at actions[1]; did you mean "orElse"? (rule voxology/unknown-keys, inferred)`,
    ])
  })

  it('and under strict the failure carries it too', async () => {
    const { app } = scriptApp({ '/': serve(script) })
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).expectAction('COLLECT'))
    expect(error.message).toContain('; did you mean "orElse"?\n  → at actions[1]\n  → rule voxology/unknown-keys')
  })
})

describe('a script answered with another content type than application/json (V19)', () => {
  const textApp = () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.type('text').send(JSON.stringify({ actions: [say('Hello.'), hangup] })) : res.end()))
    return app
  }

  it('is read anyway, with a warning (inferred: not documented)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(textApp(), { platform: 'voxology' }).expectAction('SAY').expectHangup()
    expect(call.warnings).toEqual([
      'turn 1: the app answered the init_call callback with content-type text/plain; charset=utf-8, not application/json (what the docs answer with): callspec reads the body as JSON anyway (rule voxology/answer-content-type, inferred)',
    ])
  })

  it('fails under strict, with the exchange', async () => {
    const error = await failureOf(callTo(textApp(), { platform: 'voxology', strict: true }).expectAction('SAY'))
    expect(error.message).toContain(
      "[callspec] turn 1, expectAction('SAY'): callspec failed the call by a rule it inferred, not one Voxology documents: voxology/answer-content-type, at error under strict: true (rules: { 'voxology/answer-content-type': 'warn' } warns instead, 'off' ignores it): " +
        'the app answered the init_call callback with content-type text/plain; charset=utf-8, not application/json (what the docs answer with): callspec reads the body as JSON anyway (rule voxology/answer-content-type, inferred).\n' +
        'Rule voxology/answer-content-type, inferred: the docs answer callbacks with application/json and do not say what another content type does.\n' +
        'Request sent:',
    )
    expect(error.message).toContain('Response received: HTTP 200 (text/plain; charset=utf-8)')
  })
})

describe('the fake REST API: a wrong path or method (R1, R3)', () => {
  /** An app that places a call at `url` with `method` when the test asks, and hangs up when it is answered. */
  const placing = (url: string, method = 'POST') => {
    const app = express()
    app.use(express.json())
    app.post('/remind', async (req, res) => {
      const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ call: { no: req.body.to, caller_id_no: '+14155550199' } }) })
      res.status(r.status).send(await r.text())
    })
    app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [say('Reminder.'), hangup] }) : res.end()))
    return callTo(app, { platform: 'voxology', limits: { appTimeoutMs: 1_000 } })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: { to: '+14155550100' } }))
      .expectAction('SAY')
  }

  // A path in another case (/v1/dials/connect) is answered as the documented route, warned under
  // the inferred voxology/path-case (audit F6): path-case.test.ts.

  it('another method on a route: 405 naming the method it takes', async () => {
    const error = await failureOf(placing('https://api.voxolo.gy/v1/Dials/Connect', 'PUT'))
    expect(error.message).toContain('PUT https://api.voxolo.gy/v1/Dials/Connect → HTTP 405 {"error":"method_not_allowed","message":"PUT /v1/Dials/Connect: this route takes POST"}')
  })

  describe('on loopback', () => {
    let platform: PlatformServer
    beforeAll(async () => {
      platform = await startPlatform('voxology')
    })
    afterAll(() => platform.close())

    it('405 carries an Allow header; a misspelt path a few characters off gets its nearest route', async () => {
      const put = await fetch(`${platform.url}/v1/Dials/Connect`, { method: 'PUT', headers: { 'x-api-key': 'k' } })
      expect(put.status).toBe(405)
      expect(put.headers.get('allow')).toBe('POST')
      const typo = await fetch(`${platform.url}/v1/History/Log/Calls/abc`, { headers: { 'x-api-key': 'k' } })
      expect(await typo.json()).toEqual({
        error: 'not_found',
        message: 'GET /v1/History/Log/Calls/abc is not a Voxology API route; did you mean GET /v1/History/Logs/Calls/{callId} (Call log)? Paths are matched as the docs spell them',
      })
    })
  })
})
