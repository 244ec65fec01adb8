import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { capture, eightByEightApp, hangup, makeCall, say } from './apps.js'

/**
 * Which code answers a broken limit, as shared/vendors/8x8.md gives it (audit-94 F4):
 * - sayAndCapture `completeOnHash` "false: entry ends when `maxDigits` reached → then `maxDigits`
 *   is mandatory and must be **>0 and <26** (`-1008`)" (§3.3): -1008, not the schema's -1009;
 * - `say` repetition is "allowed **1, 2, 3** (max 3)" (§3.2), but the code for breaking it is the
 *   file's presumption: "behaviour of `say` with `repetition` > 3 (presumably `-1009`)" (§6). The
 *   -1009 stays; the rule's evidence says the code is presumed.
 * End to end: the app's Send Callflow request to voice.8x8.com, and a VCA answer.
 */
const PATH = '/api/v1/subaccounts/acme_voice/callflows'
const starting = (body: object) => () =>
  fetch(`https://voice.8x8.com${PATH}`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
const app = () => eightByEightApp(() => ({ callflow: [hangup] })).listener
const flow = (...actions: object[]) => ({ callflow: [makeCall('6512341234', '6512345678'), ...actions] })
const HASH_OFF = '"statusCode":-1008,"statusMessage":"Valid maxDigits is required when completeOnHash is false"}'
const HASH_OFF_TAG = 'rule 8x8/hash-off-needs-max (8x8 docs: sayAndCapture, -1008)'

describe('completeOnHash false with maxDigits outside 1-25: -1008, as documented', () => {
  it.each([26, 0])('Send Callflow with maxDigits %i is refused with -1008, naming the bound', async (maxDigits) => {
    const body = flow(capture('Enter your PIN', { completeOnHash: false, maxDigits }))
    const error = await failureOf(callTo(app(), { platform: '8x8' }).startedBy(starting(body)).expectAction('makeCall'))
    expect(error.message).toContain(`8x8 rejected the app's Send Callflow request: HTTP 422 {"sessionStatus":"NOT_CREATED",`)
    expect(error.message).toContain(HASH_OFF)
    expect(error.message).toContain(
      `✖ maxDigits must be more than 0 and less than 26 when completeOnHash is false (received ${maxDigits})\n  → at callflow[1].params.maxDigits\n  → ${HASH_OFF_TAG}`,
    )
    expect(error.message).not.toContain('-1009')
    expect(validate('8x8', 'callflow', body).vendorError).toEqual({ status: 422, code: -1008, message: 'Valid maxDigits is required when completeOnHash is false' })
  })

  it('in a VCA answer: the session ends with -2003, 8x8\'s check is -1008', async () => {
    const { listener } = eightByEightApp(() => ({ callflow: [capture('Enter your PIN', { completeOnHash: false, maxDigits: 26 })] }))
    const error = await failureOf(callTo(listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('sayAndCapture'))
    expect(error.message).toContain("8x8's check: -1008 Valid maxDigits is required when completeOnHash is false")
  })

  it('-1009 stays where the docs say -1009: maxDigits 26 with completeOnHash true or left out', () => {
    for (const params of [{ maxDigits: 26 }, { completeOnHash: true, maxDigits: 26 }]) {
      expect(validate('8x8', 'callflow', flow(capture('PIN?', params)))).toMatchObject({
        ok: false,
        issues: [{ rule: '8x8/callflow-schema' }],
        vendorError: { status: 400, code: -1009, message: 'Invalid call flow entry provided. $.callflow[1].params.maxDigits: must have a maximum value of 25' },
      })
    }
  })
})

describe('say and playFile repetition outside 1-3: the limit is documented, its -1009 presumed', () => {
  const SOURCE = '8x8 docs: say and playFile, repetition 1-3; the -1009 for breaking it is presumed: 8x8 does not document the code'
  const PRESUMED = `rule 8x8/repetition-range (${SOURCE})`

  it('Send Callflow with a say repeated 4 times: -1009, and the rule says the code is presumed', async () => {
    const error = await failureOf(callTo(app(), { platform: '8x8' }).startedBy(starting(flow(say('Hi', { repetition: 4 })))).expectAction('makeCall'))
    expect(error.message).toContain('"statusCode":-1009,"statusMessage":"Invalid call flow entry provided. $.callflow[1].params.repetition: must have a maximum value of 3"}')
    expect(error.message).toContain(`  → at callflow[1].params.repetition\n  → ${PRESUMED}`)
    expect(error.message).not.toContain('8x8 docs: Send Callflow, -1009')
  })

  it("validate() tags a playFile's repetition 0 the same way; a repetition that is no integer stays the schema's -1009", () => {
    const play = { action: 'playFile', params: { fileUrl: 'https://example.com/a.wav', repetition: 0 } }
    expect(validate('8x8', 'callflow', flow(play))).toMatchObject({
      ok: false,
      issues: [{ path: 'callflow[1].params.repetition', rule: '8x8/repetition-range', evidence: 'doc', tag: 'rule 8x8/repetition-range', source: SOURCE }],
      vendorError: { status: 400, code: -1009 },
    })
    expect(validate('8x8', 'callflow', flow(say('Hi', { repetition: '2' }))).issues).toMatchObject([{ rule: '8x8/callflow-schema' }])
  })
})
