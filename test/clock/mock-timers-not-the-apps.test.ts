/**
 * audit-93 #9: timers the test's own mocks set on the call's clock (a mocked CRM's latency: an msw
 * or nock handler's `await setTimeout(3000)` from node:timers/promises, as docs/time.md advises, or
 * a stub server's `setTimeout` in its handler) were printed as the app's: `1 app timer(s) still
 * pending when the call ended, …: 3 s timeout`, and `app timer 3 s → nothing sent to the platform`
 * when one fired. They stay on the call's clock, but the transcript calls them mock timers. The
 * apps are HTTP servers the call reaches over a real (in-memory) HTTP exchange.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import express from 'express'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { realNow, realTimers } from '../../src/clock/real-timers.js'
import { callTo } from '../../src/index.js'
import { stubServer } from '../helpers/stub-server.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

afterEach(() => void nock.cleanAll())

const CRM = 'https://crm.acme.test'

/** The mocked CRM answers GET /customers/1 with Ada after `pause` (on the call's clock, as docs/time.md advises). */
const crmAnswersAfter = (pause: () => Promise<unknown>) =>
  nock(CRM)
    .get('/customers/1')
    .reply(async () => {
      await pause()
      return [200, { name: 'Ada' }]
    })

/**
 * Greets the caller by the CRM's name, or generically when the CRM takes over 1 s (its 1 s guard,
 * AbortSignal.timeout); hangs up once the greeting played. `onAccepted` runs on ACCEPTED;
 * `onAbort` as the guard fires, before the request hears of it.
 */
const greeter = (url: () => string, onAccepted: () => void = () => {}, onAbort?: () => void) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') {
      onAccepted()
      return { action: 'ANSWER' }
    }
    if (event.event === 'ANSWERED')
      return (res: ServerResponse) => {
        const signal = AbortSignal.timeout(1_000)
        if (onAbort) signal.addEventListener('abort', onAbort)
        void fetch(url(), { signal })
          .then(async (r) => `Hi ${((await r.json()) as { name: string }).name}.`)
          .catch(() => 'Hello.')
          .then((text) => {
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify({ action: 'PLAY', audio: [tts(text)] }))
          })
      }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

const greet = (app: ReturnType<typeof webexApp>) => callTo(app, { platform: 'webex-connect', seed: 2 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

/** The transcript's notes (timer lines, end-of-call notes), without their times' padding. */
const notes = (printed: string) =>
  printed
    .split('\n')
    .filter((l) => l.includes(' · '))
    .map((l) => l.trim().replace(/\s+/g, ' '))

/**
 * Keeps the thread busy `ms` of real time, as a loaded machine's slow turn does: the mock's answer
 * reaches the app that much later in real time, at the same instant of the call's clock.
 */
const slowTurn = (ms: number) => {
  const until = realNow() + ms
  while (realNow() < until);
}

const HANDED_BACK = 'handed back to real time (they run on, and may fire during a later test)'

describe("timers the test's mocks set on the call's clock are not called the app's", () => {
  it('a nock reply pausing 3 s that lost to the 1 s guard: a mock timer still pending at the end, not an app timer', async () => {
    crmAnswersAfter(() => sleep(3_000))
    const call = await greet(greeter(() => `${CRM}/customers/1`))
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print())).toEqual([
      '1.2s · app timer 1 s → its answer to ANSWERED',
      `1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${HANDED_BACK}: 3 s timeout (nock reply)`,
    ])
  })

  // Under load the abort reached the request over 50 ms of real time after the guard fired: taken
  // for real I/O's answer, the line read "app timer 1 s → nothing sent to the platform".
  it("a nock reply pausing 3 s that lost to the 1 s guard, the abort slow to reach the request (a loaded machine): the guard's line still gives the answer", async () => {
    crmAnswersAfter(() => sleep(3_000))
    const call = await greet(greeter(() => `${CRM}/customers/1`, undefined, () => slowTurn(80)))
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print())[0]).toBe('1.2s · app timer 1 s → its answer to ANSWERED')
  })

  it("a nock reply pausing after awaits of its own, through a helper: still the mock's", async () => {
    const latency = async (ms: number) => {
      await Promise.resolve()
      await sleep(ms)
    }
    crmAnswersAfter(async () => {
      await Promise.resolve()
      await latency(3_000)
    })
    const call = await greet(greeter(() => `${CRM}/customers/1`))
    expect(notes(call.print()).at(-1)).toBe(
      `1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${HANDED_BACK}: 3 s timeout (nock reply)`,
    )
  })

  it("a nock reply whose pause runs on from Node's own queue of ticks, between two real timers, through two helpers: still the mock's", async () => {
    // Its continuation runs under four frames of Node's, between the reply's frames and the mock
    // library's: processTicksAndRejections, runNextTicks, listOnTimeout, processTimers (Node runs
    // the ticks the first timer queued before the second). With fewer frames read, a timer set
    // there was the app's (as with runNextTicks and processImmediate, once in ~30 calls of the test above).
    const wait = (ms: number) => sleep(ms)
    const latency = async (ms: number) => {
      await Promise.resolve()
      await wait(ms)
    }
    crmAnswersAfter(async () => {
      await new Promise((resolve) => {
        realTimers.setTimeout(() => process.nextTick(resolve), 1)
        realTimers.setTimeout(() => {}, 1)
      })
      await latency(3_000)
    })
    const call = await greet(greeter(() => `${CRM}/customers/1`))
    expect(notes(call.print()).at(-1)).toBe(
      `1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${HANDED_BACK}: 3 s timeout (nock reply)`,
    )
  })

  // Its pause set after the guard had aborted the request, no request of the app's in flight: the
  // library's frames were not read, and the pause was the app's. Under load (three busy loops on
  // two cores) the test above came to this 1 run in ~40: the real 1 ms timer its reply awaits was
  // late past the 20 ms after which callspec stops holding time for a request answered in the process.
  it("a nock reply that sets its pause after the app's guard aborted its request: still the mock's", async () => {
    let fetchOver!: () => void
    const over = new Promise<void>((resolve) => (fetchOver = resolve))
    crmAnswersAfter(async () => {
      await over
      await sleep(3_000)
    })
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED')
        return (res: ServerResponse) =>
          void fetch(`${CRM}/customers/1`, { signal: AbortSignal.timeout(1_000) })
            .then(() => 'Hi.')
            .catch(() => 'Hello.')
            .then((text) => {
              // The app's request is over (aborted): the reply goes on from here.
              fetchOver()
              res.setHeader('content-type', 'application/json')
              res.end(JSON.stringify({ action: 'PLAY', audio: [tts(text)] }))
            })
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const call = await greet(app)
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print())).toEqual([
      '1.2s · app timer 1 s → its answer to ANSWERED',
      `1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${HANDED_BACK}: 3 s timeout (nock reply)`,
    ])
  })

  it("a nock reply pausing 300 ms that beat the guard: its line is a mock timer giving the answer; the guard's own line is the app's", async () => {
    crmAnswersAfter(() => sleep(300))
    const call = await greet(greeter(() => `${CRM}/customers/1`))
    expect(call).toHavePlayed('Hi Ada.')
    expect(notes(call.print())).toEqual([
      '0.5s · mock timer 300 ms → its answer to ANSWERED',
      // The app's guard, never cleared (an AbortSignal.timeout is not), is the app's.
      '1.2s · app timer 1 s → nothing sent to the platform',
    ])
  })

  it("the app's own timer still pending is noted as the app's, the mock's apart", async () => {
    crmAnswersAfter(() => sleep(3_000))
    // The app's 30 s idle timer, armed on ACCEPTED and never cleared.
    const call = await greet(greeter(() => `${CRM}/customers/1`, () => void setTimeout(() => {}, 30_000)))
    expect(notes(call.print()).slice(-2)).toEqual([
      '1.8s · 1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 30 s timeout',
      `1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${HANDED_BACK}: 3 s timeout (nock reply)`,
    ])
  })

  // Under load (three busy loops on two cores) the answer came 56-79 ms of real time after the
  // mock's timer fired, 1 run in 4: past APP_WORK_MS, it was taken for real I/O's answer, the
  // line "mock timer 300 ms → nothing sent to the platform".
  it('a nock reply pausing 300 ms whose answer is slow to reach the app (a loaded machine): still the mock timer giving the answer', async () => {
    crmAnswersAfter(async () => {
      await sleep(300)
      slowTurn(80)
    })
    const call = await greet(greeter(() => `${CRM}/customers/1`))
    expect(call).toHavePlayed('Hi Ada.')
    expect(notes(call.print())[0]).toBe('0.5s · mock timer 300 ms → its answer to ANSWERED')
  })

  it('a mock timer that fires during the call prints as a mock timer', async () => {
    crmAnswersAfter(() => sleep(1_500))
    const call = await greet(greeter(() => `${CRM}/customers/1`))
    expect(notes(call.print())).toEqual(['1.2s · app timer 1 s → its answer to ANSWERED', '1.7s · mock timer 1.5 s → nothing sent to the platform'])
  })
})

describe("a stub server in the test's process", () => {
  let latencyMs = 0
  /** Real ms the stub's answer takes once its latency is over (slowTurn). */
  let slowMs = 0
  const stub = stubServer(
    (_req, res) =>
      void setTimeout(() => {
        slowTurn(slowMs)
        res.end(JSON.stringify({ name: 'Ada' }))
      }, latencyMs),
  )
  afterEach(() => void (slowMs = 0))

  it("its latency timer, still pending when the call ended, is the server's, not the app's", async () => {
    latencyMs = 3_000
    const call = await greet(greeter(() => `${stub.url}/customers/1`))
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print())).toEqual([
      '1.2s · app timer 1 s → its answer to ANSWERED',
      `1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), ${HANDED_BACK}: 3 s timeout (server in the test's process)`,
    ])
  })

  it('answering in 300 ms: a mock timer gives the answer', async () => {
    latencyMs = 300
    const call = await greet(greeter(() => `${stub.url}/customers/1`))
    expect(call).toHavePlayed('Hi Ada.')
    expect(notes(call.print())[0]).toBe('0.5s · mock timer 300 ms → its answer to ANSWERED')
  })

  it('answering in 300 ms, slow to reach the app (a loaded machine): still the mock timer giving the answer', async () => {
    latencyMs = 300
    slowMs = 80
    const call = await greet(greeter(() => `${stub.url}/customers/1`))
    expect(call).toHavePlayed('Hi Ada.')
    expect(notes(call.print())[0]).toBe('0.5s · mock timer 300 ms → its answer to ANSWERED')
  })
})

describe('a stub server that sets its latency timer once it has read the body (an Express stub that parses a JSON body first)', () => {
  const stub = stubServer(
    express()
      .use(express.json())
      .post('/customers', (_req, res) => void setTimeout(() => res.json({ name: 'Ada' }), 3_000))
      // An async route that awaits something of its own before its latency.
      .post('/customers/async', async (_req, res) => {
        await Promise.resolve()
        setTimeout(() => res.json({ name: 'Ada' }), 3_000)
      }),
  )

  /** Greets the caller by the name the CRM at `url` answers a POST with, or generically after its 1 s guard. */
  const posting = (url: string) =>
    webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED')
        return (res: ServerResponse) =>
          void fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phone":"+14155550100"}', signal: AbortSignal.timeout(1_000) })
            .then(async (r) => `Hi ${((await r.json()) as { name: string }).name}.`)
            .catch(() => 'Hello.')
            .then((text) => {
              res.setHeader('content-type', 'application/json')
              res.end(JSON.stringify({ action: 'PLAY', audio: [tts(text)] }))
            })
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })

  // Before, its route ran after the listener returned, and the note said the timer might be the app's.
  it("its timer is told from the app's: the note says it is the stub's", async () => {
    const call = await greet(posting(`${stub.url}/customers`))
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print()).at(-1)).toBe(
      "1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), handed back to real time (they run on, and may fire during a later test): 3 s timeout (server in the test's process)",
    )
  })

  it("one set after an await of the route's own cannot be told from the app's: the note says it may be either's", async () => {
    const call = await greet(posting(`${stub.url}/customers/async`))
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print()).at(-1)).toBe(
      "1.8s · 1 timer(s) (the app's, or a server's in the test's process it awaits) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 3 s timeout",
    )
  })
})
