/**
 * A call ends while its app's request waits on a nock reply, the app's AbortSignal.timeout guard
 * still pending: the guard is handed back to real time (handed-back-timers.ts), and fires during
 * the next test's call. Its abort ends the earlier app's fetch; the fetch's catch lets the earlier
 * test's reply go on, to its pause. That pause was set on the later call's clock, its nock frames
 * read as a mock's: the later call listed "2 mock timer(s) … 2 s timeout (nock reply), 3 s timeout
 * (nock reply)", though its own app's request went out once (seen under load in
 * mock-timers-not-the-apps.test.ts, an earlier call stopped at its test's timeout). nock.cleanAll()
 * between the tests does not stop a reply function already running.
 *
 * The guard's abort settles what the earlier call's code awaits, as a handed-back pause does: what
 * runs on from it is that call's work, and keeps real time.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

afterEach(() => void nock.cleanAll())

const CRM = 'https://crm.acme.test'
const W = { platform: 'webex-connect', seed: 2, warnings: 'silent' } as const

/** The transcript's notes (timer lines, end-of-call notes), without their times' padding. */
const notes = (printed: string) =>
  printed
    .split('\n')
    .filter((l) => l.includes(' · '))
    .map((l) => l.trim().replace(/\s+/g, ' '))

/** Resolved once the earlier test's reply has gone on past the app's aborted fetch, its pause set. */
let earlierReplyWentOn!: () => void
const earlierReplyGoesOn = new Promise<void>((resolve) => (earlierReplyWentOn = resolve))

describe("a nock reply an ended call's guard set going, in a later call", () => {
  it('the earlier call ends with its guard pending, its app waiting on the reply', async () => {
    let fetchOver!: () => void
    const over = new Promise<void>((resolve) => (fetchOver = resolve))
    // Like mock-timers-not-the-apps.test.ts's reply that pauses once the app's guard aborted its request.
    nock(CRM)
      .get('/customers/1')
      .reply(async () => {
        await over
        const pause = sleep(2_000)
        // Told a turn later, from outside this work: resumed straight from it, the later call's
        // code would run as the earlier call's work until the microtask queue drains (its guard
        // then on real time: handed-back-timers.ts cannot tell whose code a continuation is).
        realTimers.setImmediate(earlierReplyWentOn)
        await pause
        return [200, { name: 'Ada' }]
      })
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') {
        // Looked up in the background, guarded at 300 ms; the app hangs up at once.
        void fetch(`${CRM}/customers/1`, { signal: AbortSignal.timeout(300) })
          .catch(() => undefined)
          .then(fetchOver)
        return { action: 'HANGUP' }
      }
      return undefined
    })
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('HANGUP')
    expect(notes(call.print()).at(-1)).toBe(
      '0.2s · 1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 300 ms AbortSignal.timeout',
    )
  })

  it("the later call lists its own reply's pause, not the earlier reply's", async () => {
    nock(CRM)
      .get('/customers/2')
      .reply(async () => {
        await sleep(3_000)
        return [200, { name: 'Bob' }]
      })
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED')
        return (res: ServerResponse) =>
          void (async () => {
            // Its clock installed, the call waits here (no timer of its app's yet) until the
            // earlier call's guard, handed back, has fired and that call's reply gone on.
            await earlierReplyGoesOn
            const text = await fetch(`${CRM}/customers/2`, { signal: AbortSignal.timeout(1_000) })
              .then(async (r) => `Hi ${((await r.json()) as { name: string }).name}.`)
              .catch(() => 'Hello.')
            sendAction(res, { action: 'PLAY', audio: [tts(text)] })
          })()
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello.')
    expect(notes(call.print())).toEqual([
      '1.2s · app timer 1 s → its answer to ANSWERED',
      "1.8s · 1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), handed back to real time (they run on, and may fire during a later test): 3 s timeout (nock reply)",
    ])
  })
})
