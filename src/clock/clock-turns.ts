import { processShared } from '../utils/process-shared.js'
import { whenAborted } from '../utils/when-aborted.js'
import { realNow } from './real-timers.js'

/**
 * Calls whose apps share one clock take turns: an app in this process has one set of timer
 * globals and one `Date`, and an app under callspec/agent one per process. Two calls driving one
 * clock at once moved each other's time: measured, the second of two overlapping calls saw the
 * first one's `startAt` in its `Date` (business hours decided wrong), a 2 s answer delay vanished
 * from one transcript, and one call's 30 s idle timer fired in the other when that one held a
 * caller for 34 s. Each call alone is deterministic, so they run one at a time: in real time a
 * call takes milliseconds, and the virtual times of calls are independent anyway. Nothing of the
 * wait goes in the transcript (how long, behind how many): it depends on scheduling, and a
 * transcript must print the same every run (snapshots).
 */
const turns = processShared('clockTurns', () => ({
  queues: new WeakMap<object, Promise<void>>(),
  /** The key for apps in this process (all of them share the process's globals). */
  inThisProcess: {} as object,
  /** tellCallsTookTurns said it. */
  told: false,
}))
const { queues } = turns

/** The key for apps in this process (all of them share the process's globals, whichever copy of callspec runs their calls). */
export const IN_THIS_PROCESS: object = turns.inThisProcess

export interface ClockTurn {
  /** Real ms this call waited for others that held the clock. */
  waitedMs: number
  /** Another call held the clock when this one asked for it: the two overlapped. */
  queued: boolean
  end(): void
}

/**
 * Waits until no other call holds `key`'s clock, then holds it until `end()`. `stop` ends the wait
 * (rejecting with its reason): a call stopped at its test's end may be queued behind another that
 * is itself about to be stopped (a Promise.all of three), and must not wait for it.
 */
export async function takeClockTurn(key: object, stop?: AbortSignal): Promise<ClockTurn> {
  const previous = queues.get(key)
  let end!: () => void
  const mine = new Promise<void>((resolve) => (end = resolve))
  const tail = previous ? previous.then(() => mine) : mine
  queues.set(key, tail)
  const started = realNow()
  if (previous) {
    try {
      await (stop ? Promise.race([previous, whenAborted(stop)]) : previous)
    } catch (reason) {
      // Never held: the calls queued behind still wait for the one before this one (tail).
      end()
      throw reason
    }
  }
  let ended = false
  return {
    waitedMs: realNow() - started,
    queued: previous !== undefined,
    end() {
      if (ended) return
      ended = true
      // The last one out leaves no chain behind.
      if (queues.get(key) === tail) queues.delete(key)
      end()
    },
  }
}

/**
 * Said once per process, the first time calls overlap: they ran one after another, so a test
 * meant to show callers at the same time did not. Measured (helper-17): an app keeping the PIN
 * check's result in one module-level variable, which two real callers overwrite, passed a
 * `Promise.all` of a right-PIN and a wrong-PIN call; with `appClock: false` the calls interleave
 * and the same test fails as production would. Not in the transcript: whether a call waited
 * depends on scheduling, and a transcript prints the same every run.
 */
export function tellCallsTookTurns(): void {
  if (turns.told) return
  turns.told = true
  console.warn(
    "[callspec] Calls to apps in this process overlapped (Promise.all, describe.concurrent): they ran one after another on the app's clock, each as if alone, " +
      'so their webhooks did not interleave. To test callers at the same time (state the app shares between calls), pass appClock: false: ' +
      "the calls then interleave, with the app's timers in real time. (Said once; warnings: 'silent' stops it.)",
  )
}
