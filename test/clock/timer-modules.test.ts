/**
 * An in-process app that pauses with `node:timers/promises` (or sets timers from `node:timers`)
 * instead of the globals: those timers run on the call's clock too. The imports below are ESM
 * named imports made before any call, the case that needs the modules' live bindings updated.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as nodeSetTimeout } from 'node:timers'
import * as timersPromises from 'node:timers/promises'
import { scheduler, setImmediate as yieldNow, setInterval as every, setTimeout as sleep } from 'node:timers/promises'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** Captured at load, as apps do: the callspec/vitest setup file put the modules on the call's clock before this. */
const pauseFromLoad = promisify(setTimeout)
const { setTimeout: requiredSleep } = createRequire(import.meta.url)('node:timers/promises') as typeof timersPromises

afterEach(() => {
  vi.useRealTimers()
})

/** Answers ACCEPTED after `pause()` resolves (with what it resolved to, if a string: then the call plays it). */
const pausingApp = (pause: () => Promise<unknown>) =>
  webexApp((event) => (res: ServerResponse) => {
    const answer = (action: unknown) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(action))
    }
    if (event.event === 'ACCEPTED') return void pause().then(() => answer({ action: 'ANSWER' }))
    if (event.event === 'ANSWERED') return answer({ action: 'PLAY', audio: [tts('Hello.')] })
    if (event.event === 'PLAYED') return answer({ action: 'HANGUP' })
    res.end()
  })

const answeredAt = async (pause: () => Promise<unknown>) => {
  const started = performance.now()
  const call = await callTo(pausingApp(pause), { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
  return { at: call.actions[0]!.at, realMs: performance.now() - started, transcript: call.print() }
}

describe("an app's timers from node:timers and node:timers/promises, on the call's clock", () => {
  it("await setTimeout(2000) from 'node:timers/promises' answers at virtual +2 s, in no real time, and the transcript shows it", async () => {
    const { at, realMs, transcript } = await answeredAt(() => sleep(2_000))
    expect(at).toBe(2_000)
    expect(realMs).toBeLessThan(1_500)
    expect(transcript).toContain('2.0s    · app timer 2 s → its answer to ACCEPTED\n             1 ← ANSWER')
  })

  it('resolves with the value given, through the module namespace as well', async () => {
    let value: unknown
    const { at } = await answeredAt(async () => (value = await timersPromises.setTimeout(1_500, 'resolved')))
    expect(at).toBe(1_500)
    expect(value).toBe('resolved')
  })

  it("setTimeout from 'node:timers' and util.promisify(setTimeout) run on it too", async () => {
    expect((await answeredAt(() => new Promise((resolve) => nodeSetTimeout(resolve, 700)))).at).toBe(700)
    expect((await answeredAt(() => promisify(setTimeout)(900))).at).toBe(900)
  })

  it('a pause captured when the app loaded (promisify(setTimeout), a destructured require) runs on it too', async () => {
    expect((await answeredAt(() => pauseFromLoad(800))).at).toBe(800)
    expect((await answeredAt(() => requiredSleep(600))).at).toBe(600)
  })

  it('setInterval yields once per tick, scheduler.wait() waits, setImmediate() keeps the instant', async () => {
    const ticks = async () => {
      let n = 0
      for await (const _ of every(500)) if (++n === 3) break
    }
    expect((await answeredAt(ticks)).at).toBe(1_500)
    expect((await answeredAt(() => scheduler.wait(1_200))).at).toBe(1_200)
    expect((await answeredAt(() => yieldNow())).at).toBe(0)
  })

  it("an aborted pause rejects with Node's own AbortError at the instant of the abort", async () => {
    let failure: { name?: string; code?: string } | undefined
    const abortedPause = async () => {
      const controller = new AbortController()
      void sleep(400).then(() => controller.abort())
      await sleep(10_000, undefined, { signal: controller.signal }).catch((error: { name?: string; code?: string }) => (failure = error))
    }
    expect((await answeredAt(abortedPause)).at).toBe(400)
    expect(failure).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' })
  })

  it('a pause still pending when the call ends is handed back to real time and noted, as for the globals', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') {
        void sleep(3_600_000)
        return { action: 'HANGUP' }
      }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER').expectHangup()
    expect(call.print()).toContain('1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 3600 s timeout')
  })

  it("with the test's own vi.useFakeTimers(), the pause runs on that clock", async () => {
    vi.useFakeTimers()
    expect((await answeredAt(() => sleep(2_500))).at).toBe(2_500)
  })

  it('outside a call they are real timers', async () => {
    const started = performance.now()
    expect(await sleep(30, 'later')).toBe('later')
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
    const id = nodeSetTimeout(() => {}, 10_000)
    expect(typeof id).toBe('object')
    clearTimeout(id)
  })
})
