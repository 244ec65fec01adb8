/**
 * Audit h192 asked of every driver whether null in an optional field should fail a call. 8x8 is
 * the one that keeps failing it, on its own evidence: its -1009 texts are a JSON-schema
 * validator's (`$.callflow[0].params.text: is missing but it is required`), which refuses null
 * where the type has none, and its OpenAPI types the fields that take null as such
 * (sayAndCapture's successMessage and failureMessage: string | null). So a say's `speed: null` is
 * -1009 under the documented 8x8/callflow-schema, and a successMessage of null is read.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { capture, eightByEightApp, hangup, say } from './apps.js'

const inbound = (answer: object) => callTo(eightByEightApp(() => answer).listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048')

describe('null in an optional field (8x8: refused, as its JSON-schema validation does)', () => {
  it('a say with speed: null fails the call, -1009 under the documented schema rule', async () => {
    const error = await failureOf(inbound({ callflow: [say('Hi', { speed: null }), hangup] }).expectAction('say'))
    expect(error.message).toContain('rule 8x8/callflow-schema')
    expect(error.message).not.toContain('inferred')
    const result = validate('8x8', 'vca-response', { callflow: [say('Hi', { speed: null }), hangup] })
    expect(result).toMatchObject({ ok: false, vendorError: { code: -1009, message: 'Invalid call flow entry provided. $.callflow[0].params.speed: null found, number expected' } })
  })

  it("a hangup with params: null is read as no params, with a warning (8x8 documents no params for hangup: rule 8x8/null-params, inferred); strict fails it as callspec's rule (h198)", async () => {
    // It failed the call as the documented schema's -1009 (rule 8x8/callflow-schema), cited as 8x8's docs.
    const answer = { callflow: [say('Bye.'), { action: 'hangup', params: null }] }
    const said =
      'hangup sends params: null: 8x8 documents no params for hangup, so callspec reads it as none, as it does params: {} (a strict run answers -1009 Invalid call flow entry provided. $.callflow[1].params: null found, object expected)'
    const call = await inbound(answer).expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([`turn 1: the app's answer to CALL_ACTION: ${said} at callflow[1].params (rule 8x8/null-params, inferred)`])
    expect(validate('8x8', 'vca-response', answer)).toEqual({ ok: true, issues: [expect.objectContaining({ path: 'callflow[1].params', message: said, rule: '8x8/null-params', level: 'warn', evidence: 'inferred' })] })
    const error = await failureOf(callTo(eightByEightApp(() => answer).listener, { platform: '8x8', strict: true }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('say'))
    expect(error.message).toContain("callspec failed the app's answer to CALL_ACTION by a rule it inferred, not one 8x8 documents: 8x8/null-params, at error under strict: true")
    expect(error.message).toContain('\n  → rule 8x8/null-params (inferred: ')
    expect(error.message).not.toContain('8x8/callflow-schema')
  })

  // It warned under 8x8/unknown-keys, so turning unknown keys off silenced it too (helper-205).
  // Over HTTP: the app is a server on a port, as a user's outside the test process is.
  it('params: null and unknown keys are set each on its own', async () => {
    const answer = { callflow: [say('Bye.', { speeed: 1 }), { action: 'hangup', params: null }] }
    const server = http.createServer(eightByEightApp(() => answer).listener)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const withKeysOff = await callTo(url, { platform: '8x8', warnings: 'silent', rules: { '8x8/unknown-keys': 'off' } })
      .fromCaller('+6591178965')
      .toNumber('+6568332048')
      .expectAction('say')
      .expectAction('hangup')
    expect(withKeysOff.warnings).toEqual([expect.stringMatching(/^turn 1: the app's answer to CALL_ACTION: hangup sends params: null: .* at callflow\[1\]\.params \(rule 8x8\/null-params, inferred\)$/)])
    const withNullOff = await callTo(url, { platform: '8x8', warnings: 'silent', rules: { '8x8/null-params': 'off' } })
      .fromCaller('+6591178965')
      .toNumber('+6568332048')
      .expectAction('say')
      .expectAction('hangup')
    expect(withNullOff.warnings).toEqual([expect.stringMatching(/speeed.*\(rule 8x8\/unknown-keys, inferred\)$/)])
  })

  it('a sayAndCapture with successMessage: null (typed string | null by the OpenAPI) is read', async () => {
    const menu = { callflow: [capture('Press 1.', { maxDigits: 1, successMessage: null })] }
    expect(validate('8x8', 'vca-response', menu)).toMatchObject({ ok: true, issues: [] })
    const call = await inbound(menu).expectAction('sayAndCapture')
    expect(call.warnings).toEqual([])
  })
})
