/**
 * Audit h192: an answer or a request that sent null for an optional field (`collectInput:
 * { terminationDigit: null }`, a make-call's `correlationId: null`: what Python's
 * dataclasses.asdict, C# and Java serialisers, or `{ x: maybe ?? null }` send) failed the call
 * under the documented webex-connect/action-schema ("expected string, received null"), though the
 * docs do not say what the platform does with null. Now rule webex-connect/null-optional,
 * inferred: the field is read as absent, with a warning; under strict, a failure said as
 * callspec's rule. A required field sent as null is still missing, a failure.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

const TAG = '(rule webex-connect/null-optional, inferred)'
const menu = { action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1, digitTimeout: 5, terminationDigit: null } }
const app = answering(menu)

describe('null in an optional field of an action (rule webex-connect/null-optional, inferred)', () => {
  it('is read as the field absent: the PLAY collects, with a warning', async () => {
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
    expect(call.warnings).toEqual([
      `turn 2: the app's answer to ANSWERED: null in an optional field typed string: the docs do not say what the platform does with null; callspec reads the field as absent at collectInput.terminationDigit ${TAG}`,
    ])
  })

  it("fails under strict, said as callspec's rule, not the vendor's schema; validate() grades it the same way", async () => {
    const error = await failureOf(callTo(app, { platform: 'webex-connect', strict: true }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain("callspec failed the app's answer to ANSWERED by a rule it inferred")
    expect(error.message).toContain('null in an optional field typed string: the docs do not say what the platform does with null')
    expect(error.message).toContain('rule webex-connect/null-optional')
    expect(error.message).not.toContain('webex-connect/action-schema')
    expect(validate('webex-connect', 'action', menu)).toMatchObject({ ok: true, issues: [{ path: 'collectInput.terminationDigit', rule: 'webex-connect/null-optional', level: 'warn', evidence: 'inferred' }] })
    expect(validate('webex-connect', 'action', menu, { strict: true })).toMatchObject({ ok: false, issues: [{ rule: 'webex-connect/null-optional', level: 'error' }] })
  })

  it('a collectInput whose fields are all null still collects, with the defaults: one warning says so, in a call and in validate() (h198)', async () => {
    // The 2021-SDK keys (above) sent no collectInput; this PLAY sends one, and the docs answer a
    // PLAY with a collectInput with COLLECTED_DIGITS, with the SDKs' defaults for what is absent.
    const play = { action: 'PLAY', audio: [tts('Your PIN?')], collectInput: { maxDigits: null, digitTimeout: null, terminationDigit: null } }
    const said =
      "collectInput sends every field as null (maxDigits, digitTimeout, terminationDigit): the docs do not say what the platform does with null; read as absent, they leave collectInput {}, and a PLAY with a collectInput collects digits (the docs: COLLECTED_DIGITS), with the SDKs' defaults: any number of digits, until 5 s pass without one, no termination key. For a PLAY that collects nothing (PLAYED), send no collectInput"
    const app = answering(play)
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('42').expectAction('HANGUP')
    expect(app.seen.map((e) => e.event)).toContain('COLLECTED_DIGITS')
    expect(app.seen.find((e) => e.event === 'COLLECTED_DIGITS')).toMatchObject({ digitsReceived: '42' })
    // One warning at collectInput, not three of "null in an optional field" that left the PLAY's listening unsaid.
    expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${said} at collectInput ${TAG}`])
    const issue = { path: 'collectInput', message: said, received: '{"maxDigits":null,"digitTimeout":null,"terminat…', rule: 'webex-connect/null-optional' }
    expect(validate('webex-connect', 'action', play)).toEqual({ ok: true, issues: [expect.objectContaining({ ...issue, level: 'warn', evidence: 'inferred' })] })
    expect(validate('webex-connect', 'action', play, { strict: true })).toEqual({ ok: false, issues: [expect.objectContaining({ ...issue, level: 'error' })] })
    const error = await failureOf(callTo(answering(play), { platform: 'webex-connect', strict: true }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain(`✖ ${said}\n  → at collectInput\n  → rule webex-connect/null-optional (inferred: `)
  })

  it("under strict, a documented error beside the null is listed first, the null after it (h196)", async () => {
    const both = { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1.', voice: null, textFormat: 'XML' }] }
    const error = await failureOf(callTo(answering(both), { platform: 'webex-connect', strict: true }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain('is not a valid Webex Connect action')
    const schema = error.message.indexOf('✖ Invalid option: expected one of "TEXT"|"SSML" (received "XML")\n  → at audio[0].textFormat')
    const nulled = error.message.indexOf('✖ null in an optional field typed string: the docs do not say what the platform does with null\n  → at audio[0].voice')
    expect(schema).toBeGreaterThan(-1)
    expect(nulled).toBeGreaterThan(schema)
    expect(validate('webex-connect', 'action', both, { strict: true }).issues.map((i) => i.rule)).toEqual(['webex-connect/action-schema', 'webex-connect/null-optional'])
  })

  it('a 2021-SDK PLAY (vendor.legacyPlayInput) whose input keys are all null collects nothing: PLAYED, not COLLECTED_DIGITS (h196)', async () => {
    const play = { action: 'PLAY', audio: [tts('Goodbye.')], maxDigits: null, digitTimeout: null, terminationDigit: null }
    const call = await callTo(answering(play), { platform: 'webex-connect', warnings: 'silent', vendor: { legacyPlayInput: true } }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.print()).toMatch(/→ PLAYED/)
    expect(call.print()).not.toContain('COLLECTED_DIGITS')
    expect(call.warnings).toHaveLength(3)
    expect(call.warnings[0]).toContain(`callspec reads the field as absent at collectInput.maxDigits ${TAG}`)
  })

  it('a required field sent as null still fails under the documented schema', async () => {
    const error = await failureOf(callTo(answering({ action: 'PLAY', audio: [{ type: 'TTS', text: null }] }), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain('is not a valid Webex Connect action')
    expect(error.message).toContain('rule webex-connect/action-schema')
    // "received null", once: the type zod names is the value ("received null null" read as a typo).
    expect(error.message).toContain('✖ Invalid input: expected string, received null\n  → at audio[0].text\n')
    expect(validate('webex-connect', 'action', { action: 'PATCH', dialedNumber: null })).toMatchObject({ ok: false, issues: [{ path: 'dialedNumber', message: 'Invalid input: expected string, received null', received: 'null' }] })
  })
})

const API = 'https://api.us.webexconnect.io/v1/voice/calls'

/** Places a call whose body sends `correlationId: null`, and plays a reminder once it is answered. */
const reminder = () => {
  const place = async () => {
    const body = JSON.stringify({ callerId: '+15550001234', dialedNumber: '+15559994321', callbackUrl: 'https://webhook.example.com/', correlationId: null })
    const res = await fetch(API, { method: 'POST', headers: { authorization: 'ServiceKey', 'content-type': 'application/json', 'idempotency-key': 'k-1' }, body })
    return { status: res.status, body: await res.text() }
  }
  const app = webexApp((event) => {
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Your appointment is tomorrow.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
  return { app, place }
}

describe('null in an optional field of a make-call request (rule webex-connect/null-optional, inferred)', () => {
  it('places the call, with a warning', async () => {
    const { app, place } = reminder()
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).startedBy(place).expectAction('PLAY').expectAction('HANGUP').expectHangup()
    expect(call).toHavePlayed('Your appointment is tomorrow.')
    expect(call.warnings).toEqual([expect.stringContaining(`null in an optional field typed string: the docs do not say what the platform does with null; callspec reads the field as absent at correlationId ${TAG}`)])
  })

  it("under strict, is refused as callspec's rule; validate() says the same", async () => {
    const { app, place } = reminder()
    const error = await failureOf(callTo(app, { platform: 'webex-connect', strict: true }).startedBy(place).expectAction('PLAY'))
    expect(error.message).toContain(
      'callspec refused the app\'s make-call request by a rule it inferred, not one Webex Connect documents: webex-connect/null-optional, at error under strict: true',
    )
    expect(error.message).toContain('✖ null in an optional field typed string: the docs do not say what the platform does with null\n  → at correlationId')
    const body = { callerId: '+15550001234', dialedNumber: '+15559994321', callbackUrl: 'https://webhook.example.com/', correlationId: null }
    expect(validate('webex-connect', 'make-call', body)).toMatchObject({ ok: true, issues: [{ path: 'correlationId', rule: 'webex-connect/null-optional', level: 'warn' }] })
    expect(validate('webex-connect', 'make-call', body, { strict: true })).toMatchObject({ ok: false, issues: [{ path: 'correlationId', rule: 'webex-connect/null-optional', level: 'error' }] })
  })
})
