/**
 * The instant a call starts at: what the app's Date reads and what the events' timestamps say.
 * IVR apps route on the time of day (business hours), so a test must be able to choose it; by
 * default it is a seeded morning, and under the test's own vi.useFakeTimers() it is that clock's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failureOf } from '../helpers/failure-of.js'
import { callTo } from '../../src/index.js'
import { businessHoursApp } from '../helpers/business-hours-app.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('startAt: the instant the call starts', () => {
  it("puts the app's Date and the events' timestamps there, so business hours can be tested either side", async () => {
    const open = businessHoursApp()
    const call = await callTo(open, { platform: 'webex-connect', startAt: '2026-03-04T15:00:00Z' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('We are open.')
    expect(open.seenTimes[0]).toEqual({ appNow: '2026-03-04T15:00:00.000Z', eventTime: '2026-03-04T15:00:00.000Z' })

    const closed = businessHoursApp()
    const late = await callTo(closed, { platform: 'webex-connect', startAt: new Date('2026-03-04T23:30:00Z') }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(late).toHavePlayed('We are closed.')
  })

  it('takes epoch ms, and leaves the seed\'s ids as they were', async () => {
    const seeded = await callTo(businessHoursApp(), { platform: 'webex-connect', seed: 7 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const app = businessHoursApp()
    const moved = await callTo(app, { platform: 'webex-connect', seed: 7, startAt: Date.UTC(2026, 5, 1, 14, 0) }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(app.seenTimes[0]!.appNow).toBe('2026-06-01T14:00:00.000Z')
    expect(moved.event('ACCEPTED').sessionId).toBe(seeded.event('ACCEPTED').sessionId)
  })

  it("under the test's own vi.useFakeTimers(), starts at that clock's time: the app's Date and the events agree", async () => {
    vi.useFakeTimers({ now: new Date('2026-07-01T16:30:00Z') })
    const app = businessHoursApp()
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(app.seenTimes[0]).toEqual({ appNow: '2026-07-01T16:30:00.000Z', eventTime: '2026-07-01T16:30:00.000Z' })
    expect(call).toHavePlayed('We are open.')
  })

  it('refuses what is not an instant, saying what it takes', async () => {
    const error = await failureOf(callTo(businessHoursApp(), { platform: 'webex-connect', startAt: 'next tuesday' }).expectAction('ANSWER'))
    expect(error.message).toContain(`[callspec] start of call: startAt: "next tuesday" is not an instant: pass a Date, an ISO string such as '2026-03-04T15:00:00Z', or epoch ms.`)
  })

  it("given with the test's own fake clock, moves that clock there: the app's Date and the events agree", async () => {
    vi.useFakeTimers({ now: new Date('2026-07-01T16:30:00Z') })
    const app = businessHoursApp()
    await callTo(app, { platform: 'webex-connect', startAt: '2026-03-04T23:30:00Z' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(app.seenTimes[0]).toEqual({ appNow: '2026-03-04T23:30:00.000Z', eventTime: '2026-03-04T23:30:00.000Z' })
  })
})

