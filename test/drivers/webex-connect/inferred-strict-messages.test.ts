/**
 * Under strict (or a rule set to 'error'), a failure by a rule Webex Connect does not document
 * leads with callspec's inference, its rule and how to relax it. Before: a key the docs do
 * not name failed "the app's answer to ANSWERED is not a valid Webex Connect action", a make-call
 * refused by an inferred rule "Webex Connect rejected the app's make-call request: HTTP 400
 * {"code":"7003",…}", and the sequencing rules callspec inferred opened with the docs' wording
 * ("PLAY in reply to ACCEPTED: the API reference answers ACCEPTED only with…"). End to end, over HTTP.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect', strict: true } as const
const lead = (rule: string, why = 'under strict: true') => `by a rule it inferred, not one Webex Connect documents: ${rule}, at error ${why} (rules: { '${rule}': 'warn' } warns instead, 'off' ignores it)`
/** The headline of a failure: its first line, the step prefix left out. */
const headline = (message: string) => message.split('\n')[0]!.replace(/^\[callspec\] (turn \d+, )?[^:]+: /, '')

describe("an action failed by an inferred rule: not \"is not a valid Webex Connect action\"", () => {
  it('a key the docs do not name (webex-connect/unknown-keys)', async () => {
    const error = await failureOf(callTo(answering({ action: 'PLAY', audio: [tts('Hi')], colour: 'blue' }), W).expectAction('ANSWER').expectAction('PLAY'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to ANSWERED ${lead('webex-connect/unknown-keys')}:`)
    expect(error.message).toContain('\n✖ Unrecognized key: "colour" (received "blue")\n')
    expect(error.message).not.toContain('is not a valid Webex Connect action')
  })

  it('a timeout under 1 s (webex-connect/timeouts-positive), the rule set to error', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('PIN?')], collectInput: { digitTimeout: 0 } })
    const error = await failureOf(callTo(app, { platform: 'webex-connect', rules: { 'webex-connect/timeouts-positive': 'error' } }).expectAction('ANSWER').expectAction('PLAY'))
    expect(headline(error.message)).toBe(`callspec failed the app's answer to ANSWERED ${lead('webex-connect/timeouts-positive', 'as rules sets it')}:`)
  })

  it('a documented rule broken still reads as the vendor\'s (PLAY with no audio)', async () => {
    const error = await failureOf(callTo(answering({ action: 'PLAY' }), W).expectAction('ANSWER').expectAction('PLAY'))
    expect(headline(error.message)).toBe("the app's answer to ANSWERED is not a valid Webex Connect action:")
  })
})

describe('the sequencing and answer rules callspec inferred, under strict', () => {
  it('PLAY in reply to ACCEPTED (webex-connect/answer-before-media): the docs disagree, said after the inference', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'PLAY', audio: [tts('Hi')] } : e.event === 'DROPPED' ? undefined : { action: 'HANGUP' }))
    const error = await failureOf(callTo(app, W).expectAction('PLAY'))
    expect(headline(error.message)).toBe(
      `callspec failed the call ${lead('webex-connect/answer-before-media')}: PLAY in reply to ACCEPTED: the API reference answers ACCEPTED only with ANSWER, REJECT or HANGUP (the newer guide page also lists media actions for a new inbound call). Answer ACCEPTED with ANSWER, then play once ANSWERED comes. ` +
        '(rule webex-connect/answer-before-media, inferred).',
    )
    expect(error.message.split('\n')[1]).toBe('Rule webex-connect/answer-before-media, inferred: the API reference answers ACCEPTED with ANSWER, REJECT or HANGUP; the newer guide page also lists Play, Record and Call Patch for a new inbound call.')
  })

  it('DROPPED answered 404 (webex-connect/final-callback-answered)', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'ANSWER' } : e.event === 'ANSWERED' ? { action: 'HANGUP' } : (res: ServerResponse) => void res.writeHead(404).end('Not Found')))
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('HANGUP'))
    expect(headline(error.message)).toMatch(new RegExp(`^callspec failed the call by a rule it inferred, not one Webex Connect documents: webex-connect/final-callback-answered, at error under strict: true .*: the app answered DROPPED with HTTP 404`))
  })

  it('VMDETECTED answered with no action (webex-connect/reply-to-vmdetected)', async () => {
    const reminder = 'This is a reminder of your appointment tomorrow at nine. '.repeat(3).trim()
    const app = webexApp((e) => (e.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts(reminder)] } : e.event === 'PLAYED' ? { action: 'HANGUP' } : undefined))
    const place = () =>
      fetch('https://api.us.webexconnect.io/v1/voice/calls', {
        method: 'POST',
        headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/', detectVoiceMail: true }),
      })
    const error = await failureOf(callTo(app, W).startedBy(place).answeredBy('voicemail').expectAction('PLAY').expectHangup())
    expect(headline(error.message)).toMatch(/^callspec failed the call by a rule it inferred, not one Webex Connect documents: webex-connect\/reply-to-vmdetected, at error under strict: true .*: the app answered VMDETECTED with an empty body/)
  })
})

describe('a make-call refused by an inferred rule: not "Webex Connect rejected"', () => {
  const placing = (body: object) => () =>
    fetch('https://api.us.webexconnect.io/v1/voice/calls', {
      method: 'POST',
      headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    })
  const app = () => webexApp((e) => (e.event === 'ANSWERED' ? { action: 'HANGUP' } : undefined))

  it('no callbackUrl (webex-connect/make-call-callback-url): the docs disagree', async () => {
    const error = await failureOf(callTo(app(), W).startedBy(placing({ callerId: '+14155550199', dialedNumber: '+14155550123' })))
    expect(headline(error.message)).toBe(
      `callspec refused the app's make-call request ${lead('webex-connect/make-call-callback-url')}: HTTP 400 {"code":"7003","message":"Mandatory parameter missing: callbackUrl"} (the refusal is callspec's inference, not Webex Connect's documented behaviour: the rule below says why)`,
    )
    expect(error.message).not.toContain('Webex Connect rejected')
  })

  it('a key the docs do not name (webex-connect/unknown-keys)', async () => {
    const error = await failureOf(callTo(app(), W).startedBy(placing({ callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/', correlationID: 'x' })))
    expect(headline(error.message)).toMatch(/^callspec refused the app's make-call request by a rule it inferred, not one Webex Connect documents: webex-connect\/unknown-keys, at error under strict: true .*: HTTP 400 \{"code":"7004","message":"Invalid parameter: correlationID"\}/)
  })

  it('a documented rule broken still reads as Webex Connect rejecting it (no dialedNumber)', async () => {
    const error = await failureOf(callTo(app(), W).startedBy(placing({ callerId: '+14155550199', callbackUrl: 'https://app.example/' })))
    expect(headline(error.message)).toMatch(/^Webex Connect rejected the app's make-call request: HTTP 400 /)
  })
})
