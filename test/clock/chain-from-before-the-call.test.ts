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
import { afterAll, describe, it } from 'vitest'
import { expectChainOnRealTime, sweepChain } from '../helpers/sweep-chain.js'

// Started at load, as apps start their sweeps: Node's own timers.
const chain = sweepChain(300)
afterAll(() => chain.stop())

describe('a timer chain the app started before the call stays on real time', () => {
  it('a tick that lands during the call re-arms the chain on real time: no virtual ticks in the silence, no app timer line', async () => {
    await expectChainOnRealTime(chain)
  })

  // Started just before the call (its installation is what "before" means), so that its first tick,
  // the one armed with `setTimeout(sweep, 300)`, lands in the call and re-arms with `() => sweep()`:
  // told by the sweep it names, as its delay alone no longer tells it (h196). Measured before that:
  // the chain taken over, `app timer 300 ms ×10` (a whole-suite run put the tick there by chance).
  it('so does one armed with the sweep and re-armed with a new closure each tick, `setTimeout(() => sweep(), 300)`', async () => {
    const closureChain = sweepChain(300, globalThis, true)
    try {
      await expectChainOnRealTime(closureChain)
    } finally {
      closureChain.stop()
    }
  })
})
