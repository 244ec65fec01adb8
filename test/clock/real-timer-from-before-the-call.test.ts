/**
 * helper-178: a timer the app set before the call (at load) is Node's own, on real time, and so is
 * the work it does when it fires during a call. node-cache's `checkperiod` sweeper, built at load
 * with a 30 s TTL, is the common case: an EnableX app that hangs up a caller silent for 30 s hung
 * up at 40.0 s, once the caller's 40 s of silence were over and real time reached the sweep, where
 * production hangs up at 30-31 s. The test passed and the transcript said nothing. Now the
 * transcript says where the request came from and what to do; with the test's fake clock on before
 * the app builds its cache (the remedy it names), the sweep runs on the call's clock: 30 s.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp } from '../drivers/enablex/apps.js'

/** node-cache's checkperiod, in a few lines: a sweep every `checkMs` on its own timer chain emits each entry past its TTL. */
function sessionCache(ttlMs: number, checkMs: number, onExpired: (key: string) => void) {
  const entries = new Map<string, number>()
  let swept: () => void = () => {}
  let next: ReturnType<typeof setTimeout>
  const sweep = () => {
    const now = Date.now()
    for (const [key, until] of entries) {
      if (now < until) continue
      entries.delete(key)
      onExpired(key)
    }
    next = setTimeout(sweep, checkMs).unref()
    swept()
  }
  next = setTimeout(sweep, checkMs).unref()
  return {
    /** Ends the sweeps (node-cache's close()): left running, the chain's ticks land in later files' calls in this worker. */
    close: () => clearTimeout(next),
    set: (key: string) => void entries.set(key, Date.now() + ttlMs),
    delete: (key: string) => void entries.delete(key),
    /** Resolves at the next sweep. */
    nextSweep: () => new Promise<void>((resolve) => (swept = resolve)),
  }
}

/** An EnableX app that greets, then hangs up a session its cache expired: caller silence. */
function idleHangUpApp() {
  let hangUp = (_voiceId: string) => {}
  const sessions = sessionCache(30_000, 1_000, (voiceId) => hangUp(voiceId))
  const app = enablexApp(async (event, rest) => {
    const call = `/call/${event.voice_id}`
    if (event.state === 'incomingcall') {
      sessions.set(event.voice_id)
      await rest.call('PUT', `${call}/accept`)
    }
    if (event.state === 'connected') await rest.call('PUT', `${call}/play`, { text: 'Say something.', voice: 'female', language: 'en-US', prompt_ref: 'menu' })
    if (event.state === 'disconnected') sessions.delete(event.voice_id)
  })
  hangUp = (voiceId) => void app.rest.call('DELETE', `/call/${voiceId}`)
  return Object.assign(app, { sessions })
}

// Built at load, as apps build their caches: its sweeps are Node's own timers.
const atLoad = idleHangUpApp()

const silentCaller = (app: Parameters<typeof callTo>[0]) => callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').staySilent(40_000).expectAction('hangup')

afterEach(() => void vi.useRealTimers())
afterAll(() => atLoad.sessions.close())

describe("a request the app makes from a timer on real time says so (helper-178)", () => {
  it('a session cache built at load hangs up when real time reaches its sweep: the transcript names the timer and the remedy', async () => {
    // Just after a sweep: the next is a second of real time away, past the call's first steps.
    await atLoad.sessions.nextSweep()
    const call = await silentCaller(atLoad)
    // Where the call's clock stood when real time reached the sweep: the caller's silence was over.
    expect(call.actions.find((a) => a.name === 'hangup')).toMatchObject({ at: 40_000 })
    expect(call.print()).toMatch(
      /the app's DELETE https:\/\/api\.enablex\.io\/voice\/v1\/call\/\S+ came from a timer of its on real time, not on the call's clock \(one it set before this call, at load or between calls: a cache's sweeper such as node-cache's checkperiod, a cron or node-schedule job; or a setTimeout it kept from before the call\): it came when real time reached it, wherever the call's clock stood then, not at its own time as in production\. Turn the test's fake clock on \(vi\.useFakeTimers\(\)\) before the app sets that timer \(build the app, its cache or its scheduler, in the test\), and the call drives it/,
    )
    expect(atLoad.errors).toEqual([])
  })

  it("the same cache built with the test's fake clock on: the sweep runs on the call's clock and hangs up 30 s in, with no such note", async () => {
    vi.useFakeTimers()
    const app = idleHangUpApp()
    const call = await silentCaller(app)
    expect(call.actions.find((a) => a.name === 'hangup')).toMatchObject({ at: 30_000 })
    expect(call.print()).not.toContain('on real time, not on the call')
    expect(app.errors).toEqual([])
  })
})
