/**
 * The instant a call starts at: what the app's Date reads and what the events' timestamps say.
 * IVR apps route on the time of day (business hours), so a test must be able to choose it; by
 * default it is a seeded morning, and under the test's own vi.useFakeTimers() it is that clock's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failureOf } from '../helpers/failure-of.js'
import { callTo } from '../../src/index.js'
import { businessHoursApp } from '../helpers/business-hours-app.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/**
 * Caches the caller's CRM record on ANSWERED, evicted by a 5-minute timer (a TTL cache), and says
 * whether it was a hit. `evictedAt`: when the app's Date read the eviction.
 */
function cachingApp(onEvict: () => void = () => {}) {
  const cache = new Map<string, { name: string }>()
  const evictedAt: string[] = []
  const app = webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') {
      const callerId = String(event.callerId ?? event.from ?? 'caller')
      let hit = cache.get(callerId)
      const how = hit ? 'cached' : 'fresh'
      if (!hit) {
        hit = { name: 'Ann' }
        cache.set(callerId, hit)
        setTimeout(() => {
          evictedAt.push(new Date().toISOString())
          cache.delete(callerId)
          onEvict()
        }, 5 * 60_000)
      }
      return { action: 'PLAY', audio: [tts(`Hello ${hit.name} (${how})`)] }
    }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
  return Object.assign(app, { evictedAt })
}

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
    const call = await callTo(app, { platform: 'webex-connect', startAt: '2026-03-04T23:30:00Z' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(app.seenTimes[0]).toEqual({ appNow: '2026-03-04T23:30:00.000Z', eventTime: '2026-03-04T23:30:00.000Z' })
    // Back in time: set, as vi.setSystemTime() does, and said.
    expect(call.print()).toContain(
      "before the call, the test's fake clock was set back 2849 h, from 2026-07-01T16:30:00.000Z to startAt (2026-03-04T23:30:00.000Z), as vi.setSystemTime() does: no timer fired, and those pending keep the time they had left (time going back is no production run's)",
    )
  })

  /**
   * audit-136 finding 09: moved by setSystemTime, which puts every pending timer off by as much,
   * the app's 5-minute eviction set in the first call had not fired when the second started 10
   * minutes later: the app served the stale entry ("cached"), a state no production run reaches.
   */
  it("later than the test's own fake clock, moves it forward firing the timers due meanwhile, as vi.advanceTimersByTimeAsync() would", async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') })
    const app = cachingApp()
    const first = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(first).toHavePlayed('Hello Ann (fresh)')
    const later = await callTo(app, { platform: 'webex-connect', startAt: '2026-03-02T09:10:00Z' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(later).toHavePlayed('Hello Ann (fresh)')
    // At its own time: 5 minutes after the first call's ANSWERED.
    // At its own time: 5 minutes after the first call's ANSWERED (0.2 s into it).
    expect(app.evictedAt).toEqual(['2026-03-02T09:05:00.200Z'])
    // The first call ended at 1.4 s: the test's clock moved from there, and the transcript's first line says so.
    expect(later.print()).toContain(
      "1.4 s virtual):\n" +
        "       0.0s    · before the call, the test's fake clock moved forward 10 min, from 2026-03-02T09:00:01.400Z to startAt (2026-03-02T09:10:00.000Z), as vi.advanceTimersByTimeAsync() would: 1 timer due meanwhile fired, in order\n" +
        '  •    0.0s  1 → ACCEPTED',
    )
  })

  it("a timer on the test's fake clock that throws as callspec moves it to startAt fails the call, saying so", async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') })
    const app = cachingApp(() => {
      throw new Error('cache store gone')
    })
    await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const failure = await failureOf(callTo(app, { platform: 'webex-connect', startAt: '2026-03-02T09:10:00Z' }).expectAction('ANSWER'))
    expect(failure.message).toContain(
      "expectAction('ANSWER'): a timer on the test's fake clock threw as callspec moved that clock to startAt (2026-03-02T09:10:00.000Z), at 2026-03-02T09:05:00.200Z (in production this crashes the app): cache store gone",
    )
  })

  it("a move of the test's fake clock to startAt that would fire timers for ever stops at limits.appTimeoutMs of real time, saying so", async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') })
    // A 1 ms heartbeat across a day: 86.4 million timers (~15 min of real time).
    const heartbeat = setInterval(() => {}, 1)
    const failure = await failureOf(callTo(businessHoursApp(), { platform: 'webex-connect', startAt: '2026-03-03T09:00:00Z', limits: { appTimeoutMs: 500 } }).expectAction('ANSWER'))
    clearInterval(heartbeat)
    expect(failure.message).toMatch(
      /expectAction\('ANSWER'\): callspec stopped moving the test's fake clock to startAt \(2026-03-03T09:00:00\.000Z\) after \d+ ms of real time \(limits\.appTimeoutMs, 500 ms\): [\d,]+ of its timers had fired, up to 2026-03-02T09:0[\d:.]+Z, and more were due before startAt\. Clear the timers the call should not see before it \(or advance the clock yourself, vi\.advanceTimersByTimeAsync\(\)\), or give the call a startAt nearer the clock\./,
    )
  })
})
