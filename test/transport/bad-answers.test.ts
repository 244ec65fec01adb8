import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'

const answerWith = (respond: (res: import('node:http').ServerResponse) => void) =>
  webexApp((event) => (event.event === 'ACCEPTED' ? respond : undefined))

const flow = (app: Parameters<typeof callTo>[0], limits = {}) =>
  callTo(app, { platform: 'webex-connect', seed: 7, limits }).expectAction('ANSWER')

describe('an app that answers badly fails the turn, naming the request and the answer', () => {
  it('non-2xx', async () => {
    const app = answerWith((res) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end('{"error":"database down"}')
    })
    const error = await failureOf(flow(app))
    // What the app did leads; what the platform expects is the line under it (newcomer audit N4).
    // A JSON error body's message is said too (`{"error":"database down"}`).
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): the app answered ACCEPTED with HTTP 500: database down\nThe platform expects a 2xx with one JSON action object\./)
    expect(error.message).toContain('Request sent: POST http://app.callspec.local/')
    expect(error.message).toContain('"event":"ACCEPTED"')
    expect(error.message).toContain('Response received: HTTP 500 (application/json)\n{"error":"database down"}')
    expect(error.message).toContain('Replay this exact call with { seed: 7 }.')
    expect(error.name).toBe('AppResponseError')
  })

  it("an Express error page: the error it shows, and a hint when the app read no body", async () => {
    // A newcomer's app without a JSON body parser: req.body is undefined, Express answers its 500
    // page (with the stack, as outside production: set here, whatever NODE_ENV the run has).
    const app = express()
    app.set('env', 'development')
    app.post('/', (req, res) => {
      const { event } = req.body as { event: string }
      res.json(event === 'ACCEPTED' ? { action: 'ANSWER' } : {})
    })
    const error = await failureOf(flow(app))
    const lines = error.message.split('\n')
    // The page's error leads, with the app's frame under it, then what the platform expects (newcomer audit N4).
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: TypeError: Cannot destructure property 'event' of 'req.body' as it is undefined.")
    expect(lines[1]).toMatch(/^ {4}at .*bad-answers\.test\.ts:\d+:\d+$/)
    expect(lines[2]).toBe("The platform expects a 2xx with one JSON action object. The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (rule webex-connect/no-action-answer).")
    expect(lines[3]).toBe(
      'Hint: the app read no request body. callspec posts each webhook as JSON (content-type: application/json), as the platform does: parse JSON bodies before the webhook route, e.g. app.use(express.json()).',
    )
    expect(lines[4]).toBe('Rule webex-connect/no-action-answer: Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK"); what the platform does with an answer that holds no action is callspec\'s inference.')
    expect(error.message).toContain('Response received: HTTP 500 (text/html; charset=utf-8)')

    // Another error on the page: said, with no hint about bodies.
    const failing = express()
    failing.set('env', 'development')
    failing.post('/', () => {
      throw new Error('the database is down')
    })
    const other = await failureOf(flow(failing))
    expect(other.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: Error: the database is down")
    expect(other.message).not.toContain('Hint:')
  })

  it('a hostile error page: an out-of-range character reference, a 1 MB page of unclosed <pre>s', async () => {
    const page = (html: string) =>
      answerWith((res) => {
        res.writeHead(500, { 'content-type': 'text/html' })
        res.end(html)
      })
    const odd = await failureOf(flow(page('<pre>Error: &#99999999; &#x41;&lt;b&gt;<br>at x</pre>')))
    // No frame under it: `at x` names no file.
    expect(odd.message.split('\n').slice(0, 2)).toEqual(["[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: Error: &#99999999; A<b>", expect.stringMatching(/^The platform expects /)])
    const started = performance.now()
    const unclosed = await failureOf(flow(page('<pre>'.repeat(200_000))))
    expect(unclosed.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): the app answered ACCEPTED with HTTP 500\nThe platform expects a 2xx with one JSON action object\. The docs do not say what Webex Connect does with an answer that holds no action it can read: .*\(rule webex-connect\/no-action-answer\)\.\nRule webex-connect\/no-action-answer: Webex Connect docs: .*\.\nRequest sent:/)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('HTML', async () => {
    const app = answerWith((res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<!DOCTYPE html><html><body>Cannot POST /</body></html>')
    })
    await expect(flow(app)).rejects.toThrow(/the app answered ACCEPTED with HTML\/XML, not JSON[\s\S]*Cannot POST/)
  })

  it('an empty body', async () => {
    const app = answerWith((res) => res.end())
    await expect(flow(app)).rejects.toThrow(/the app answered ACCEPTED with an empty body[\s\S]*\(empty body\)/)
  })

  it('invalid JSON', async () => {
    const app = answerWith((res) => res.end('{"action": "ANSWER",'))
    await expect(flow(app)).rejects.toThrow(/a body that is not valid JSON/)
  })

  it('a schema-invalid action, with every issue and its path', async () => {
    const app = webexApp((event) =>
      event.event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'PLAY', audio: [{ type: 'TTS' }], colectInput: {} },
    )
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.name).toBe('VendorPayloadError')
    expect(error.message).toContain("turn 2, expectAction('PLAY'): the app's answer to ANSWERED is not a valid Webex Connect action:")
    expect(error.message).toContain('→ at audio[0].text')
    expect(error.message).toContain('Unrecognized key: "colectInput"')
    expect(error.message).toContain('Unrecognized key: "colectInput" (received {}); did you mean "collectInput"?')
    expect(error.issues?.length).toBeGreaterThanOrEqual(2)
  })

  it('nothing at all: the bound ends the wait', async () => {
    const app = answerWith(() => {}) // never answers
    const started = performance.now()
    const error = await failureOf(flow(app, { responseTimeoutMs: 150 }))
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(error.message).toMatch(/turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within 150 ms \(limits\.responseTimeoutMs\): the app never answered\./)
    expect(error.message).toContain('"event":"ACCEPTED"')
  })

  it('an app that closes the connection without answering', async () => {
    const app = answerWith((res) => res.socket?.destroy())
    await expect(flow(app)).rejects.toThrow(/the connection closed before a response came back: the app closed it without answering|connection was reset/)
  })

  // undici closes the connection on a 100 nobody asked for (RFC 9110 lets a client ignore it):
  // said as that, with the fix, in memory and over TCP; once "did the app crash?".
  it.each(['memory', 'tcp'] as const)('an unsolicited 100 Continue before a valid answer (%s): what happened, and the fix', async (transport) => {
    const app = answerWith((res) => {
      res.writeContinue()
      res.setHeader('content-type', 'application/json')
      res.end('{"action":"ANSWER"}')
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect', transport }).expectAction('ANSWER'))
    expect(error.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/[^)]+\): the app sent 100 Continue to a request that sent no Expect: 100-continue header, which callspec's HTTP client \(undici\) cannot take: it closes the connection on an unsolicited 100 .*Remove res\.writeContinue\(\)/,
    )
    expect(error.message).not.toMatch(/did the app crash|dropped this request|connection closed/)
  })

  it.each(['memory', 'tcp'] as const)('other 1xx before the answer (102 Processing, 103 Early Hints) are read past (%s)', async (transport) => {
    const app = answerWith((res) => {
      res.writeProcessing()
      res.writeEarlyHints({ link: '</style.css>; rel=preload' })
      res.setHeader('content-type', 'application/json')
      res.end('{"action":"ANSWER"}')
    })
    await callTo(app, { platform: 'webex-connect', transport }).expectAction('ANSWER')
  })

  it.each(['memory', 'tcp'] as const)('interim answers again and again, never a final one, are said as such (%s; helper-135)', async (transport) => {
    let drip: NodeJS.Timeout | undefined
    const app = answerWith((res) => {
      drip = setInterval(() => res.writeEarlyHints({ link: '</style.css>; rel=preload' }), 50)
      res.on('close', () => clearInterval(drip))
    })
    try {
      const error = await failureOf(callTo(app, { platform: 'webex-connect', transport, appClock: false, limits: { responseTimeoutMs: 400 } }).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toMatch(
        /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST [^)]+\): no complete answer within 400 ms \(limits\.responseTimeoutMs\): the app sent \d+ interim answers \(the last HTTP 103\), then no final one\./,
      )
    } finally {
      clearInterval(drip)
    }
  })

  it('a server that is not there', async () => {
    const error = await failureOf(callTo('http://127.0.0.1:9', { platform: 'webex-connect' }))
    expect(error.message).toMatch(/connection refused/)
  })

  it('a fetch app that throws answers 500 with the stack, shown in the failure', async () => {
    const app = {
      fetch: async () => {
        throw new Error('boom in handler')
      },
    }
    await expect(callTo(app, { platform: 'webex-connect' })).rejects.toThrow(/HTTP 500[\s\S]*boom in handler/)
  })
})
