/**
 * Characters that print as nothing or turn the line around, in the app's text a failure quotes: a
 * byte-order mark in a REST request's JSON was refused as `Unexpected token '<BOM>'`, the cause
 * invisible between the quotes, and a bidi override (U+202E) in an answer reversed the rest
 * of the failure's line in a terminal. They are escaped as control bytes are (`\ufeff`, `\u202e`;
 * audit h177). A zero-width joiner, which holds an emoji together, is left as it is.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from './harness.js'
import { enablexApp } from '../drivers/enablex/apps.js'

const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
const INVISIBLE = /[\ufeff\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('invisible characters in what a failure quotes', () => {
  // One mark before the JSON is read past (body-charsets.test.ts); a second one is where the JSON breaks.
  it('EnableX: a REST body with a second byte-order mark before its JSON says where the mark is', async () => {
    await contained(3_000, async () => {
      const app = enablexApp(async (event) => {
        if (event.state !== 'incomingcall') return
        await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, {
          method: 'PUT',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: '\ufeff\ufeff{"note":"hi"}',
        })
      })
      const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 2_000 } }).expectAction('accept'))
      expect(error.message).toContain(`has a body that is not JSON at line 1, column 1, where it reads \\ufeff{"note":"hi"}: Unexpected token '\\ufeff'`)
      expect(error.message).toContain('\n\\ufeff{"note":"hi"}\nAnswer: HTTP 400')
      expect(error.message).not.toMatch(INVISIBLE)
    })
  })

  it("Webex Connect: an answer with a bidi override is quoted escaped; an emoji's joiner is kept", async () => {
    await contained(3_000, async () => {
      const app = (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"action": "ANSWER", "note": "\u202eREWSNA\u2066 👩\u200d💻"')
      }
      const error = await failureOf(callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER'))
      expect(error.message).toContain('Response received: HTTP 200 (application/json)\n{"action": "ANSWER", "note": "\\u202eREWSNA\\u2066 👩\u200d💻"')
      expect(error.message).not.toMatch(INVISIBLE)
    })
  })
})
