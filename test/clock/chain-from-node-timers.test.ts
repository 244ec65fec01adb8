/**
 * A timer chain the app started before the call with the `setTimeout` it imports from
 * `node:timers` stays on real time, as one re-armed with the global does
 * (chain-from-before-the-call.test.ts). The module's functions are callspec's replacements
 * (timer-modules.ts), which asked whether to put a timer on the call's clock without its callback:
 * a tick that landed during a call re-armed the chain on that call's clock, 12 ticks in a call
 * whose real time held 3, with `app timer 300 ms ×10` in its transcript (measured).
 */
import { clearTimeout, setTimeout } from 'node:timers'
import { afterAll, describe, it } from 'vitest'
import { expectChainOnRealTime, sweepChain } from '../helpers/sweep-chain.js'

// Started at load, as a module that imports its timers starts its sweep.
const chain = sweepChain(300, { setTimeout, clearTimeout })
afterAll(() => chain.stop())

describe("a timer chain re-armed through node:timers' setTimeout", () => {
  it('stays on real time: no virtual ticks in the silence, no app timer line', async () => {
    await expectChainOnRealTime(chain)
  })
})
