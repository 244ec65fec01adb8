/**
 * A test that fakes only part of the clock with vi.useFakeTimers({ toFake }). Its own isolated
 * module state matters here: the first call of this file builds callspec's fake clock, so the
 * first test runs under a test-faked `Date` (measured before the fix: every later `new Date()` in
 * the app threw "Cannot redefine property: constructor", and each call failed with the app's 500).
 */
import { afterEach, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { businessHoursApp } from '../helpers/business-hours-app.js'

afterEach(() => {
  vi.useRealTimers()
})

const W = { platform: 'webex-connect' } as const
const hours = (app: ReturnType<typeof businessHoursApp>, startAt?: string) =>
  callTo(app, { ...W, ...(startAt ? { startAt } : {}) }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

it("the first call of the file under a test that faked only Date starts at that Date's time", async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-03-04T15:00:00Z'))
  const app = businessHoursApp()
  const call = await hours(app)
  expect(app.seenTimes[0]).toEqual({ appNow: '2026-03-04T15:00:00.000Z', eventTime: '2026-03-04T15:00:00.000Z' })
  expect(call).toHavePlayed('We are open.')
  // The test's own fake Date is back after the call.
  expect(new Date().toISOString()).toBe('2026-03-04T15:00:00.000Z')
})

it("later calls on real timers still build the app's Date (callspec's clock was not built on the test's fake)", async () => {
  const app = businessHoursApp()
  const call = await hours(app, '2026-03-04T23:30:00Z')
  expect(app.seenTimes[0]!.appNow).toBe('2026-03-04T23:30:00.000Z')
  expect(call).toHavePlayed('We are closed.')
})

it("a test that faked timers but not Date: the app's Date still follows the call's startAt, and is real again after", async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const app = businessHoursApp()
  const call = await hours(app, '2026-03-04T23:30:00Z')
  expect(app.seenTimes[0]!.appNow).toBe('2026-03-04T23:30:00.000Z')
  expect(call).toHavePlayed('We are closed.')
  expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(5_000)
})
