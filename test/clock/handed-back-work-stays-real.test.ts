/**
 * A timer an earlier call handed back to real time fires while a later call holds the clock: what
 * it sets then, in its callback or in the code awaiting it, is that earlier call's work and keeps
 * real time, as the handed-back timer does. On the later call's clock it showed in that call's
 * transcript as the app's ("· app timer 1 s → nothing sent to the platform") and moved that call's
 * time: test/clock/timer-notes.test.ts failed so under load (helper-144), a 1 s AbortSignal.timeout
 * of test/clock/mocked-dependency-latency.test.ts's last app, set after the 1.5 s sleep that call
 * handed back, on the clock of whichever call ran next in the worker.
 *
 * Each later call's app holds its answer 600 ms on real time (a timer set outside the call's clock,
 * as real I/O would), so the earlier call's timer, handed back with 150 ms left, fires meanwhile.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect', seed: 7 } as const

/** The transcript's lines for the app's timers, without their times' padding. */
const timerLines = (printed: string) => printed.split('\n').filter((l) => l.includes('· app timer')).map((l) => l.trim().replace(/\s+/g, ' '))

/** What the earlier call's leftover work set when it ran, to clear after the test. */
let leftovers: Array<NodeJS.Timeout | AbortSignal> = []
afterEach(() => {
  for (const left of leftovers) if (!(left instanceof AbortSignal)) clearTimeout(left)
  leftovers = []
})

/** A call whose app, on PLAYED, starts `leftover` and hangs up at once: its timer is handed back, due 150 ms later in real time. */
const earlierCall = (leftover: () => void) =>
  callTo(
    webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Goodbye.')] }
      if (event.event === 'PLAYED') {
        leftover()
        return { action: 'HANGUP' }
      }
      return undefined
    }),
    W,
  )
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .expectHangup()

/** The next call: its app answers ANSWERED after 600 ms of real time, with no timer of its own. */
const laterCall = () =>
  callTo(
    webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return (res: ServerResponse) => void realTimers.setTimeout(() => sendAction(res, { action: 'PLAY', audio: [tts('Hello.')] }), 600)
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    }),
    W,
  )
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .expectHangup()

/** Whether `handle` is one of Node's own timers (a fake clock's handle is a plain object). */
const isRealTimer = (handle: unknown) => typeof handle === 'object' && handle !== null && handle.constructor.name === 'Timeout'

describe('work of a timer an earlier call handed back, run while a later call holds the clock', () => {
  it("a timer its callback sets keeps real time: not in the later call's transcript", async () => {
    let inner: NodeJS.Timeout | undefined
    const first = await earlierCall(() => void setTimeout(() => leftovers.push((inner = setTimeout(() => {}, 1_000))), 150))
    expect(first.print()).toContain('1 app timer(s) still pending when the call ended, handed back to real time')
    const call = await laterCall()
    expect(inner, 'the handed-back timer fired during the later call').toBeDefined()
    expect(timerLines(call.print()), call.print()).toEqual([])
    expect(isRealTimer(inner)).toBe(true)
  })

  it("a timer set by the code awaiting it (a node:timers/promises pause, then a guard, as mocked-dependency-latency.test.ts's app) keeps real time too", async () => {
    let inner: NodeJS.Timeout | undefined
    await earlierCall(() => void sleep(150).then(() => leftovers.push((inner = setTimeout(() => {}, 1_000)))))
    const call = await laterCall()
    expect(inner, 'the handed-back pause ended during the later call').toBeDefined()
    expect(timerLines(call.print()), call.print()).toEqual([])
    expect(isRealTimer(inner)).toBe(true)
  })

  it("an AbortSignal.timeout(1000) after `await new Promise((r) => setTimeout(r, 150))` (the promise's own resolve as the callback) is not the later call's", async () => {
    let signal: AbortSignal | undefined
    await earlierCall(() => {
      void (async () => {
        await new Promise((resolve) => setTimeout(resolve, 150))
        leftovers.push((signal = AbortSignal.timeout(1_000)))
      })()
    })
    const call = await laterCall()
    expect(signal, 'the handed-back pause ended during the later call').toBeDefined()
    expect(timerLines(call.print()), call.print()).toEqual([])
    expect(call.print()).not.toContain('AbortSignal.timeout')
  })

  it("a handed-back worker that resolves the later call's job leaves that call's code after the await on its clock", async () => {
    // A job queue drained by a 50 ms interval the app starts on first use (pending-timers-handed-back.test.ts).
    const queue: Array<() => void> = []
    const viaQueue = <T>(job: () => T) => {
      worker ??= setInterval(() => {
        while (queue.length > 0) queue.shift()!()
      }, 50)
      return new Promise<T>((resolve) => queue.push(() => resolve(job())))
    }
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED')
        return (res: ServerResponse) =>
          void (async () => {
            const name = await viaQueue(() => 'Ada')
            await sleep(2_000)
            sendAction(res, { action: 'PLAY', audio: [tts(`Hello ${name}.`)] })
          })()
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const flow = () => callTo(app, W).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect((await flow()).print()).toContain('handed back to real time (they run on, as in production, and may fire during a later test): 50 ms interval')
    const started = performance.now()
    const call = await flow()
    // The worker's callback resolved the job: the 2 s pause after it is this call's, on its clock.
    expect(timerLines(call.print()), call.print()).toEqual(['2.2s · app timer 2 s → its answer to ANSWERED'])
    expect(performance.now() - started).toBeLessThan(1_500)
  })
})

let worker: NodeJS.Timeout | undefined
afterAll(() => clearInterval(worker))
