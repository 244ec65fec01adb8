/**
 * audit h131 finding 03: 8x8's OpenAPI bounds how many keys some callflow objects hold: Send
 * Callflow's makeCall params maxProperties 2 ("only source/destination"), a say action object
 * maxProperties 3 and its params maxProperties 5. Beyond those counts a payload was only warned of
 * as unknown keys ("8x8 documents no rejection of unknown fields"); it is now the documented -1009,
 * naming the bound. An unknown key within a bound stays the inferred warning.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { drivers } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup, makeCall, say } from './apps.js'

const call = makeCall('+6512341234', '+6512345678')
const ENTRY = 'Invalid call flow entry provided.'

describe('a documented maxProperties bound, exceeded: -1009 under a documented rule', () => {
  it("Send Callflow's makeCall params with a third key (maxProperties 2)", () => {
    const result = validate('8x8', 'callflow', { callflow: [makeCall('+6512341234', '+6512345678', { ringTimeout: 30 }), hangup] })
    expect(result.ok).toBe(false)
    expect(result.vendorError).toEqual({ status: 400, code: -1009, message: `${ENTRY} $.callflow[0].params: may only have a maximum of 2 properties` })
    expect(result.issues).toEqual([
      expect.objectContaining({
        path: 'callflow[0].params',
        message: `${ENTRY} $.callflow[0].params: may only have a maximum of 2 properties, 8x8's OpenAPI allows Send Callflow's makeCall params at most 2 keys (maxProperties 2), and these have 3: source, destination, ringTimeout`,
        rule: '8x8/make-call-params',
        level: 'error',
        evidence: 'doc',
      }),
    ])
  })

  it('a say with a fourth key (action maxProperties 3) and six params (params maxProperties 5)', () => {
    const greeting = { action: 'say', id: 'greeting', step: 2, params: { text: 'Hello', voiceProfile: 'en-US-ZiraRUS', repetition: 1, speed: 1, language: 'en-US', gender: 'F' } }
    const result = validate('8x8', 'callflow', { callflow: [call, greeting, hangup] })
    expect(result.ok).toBe(false)
    expect(result.vendorError).toEqual({ status: 400, code: -1009, message: `${ENTRY} $.callflow[1]: may only have a maximum of 3 properties` })
    expect(result.issues.map(({ path, message, rule, level }) => ({ path, message, rule, level }))).toEqual([
      {
        path: 'callflow[1]',
        message: `${ENTRY} $.callflow[1]: may only have a maximum of 3 properties, 8x8's OpenAPI allows a say action at most 3 keys (maxProperties 3), and this one has 4: action, id, step, params`,
        rule: '8x8/max-properties',
        level: 'error',
      },
      {
        path: 'callflow[1].params',
        message: `${ENTRY} $.callflow[1].params: may only have a maximum of 5 properties, 8x8's OpenAPI allows a say's params at most 5 keys (maxProperties 5), and these have 6: text, voiceProfile, repetition, speed, language, gender`,
        rule: '8x8/max-properties',
        level: 'error',
      },
    ])
  })

  it('fails a live call the same way, as 8x8\'s check', async () => {
    const app = eightByEightApp(() => ({ callflow: [say('Hello', { repetition: 1, speed: 1, language: 'en-US', gender: 'F' }), hangup] }))
    const error = await failureOf(callTo(app.listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('say'))
    expect(error.message).toContain(`\n8x8's check: -1009 ${ENTRY} $.callflow[0].params: may only have a maximum of 5 properties\n`)
    expect(error.message).toContain('→ rule 8x8/max-properties (8x8 docs: Send Callflow API reference (OpenAPI)')
    expect(error.message).not.toContain('Unrecognized key')
  })
})

describe('an unknown key within the bound: the inferred warning', () => {
  it('a say with one key beside action and params (3) is ignored, with a warning', () => {
    const result = validate('8x8', 'callflow', { callflow: [call, { ...say('Hello'), id: 'greeting' }, hangup] })
    expect(result.ok).toBe(true)
    expect(result.issues).toEqual([expect.objectContaining({ path: 'callflow[1]', rule: '8x8/unknown-keys', level: 'warn', evidence: 'inferred' })])
  })

  it('a say with one unknown param (5 keys) is ignored, with a warning', () => {
    const result = validate('8x8', 'callflow', { callflow: [call, say('Hello', { repetition: 1, speed: 1, language: 'en-US' }), hangup] })
    expect(result.ok).toBe(true)
    expect(result.issues).toEqual([expect.objectContaining({ path: 'callflow[1].params', rule: '8x8/unknown-keys', level: 'warn', evidence: 'inferred' })])
  })

  it("the rule's source says what 8x8 documents: the bounds, not keys within them", () => {
    const source = drivers['8x8'].rules['8x8/unknown-keys'].source
    expect(source).not.toContain('documents no rejection')
    expect(source).toBe(
      "inferred: 8x8's OpenAPI bounds how many keys some callflow objects hold (maxProperties), not what it does with a key it does not name within them",
    )
  })
})
