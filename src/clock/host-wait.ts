import { threadSchedstat } from './thread-schedstat.js'

/**
 * The real time this thread spent waiting for a CPU while it had work to do: a loaded machine's
 * slowness, not the app's. InProcessAppClock counts the real time of a stretch of the app's own
 * work (a timer's callback, its promise chains, the handler before it answers or sets a timer) in
 * the answer's lead, as the platform waits for it too; less this wait. Measured before (with six
 * busy processes on this project's two cores, as a CI runner running other jobs beside the tests
 * can be): an EnableX answer its 5 s timer held back, "within 5 seconds", failed as 5.1 s in 5 of
 * 6 runs, 19-323 ms of real time counted in stretches where the app did nothing but wait for the
 * CPU. A CPU check (cpu-spent.ts) told only stretches under 300 ms (BLOCKED_MS): a longer one counts
 * whatever its CPU, as a blocking call (execSync) spends none, so the host's longest waits counted.
 *
 * Linux says it per thread: /proc/thread-self/schedstat's second field, the nanoseconds the thread
 * waited on a run queue (sched_info's run_delay: runnable, not running). A thread blocked in a call
 * (execSync, Atomics.wait, a synchronous read) is not runnable, so that wait still counts as the
 * app's. Elsewhere (macOS, Windows, a kernel without it), nothing is subtracted, as before.
 *
 * Only for stretches with no real I/O of the app's in them: while a request to another process is
 * in flight, the far side's time runs on whatever this thread waits for, and callspec's own looks
 * at it (every 2 ms) make this thread runnable again and again: the wait then overlaps the
 * request's real latency, which production's platform waits for too.
 */
let readWaitNs: (() => number | undefined) | undefined

function waitMs(): number | undefined {
  const ns = readWaitNs ? readWaitNs() : threadSchedstat()?.waitNs
  return ns === undefined ? undefined : ns / 1e6
}

/** Real ms a reading stays fresh enough to start a stretch from (as cpu-spent.ts's SAMPLE_EVERY_MS). */
const SAMPLE_EVERY_MS = 10

/** When (real, performance.now()) the wait was last read, and what it was (ms). Never read: nothing is subtracted. */
let sampledAt = Number.NEGATIVE_INFINITY
let sampledMs = 0

/** A stretch of the app's work may start at `now` (real): the wait is read if the last reading is older than SAMPLE_EVERY_MS. */
export function sampleHostWait(now: number): void {
  if (now - sampledAt <= SAMPLE_EVERY_MS) return
  const ms = waitMs()
  if (ms === undefined) return
  sampledMs = ms
  sampledAt = now
}

/**
 * At least how many ms this thread waited for a CPU from `started` to `now` (real): what it waited
 * since the last reading, less all the real time between that reading and `started` (as if it all
 * were waited). Never more than it waited, so never more of the app's time is taken away than the
 * host took. Reads the wait again (the next stretch starts from it).
 */
export function hostWaitAtLeast(started: number, now: number): number {
  if (sampledAt === Number.NEGATIVE_INFINITY) return 0
  const ms = waitMs()
  if (ms === undefined) return 0
  const waited = ms - sampledMs - Math.max(0, started - sampledAt)
  sampledMs = ms
  sampledAt = now
  return Math.min(Math.max(0, waited), now - started)
}

/**
 * For tests: where the thread's wait is read from (nanoseconds, undefined for "not told"), or
 * undefined for Linux's schedstat again. A loaded machine cannot be ordered up in a test.
 */
export function readHostWaitWith(reader: (() => number | undefined) | undefined): void {
  readWaitNs = reader
  sampledAt = Number.NEGATIVE_INFINITY
  sampledMs = 0
}
