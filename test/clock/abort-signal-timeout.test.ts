/**
 * `AbortSignal.timeout(ms)` in an in-process app runs on the call's clock, as the app's own
 * setTimeout does: a 3 s database call guarded by a 1 s timeout gives up at virtual +1 s, as it
 * would in production, instead of answering at +3 s while the real 1 s never came.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** Answers ANSWERED with what a 3 s "database call" on the app's clock gives, guarded by `AbortSignal.timeout(guardMs)`. */
const guardedApp = (guardMs: number, seen: { error?: unknown; signal?: AbortSignal }) =>
  webexApp((event) => (res: ServerResponse) => {
    const answer = (action: unknown) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(action))
    }
    if (event.event === 'ACCEPTED') return answer({ action: 'ANSWER' })
    if (event.event === 'ANSWERED') {
      const signal = (seen.signal = AbortSignal.timeout(guardMs))
      return void sleep(3_000, 'db answered', { signal }).then(
        (text) => answer({ action: 'PLAY', audio: [tts(text)] }),
        (error: Error) => {
          seen.error = signal.reason
          answer({ action: 'PLAY', audio: [tts(`fallback ${error.name}`)] })
        },
      )
    }
    if (event.event === 'PLAYED') return answer({ action: 'HANGUP' })
    res.end()
  })

describe("AbortSignal.timeout() on the call's clock", () => {
  it('aborts a 3 s database call at virtual +1 s, with the TimeoutError Node gives', async () => {
    const seen: { error?: unknown } = {}
    const started = performance.now()
    const call = await callTo(guardedApp(1_000, seen), { platform: 'webex-connect', seed: 3 }).expectAction('ANSWER').expectAction('PLAY', { audio: [{ text: 'fallback AbortError' }] }).expectHangup()

    const answered = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'ANSWERED')!
    expect(call.actions[1]!.at - answered.at).toBe(1_000)
    expect(call.print()).toMatch(/app timer 1 s → /)
    expect(seen.error).toBeInstanceOf(DOMException)
    expect(seen.error).toMatchObject({ name: 'TimeoutError', message: 'The operation was aborted due to timeout' })
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('is Node\'s own outside a call: real time, and its errors', async () => {
    const signal = AbortSignal.timeout(20)
    expect(signal.aborted).toBe(false)
    await new Promise((resolve) => signal.addEventListener('abort', resolve))
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' })
    expect(() => AbortSignal.timeout(-1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }))
  })

  it('lets the database answer first when the guard is longer, and names the unfired guard in the end-of-call note', async () => {
    const seen: { error?: unknown; signal?: AbortSignal } = {}
    const call = await callTo(guardedApp(600_000, seen), { platform: 'webex-connect', seed: 3 }).expectAction('ANSWER').expectAction('PLAY', { audio: [{ text: 'db answered' }] }).expectHangup()
    expect(seen.error).toBeUndefined()
    expect(call.print()).toContain('1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 600 s AbortSignal.timeout')
    expect(seen.signal!.aborted).toBe(false)
  })
})
