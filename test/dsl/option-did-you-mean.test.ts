import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, drivers } from '../../src/index.js'
import { answering, sendAction, webexApp } from '../helpers/webex-apps.js'

// newcomer audit-119: a JavaScript caller's misspelt option was dropped. `webhookpath` ended in a
// 404 whose hint said to pass `webhookPath`; a misspelt limit or vendor option passed on the defaults.
const app = answering({ action: 'HANGUP' })
/** callTo() as a JavaScript caller writes it: no type to catch the key. */
const untyped = callTo as unknown as (target: unknown, options: Record<string, unknown>) => ReturnType<typeof callTo>
const OPTIONS = 'platform, webhookPath, seed, limits, unconsumed, api, headers, transport, vendor, appClock, time, startAt, strict, rules, warnings'

describe('an option callTo() does not have', () => {
  it('is refused where the call is written, with the one meant', () => {
    expect(() => untyped(app, { platform: 'webex-connect', webhookpath: '/webex/events' })).toThrow(
      `[callspec] callTo() has no option "webhookpath" (did you mean "webhookPath"?): its options are ${OPTIONS}.`,
    )
    expect(() => untyped(app, { platform: 'webex-connect', limits: { responseTimeout: 100 } })).toThrow(
      '[callspec] callTo()\'s limits have no "responseTimeout" (did you mean "responseTimeoutMs"?): limits are responseTimeoutMs, appTimeoutMs, maxTurns, maxVirtualMs, maxBodyBytes, quietGraceMs.',
    )
    expect(() => untyped(app, { platform: 'webex-connect', vendor: { serviceky: 'k' } })).toThrow(
      `[callspec] webex-connect's vendor options have no "serviceky" (did you mean "serviceKey"?): they are audioDurationsMs, failureEvent, patchedEvents, legacyPlayInput, serviceKey, requireIdempotencyKey (its behaviour notes say what each does).`,
    )
    // Nothing close: the list alone.
    expect(() => untyped(app, { platform: '8x8', vendor: { audioDuration: 3 } })).toThrow(/^\[callspec\] 8x8's vendor options have no "audioDuration": they are subAccountId, /)
    expect(() => untyped(app, { platform: 'voxology', timeout: 5 })).toThrow(`[callspec] callTo() has no option "timeout": its options are ${OPTIONS}.`)
  })

  it("takes every option each platform documents, and the call runs over HTTP", async () => {
    for (const driver of Object.values(drivers)) expect(driver.optionNames?.length, driver.platform).toBeGreaterThan(0)
    const call = await untyped(app, { platform: 'webex-connect', webhookPath: '/', limits: { responseTimeoutMs: 2_000 }, vendor: { serviceKey: 'k' }, warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('HANGUP')
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'HANGUP'])
  })
})

// audit h162 H2: NaN read "within NaN ms", and as maxBodyBytes switched the cap off (a 20 MB answer
// read whole); 0 and -1 were taken; 3e9 or Infinity became Node's 1 ms timer, and a healthy app
// failed at once, "the app never answered".
describe("a limit's value", () => {
  it('is refused where the call is written unless it is a number above 0', () => {
    expect(() => untyped(app, { platform: 'webex-connect', limits: { responseTimeoutMs: Number.NaN } })).toThrow(
      "[callspec] callTo()'s limits.responseTimeoutMs is NaN: give a number of milliseconds above 0, or leave it out for callspec's default.",
    )
    expect(() => untyped(app, { platform: 'webex-connect', limits: { maxBodyBytes: Number('oops') } })).toThrow("callTo()'s limits.maxBodyBytes is NaN: give a number of bytes above 0")
    expect(() => untyped(app, { platform: 'webex-connect', limits: { maxTurns: 0 } })).toThrow("callTo()'s limits.maxTurns is 0: give a number of webhooks above 0")
    expect(() => untyped(app, { platform: 'webex-connect', limits: { appTimeoutMs: -1 } })).toThrow("callTo()'s limits.appTimeoutMs is -1: give a number of milliseconds above 0")
    expect(() => untyped(app, { platform: 'webex-connect', limits: { maxVirtualMs: '10s' } })).toThrow(`callTo()'s limits.maxVirtualMs is "10s": give a number of milliseconds above 0`)
  })

  it('past Node\'s longest timer ("as long as it takes") waits, and the app answering on a timer of its own passes', async () => {
    // A file read first: real I/O, a few real ms, which the 1 ms timer did not outlast.
    const late = webexApp((event) =>
      event.event === 'ACCEPTED' ? (res: ServerResponse) => void readFile(import.meta.filename).then(() => setTimeout(() => sendAction(res, { action: 'ANSWER' }), 50)) : event.event === 'ANSWERED' ? { action: 'HANGUP' } : undefined,
    )
    for (const responseTimeoutMs of [3e9, Number.POSITIVE_INFINITY]) {
      const call = await callTo(late, { platform: 'webex-connect', limits: { responseTimeoutMs } }).expectAction('ANSWER').expectAction('HANGUP')
      // 50 ms on the app's timer, after the read's real time (a few ms; ~50 measured on a loaded machine), then the 200 ms to ANSWERED.
      const [answer, hangUp] = call.actions
      expect([answer?.name, hangUp?.name]).toEqual(['ANSWER', 'HANGUP'])
      expect(answer!.at).toBeGreaterThanOrEqual(50)
      expect(answer!.at).toBeLessThan(1_000)
      expect(hangUp!.at - answer!.at).toBe(200)
    }
  })
})
