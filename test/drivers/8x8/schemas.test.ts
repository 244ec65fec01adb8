import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { jsonSchemas } from '../../../drivers/8x8/index.js'
import { capture, eightByEightApp, hangup, makeCall, say } from './apps.js'
import { INFERRED_CASES, STATUS_CASES, VALID } from './cases.js'

describe("validate('8x8', 'callflow'): the Send Callflow rules and their status codes", () => {
  it('accepts a valid callflow, numbers with or without +', () => {
    expect(validate('8x8', 'callflow', VALID)).toEqual({ ok: true, issues: [] })
    expect(validate('8x8', 'callflow', { ...VALID, validUntil: '2099-07-03T05:59:32.226Z' }).ok).toBe(true)
  })

  it.each(STATUS_CASES.map(([label, ...rest]) => [`${label} → ${rest[2]}`, ...rest] as const))('%s', (_, body, status, code, message) => {
    const result = validate('8x8', 'callflow', body)
    expect(result.ok).toBe(false)
    expect(result.vendorError).toEqual({ status, code, message })
    expect(result.issues.length).toBeGreaterThan(0)
  })

  it.each(INFERRED_CASES)('%s: a warning by default (%s is inferred), the vendor answer when strict', (_, rule, body, status, code, message) => {
    const warned = validate('8x8', 'callflow', body)
    expect(warned.ok).toBe(true)
    expect(warned.vendorError).toBeUndefined()
    expect(warned.issues).toEqual([expect.objectContaining({ rule, level: 'warn', evidence: 'inferred' })])
    const strict = validate('8x8', 'callflow', body, { strict: true })
    // callspec's own answer, in 8x8's terms: the vendor documents none for a rule callspec inferred.
    expect(strict.vendorError).toEqual({ status, code, message, inferred: true })
    expect(strict.issues).toEqual([expect.objectContaining({ rule, level: 'error' })])
  })

  it('keeps every issue with its path, not only the first', () => {
    const result = validate('8x8', 'callflow', { callflow: [makeCall('1', '2'), say('Hi', { repetition: 9, speed: 7 })] })
    expect(result.issues.map((i) => i.path)).toEqual(['callflow[1].params.repetition', 'callflow[1].params.speed'])
  })

  it('reports the first rule broken when several are', () => {
    const body = { callflow: [say('Hi', { voiceProfile: 'x' }), capture('Press 1', { minDigits: 1 }), hangup] }
    const result = validate('8x8', 'callflow', body, { rules: { '8x8/voice-profile-listed': 'error', '8x8/hangup-after-capture': 'error' } })
    expect(result.vendorError).toMatchObject({ code: -1013 })
    expect(result.issues.map((i) => i.message)).toEqual([
      'Invalid Callflow : First action should be a MakeCall action',
      // Rules callspec inferred lead with the inference, then the code callspec answers.
      'hangup right after sayAndCapture: the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost (at error, callspec answers -1012 Invalid Callflow: Incorrect use of action Hangup instead)',
      'voiceProfile "x" is not one 8x8\'s pages name, so callspec cannot tell whether the subaccount has it, and speaks with it; set vendor.voiceProfiles to the subaccount\'s profiles to check it as 8x8 does (at error, callspec answers -1002 Speech profile or language parameter invalid instead)',
      'Valid maxDigits required when minDigits provided',
    ])
  })

  it('accepts equal digit and overall timeouts, as the vendor sample does', () => {
    const body = { callflow: [makeCall('1234567', '7654321'), capture('Enter 1', { minDigits: 2, maxDigits: 2, digitTimeout: 10000, overallTimeout: 10000 })] }
    expect(validate('8x8', 'callflow', body).ok).toBe(true)
  })
})

describe("validate('8x8', 'vca-response' | 'action')", () => {
  it('accepts a VCA answer with or without clientActionId, and an empty callflow', () => {
    expect(validate('8x8', 'vca-response', { clientActionId: 'ivr1_level2', callflow: [makeCall('+65123456789', '+6543212345', { callRecording: true })] }).ok).toBe(true)
    expect(validate('8x8', 'vca-response', { callflow: [say('Bye'), hangup] }).ok).toBe(true)
    expect(validate('8x8', 'vca-response', { callflow: [] }).ok).toBe(true)
  })

  it('does not require a VCA answer to start with makeCall, but still limits the makeCalls', () => {
    expect(validate('8x8', 'vca-response', { callflow: [capture('Press 1')] }).ok).toBe(true)
    // Two: the documented count, but three legs with the received call's (callspec's reading, a warning).
    const two = validate('8x8', 'vca-response', { callflow: [makeCall('1234567', '7654321'), makeCall('1234567', '7654322')] })
    expect(two).toMatchObject({ ok: true, issues: [{ path: 'callflow', rule: '8x8/session-legs', level: 'warn', evidence: 'inferred' }] })
    expect(validate('8x8', 'vca-response', { callflow: [makeCall('1234567', '7654321'), makeCall('1234567', '7654322'), makeCall('1234567', '7654323')] }).vendorError).toEqual({
      status: 422,
      code: -1010,
      message: 'Some actions are provided beyond the allowed count',
    })
  })

  it('rejects a VCA answer without callflow, or with an unknown key', () => {
    expect(validate('8x8', 'vca-response', { clientActionId: 'x' }).vendorError).toMatchObject({ code: -1009, message: 'Invalid call flow entry provided. $.callflow: is missing but it is required' })
    expect(validate('8x8', 'vca-response', { callFlow: [] }).issues.map((i) => i.path)).toEqual(['callflow', ''])
  })

  it('checks one action, with paths relative to it', () => {
    expect(validate('8x8', 'action', say('Hello'))).toEqual({ ok: true, issues: [] })
    const result = validate('8x8', 'action', { action: 'sayAndCapture', params: { promptMessage: 'PIN?', voiceProfile: 'en-US-ZiraRUS', digitTimeout: 0 } })
    expect(result.issues).toEqual([
      expect.objectContaining({ path: 'params.digitTimeout', message: 'Too small: expected number to be >=1 (received 0)', rule: '8x8/callflow-schema', level: 'error' }),
    ])
    expect(result.vendorError).toEqual({
      status: 400,
      code: -1009,
      message: 'Invalid call flow entry provided. $.callflow[0].params.digitTimeout: must have a minimum value of 1',
    })
  })

  it('works with the toBeValidAction matcher', () => {
    expect(say('Hi')).toBeValidAction('8x8')
    // hangup documents no params; an empty `params: {}` is accepted (issue 9), any param is not.
    expect({ action: 'hangup', params: {} }).toBeValidAction('8x8')
    expect({ action: 'hangup', params: { reason: 'done' } }).toBeValidAction('8x8')
    expect(validate('8x8', 'action', { action: 'hangup', params: { reason: 'done' } }, { strict: true }).ok).toBe(false)
    expect(() => expect(capture('Hi', { noOfTries: 0 })).toBeValidAction('8x8')).toThrow(/params\.noOfTries/)
  })
})

describe('webhook schemas', () => {
  it("validates the vendor note's own VSS sample (§2.2)", () => {
    const sample = {
      payload: {
        sessionId: 'ece96728-f059-11f0-baa6-c147150ab00e',
        subAccountId: '8x8_test',
        sessionStatus: 'BUSY',
        startTime: '2026-01-13T08:29:06Z',
        endTime: '2026-01-13T08:29:43Z',
        lastAction: 'MAKE_CALL',
        callCount: 2,
        clientRequestId: 'Request-Id-Client-Confirmation-1200',
        details: {
          callA: {
            callId: 'ece96727-f059-11f0-baa6-c93abb37794a', callDirection: 'INBOUND', callType: 'PSTN',
            initiatedTimestamp: '2026-01-13T08:29:06Z', connectedTimestamp: '2026-01-13T08:29:07Z', disconnectedTimestamp: '2026-01-13T08:29:43Z',
            source: '+6591178965', destination: '+6568332048', sourceFormat: 'MSISDN', destinationFormat: 'MSISDN',
            sourceCountryCode: 'SG', destinationCountryCode: 'SG', destinationRefId: 'virtual-number-trunk-01',
            callStatus: 'COMPLETED', callDuration: 37, callQuality: { mos: 4.5, packetLossRate: 0, jitter: 20 },
          },
          callB: {
            callId: 'faa4dfc1-f059-11f0-816b-2daade7d6599', callDirection: 'OUTBOUND', callType: 'PSTN',
            initiatedTimestamp: '2026-01-13T08:29:29Z', disconnectedTimestamp: '2026-01-13T08:29:43Z',
            source: '+6568332048', destination: '+6531589338', sourceFormat: 'MSISDN', destinationFormat: 'MSISDN',
            sourceCountryCode: 'SG', destinationCountryCode: 'SG', sourceRefId: 'virtual-number-trunk-01', callStatus: 'BUSY', callDuration: 0,
          },
        },
      },
      namespace: 'VOICE',
      eventType: 'SESSION_SUMMARY',
      description: 'Summary of a completed call session',
      version: 5,
    }
    expect(validate('8x8', 'vss', sample)).toEqual({ ok: true, issues: [] })
    expect(validate('8x8', 'vss', { ...sample, payload: { ...sample.payload, sessionStatus: 'DONE' } }).issues[0]).toMatchObject({ path: 'payload.sessionStatus' })
  })

  it('every webhook callspec sends passes its own schema', async () => {
    const { listener, received } = eightByEightApp((p) =>
      p.callStatus === 'CALL_RECEIVED'
        ? { clientActionId: 'pin', callflow: [capture('Enter your PIN', { maxDigits: 4 })] }
        : { callflow: [say('Connecting you'), makeCall('+6568332048', '+6531589338')] },
    )
    await callTo(listener, { platform: '8x8', vendor: { vcsPath: true, flatDtmf: true } })
      .fromCaller('+6591178965')
      .expectAction('sayAndCapture')
      .pressDigits('1234')
      .expectAction('say')
      .expectAction('makeCall')
      .staySilent(10_000)
      .hangUp()
    const kinds = { CALL_ACTION: 'vca', SESSION_SUMMARY: 'vss', CALL_STATUS: 'vcs' } as const
    // A VCS DTMF_RECEIVED per key of 1234, between the two VCAs.
    expect(received.map((r) => r.body.eventType)).toEqual([
      'CALL_STATUS', 'CALL_ACTION', 'CALL_STATUS', 'CALL_STATUS', 'CALL_STATUS', 'CALL_STATUS', 'CALL_ACTION', 'CALL_STATUS', 'CALL_STATUS', 'CALL_STATUS', 'CALL_STATUS', 'SESSION_SUMMARY',
    ])
    for (const { body } of received) {
      expect(validate('8x8', kinds[body.eventType as keyof typeof kinds], body)).toEqual({ ok: true, issues: [] })
    }
  })

  it('exports JSON Schemas for tools outside TypeScript', () => {
    const schemas = jsonSchemas()
    expect(Object.keys(schemas)).toEqual(['action', 'callflow', 'vca-response', 'vca', 'vss', 'vcs'])
    expect(schemas.callflow).toMatchObject({ type: 'object', required: ['callflow'], additionalProperties: false })
  })

  it('refuses a kind it does not know', () => {
    expect(() => validate('8x8', 'event' as never, {})).toThrow(/8x8 validates callflow, vca-response, action, vca, vss, vcs; got "event"/)
  })
})

