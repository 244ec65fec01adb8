import { describe, expect, it } from 'vitest'
import { ActionSchema, jsonSchemas, PlayActionSchema } from '../../../drivers/webex-connect/index.js'
import { validate } from '../../../src/index.js'

describe("validate('webex-connect', …)", () => {
  it.each([
    ['ANSWER', { action: 'ANSWER' }],
    ['HANGUP with a reason', { action: 'HANGUP', reason: 'done' }],
    ['REJECT (the docs’ name)', { action: 'REJECT' }],
    ['PLAY of URL + TTS with both inputs (the docs’ example)', {
      action: 'PLAY',
      audio: [
        { type: 'URL', location: 'https://www2.cs.uic.edu/~i101/SoundFiles/CantinaBand3.wav' },
        { type: 'TTS', style: 'NEURAL', language: 'en-US', voice: 'GuyNeural;Male', gender: 'MALE', engine: 'AZURE', text: 'enter 3 digits' },
      ],
      collectInput: { terminationDigit: '#', maxDigits: 0, digitTimeout: 5 },
      streamInput: { timeout: 20, maxsilence: 5, model: 'DEFAULT', language: 'en-US', asrEngine: 'GOOGLE', recordStream: true, singleUtterence: false, alternateLanguages: ['fr-CA'] },
    }],
    ['PATCH (the docs’ example)', {
      action: 'PATCH', recordCall: true, holdAudio: { type: 'URL', location: 'https://x.example/hold.wav' },
      greetingAudio: { type: 'TTS', text: 'connected now' }, greetingRepeatCount: 0, patchCallerId: '+15306544584', dialedNumber: '+919985167784', passDtmf: false,
    }],
    ['RECORD', { action: 'RECORD', audio: [{ type: 'MEDIA', mediaId: 'm-1' }], timeoutSeconds: 20, terminationDigit: '5' }],
  ])('accepts %s', (_, action) => {
    expect(validate('webex-connect', 'action', action)).toEqual({ ok: true, issues: [] })
  })

  it.each([
    ['an unknown action', { action: 'DIAL' }, 'action', "Invalid discriminator value. Expected 'ANSWER' | 'PLAY' | 'PATCH' | 'RECORD' | 'HANGUP' | 'REJECT' (received \"DIAL\")"],
    ['empty TTS text', { action: 'PLAY', audio: [{ type: 'TTS', text: '' }] }, 'audio[0].text', 'TTS text must not be empty (received "")'],
    ['a negative maxDigits', { action: 'PLAY', audio: [{ type: 'TTS', text: 'x' }], collectInput: { maxDigits: -1 } }, 'collectInput.maxDigits', 'Too small: expected number to be >=0 (received -1)'],
    ['a digitTimeout that is not an integer', { action: 'PLAY', audio: [{ type: 'TTS', text: 'x' }], collectInput: { digitTimeout: 2.5 } }, 'collectInput.digitTimeout', 'Invalid input: expected int, received number 2.5'],
    ['PLAY with no audio key (the docs mark audio required)', { action: 'PLAY' }, 'audio', 'Invalid input: expected array, received undefined'],
    ['a PATCH dialedNumber that is not E.164', { action: 'PATCH', dialedNumber: '0044 1234' }, 'dialedNumber', 'expected an E.164 number such as +14155550100 (received "0044 1234")'],
    ['a termination digit that is not a string', { action: 'RECORD', terminationDigit: 5 }, 'terminationDigit', 'Invalid input: expected string, received number 5'],
    ['a gender the TTS engine does not know', { action: 'PLAY', audio: [{ type: 'TTS', text: 'x', gender: 'male' }] }, 'audio[0].gender', 'Invalid option: expected one of "MALE"|"FEMALE" (received "male")'],
  ])('rejects %s, with the path', (_, action, path, message) => {
    const result = validate('webex-connect', 'action', action)
    expect(result.ok).toBe(false)
    expect(result.issues).toContainEqual(
      expect.objectContaining({ path, message, rule: 'webex-connect/action-schema', level: 'error', tag: 'rule webex-connect/action-schema', source: 'Webex Connect docs: Voice API v1, Actions' }),
    )
  })

  // Constraints only Cisco's SDKs state (audit h130 F4: they were cited as the docs): an error still, under a rule of their own, evidence sample.
  it.each([
    ['PLAY with no audio', { action: 'PLAY', audio: [] }, 'audio', 'PLAY needs at least one audio item (received [])'],
    ['PATCH without dialedNumber', { action: 'PATCH' }, 'dialedNumber', 'PATCH needs dialedNumber, the number to dial'],
    ['a two-key termination digit', { action: 'PLAY', audio: [{ type: 'TTS', text: 'x' }], collectInput: { terminationDigit: '##' } }, 'collectInput.terminationDigit', 'expected one DTMF key: 0-9, * or # (received "##")'],
    ['a RECORD termination digit that is no key', { action: 'RECORD', terminationDigit: 'A' }, 'terminationDigit', 'expected one DTMF key: 0-9, * or # (received "A")'],
    ['a two-key patch digit', { action: 'PATCH', dialedNumber: '+14155550142', patchDigit: '12' }, 'patchDigit', 'expected one DTMF key: 0-9, * or # (received "12")'],
    ['a negative greetingRepeatCount', { action: 'PATCH', dialedNumber: '+14155550142', greetingRepeatCount: -1 }, 'greetingRepeatCount', 'Too small: expected number to be >=0 (received -1)'],
    ['a greetingRepeatCount that is not an integer', { action: 'PATCH', dialedNumber: '+14155550142', greetingRepeatCount: 1.5 }, 'greetingRepeatCount', 'Invalid input: expected int, received number 1.5'],
  ])('rejects %s, citing the SDKs (rule webex-connect/sdk-constraints, sample), not the docs', (_, action, path, message) => {
    const result = validate('webex-connect', 'action', action)
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path,
          message,
          ...(message.includes('received') && !message.endsWith('received undefined') ? { received: expect.any(String) } : {}),
          rule: 'webex-connect/sdk-constraints',
          level: 'error',
          evidence: 'sample',
          tag: 'rule webex-connect/sdk-constraints',
          source:
            "Cisco's Webex Connect SDKs (CiscoDevNet connect-sdk-node, connect-sdk-java), not the docs' pages: PLAY audio has at least one item, PATCH needs dialedNumber, terminationDigit and patchDigit are one DTMF key (0-9, *, #), greetingRepeatCount is an integer of 0 or more",
        },
      ],
    })
  })

  it('grades an unknown key as a warning (inferred), an error under strict or its rule', () => {
    const answer = { action: 'ANSWER', audio: [] }
    const warned = validate('webex-connect', 'action', answer)
    expect(warned).toEqual({
      ok: true,
      issues: [
        {
          path: '',
          message: 'Unrecognized key: "audio" (received []): ignored, as callspec assumes the vendor does with keys it does not know',
          received: '[]',
          rule: 'webex-connect/unknown-keys',
          level: 'warn',
          evidence: 'inferred',
          tag: 'rule webex-connect/unknown-keys, inferred',
          source: 'inferred: not documented',
        },
      ],
    })
    expect(validate('webex-connect', 'action', answer, { strict: true }).issues).toEqual([expect.objectContaining({ level: 'error', rule: 'webex-connect/unknown-keys' })])
    expect(validate('webex-connect', 'action', answer, { rules: { 'webex-connect/unknown-keys': 'error' } }).ok).toBe(false)
    expect(validate('webex-connect', 'action', answer, { rules: { 'webex-connect/unknown-keys': 'off' } })).toEqual({ ok: true, issues: [] })
  })

  it.each([
    ['a digitTimeout of 0', { action: 'PLAY', audio: [{ type: 'TTS', text: 'x' }], collectInput: { digitTimeout: 0 } }, 'collectInput.digitTimeout', 'webex-connect/timeouts-positive'],
    ['a RECORD timeoutSeconds of 0', { action: 'RECORD', timeoutSeconds: 0 }, 'timeoutSeconds', 'webex-connect/timeouts-positive'],
    ['an audio URL with no extension', { action: 'PLAY', audio: [{ type: 'URL', location: 'https://x.example/prompt?id=3' }] }, 'audio[0].location', 'webex-connect/audio-file-type'],
    ['a PATCH hold audio with no extension', { action: 'PATCH', dialedNumber: '+14155550142', holdAudio: { type: 'URL', location: 'https://x.example/hold' } }, 'holdAudio.location', 'webex-connect/audio-file-type'],
  ])('grades %s as an inferred rule: a warning, an error under strict', (_, action, path, rule) => {
    expect(validate('webex-connect', 'action', action)).toEqual({ ok: true, issues: [expect.objectContaining({ path, rule, level: 'warn', evidence: 'inferred' })] })
    expect(validate('webex-connect', 'action', action, { strict: true })).toEqual({ ok: false, issues: [expect.objectContaining({ path, rule, level: 'error' })] })
  })

  it('refuses a level on a rule that cannot be relaxed, and an unknown rule id', () => {
    expect(() => validate('webex-connect', 'action', {}, { rules: { 'webex-connect/action-schema': 'warn' } })).toThrow(
      "[callspec] rule webex-connect/action-schema cannot be set to 'warn': the platform cannot run what it cannot read.",
    )
    expect(() => validate('webex-connect', 'action', {}, { rules: { 'webex-connect/nope': 'off' } as never })).toThrow(
      /\[callspec\] webex-connect has no rule "webex-connect\/nope"; its rules are: webex-connect\/action-schema, /,
    )
  })

  it('answers make-call requests with the REST API’s own error', () => {
    expect(validate('webex-connect', 'make-call', { callerId: '+14155550100' }).vendorError).toEqual({ status: 400, code: '7003', message: 'Mandatory parameter missing: dialedNumber' })
    expect(validate('webex-connect', 'make-call', 'nope').vendorError).toEqual({ status: 400, code: '7000', message: 'Invalid JSON' })
  })

  it('grades what the make-call docs leave open: a missing callbackUrl (sources disagree) and an unknown key warn, and fail under strict', () => {
    const noCallback = { callerId: '+14155550100', dialedNumber: '+14155550199' }
    expect(validate('webex-connect', 'make-call', noCallback)).toEqual({
      ok: true,
      issues: [expect.objectContaining({ path: 'callbackUrl', rule: 'webex-connect/make-call-callback-url', level: 'warn' })],
    })
    expect(validate('webex-connect', 'make-call', noCallback, { strict: true }).vendorError).toEqual({ status: 400, code: '7003', message: 'Mandatory parameter missing: callbackUrl', inferred: true })
    const typo = { ...noCallback, callbackUrl: 'https://app.example/', correlationID: 'x' }
    expect(validate('webex-connect', 'make-call', typo)).toEqual({ ok: true, issues: [expect.objectContaining({ rule: 'webex-connect/unknown-keys', level: 'warn' })] })
    expect(validate('webex-connect', 'make-call', typo, { strict: true }).vendorError).toEqual({ status: 400, code: '7004', message: 'Invalid parameter: correlationID', inferred: true })
  })

  it('validates recorded real events, loosely (new vendor fields do not fail)', () => {
    const dropped = { event: 'DROPPED', status: 'SUCCESS', droppedBy: 'CALLEE', error: { code: '2008', message: 'Call Dropped by Network/End user' }, eventTime: '2023-02-21T10:08:52.562Z', sessionId: 'a4a45c38-0a4d-48e0-85a6-f1f96796b258', newField: 1 }
    expect(validate('webex-connect', 'event', dropped).ok).toBe(true)
    expect(validate('webex-connect', 'event', { ...dropped, droppedBy: 'SOMEONE' }).issues[0]?.path).toBe('droppedBy')
  })

  it('a .ogg file is a warning (webex-connect/audio-file-type, inferred: the docs name .wav and .mp3, not a rejection); strict makes it an error', () => {
    const ogg = { action: 'PLAY', audio: [{ type: 'URL', location: 'https://x.example/a.ogg' }] }
    expect(validate('webex-connect', 'action', ogg)).toEqual({
      ok: true,
      issues: [expect.objectContaining({ path: 'audio[0].location', rule: 'webex-connect/audio-file-type', level: 'warn', evidence: 'inferred' })],
    })
    expect(validate('webex-connect', 'action', ogg, { strict: true }).ok).toBe(false)
  })

  it.each([
    ['ACCEPTED', { event: 'ACCEPTED', callerId: '+4475XXXXXXXX', dialedNumber: '+4474XXXXXXXX', offeredTime: '2023-04-25T05:14:50.178Z', eventTime: '2023-04-25T05:14:52.031Z', sessionId: 'c51e56af-0c71-4917-98dd-53d299012e46' }],
    ['STREAMED', { event: 'STREAMED', callerId: '+131XXXXXXXX', dialedNumber: '+9189XXXXXXXX', status: 'SUCCESS', text: 'credit card', eventTime: '2022-12-07T16:46:06.343Z', sessionId: 'a12c95ad-1999-4669-ba72-25ed04d2d7c2', transactionId: '3afd709e-3bb8-4f19-b797-ba6bf2a4b366' }],
    ['VMDETECTED', { callerId: '+120XXX4345', dialedNumber: '+447XXX22222', event: 'VMDETECTED', eventTime: '2025-01-08T16:14:57.125Z', sessionId: '870ab7d3-550f-46c3-8a20-2de285d2c8f5', correlationId: 'cpaastest12333333333333', transactionId: '92332ada-2739-4cc1-axxbb-f3af37e443f0' }],
  ])("accepts the docs' own %s sample, numbers masked with X", (_, event) => {
    expect(validate('webex-connect', 'event', event)).toEqual({ ok: true, issues: [] })
  })

  it('still rejects an event number that is not E.164, saying masked digits are accepted', () => {
    const accepted = { event: 'ACCEPTED', callerId: '07700900123', dialedNumber: '+442071838750', offeredTime: '2023-04-25T05:14:50.178Z', eventTime: '2023-04-25T05:14:52.031Z', sessionId: 'c51e56af-0c71-4917-98dd-53d299012e46' }
    const result = validate('webex-connect', 'event', accepted)
    expect(result.ok).toBe(false)
    expect(result.issues[0]).toMatchObject({ path: 'callerId', message: expect.stringContaining("expected an E.164 number such as +14155550100 (digits masked with X, as in the docs' samples, are accepted)") })
  })

  it('refuses an unknown kind or platform, listing the known ones', () => {
    expect(() => validate('webex-connect', 'callflow' as never, {})).toThrow('[callspec] webex-connect validates action, event, make-call; got "callflow".')
    expect(() => validate('webex-connect', 'actoin' as never, {})).toThrow(`[callspec] webex-connect validates action, event, make-call; got "actoin". Did you mean 'action'?`)
    expect(() => validate('twilio' as never, 'action' as never, {})).toThrow(/validate\(\) knows webex-connect/)
  })
})

describe('schemas', () => {
  it('are exported per driver, with inferred types', () => {
    const play = PlayActionSchema.parse({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Hi' }] })
    expect(play.audio[0]).toEqual({ type: 'TTS', text: 'Hi' })
    expect(ActionSchema.options.length).toBe(6)
  })

  it('export to JSON Schema', () => {
    const schemas = jsonSchemas()
    expect(schemas.action).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' })
    expect(JSON.stringify(schemas.action)).toContain('"collectInput"')
    expect(Object.keys(schemas)).toEqual(['action', 'event', 'make-call'])
  })
})
