/**
 * A timer chain the app started before the call (at load: a cache's sweep, a cron-like job) re-arms
 * itself from its own callback. Its timers are Node's own, on real time, and so are the ones it
 * re-arms while a call runs: the chain stays where it started, as a timer the app armed before a
 * call does (real-timer-from-before-the-call.test.ts), whichever call a tick lands in.
 *
 * Measured before: a tick that landed during a call (while the app's answer waited on a real 0.5 s
 * child process) re-armed the chain on that call's clock, so the chain ran on the call's virtual
 * time from then on: 10 ticks in the caller's 3 s of silence, and an `app timer 300 ms` line in that
 * call's transcript only, a call chosen by real timing: the same test printed a different transcript
 * from run to run.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, sendAction, tts } from '../helpers/webex-apps.js'

const run = promisify(execFile)

/** A sweep every `everyMs`, re-armed from its own callback as node-cache's checkperiod and cron libraries do. */
function sweepChain(everyMs: number) {
  const ticks: number[] = []
  let next: ReturnType<typeof setTimeout>
  const sweep = () => {
    ticks.push(Date.now())
    next = setTimeout(sweep, everyMs)
    next.unref()
  }
  next = setTimeout(sweep, everyMs)
  next.unref()
  return { ticks, stop: () => clearTimeout(next) }
}

// Started at load, as apps start their sweeps: Node's own timers.
const chain = sweepChain(300)
afterAll(() => chain.stop())

/** Greets once a real 0.5 s job is done (a child process: real I/O, so the chain ticks meanwhile), then hangs up on the caller's silence. */
const app = answering(
  (res: import('node:http').ServerResponse) =>
    void run(process.execPath, ['-e', 'setTimeout(() => {}, 500)']).then(() =>
      sendAction(res, { action: 'PLAY', audio: [tts('Press a key.')], collectInput: { maxDigits: 1 } }),
    ),
)

describe('a timer chain the app started before the call stays on real time', () => {
  it('a tick that lands during the call re-arms the chain on real time: no virtual ticks in the silence, no app timer line', async () => {
    const before = chain.ticks.length
    const started = performance.now()
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').staySilent(3_000).hangUp()
    const realMs = performance.now() - started
    const during = chain.ticks.length - before
    // As many as the call's real time holds (the child's start and its 0.5 s), never the caller's 3 s of virtual silence besides.
    expect(during).toBeGreaterThanOrEqual(1)
    expect(during).toBeLessThanOrEqual(Math.floor(realMs / 300) + 1)
    expect(call.print()).not.toContain('app timer 300 ms')
  })
})
