/**
 * audit-104 finding 6c: under strict, an answer of the call's own platform failed only by rules
 * callspec inferred (an unknown key beside a valid Webex Connect action; EnableX's accept sent as
 * text/plain) led, rightly, "callspec failed … by a rule it inferred, not one <Vendor> documents",
 * then added "Hint: is `platform` right? … not with anything webex-connect understands: an app
 * written for another platform answers like this", which contradicts the lead. The platform hint
 * now comes only when the answer looks like another platform's. Over real HTTP, in memory.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const auth = `Basic ${Buffer.from('id:key').toString('base64')}`
const PLATFORM_HINT = 'is `platform` right?'
const headline = (message: string) => message.split('\n')[0]!

function webex(answer: object) {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => void res.json((req.body as { event: string }).event === 'ACCEPTED' ? answer : { action: 'HANGUP' }))
  return app
}

describe('an answer of the right platform failed only by inferred rules: no "is `platform` right?"', () => {
  it('Webex Connect: ANSWER with one unknown key, under strict (webex-connect/unknown-keys)', async () => {
    const error = await failureOf(callTo(webex({ action: 'ANSWER', colour: 'blue' }), { platform: 'webex-connect', strict: true }).expectAction('ANSWER').expectHangup())
    expect(headline(error.message)).toBe(
      "[callspec] turn 1, expectAction('ANSWER'): callspec failed the app's answer to ACCEPTED by a rule it inferred, not one Webex Connect documents: webex-connect/unknown-keys, at error under strict: true (rules: { 'webex-connect/unknown-keys': 'warn' } warns instead, 'off' ignores it):",
    )
    expect(error.message.split('\n')[1]).not.toMatch(/^Hint:/)
    expect(error.message).not.toContain(PLATFORM_HINT)
  })

  it('Webex Connect: the unknown key set to error by rules', async () => {
    const error = await failureOf(callTo(webex({ action: 'ANSWER', colour: 'blue' }), { platform: 'webex-connect', rules: { 'webex-connect/unknown-keys': 'error' } }).expectAction('ANSWER'))
    expect(headline(error.message)).toContain('by a rule it inferred, not one Webex Connect documents: webex-connect/unknown-keys, at error as rules sets it')
    expect(error.message).not.toContain(PLATFORM_HINT)
  })

  it('EnableX: accept sent as text/plain, under strict (enablex/json-content-type)', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', (req, res) => {
      const { voice_id: id, state } = req.body as { voice_id: string; state: string }
      res.sendStatus(200)
      if (state === 'incomingcall') void fetch(`https://api.enablex.io/voice/v1/call/${id}/accept`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'text/plain' }, body: '{}' })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept'))
    expect(headline(error.message)).toMatch(/by a rule it inferred, not one EnableX documents: enablex\/json-content-type, at error under strict: true/)
    expect(error.message).not.toContain(PLATFORM_HINT)
  })
})

describe('8x8 and Voxology: a valid answer with an unknown top-level key, under strict', () => {
  it('8x8 (8x8/unknown-keys)', async () => {
    const app = express()
    app.use(express.json())
    app.post('/8x8/vca', (_req, res) => void res.json({ callflow: [{ action: 'say', params: { text: 'Hi.', voiceProfile: 'en-US-ZiraRUS' } }, { action: 'hangup' }], colour: 'blue' }))
    app.post('/8x8/vss', (_req, res) => void res.end())
    const error = await failureOf(callTo(app, { platform: '8x8', strict: true }).expectAction('say'))
    expect(headline(error.message)).toContain("callspec failed the app's answer to CALL_ACTION by a rule it inferred, not one 8x8 documents: 8x8/unknown-keys")
    expect(error.message).not.toContain(PLATFORM_HINT)
  })

  it('Voxology (voxology/unknown-keys)', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => void ((req.body as { status?: string }).status === 'live-in-progress' ? res.json({ actions: [{ type: 'SAY', params: { text: 'Hi.' } }, { type: 'HANGUP' }], colour: 'blue' }) : res.end()))
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).expectAction('SAY'))
    expect(headline(error.message)).toContain("callspec failed the app's answer to the init_call callback by a rule it inferred, not one Voxology documents: voxology/unknown-keys")
    expect(error.message).not.toContain(PLATFORM_HINT)
  })
})

describe('the hint stays for an answer that is not one of the platform\'s', () => {
  it('Webex Connect: {"say":"Hi"} (no action, an unknown key), under strict too', async () => {
    for (const options of [{}, { strict: true }]) {
      const error = await failureOf(callTo(webex({ say: 'Hi' }), { platform: 'webex-connect', ...options }).expectAction('ANSWER'))
      expect(error.message).toContain(
        '\nHint: is `platform` right? The app answered the first webex-connect webhook with 2xx, but not with anything webex-connect understands: an app written for another platform answers like this.',
      )
    }
  })
})

describe('EnableX: a refused REST request is not the webhook\'s answer', () => {
  it('a play with no text, the event answered 200 OK: no "not with anything enablex understands"', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', (req, res) => {
      const { voice_id: id, state } = req.body as { voice_id: string; state: string }
      res.sendStatus(200)
      const body = JSON.stringify({ voice: 'female', language: 'en-US' })
      if (state === 'incomingcall') void fetch(`https://api.enablex.io/voice/v1/call/${id}/play`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', vendor: { autoAccept: true } }).expectAction('play'))
    expect(headline(error.message)).toMatch(/^\[callspec\] turn 1, expectAction\('play'\): the app's play request \(PUT \/voice\/v1\/call\/[^)]+\/play\) is not a valid EnableX request:$/)
    expect(error.message).not.toContain(PLATFORM_HINT)
  })
})
