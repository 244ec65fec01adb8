/**
 * Audit h175 F6: a JavaScript caller's wrong value for an enumerated vendor option was taken, and
 * the call ran on the default with no word: `ranOut: 'stop'` and `flatDtmf: 'no'` (8x8),
 * `patchedEvents: 'connect'` (Webex Connect), `menuTerminator: '1'` (EnableX),
 * `finalCallbackTarget: 'last'` (Voxology). Now callTo() refuses it where the call is written,
 * naming the option, the value and the values allowed, by one check for every platform
 * (check-options.ts) over each driver's own lists (driver.optionValues).
 */
import { describe, expect, it } from 'vitest'
import { checkCallOptions } from '../../src/dsl/check-options.js'
import { callTo, drivers } from '../../src/index.js'
import { answering } from '../helpers/webex-apps.js'

const app = answering({ action: 'HANGUP' })
/** callTo() as a JavaScript caller writes it: no type to catch the value. */
const untyped = callTo as unknown as (target: unknown, options: Record<string, unknown>) => ReturnType<typeof callTo>
const TAIL = "or leave it out for callspec's default (its behaviour notes say what each does)."

describe("a vendor option's wrong value is refused at callTo(), naming the option, the value and those allowed", () => {
  it('8x8: ranOut and flatDtmf', () => {
    expect(() => untyped(app, { platform: '8x8', vendor: { ranOut: 'stop' } })).toThrow(`[callspec] 8x8's vendor option ranOut is "stop": give "ask" or "end", ${TAIL}`)
    expect(() => untyped(app, { platform: '8x8', vendor: { ranOut: 'End' } })).toThrow(`[callspec] 8x8's vendor option ranOut is "End": give "ask" or "end", ${TAIL}`)
    expect(() => untyped(app, { platform: '8x8', vendor: { flatDtmf: 'no' } })).toThrow(`[callspec] 8x8's vendor option flatDtmf is "no": give true or false, ${TAIL}`)
    expect(() => untyped(app, { platform: '8x8', vendor: { failOnSessionError: 0 } })).toThrow(`[callspec] 8x8's vendor option failOnSessionError is 0: give true or false, ${TAIL}`)
  })

  it('Webex Connect: patchedEvents and failureEvent', () => {
    expect(() => untyped(app, { platform: 'webex-connect', vendor: { patchedEvents: 'connect' } })).toThrow(
      `[callspec] webex-connect's vendor option patchedEvents is "connect": give "connect-and-end" or "end", ${TAIL}`,
    )
    expect(() => untyped(app, { platform: 'webex-connect', vendor: { failureEvent: 'bogus' } })).toThrow(
      `[callspec] webex-connect's vendor option failureEvent is "bogus": give "action-event" or "FAILURE", ${TAIL}`,
    )
    expect(() => untyped(app, { platform: 'webex-connect', vendor: { legacyPlayInput: null } })).toThrow(`[callspec] webex-connect's vendor option legacyPlayInput is null: give true or false, ${TAIL}`)
  })

  it('EnableX: menuTerminator', () => {
    expect(() => untyped(app, { platform: 'enablex', vendor: { menuTerminator: '1' } })).toThrow(`[callspec] enablex's vendor option menuTerminator is "1": give "#" or "*", ${TAIL}`)
    expect(() => untyped(app, { platform: 'enablex', vendor: { autoAccept: 'yes' } })).toThrow(`[callspec] enablex's vendor option autoAccept is "yes": give true or false, ${TAIL}`)
  })

  it('Voxology: finalCallbackTarget, collectTimeout and callbackMethod', () => {
    expect(() => untyped(app, { platform: 'voxology', vendor: { finalCallbackTarget: 'last' } })).toThrow(
      `[callspec] voxology's vendor option finalCallbackTarget is "last": give "configured" or "last-redirect", ${TAIL}`,
    )
    expect(() => untyped(app, { platform: 'voxology', vendor: { collectTimeout: ['no-entry'] } })).toThrow(
      `[callspec] voxology's vendor option collectTimeout is an array: give "empty-digits" or "no-entry", ${TAIL}`,
    )
    expect(() => untyped(app, { platform: 'voxology', vendor: { callbackMethod: 'get' } })).toThrow(`[callspec] voxology's vendor option callbackMethod is "get": give "POST" or "GET", ${TAIL}`)
  })

  it('every platform lists its enumerated options, and a right value (or none) is taken', () => {
    for (const driver of Object.values(drivers)) expect(Object.keys(driver.optionValues ?? {}).length, driver.platform).toBeGreaterThan(0)
    // The check callTo() makes, alone: a call built and not awaited fails the test on its own.
    const takes = (platform: keyof typeof drivers, vendor: object) => () => checkCallOptions({ platform, vendor }, drivers[platform])
    expect(takes('8x8', { ranOut: 'end', flatDtmf: false })).not.toThrow()
    expect(takes('webex-connect', { patchedEvents: 'end', failureEvent: undefined })).not.toThrow()
    expect(takes('enablex', { menuTerminator: '*' })).not.toThrow()
    expect(takes('voxology', { finalCallbackTarget: 'last-redirect', requireCollectNames: false })).not.toThrow()
    expect(takes('voxology', { menuTerminator: '#' })).toThrow(/voxology's vendor options have no "menuTerminator"/)
  })
})
