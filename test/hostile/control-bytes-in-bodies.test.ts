/**
 * A body of the app's with NUL and other control bytes was printed raw in the failure (`Request:
 * PUT …\n\x00ÿ{{{`): grep then took vitest's output for a binary file, and a terminal may act on
 * an escape sequence. The app's bodies are printed with control characters escaped (\n and \t
 * kept), and as long as the answers' (400 characters, then the length); so is all of the app's
 * text a call's failure quotes (V8's JSON error quoting the answer, the app's error page).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { eightByEightApp } from '../drivers/8x8/apps.js'

const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
// No control character in what is printed, but \n and \t (ESC, NUL, BEL, CR, DEL, C1's CSI).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

describe("the app's bodies in a failure, with control bytes", () => {
  it('EnableX: a refused accept body is printed escaped', async () => {
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x0d, 0x7f, 0xc2, 0x9b, 0x7b, 0x7b, 0x09, 0x7b]),
      })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 2_000 } }).expectAction('accept'))
    expect(error.message).toContain('\nRequest: PUT /voice/v1/call/')
    expect(error.message).toContain('\n\\x00\\x1b[2J\\x07\\r\\x7f\\x9b{{\t{\nAnswer: HTTP 400')
    expect(error.message).not.toMatch(CONTROL)
  })

  it("EnableX: a refused body's length is bounded too", async () => {
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: `{${'x'.repeat(100_000)}`,
      })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 2_000 } }).expectAction('accept'))
    expect(error.message).toContain(`\n{${'x'.repeat(399)}… (100001 chars)\nAnswer: HTTP 400`)
  })

  it("Webex Connect: an answer with control bytes is printed escaped under the failure", async () => {
    const error = await failureOf(
      callTo(
        (_req: unknown, res: import('node:http').ServerResponse) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end('\u0000\u001b[31m{"action":\t"ANSWER"\r\n')
        },
        { platform: 'webex-connect' },
      ).expectAction('ANSWER'),
    )
    expect(error.message).toContain('Response received: HTTP 200 (application/json)\n\\x00\\x1b[31m{"action":\t"ANSWER"\\r\n')
    expect(error.message).not.toMatch(CONTROL)
  })

  it("8x8: V8's JSON error and the app's error page, quoting control bytes, are escaped too", async () => {
    const { listener } = eightByEightApp(() => '\u0000\u001b[31m{"x":\u0007')
    const error = await failureOf(callTo(listener, { platform: '8x8', warnings: 'silent' }).expectAction('say'))
    expect(error.message).toContain(`with a body that is not valid JSON (Unexpected token '\\x00', "\\x00\\x1b[31m{"x":\\x07" is not valid JSON)`)
    expect(error.message).not.toMatch(CONTROL)
    const page = (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(500, { 'content-type': 'text/html' })
      res.end('<pre>Error: boom\u001b[31m</pre>')
    }
    const pageError = await failureOf(callTo(page, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER'))
    expect(pageError.message).toContain('the app answered ACCEPTED with HTTP 500: Error: boom\\x1b[31m\n')
    expect(pageError.message).not.toMatch(CONTROL)
  })
})
