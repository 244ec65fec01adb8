/**
 * inRealTimerWork() tells the app's code run by a timer of Node's own on real time (one the app set
 * before the call: real-timer-from-before-the-call.test.ts), read off the stack. A promise job Node
 * runs between two real timers (listOnTimeout's runNextTicks) is no such timer's work: it continues
 * whatever settled then. On Node 24, where that job's stack shows listOnTimeout, the app's
 * `await (await fetch(…)).json()` resumed as nock's 300 ms reply timer settled the fetch was noted
 * as "the app's GET … (its body) came from a timer of its on real time" (a clean-clone suite run).
 */
import { describe, expect, it } from 'vitest'
import { inRealTimerWork } from '../../src/clock/real-timer-work.js'

/** What inRealTimerWork() says in a real timer's callback, and in a promise job run right after it, with another timer due. */
function readings(): Promise<{ inCallback: boolean; inPromiseJob: boolean }> {
  return new Promise((resolve) => {
    let inCallback = false
    setTimeout(() => {
      inCallback = inRealTimerWork()
      void Promise.resolve().then(() => resolve({ inCallback, inPromiseJob: inRealTimerWork() }))
    }, 5)
    // Due with it: Node runs the promise job between the two (runNextTicks).
    setTimeout(() => {}, 5)
  })
}

describe('inRealTimerWork', () => {
  it("is true in a real timer's own callback, false in a promise job run between two timers", async () => {
    expect(await readings()).toEqual({ inCallback: true, inPromiseJob: false })
  })
})
