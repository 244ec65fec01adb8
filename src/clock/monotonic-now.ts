import { createRequire } from 'node:module'
import type { FakeClock } from './fake-timers-install.js'
import { realNow } from './real-timers.js'
import { processShared } from '../utils/process-shared.js'

/**
 * `performance.now()`, `process.hrtime()` and `process.hrtime.bigint()` read the call's clock
 * while it is installed for an app in this process, as `Date` does: an app that bounds its retries
 * by elapsed time (p-retry 7's `maxRetryTime`, measured with performance.now()), ages a cache
 * entry (lru-cache's `ttl`) or times its work (console.time(), which reads process.hrtime()) sees
 * the call's time pass, not the few real milliseconds the test took (audit-136 finding 08: a 3 s
 * retry budget never ran down, and the caller heard 12.6 s of silence then the success branch,
 * where production gives up 3 s in). Every reader during the call sees it, as for `Date` (telling
 * the app from the rest by its stack frame cost ~20 µs a read, and a clock is read per log line),
 * but another test's own code beside the call (describe.concurrent, told apart by the setup file's
 * async context for free), which keeps real time as its timers do (anotherTestsTimer).
 * callspec's own reads of real time go through Node's function captured at load (real-timers.ts);
 * vitest's runner and module evaluator bind `performance.now` when they load; undici (callspec's
 * copy and Node's) reads it only in fetch(), for the timings of the resource entries it records
 * (then in call time); @mswjs/interceptors and nock read neither; Node's console.time() reads hrtime.
 *
 * hrtime goes with performance.now: both are the one monotonic clock of the process (the same
 * source in Node, in ns and in ms), read for the same things, and vitest's fake timers fake both.
 * `performance.mark()`, `measure()`, `timeOrigin` and `eventLoopUtilization()` stay real: Node
 * reads its own clock for them, out of reach, and they are for profiling, not for the app's logic.
 *
 * Where it starts: where real time stands at install, then it moves as the call's clock does. It
 * never goes back during the call, so a budget started before the call (the app's first request in
 * flight as it began) reads no negative elapsed time; nor does it jump, so no budget the app
 * started before runs out on the spot.
 *
 * After the call: real again. The call's clock ran ahead of real time (a minute of call in a few
 * real ms), so a value the app read during the call is ahead of any it reads after, by up to what
 * the call's time outran the real time it took (or, at the next call, by that less the real time
 * between). An app keeping such a value across calls sees time go back: an lru-cache entry set 50 s
 * into one call looks up to 50 s younger early in the next one, so a 10 s entry outlives its ttl
 * there, and a budget started in one call and read in the next has more left. So does a timer the
 * app left pending (handed back to real time, handed-back-timers.ts) that reads it when it fires.
 * `Date` goes back too after a call, from the call's startAt to the real date. Kept ahead instead
 * (real time plus what the calls gained), performance.now() would disagree with Date, with
 * `timeOrigin` and with Node's own marks between calls, and drift further with every call.
 */

/** The call's clock as performance.now() and hrtime read it, from install on (plain data, no closures: built once a call). */
interface Following {
  readonly clock: FakeClock
  /** The clock's own monotonic time (clockMs) at install. */
  readonly at: number
  /** Real ms (performance.now()) at install. */
  readonly realMs: number
  /** Real ns (hrtime.bigint()) at install, read at the call's first hrtime read (most calls make none). */
  realNs: bigint | undefined
  /** The reader is another test's own code (fake-timers-install.ts anotherTestsTimer): it keeps real time, as its timers do. */
  readonly byAnotherTest: () => boolean
  /**
   * The synchronous stretch of code reading now (until the next microtask): real ms at its first
   * read (undefined: none open), where the clock stood then, and how many reads it made there since.
   */
  stretchFrom: number | undefined
  stretchAt: number
  /** What the stretch's first read gave: a spin past SPIN_READS runs on at real speed from there. */
  stretchBase: number
  stretchReads: number
  /**
   * The run of stretches at one instant of the call's clock: real ms at its first read (undefined:
   * none yet), that instant, and how many stretches opened there since (SPIN_STRETCHES).
   */
  runFrom: number | undefined
  runAt: number
  runStretches: number
  /** The most ms since install given yet: a read never gives less. */
  given: number
}

/**
 * Reads in one synchronous stretch of code, at one instant of the call's clock, past which the code
 * is taken to spin on the clock, waiting for time to pass (`while (performance.now() < until);`, a
 * test's stand-in for CPU work). The call's clock moves only between the app's turns, so such a
 * loop would never end, and no test timeout can fire in a blocked event loop. Past this count, the
 * stretch's reads go on at real speed from its first read, as production's do while the app works
 * (and callspec counts that real time into the call, as any of the app's own work): a 4 ms spin
 * takes 4 ms. A stretch ends at the next microtask, so code that reads the clock as apps do (per
 * request, per log line, each turn of a poll) reads the call's time exactly, the same every run.
 */
const SPIN_READS = 1_000

/**
 * Stretches in a row at one instant of the call's clock, past which the code is taken to spin on
 * the clock across microtasks (`while (Date.now() - start < 300) await null`, a time budget polled
 * with a yield that never leaves the microtask queue): no macrotask runs, so the call's clock never
 * moves, and the loop ran forever with the event loop starved, vitest's own timeout unable to fire
 * (audit h175 F7: the whole run hung). Past this count, reads go on at real speed from the run's
 * first read, as production's do. An app reads at one instant far fewer times than this, each in a
 * stretch of its own (a log line, a request): its reads stay the call's time exactly.
 */
const SPIN_STRETCHES = 10_000

interface Shared {
  /** The call's clock while one is installed; undefined between calls (Node's own answer). */
  following: Following | undefined
  /** performance.now() routed (once per process, whichever copy of callspec did it). */
  performanceRouted: boolean
  /** Node's own process.hrtime, found by the copy that routed it (undefined: not routed yet). */
  hrtime: NodeJS.HRTime | undefined
}

/** One per process (process-shared.ts): a copy of callspec `require`d beside the imported one sets what the first one's routes read. */
const shared = processShared<Shared>('monotonicNow', () => ({ following: undefined, performanceRouted: false, hrtime: undefined }))

/**
 * Puts performance.now() and process.hrtime() on `clock` until the returned function is called.
 * Routed once per process, by the first call, as AbortSignal.timeout is (fake-timers-install.ts):
 * swapped in and out per call, a library that binds `performance.now` mid-call would keep the
 * call's; routed, a call pays one read of real time (measured 60-110 ns with the rest, of a ~400 µs
 * call), and a read between calls one check more than Node's.
 */
export function monotonicFollows(clock: FakeClock, byAnotherTest: () => boolean): () => void {
  if (!shared.performanceRouted) routePerformanceNow()
  if (shared.hrtime === undefined) routeHrtime()
  const following: Following = { clock, at: clockMs(clock), realMs: realNow(), realNs: undefined, byAnotherTest, stretchFrom: undefined, stretchAt: 0, stretchBase: 0, stretchReads: 0, runFrom: undefined, runAt: 0, runStretches: 0, given: 0 }
  shared.following = following
  return () => {
    if (shared.following === following) shared.following = undefined
  }
}

/**
 * The clock's monotonic ms: `clock.performance.now()` is fake-timers' own reading of it, which
 * setSystemTime() (the test's clock set back to startAt, vi.setSystemTime() mid-call) does not
 * move, as it does not move Node's.
 */
const clockMs = (clock: FakeClock): number => (clock.performance === undefined ? clock.now : clock.performance.now())

/** The call's ms since install, for a read now: where its clock stands, or past it by a spin's real time (SPIN_READS), never less than given before. */
function elapsed(f: Following): number {
  const moved = clockMs(f.clock) - f.at
  if (f.stretchFrom === undefined || moved !== f.stretchAt) {
    if (f.stretchFrom === undefined) queueMicrotask(endStretch)
    const now = realNow()
    f.stretchFrom = now
    f.stretchAt = moved
    f.stretchBase = Math.max(f.given, moved)
    f.stretchReads = 0
    if (f.runFrom === undefined || moved !== f.runAt) {
      f.runFrom = now
      f.runAt = moved
      f.runStretches = 0
    } else if (++f.runStretches > SPIN_STRETCHES) {
      f.given = Math.max(f.given, moved + now - f.runFrom)
    }
  } else if (++f.stretchReads > SPIN_READS) {
    // From what the stretch's first read gave, not from the clock: a second spin at the same
    // instant starts where the first left the reads. From the clock, each spin of a 10 ms busy loop
    // run per message had to run the whole lead of the ones before over the clock again (10 ms, 20,
    // 30, …): an app under callspec/agent spending 10 ms per tick of a feed during a 1.5 s query
    // took more CPU than production (helper-189: held-answers' busy-feed test failed 3 runs of 6).
    f.given = Math.max(f.given, f.stretchBase + realNow() - f.stretchFrom)
  }
  return (f.given = Math.max(f.given, moved))
}

/**
 * Real ms a read of `Date.now()` now adds to `clock`'s time: what a spin on the clock has run past
 * it (SPIN_READS, SPIN_STRETCHES), 0 otherwise. The read counts as one of the spin's: a loop on
 * `Date.now()` ends as one on performance.now() does (audit h175 F7: it hung the run).
 */
export function dateSpinMs(clock: FakeClock): number {
  const f = shared.following
  if (f === undefined || f.clock !== clock || f.byAnotherTest()) return 0
  const moved = clockMs(clock) - f.at
  return elapsed(f) - moved
}

/** The synchronous stretch reading the clock is over (a microtask runs): the next read opens another. */
function endStretch(): void {
  if (shared.following) shared.following.stretchFrom = undefined
}

/** The call's time as performance.now() gives it. */
const virtualMs = (f: Following): number => f.realMs + elapsed(f)

/** The call's time as hrtime.bigint() gives it: real ns at install from the real ms since (one clock in Node), then the call's. */
function virtualNs(f: Following): bigint {
  f.realNs ??= shared.hrtime!.bigint() - BigInt(Math.round((realNow() - f.realMs) * 1e6))
  return f.realNs + BigInt(Math.round(elapsed(f) * 1e6))
}

/**
 * An own `now` on node:perf_hooks' object, which is the global `performance` too: an app that
 * imports it from `node:perf_hooks` follows as well. When the test faked performance
 * (vi.useFakeTimers() replaces the global with its clock's), the app reads the test's clock, which
 * the call drives when callspec adopts it. Not routed while someone else's `now` is in place (a
 * fake clock installed there): tried again at the next call. node:perf_hooks is required here, at
 * the first call, not imported: `import 'callspec'` loads only the built-ins it must.
 */
function routePerformanceNow(): void {
  type Performance = typeof globalThis.performance
  const performance = (createRequire(import.meta.url)('node:perf_hooks') as { performance: Performance }).performance
  if (shared.performanceRouted || Object.prototype.hasOwnProperty.call(performance, 'now')) return
  shared.performanceRouted = true
  // Node's own, on the prototype.
  const nodeNow = (Object.getPrototypeOf(performance) as Performance).now
  // Named as Node's (a library checking `.name`, a stack trace, reads the same); `this` as given, so a call with the wrong one throws as Node's does.
  const routed = {
    now(this: Performance): number {
      const following = shared.following
      return following === undefined || following.byAnotherTest() ? nodeNow.call(this) : virtualMs(following)
    },
  }
  Object.defineProperty(performance, 'now', { configurable: true, enumerable: true, writable: true, value: routed.now })
}

/**
 * process.hrtime and its bigint. Not routed while a fake clock's is in place (vi.useFakeTimers()
 * faking hrtime marks it with its `.clock`): tried again at the next call, and when a test fakes it
 * after, its fake takes the place of this route until it uninstalls (the route is what it restores).
 */
function routeHrtime(): void {
  const found = process.hrtime as NodeJS.HRTime & { clock?: unknown }
  if (shared.hrtime !== undefined || typeof found?.bigint !== 'function' || found.clock !== undefined) return
  shared.hrtime = found
  const nativeBigint = found.bigint
  // Named as Node's own (hrtime, hrtimeBigInt).
  const hrtime = (time?: [number, number]): [number, number] => {
    const following = shared.following
    if (following === undefined || following.byAnotherTest()) return found(time)
    // Node's own checks of `time` (a pair of numbers), with its errors; its real answer is not used.
    if (time !== undefined) found(time)
    const ns = virtualNs(following)
    const sec = Number(ns / 1_000_000_000n)
    const nsec = Number(ns % 1_000_000_000n)
    if (time === undefined) return [sec, nsec]
    // As Node subtracts: the nanoseconds borrow a second.
    const diff = nsec - time[1]
    return diff < 0 ? [sec - time[0] - 1, diff + 1e9] : [sec - time[0], diff]
  }
  const hrtimeBigInt = (): bigint => {
    const following = shared.following
    return following === undefined || following.byAnotherTest() ? nativeBigint() : virtualNs(following)
  }
  process.hrtime = Object.assign(hrtime, { bigint: hrtimeBigInt })
}
