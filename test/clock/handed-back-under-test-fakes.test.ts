/**
 * audit-85 finding 4: an app's worker interval, handed back to real time at the end of the call
 * that started it, could not be cleared while the test had `vi.useFakeTimers()` on: the test's fake
 * clearInterval took the handle's id for one of its own, found nothing and said nothing, and the
 * interval ran on (restarting it added another). Now the app's clear reaches it during a call under
 * the test's fake timers, and after one, for as long as those fake timers stay on.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { webexApp } from '../helpers/webex-apps.js'

const state = { ticks: 0 }
let worker: ReturnType<typeof setInterval> | undefined
/** Starts a 20 ms worker on its first call; a caller ending in 99 stops it. */
const app = webexApp((event) => {
  if (event.event === 'ACCEPTED') {
    if (String(event.callerId).endsWith('99')) stopWorker()
    else worker ??= setInterval(() => state.ticks++, 20)
    return { action: 'ANSWER' }
  }
  if (event.event === 'ANSWERED') return { action: 'HANGUP' }
  return undefined
})
function stopWorker() {
  clearInterval(worker)
  worker = undefined
}
const call = (from: string) => callTo(app, { platform: 'webex-connect', warnings: 'silent' }).fromCaller(from).expectAction('ANSWER').expectAction('HANGUP')
/** Worker ticks over 120 ms of real time (the test's fake timers off). */
async function ticksOver120ms(): Promise<number> {
  const before = state.ticks
  await new Promise((resolve) => setTimeout(resolve, 120))
  return state.ticks - before
}

afterEach(() => {
  vi.useRealTimers()
  stopWorker()
})

describe("the app clears a worker handed back to real time, while the test's fake timers are on", () => {
  it('during a call under vi.useFakeTimers()', async () => {
    await call('+14155550100')
    expect(await ticksOver120ms()).toBeGreaterThan(2)
    vi.useFakeTimers()
    await call('+14155550199')
    vi.useRealTimers()
    expect(await ticksOver120ms()).toBe(0)
  })

  it('outside a call, after a call under vi.useFakeTimers()', async () => {
    await call('+14155550100')
    vi.useFakeTimers()
    await call('+14155550101')
    stopWorker()
    vi.useRealTimers()
    expect(await ticksOver120ms()).toBe(0)
  })
})
