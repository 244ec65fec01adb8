/**
 * Under strict (or a rule set to 'error'), a failure by a rule Voxology does not document leads
 * with callspec's inference, its rule and how to relax it. Before: a script that broke only
 * inferred rules failed "the app's answer to the init_call callback is not a valid Voxology
 * script" (a relative REDIRECT url: "expected an absolute http(s) URL"), a make-call refused by one
 * "Voxology rejected the app's make-call request", and the callback rules callspec inferred opened
 * with what the app answered, saying only at the end whose rule it was. End to end, over HTTP.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const lead = (rule: string, why = 'under strict: true') => `by a rule it inferred, not one Voxology documents: ${rule}, at error ${why} (rules: { '${rule}': 'warn' } warns instead, 'off' ignores it)`
/** The headline of a failure: its first line, the step prefix left out. */
const headline = (message: string) => message.split('\n')[0]!.replace(/^\[callspec\] (turn \d+, )?[^:]+: /, '')
const call = (actions: unknown[], options: object = { strict: true }) => callTo(scriptApp({ '/': serve(actions) }).app, { platform: 'voxology', warnings: 'silent', ...options })

describe('a script failed only by inferred rules: not "is not a valid Voxology script"', () => {
  it('a key the docs do not name (voxology/unknown-keys)', async () => {
    const error = await failureOf(call([{ type: 'SAY', params: { text: 'Hi', voice: 'alice' } }, hangup]).expectAction('SAY'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to the init_call callback ${lead('voxology/unknown-keys')}:`)
    expect(error.message).not.toContain('is not a valid Voxology script')
  })

  it('an empty SAY (voxology/say-text), the rule set to error', async () => {
    const error = await failureOf(call([say(''), hangup], { rules: { 'voxology/say-text': 'error' } }).expectAction('SAY'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to the init_call callback ${lead('voxology/say-text', 'as rules sets it')}:`)
  })

  it('a relative REDIRECT url (voxology/redirect-url): the inference, not a schema verdict', async () => {
    const error = await failureOf(call([{ type: 'REDIRECT', params: { url: '/next' } }]).expectAction('REDIRECT'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to the init_call callback ${lead('voxology/redirect-url')}:`)
    expect(error.message).toContain(
      '\n✖ REDIRECT url "/next" is not an absolute http(s) URL: Voxology\'s docs show only absolute URLs, and say nothing of relative ones, so the real platform may not follow it\n  → at actions[0].params.url\n',
    )
    expect(error.message).not.toContain('expected an absolute http(s) URL')
  })

  it('a documented rule broken still reads as the vendor\'s (a SAY with no text)', async () => {
    const error = await failureOf(call([{ type: 'SAY', params: {} }, hangup]).expectAction('SAY'))
    expect(headline(error.message)).toBe("the app's answer to the init_call callback is not a valid Voxology script:")
  })
})

describe('the callback rules callspec inferred, under strict', () => {
  it('a live callback answered with no body (voxology/empty-callback-answer)', async () => {
    const app = scriptApp({ '/': (cb) => (cb.type === 'init_call' ? { actions: [say('Hi.')] } : undefined) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).expectAction('SAY').expectHangup())
    expect(headline(error.message)).toMatch(new RegExp(`^callspec failed the call by a rule it inferred, not one Voxology documents: voxology/empty-callback-answer, at error under strict: true .*: the app answered the script_end callback with HTTP 204`))
  })

  it('a script sent as text/plain (voxology/answer-content-type)', async () => {
    const app = scriptApp({ '/': (cb) => (cb.type === 'call_end' ? undefined : JSON.stringify({ actions: [hangup] })) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).expectAction('HANGUP'))
    expect(headline(error.message)).toMatch(/^callspec failed the call by a rule it inferred, not one Voxology documents: voxology\/answer-content-type, at error under strict: true .*: the app answered the init_call callback with content-type text\/plain/)
  })

  it('the final callback answered 404 (voxology/final-callback-answered)', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => (req.body.type === 'call_end' ? res.status(404).end() : res.json({ actions: [say('Bye.'), hangup] })))
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).expectAction('SAY').expectAction('HANGUP'))
    expect(headline(error.message)).toMatch(/^callspec failed the call by a rule it inferred, not one Voxology documents: voxology\/final-callback-answered, at error under strict: true .*: the app answered the call_end callback with HTTP 404/)
  })

  it('a SAY template reading a session value that is not set (voxology/templates)', async () => {
    const error = await failureOf(call([say('Hello ${sessionData.firstName}.'), hangup]).expectAction('SAY'))
    expect(headline(error.message)).toMatch(/^callspec failed the call by a rule it inferred, not one Voxology documents: voxology\/templates, at error under strict: true .*: SAY "Hello \$\{sessionData\.firstName\}\." was spoken as/)
  })
})

describe('a make-call refused by an inferred rule: not "Voxology rejected"', () => {
  const dialling = (body: object) => {
    const app = express()
    app.use(express.json())
    app.post('/dial', async (_req, res) => {
      const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify(body) })
      res.status(r.status).send(await r.text())
    })
    app.post('/', (req, res) => (req.body.type === 'call_end' ? res.end() : res.json({ actions: [hangup] })))
    return app
  }

  it('a timeout under 1 (voxology/make-call-bounds)', async () => {
    const app = dialling({ call: { no: '+17145551212', caller_id_no: '+19495551212' }, timeout: 0 })
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).startedBy((a) => a.fetch('/dial', { method: 'POST' })).expectHangup())
    expect(headline(error.message)).toMatch(
      /^callspec refused the app's make-call request by a rule it inferred, not one Voxology documents: voxology\/make-call-bounds, at error under strict: true .*: HTTP 400 \{"error":"invalid_request",.*\} \(Voxology documents no REST error format: this status and body are callspec's\)$/,
    )
    expect(error.message).not.toContain('Voxology rejected')
  })
})
