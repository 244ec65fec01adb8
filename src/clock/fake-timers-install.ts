import { createRequire } from 'node:module'
import type FakeTimers from '@sinonjs/fake-timers'
import type { AppTimerFired } from './app-clock.js'
import type { LeadTimerHeap } from './production-lead.js'
import { importFakeTimers } from './fake-timers-module.js'
import { CLEARS_HANDED_BACK, clearHandedBack, clearingHandedBack, handBack, handedBackWork, settleGlobalClears, settlingAwaiter, type PendingTimer } from './handed-back-timers.js'
import { inInfrastructureScope, keepInfrastructureScope } from './infrastructure-scope.js'
import { asyncIdNow, rearmsChainFromBeforeTheCall } from './timer-from-before-the-call.js'
import { fileOfFirstFrame, readCallerFrames } from '../utils/caller-frames.js'
import { RealDate, realNow, realTimers } from './real-timers.js'
import { framePath, parseFrame } from '../utils/stack-frame.js'
import { isOwnFile, underCwd } from '../utils/own-files.js'
import { subscribe } from '../utils/subscribers.js'
import { testOfContext, testToFitTo } from '../utils/current-test.js'
import { intlFollowsDate } from './intl-now.js'
import { dateSpinMs, monotonicFollows } from './monotonic-now.js'
import { CallspecError } from '../errors/callspec-error.js'
import { errorMessage } from '../utils/error-head.js'

/** One timer on the fake clock (the fields of @sinonjs/fake-timers' timer records we read). */
export interface FakeTimer {
  id: number
  callAt: number
  delay?: number
  interval?: number
  type?: string
}

/** The fake clock, with the timer heap @sinonjs/fake-timers keeps (read, never written). */
export type FakeClock = Omit<FakeTimers.Clock, 'timers' | 'timerHeap'> & {
  timerHeap?: LeadTimerHeap<FakeTimer> & { timers: FakeTimer[] }
  timers?: Map<number, FakeTimer>
}

/**
 * The process's one fake clock for app timers. The globals are process-wide, so concurrent calls
 * share it: it is installed by the first call that needs it and uninstalled when the last one
 * stops (reference-counted). When the test already faked timers (`vi.useFakeTimers()`), that
 * clock is adopted and driven instead, and left installed: it belongs to the test.
 */
export interface Installation {
  readonly clock: FakeClock
  /** callspec installed it (false: the test's own `vi.useFakeTimers()` clock). */
  readonly owned: boolean
  refs: number
  uninstall(): void
  /** The clock's own set functions (no routing): what the app's timers go to. */
  readonly fakes: Readonly<Record<TimerName, (...args: unknown[]) => unknown>>
  /** The test (by async context: testOfContext) of the call that installed it; another test's own timers keep real time. */
  readonly test?: object
  /**
   * The test's own clock, adopted, was moved to the call's `startAt` (acquireFakeClock): where it
   * stood, and how many of its timers fired on the way (0 when it went back).
   */
  startMoved?: { from: number; to: number; fired: number }
  /** An async id newer than every resource made before the installation (timer-from-before-the-call.ts). */
  readonly since: number
}

let current: Installation | undefined
/** The fake clock callspec installs, built once and reset for each use (building one costs ~1-2 ms a call). */
let ownClock: FakeClock | undefined

const SET = ['setTimeout', 'setInterval', 'setImmediate'] as const
export type TimerName = (typeof SET)[number]
const CLEAR = ['clearTimeout', 'clearInterval', 'clearImmediate'] as const
/** Fake timer ids start here (@sinonjs/fake-timers' idCounterStart); below are Node's own. */
const FAKE_IDS_FROM = 1e12

/**
 * A handle of a timer on the fake clock: fake-timers hands out plain objects (or ids), Node its
 * own Timeout and Immediate instances, told apart by class before any Number(): Number() of a
 * Timeout files it in Node's table of timers by id, and undici clears one of its own each request
 * (a profile of the bench's Webex call put that at ~3% of callspec's own time, for handles never fake).
 */
function onFakeClock(handle: unknown): boolean {
  if (typeof handle === 'object' && handle !== null && Object.getPrototypeOf(handle) !== Object.prototype) return false
  return Number(handle) >= FAKE_IDS_FROM
}

let fakeTimers: typeof FakeTimers | undefined
let loadingFakeTimers: Promise<typeof FakeTimers> | undefined

/**
 * Loaded on first use, not at import: `import 'callspec'` alone stays light (the CLI, validate()).
 * The library once loaded; a promise of it the first time (fake-timers-module.ts says how).
 */
export function loadFakeTimers(): typeof FakeTimers | Promise<typeof FakeTimers> {
  return fakeTimers ?? (loadingFakeTimers ??= importFakeTimers().then((lib) => (fakeTimers = lib)))
}

/**
 * `boundMs`: real ms the move of the test's own clock to `startAt` may take (limits.appTimeoutMs),
 * `deadline`: the real instant (performance.now()) it may not pass (the runner's timeout near).
 */
export async function acquireFakeClock(epochMs: number, bound: { boundMs: number; deadline?: number } = { boundMs: Number.POSITIVE_INFINITY }): Promise<Installation> {
  if (current) {
    current.refs++
    return current
  }
  const existing = (globalThis.setTimeout as { clock?: FakeClock }).clock
  if (existing && typeof existing.tick === 'function') {
    // The test's clock: driven for the call; HTTP clients and callspec keep real time meanwhile.
    const g = globalThis as unknown as Record<TimerName, (...args: unknown[]) => unknown>
    const fakes = { setTimeout: g.setTimeout, setInterval: g.setInterval, setImmediate: g.setImmediate }
    const routed = routeInfrastructureToRealTimers(existing)
    const dated = dateOnClock(existing)
    // performance.now() and hrtime too, where the test faked neither (its fakes, when it did, are on this clock already).
    const monotonic = monotonicFollows(existing, anotherTestsTimer)
    routeAbortSignalTimeout()
    const intl = intlFollowsDate()
    const installation: Installation = { clock: existing, owned: false, refs: 1, uninstall: () => (routed(), dated(), monotonic(), intl()), fakes, test: callersTest(), since: asyncIdNow() }
    current = installation
    // A call starts at the test clock's time unless told `startAt`: then the test's clock moves there.
    const from = existing.now
    if (epochMs > from) {
      // Forward, as the time between two calls passes in production: the timers due meanwhile
      // fire, in order (audit-136 finding 09: moved by setSystemTime, which puts every pending
      // timer off by as much, an app's 5-minute cache eviction set in one call had not fired when
      // the next call started 10 minutes later, and the app served the stale entry).
      try {
        installation.startMoved = { from, to: epochMs, fired: await advanceTestClock(existing, epochMs, bound) }
      } catch (error) {
        releaseFakeClock(installation)
        throw error
      }
    } else if (epochMs < from) {
      // Back: no production run goes there; set, as vi.setSystemTime() does (the pending timers keep
      // the time they had left), and said in the transcript (InProcessAppClock.start).
      existing.setSystemTime(epochMs)
      installation.startMoved = { from, to: epochMs, fired: 0 }
    }
    return installation
  }
  // Built from the unfaked globals: a test that faked only `Date` (vi.useFakeTimers({ toFake:
  // ['Date'] })) before the first call would otherwise give callspec's clock the test's fake Date
  // as its native one, and every `new Date()` after threw "Cannot redefine property" (measured).
  if (!ownClock) {
    const lib = await loadFakeTimers()
    ownClock ??= lib.withGlobal(unfaked()).createClock(epochMs, 100_000) as unknown as FakeClock
  }
  // Also after the wait for the library: a call that started meanwhile may have installed its clock.
  if (current) return acquireFakeClock(epochMs, bound)
  const clock = ownClock
  clock.reset()
  clock.setSystemTime(epochMs)
  const uninstall = install(clock)
  const intl = intlFollowsDate()
  const monotonic = monotonicFollows(clock, anotherTestsTimer)
  // Off before the clock is emptied (reset() takes its time back to where it was built).
  current = { clock, owned: true, refs: 1, uninstall: () => (monotonic(), uninstall(), intl()), fakes: fakesOf(clock), test: callersTest(), since: asyncIdNow() }
  return current
}

/** More timers than this due at one instant of the move to `startAt`: the app's timers re-arm at that instant without end. */
const SAME_INSTANT_FIRES = 10_000

/**
 * Moves the test's clock forward to `to`, firing its timers due by then one at a time, each
 * followed by a turn of the event loop (fake-timers' nextAsync: the app's promise chains run, and a
 * timer one of them sets in time fires too), as vi.advanceTimersByTimeAsync() does. Returns how
 * many fired. A timer that throws stops the move: the call fails with what it threw. Bounded in
 * real time as callspec's waits are (`bound`): measured ~10 µs a timer, a 1 ms interval across a
 * minute took 0.6 s, and across a day would take some 15 minutes.
 */
async function advanceTestClock(clock: FakeClock, to: number, bound: { boundMs: number; deadline?: number }): Promise<number> {
  const started = realNow()
  const until = Math.min(started + bound.boundMs, bound.deadline ?? Number.POSITIVE_INFINITY)
  let fired = 0
  let atInstant = 0
  for (let first = earliest(clock); first && first.callAt <= to; first = earliest(clock)) {
    if (fired % 1_000 === 999 && realNow() > until) {
      const byRunner = until < started + bound.boundMs
      throw new CallspecError(
        `callspec stopped moving the test's fake clock to startAt (${new RealDate(to).toISOString()}) after ${Math.round(realNow() - started)} ms of real time (${byRunner ? "the test's timeout is near" : `limits.appTimeoutMs, ${bound.boundMs} ms`}): ` +
          `${fired.toLocaleString('en-US')} of its timers had fired, up to ${new RealDate(clock.now).toISOString()}, and more were due before startAt. ` +
          'Clear the timers the call should not see before it (or advance the clock yourself, vi.advanceTimersByTimeAsync()), or give the call a startAt nearer the clock.',
      )
    }
    atInstant = first.callAt === clock.now ? atInstant + 1 : 0
    if (atInstant > SAME_INSTANT_FIRES) {
      throw new CallspecError(
        `the test's fake clock could not be moved to startAt (${new RealDate(to).toISOString()}): at ${new RealDate(clock.now).toISOString()} its timers kept coming due at the same instant (${SAME_INSTANT_FIRES.toLocaleString('en-US')} in a row).`,
      )
    }
    try {
      await (typeof clock.nextAsync === 'function' ? clock.nextAsync() : clock.next())
    } catch (error) {
      throw new CallspecError(
        `a timer on the test's fake clock threw as callspec moved that clock to startAt (${new RealDate(to).toISOString()}), at ${new RealDate(clock.now).toISOString()} (in production this crashes the app): ${errorMessage(error)}`,
      )
    }
    fired++
  }
  if (clock.now < to) clock.tick(to - clock.now)
  return fired
}

/** The timer the clock fires next (earliest, then first set), if any. */
function earliest(clock: FakeClock): PendingTimer | undefined {
  let first: PendingTimer | undefined
  for (const t of pendingTimers(clock)) if (!first || t.callAt < first.callAt || (t.callAt === first.callAt && t.id < first.id)) first = t
  return first
}

/** The global object with the `Date` callspec loaded with in place of whatever fakes it now. */
const unfaked = (): typeof globalThis => Object.create(globalThis, { Date: { value: RealDate, configurable: true, writable: true } }) as typeof globalThis

/**
 * The test's clock adopted for the call fakes timers but maybe not `Date` (`toFake: ['setTimeout']`):
 * the app's `Date` still follows the call (its `startAt`), on that clock, until the call ends.
 */
function dateOnClock(clock: FakeClock): () => void {
  const g = globalThis as { Date: DateConstructor }
  const faked = clock.Date as unknown as DateConstructor | undefined
  if (!faked || g.Date === faked) return () => {}
  const saved = g.Date
  g.Date = faked
  return () => {
    if (g.Date === faked) g.Date = saved
  }
}

/**
 * Puts the app's timer globals and `Date` on `clock` (what fake-timers' install() does, without
 * building a clock each call): set* route callspec's infrastructure to the real timers; clear*
 * clear a fake timer on the clock and a real one for real.
 */
function install(clock: FakeClock): () => void {
  const g = globalThis as unknown as Record<string, unknown>
  const ours = ownGlobals(clock)
  const saved: Array<[string, unknown]> = []
  for (const [name, value] of ours) {
    saved.push([name, g[name]])
    g[name] = value
  }
  routeAbortSignalTimeout()
  return () => {
    // Only what is still ours is taken back: a global someone replaced since is theirs.
    for (const [name, original] of saved) if (g[name] === ours.get(name)) g[name] = original
    // The app's timers still pending go back to real time (handed-back-timers.ts), then the clock is emptied.
    const pending = pendingTimers(clock)
    const handles = pendingHandles(pending)
    const test = testToFitTo()
    for (const timer of pending) handBack(timer, clock.now, handles.get(timer.id), test)
    settleGlobalClears()
    clock.reset()
  }
}

/** The clock's pending timers, with what fake-timers keeps to run them. */
function pendingTimers(clock: FakeClock): PendingTimer[] {
  const timers = clock.timers as Map<number, PendingTimer> | Record<string, PendingTimer> | undefined
  if (!timers) return []
  return timers instanceof Map ? [...timers.values()] : Object.values(timers)
}

/** Node's own AbortSignal.timeout, before any call routed it. */
const realAbortSignalTimeout = AbortSignal.timeout
/** Ids of the fake timers behind the app's AbortSignal.timeout() signals (named so in the end-of-call note). */
const abortSignalTimers = new Set<number>()

/** The timer behind an `AbortSignal.timeout()` of the app's. */
export const isAbortSignalTimer = (id: number): boolean => abortSignalTimers.has(id)

let abortSignalRouted = false

/**
 * While a call holds the clock, `AbortSignal.timeout(ms)` called by the app is built on the call's
 * clock, as Node builds it on its own timer: a signal aborted with a DOMException 'TimeoutError'
 * when the (unref'd) timer fires. A database call the app guards with `AbortSignal.timeout(1000)`
 * then aborts at virtual +1 s, not after 1 s of real time. Infrastructure keeps Node's, and so does
 * a delay Node rejects (its own error is thrown). Replaced once per process, by the first call (as
 * timer-modules.ts does the modules): outside a call it is Node's at the cost of one check, and a
 * call pays nothing for it (swapping it in and out per call was measurable).
 */
function routeAbortSignalTimeout(): void {
  if (abortSignalRouted) return
  abortSignalRouted = true
  const routed = function timeout(this: unknown, delay: number): AbortSignal {
    const fake = current?.fakes.setTimeout
    if (!fake || !(Number.isInteger(delay) && delay >= 0 && delay <= 0xffff_ffff) || inInfrastructureScope() || infrastructureCaller(routed as (...args: unknown[]) => unknown) || anotherTestsTimer()) {
      return realAbortSignalTimeout.call(AbortSignal, delay)
    }
    const controller = new AbortController()
    // A timer of the app's as any other: due while real I/O holds the call's time, it fires then (InProcessAppClock #timersOverdue).
    // Its abort rejects what the code holding the signal awaits (the app's fetch): handed back to
    // real time at the end of the call, what runs on from those awaits is that call's work too
    // (handed-back-timers.ts), not the app's of a later call whose clock holds then. Measured
    // (helper-219): an earlier test's guard, firing during the next test's call, ended its app's
    // fetch; the fetch's catch let that test's nock reply go on to its pause, set on the later
    // call's clock and listed among that call's mock timers, "(nock reply)", beside its own.
    const abort = settlingAwaiter(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')))
    const handle = setOnAppClock(fake, [abort, delay], mockSetting()) as { unref?(): unknown } | number
    if (typeof handle === 'object') handle.unref?.()
    abortSignalTimers.add(Number(handle))
    return controller.signal
  }
  AbortSignal.timeout = routed
}

/** The globals for callspec's own clock, built once per clock: binding and wrapping them for every call was measurable. */
const globalsOf = new WeakMap<FakeClock, ReadonlyMap<string, unknown>>()

function ownGlobals(clock: FakeClock): ReadonlyMap<string, unknown> {
  const built = globalsOf.get(clock)
  if (built) return built
  const globals = new Map<string, unknown>()
  const fakes = fakesOf(clock)
  for (const name of SET) globals.set(name, routedTimer(name, fakes[name], clock))
  const methods = clock as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const name of CLEAR) {
    const fake = methods[name]!.bind(clock)
    const real = realTimers[name] as (handle: unknown) => void
    // A handed-back timer (set on an earlier call's clock, now real) is looked up first.
    const clear = (handle: unknown) => (clearHandedBack(handle) ? undefined : onFakeClock(handle) ? fake(handle) : real(handle))
    globals.set(name, Object.assign(clear, { clock, [CLEARS_HANDED_BACK]: true }))
  }
  globals.set('Date', spinEndingDate(clock))
  globalsOf.set(clock, globals)
  return globals
}

/**
 * The clock's `Date`, its `Date.now()` past the clock by what a spin on it has run (dateSpinMs):
 * `while (Date.now() - start < 300)` ends after 300 ms of real time, as in production, where on
 * the call's clock, standing still while the app's code runs, it never did (audit h175 F7).
 */
function spinEndingDate(clock: FakeClock): unknown {
  const date = clock.Date as unknown as { now: () => number }
  date.now = function now(): number {
    return clock.now + dateSpinMs(clock)
  }
  return date
}

const fakesByClock = new WeakMap<FakeClock, Installation['fakes']>()

/** The clock's set functions bound to it, built once per clock. */
function fakesOf(clock: FakeClock): Installation['fakes'] {
  let fakes = fakesByClock.get(clock)
  if (!fakes) {
    const methods = clock as unknown as Record<TimerName, (...args: unknown[]) => unknown>
    fakes = { setTimeout: methods.setTimeout.bind(clock), setInterval: methods.setInterval.bind(clock), setImmediate: methods.setImmediate.bind(clock) }
    fakesByClock.set(clock, fakes)
  }
  return fakes
}

/**
 * The time of the test's own fake clock (`vi.useFakeTimers()`), if one is installed: a call on an
 * in-process app starts there, so the app's `Date` and the events' timestamps agree. Undefined
 * when none is, or when the clock installed is callspec's own (another call's).
 */
export function testClockNow(): number | undefined {
  const existing = (globalThis.setTimeout as { clock?: FakeClock }).clock
  if (existing && typeof existing.tick === 'function') {
    if (current?.owned && current.clock === existing) return undefined
    return existing.now
  }
  // Only `Date` faked by the test (vi.useFakeTimers({ toFake: ['Date'] }) and vi.setSystemTime()).
  const dateClock = (globalThis.Date as { clock?: FakeClock }).clock
  if (globalThis.Date === RealDate || !dateClock || typeof dateClock.now !== 'number') return undefined
  if (current?.owned && current.clock === dateClock) return undefined
  return dateClock.now
}

/**
 * Timers pending on the test's own fake clock (`vi.useFakeTimers()`), when one is installed that is
 * not callspec's; undefined when none is. An app of this process reached by URL runs its timers on
 * it, and nothing advances it while callspec waits (CallSession says so when an answer never came).
 */
export function testClockTimers(): number | undefined {
  const existing = (globalThis.setTimeout as { clock?: FakeClock }).clock
  if (!existing || typeof existing.countTimers !== 'function' || (current?.owned && current.clock === existing)) return undefined
  return existing.countTimers()
}

/** A call stops: the last one out uninstalls (the globals go back to the originals). */
export function releaseFakeClock(installation: Installation): void {
  if (--installation.refs > 0 || current !== installation) return
  current = undefined
  installation.uninstall()
  appHandles.length = 0
  abortSignalTimers.clear()
  mockTimerIds.clear()
}

/** The installation in force, if a call holds one (for tests and diagnostics). */
export const currentFakeClock = (): Installation | undefined => current

/**
 * HTTP clients (undici, the one behind callspec and the one behind Node's fetch), the request
 * interceptors and callspec itself keep real time even while the app's timers are faked: their
 * timeouts are real-time bounds, and a fake timer from them would show up as "the app's next
 * timer". Inside an infrastructure scope (infrastructure-scope.ts) that is known; elsewhere the
 * caller of each set* call is read from a one-frame stack trace.
 */
function routeInfrastructureToRealTimers(clock: FakeClock): () => void {
  const g = globalThis as unknown as Record<string, unknown>
  const undo: Array<() => void> = []
  for (const name of SET) {
    const fake = g[name] as (...args: unknown[]) => unknown
    const routed = routedTimer(name, fake, clock)
    g[name] = routed
    // Only ours is taken back: a global someone replaced since is theirs.
    undo.push(() => {
      if (g[name] === routed) g[name] = fake
    })
  }
  // The app clearing a timer handed back to real time by an earlier call (a worker's interval):
  // the test's fake clear functions do not know it (handed-back-timers.ts).
  for (const name of CLEAR) {
    const fake = g[name] as ((handle: unknown) => void) | undefined
    if (typeof fake !== 'function' || (fake as { [CLEARS_HANDED_BACK]?: boolean })[CLEARS_HANDED_BACK]) continue
    const looking = clearingHandedBack(fake)
    g[name] = looking
    undo.push(() => {
      if (g[name] === looking) g[name] = fake
    })
  }
  return () => {
    for (const step of undo) step()
    // Still armed once the call is over: the test's clock's clear functions keep looking them up.
    settleGlobalClears()
  }
}

/** `fake`, except that infrastructure (known by its scope, or read off the caller's frame) gets the real timer. */
function routedTimer(name: TimerName, fake: (...args: unknown[]) => unknown, clock: FakeClock) {
  const real = realTimers[name] as (...args: unknown[]) => unknown
  const routed = function (this: unknown, ...args: unknown[]) {
    if (inInfrastructureScope()) {
      const handle = real(keepInfrastructureScope(args[0]), ...args.slice(1))
      if (name === 'setImmediate') infrastructureImmediates.add(handle as RealImmediate)
      return handle
    }
    if (infrastructureCaller(routed)) return noteMockTimer(real(...args))
    if (anotherTestsTimer({ callback: args[0], delay: name === 'setImmediate' ? undefined : args[1] })) return real(...args)
    return setOnAppClock(fake, args, mockSetting(), routed)
  }
  return withPromisified(Object.assign(routed, fake, { clock }), name)
}

/** Node's Immediate, as far as telling whether it is still to run goes (Node sets `_destroyed` when it runs or is cleared). */
interface RealImmediate {
  _destroyed?: boolean
  hasRef(): boolean
}

/**
 * Real immediates infrastructure queued while a call's clock was installed, until they run or are
 * cleared: undici resuming its connection a full turn after each answer (client-h1's
 * onMessageComplete), callspec's own and the one behind the app's fetch. They run no code of the
 * app's (a request the app queued meanwhile is in flight, and waited for as such), so the quiet
 * waits do not count them as the app's work still to come (app-io.ts realImmediatesQueued).
 */
const infrastructureImmediates = new Set<RealImmediate>()

/** How many of those are still queued and hold the process open (Node lists only those). */
export function infrastructureImmediatesQueued(): number {
  let queued = 0
  for (const immediate of infrastructureImmediates) {
    if (immediate._destroyed === true) infrastructureImmediates.delete(immediate)
    else if (immediate.hasRef()) queued++
  }
  return queued
}

/** `util.promisify.custom`, a registered symbol: no `node:util` import (callspec/vitest stays light at import). */
const PROMISIFY_CUSTOM = Symbol.for('nodejs.util.promisify.custom')

/**
 * `util.promisify(setTimeout)` (and `setImmediate`) gives `node:timers/promises`' function, as
 * Node's own do: read when promisify asks, so it is the one timer-modules.ts put on the call's clock.
 */
export function withPromisified<F extends object>(fn: F, name: TimerName): F {
  if (name === 'setInterval') return fn
  return Object.defineProperty(fn, PROMISIFY_CUSTOM, {
    configurable: true,
    enumerable: true,
    get: () => (createRequire(import.meta.url)('node:timers/promises') as Record<string, unknown>)[name],
  })
}

/**
 * A timer another test's own code sets while this call holds the clock (`describe.concurrent`,
 * with the callspec/vitest setup file, which keeps each such test in an AsyncLocalStorage): it
 * keeps real time, as it would without callspec. On the call's clock it showed in the call's
 * transcript ("app timer 5 ms ×33"), fired when the call moved its time, and a throw from it failed
 * the call while the test that threw passed (audit-85). Code in no test's context (the app's
 * module-level work) and the holder's own test are the app's, as before.
 */
function anotherTestsTimer(set?: { callback: unknown; delay: unknown }): boolean {
  // The work of a timer an earlier call handed back (handed-back-timers.ts): that call's, not this one's.
  if (handedBackWork()) return true
  // A timer the app set before this call re-arming itself (a sweep's chain): it stays on real time,
  // as the timer did. Only the re-arm: what else its callback does is the call's (a job loop's work).
  if (set !== undefined && firing === undefined && rearmsChainFromBeforeTheCall(current?.since, set.callback, set.delay)) return true
  const holder = current?.test
  if (holder === undefined) return false
  const own = testOfContext()
  // Only a test that made no call: the app's code can run in the async context of a test whose
  // call made the resource it runs on (the server's connection a later call reuses), and its timers
  // went to real time (measured: a concurrent test's call to the same app waited 1.5 s, not 0).
  return own !== undefined && own !== holder && !testsWithCalls.has(own)
}

/** The tests (by async context) whose calls held the clock: code in their context may be the app's. */
const testsWithCalls = new WeakSet<object>()

/** The test of the call taking the clock now, remembered among those that made calls. */
function callersTest(): object | undefined {
  const test = testOfContext()
  if (test) testsWithCalls.add(test)
  return test
}

/**
 * How deep a `setImmediate` chain may go at the instant it began. Node runs a hop in microseconds;
 * fake-timers puts a timer set while its clock ticks 1 ms later, so a handler walking a list with
 * `setImmediate(step)` moved the app's time 1 ms a hop (audit-93: 5,000 hops, 5 s, "the app never
 * answered"). A hop an immediate sets while it fires (InProcessAppClock fires each one through
 * fireFirst) is one deeper in its chain; a chain begun anywhere else (a request handler, a
 * setTimeout's callback) starts at depth 1. Each chain has its own depth, so two chains at once,
 * or one on each webhook, or a chain a failed test left behind, take nothing from each other
 * (audit-104: one allowance for the whole call failed a second 15,000-hop walk). An endless poller
 * (`setImmediate` until a timer's flag is set) gets a millisecond a hop past this depth, which lets
 * its clock move: 30,000 hops cost it a few hundred milliseconds of real time, once (a 25,000-item
 * walk, 92 ms in Node, fits). A count, not a real-time budget: the same verdict on every run and machine.
 */
export const SAME_INSTANT_HOPS = 30_000

/** The timer InProcessAppClock is firing now (fireFirst), and each pending immediate's depth in its chain, by fake-timers' record. */
let firing: { immediate?: boolean } | undefined
const chainDepth = new WeakMap<object, number>()
/**
 * The pending hops of chains gone past SAME_INSTANT_HOPS, by fake-timers' record: where the app set
 * the first hop past it (`file:line:column`, '' when unknown), read once a chain (see spinningChain).
 */
const pastHopsSite = new WeakMap<object, string>()

/**
 * Where the app's chain of immediates still going past SAME_INSTANT_HOPS on `clock` sets its hops
 * (`file:line:column`; '' when its caller could not be read), when its next hop is pending: an
 * endless poller (`setImmediate(poll)` until a flag nothing sets), still spinning when callspec
 * gave up on the answer it holds back. Undefined when no such chain is pending.
 */
export function spinningChain(clock: FakeClock): string | undefined {
  for (const timer of pendingTimers(clock)) {
    const site = pastHopsSite.get(timer)
    if (site !== undefined) return site
  }
  return undefined
}

/** A timer of the call's clock (or the test's, driven by the call) is firing now: what runs is its callback's work. */
export const firingAppTimer = (): boolean => firing !== undefined

/** Fires the clock's first timer (`first`, as read just before), known as the one firing while its callback runs. */
export function fireFirst(clock: FakeClock, first: FakeTimer | undefined): void {
  firing = first as { immediate?: boolean } | undefined
  try {
    clock.next()
  } finally {
    firing = undefined
  }
}

/** fake-timers' record of the timer with this id (a Map in v15, an object before). */
function timerRecord(clock: FakeClock, id: number): object | undefined {
  const timers = clock.timers as Map<number, object> | Record<string, object> | undefined
  return timers instanceof Map ? timers.get(id) : timers?.[String(id)]
}

/**
 * Sets an app timer on the fake clock, and tells whoever waits for the app to set one. `mock`: set
 * by the test's mock answering the app's request, not by the app (see mockSetting). `wrapper`: the
 * function the app called (its caller is read for a chain's first hop past SAME_INSTANT_HOPS).
 */
function setOnAppClock(fake: (...args: unknown[]) => unknown, args: unknown[], mock?: MockSetter, wrapper?: (...args: unknown[]) => unknown): unknown {
  const clock = current?.clock as (FakeClock & { duringTick?: boolean }) | undefined
  let handle: unknown
  if (firing !== undefined && clock?.duringTick && fake === current!.fakes.setImmediate) {
    // A hop of a chain: at this instant, as Node runs it, up to SAME_INSTANT_HOPS deep.
    const depth = (firing.immediate ? (chainDepth.get(firing) ?? 1) : 0) + 1
    if (depth <= SAME_INSTANT_HOPS) {
      clock.duringTick = false
      try {
        handle = fake(...args)
      } finally {
        clock.duringTick = true
      }
    } else handle = fake(...args)
    const record = timerRecord(clock, Number(handle))
    if (record) {
      chainDepth.set(record, depth)
      // Past the allowance: where the app set the first such hop, read once a chain and passed on.
      if (depth > SAME_INSTANT_HOPS) pastHopsSite.set(record, depth === SAME_INSTANT_HOPS + 1 ? (wrapper ? callerFile(wrapper, false, true) : '') : (pastHopsSite.get(firing) ?? ''))
    }
  } else handle = fake(...args)
  // Kept for the call: a timer still pending at its end is handed back to real time through it.
  if (typeof handle === 'object' && handle !== null) appHandles.push(handle)
  if (mock !== undefined) mockTimerIds.set(Number(handle), mock)
  if (watchers.length > 0) for (const watcher of watchers.slice()) watcher()
  return handle
}

/** The handles the app got for its timers during the call (emptied when the clock is released): a push, the cheapest record. */
const appHandles: object[] = []

/** The handles of the timers still pending, by fake id. */
function pendingHandles(pending: PendingTimer[]): Map<number, object> {
  const byId = new Map<number, object>()
  if (pending.length === 0) return byId
  const ids = new Set(pending.map((t) => t.id))
  for (const handle of appHandles) {
    const id = Number(handle)
    if (ids.has(id)) byId.set(id, handle)
  }
  return byId
}

/**
 * For a timer function other than the globals (`node:timers`, `node:timers/promises`; see
 * timer-modules.ts) called as `wrapper`: how to set the timer on the call's clock, or undefined
 * when no call holds the clock or the caller is infrastructure (the original function applies).
 * `set`, the timer's callback and delay where the caller has them: a chain from before the call
 * re-arming itself keeps real time (anotherTestsTimer).
 */
export function appTimerSetter(name: TimerName, wrapper: (...args: never[]) => unknown, set?: { callback: unknown; delay: unknown }): ((...args: unknown[]) => unknown) | undefined {
  lastCaller = Caller.App
  const fake = current?.fakes[name]
  if (!fake || inInfrastructureScope() || infrastructureCaller(wrapper as (...args: unknown[]) => unknown) || anotherTestsTimer(set)) return undefined
  // Read now, with the caller (an interval's async iterator sets its timer later).
  const mock = mockSetting()
  return (...args: unknown[]) => setOnAppClock(fake, args, mock, wrapper as (...args: unknown[]) => unknown)
}

/**
 * Sets a timer of `ms` on the call's clock for the app, whoever calls (Node's HTTP client arming
 * the app's request timeout: request-timeouts.ts): its handle, or undefined when no call holds the
 * clock or another test's code asks (it keeps real time, see anotherTestsTimer).
 */
export function setForApp(ms: number, fn: () => void): unknown {
  const fake = current?.fakes.setTimeout
  if (!fake || anotherTestsTimer()) return undefined
  return setOnAppClock(fake, [fn, ms])
}

/** Clears `handle` if it is a timer on the call's clock (true); anything else is the caller's to clear. */
export function clearAppTimer(set: TimerName, handle: unknown): boolean {
  if (clearHandedBack(handle)) return true
  if (!onFakeClock(handle)) return false
  const clock = current?.clock as unknown as Record<string, (handle: unknown) => void> | undefined
  clock?.[set.replace('set', 'clear')]?.(handle)
  return true
}

/** Who waits for the app to set a timer (see `onAppTimerSet`): one per webhook awaiting its answer. */
const watchers: Array<() => void> = []

/**
 * Calls `watcher` each time the app sets a timer on the fake clock, until the returned function
 * is called. A wait with nothing on the app's clock needs nothing from it until then: the turn
 * loop waits for an answer alone, without turning the event loop to watch the app go quiet.
 */
export function onAppTimerSet(watcher: () => void): () => void {
  return subscribe(watchers, watcher)
}

/**
 * Callers whose timers keep real time: Node, the HTTP clients, the interceptors, and the test's own
 * HTTP mocks (nock, msw): a mocked service's timers (nock's playback immediates, `.delay()`,
 * msw's `delay()`) are the other side of a request in flight, which callspec waits on before it
 * moves the clock; on the call's clock they would never fire (measured: each mocked request
 * stalled the call for limits.appTimeoutMs, 4 s). nock takes `node:timers`' functions when it
 * loads, so since those follow the call's clock too (timer-modules.ts) its caller frame decides.
 */
const INFRASTRUCTURE = [/node:internal/, /[\\/]node_modules[\\/](undici|@mswjs|@open-draft|strict-event-emitter|nock|msw)[\\/]/, /[\\/]undici[\\/]/]

/** The mock libraries among them: their real timers are a mocked service's latency (nock's `.delay()`, msw's `delay()`). */
const MOCK_LIBRARY = /[\\/]node_modules[\\/](nock|msw|@mswjs)[\\/]/

/** What a caller's file is, per file (a file's answer never changes, and the regexes cost more than a Map). */
const enum Caller {
  App,
  Infrastructure,
  MockLibrary,
}
const verdicts = new Map<string, Caller>()
/** The verdict of the last look (a timer being set now): noteMockTimer() reads it. */
let lastCaller = Caller.App

function infrastructureCaller(wrapper: (...args: unknown[]) => unknown): boolean {
  // While a mock library's handler may run, the same look reads a few frames more for it (mockSetting).
  framesMock = undefined
  const file = callerFile(wrapper, !serverAnswering && mockHandlerMayRun?.() === true)
  let verdict = verdicts.get(file)
  if (verdict === undefined) {
    const path = framePath(file)
    verdict = MOCK_LIBRARY.test(path) ? Caller.MockLibrary : INFRASTRUCTURE.some((re) => re.test(path)) || isOwnFile(path) ? Caller.Infrastructure : Caller.App
    verdicts.set(file, verdict)
  }
  lastCaller = verdict
  return verdict !== Caller.App
}

/** Real timers a mock library set during a call and that have yet to fire (Node marks a fired or cleared one `_destroyed`). */
const mockTimers = new Set<{ _destroyed?: boolean }>()

/** Keeps `handle` if the timer just set (on real time) was a mock library's: a mocked service's latency, in real time. */
export function noteMockTimer<T>(handle: T): T {
  if (lastCaller === Caller.MockLibrary && typeof handle === 'object' && handle !== null) mockTimers.add(handle as { _destroyed?: boolean })
  lastCaller = Caller.App
  return handle
}

/**
 * A mock library's real timer is pending: a mocked request's answer is on its way in real time
 * (nock's `.delay(100)`), so the request in flight holds the call's clock (see
 * InProcessAppClock.quiet: a request answered on the call's clock does not).
 */
export function mockTimersPending(): boolean {
  for (const timer of mockTimers) {
    if (!timer._destroyed) return true
    mockTimers.delete(timer)
  }
  return false
}

/**
 * Who set a timer on the call's clock that is not the app: a mock library's handler (msw's
 * resolver, nock's reply function) or a server in the test's process (a stub) answering the app's
 * request. Such a timer is the mocked service's latency (`await setTimeout(3000)` in the handler,
 * as docs/time.md advises): it stays on the call's clock, but the transcript does not call it the
 * app's (audit-93 #9: "1 app timer(s) still pending when the call ended …: 3 s timeout" was the
 * msw handler's).
 */
export type MockSetter = NonNullable<AppTimerFired['mock']>

/** The timers on the call's clock the test's mocks set, by fake id (emptied when the clock is released). */
const mockTimerIds = new Map<number, MockSetter>()

/** Who of the test's mocks set the timer with this fake id, if one did (undefined: the app). */
export const mockTimerOf = (id: number): MockSetter | undefined => (mockTimerIds.size === 0 ? undefined : mockTimerIds.get(id))

/**
 * True while a mock library's handler may be running: the app has sent a request during the call
 * (InProcessAppClock sets it from its traffic). A handler runs only from then on (also after its
 * request is over: the app may abort it while the handler still awaits), so the stack is read
 * only then: timers set before the app's first request of a call (all of them, for an app that
 * sends none) cost nothing more.
 */
let mockHandlerMayRun: (() => boolean) | undefined

export function watchMockHandlers(mayRun: (() => boolean) | undefined): void {
  mockHandlerMayRun = mayRun
}

/** A server of the test's process is running its request listener for a request of the app's (app-io.ts). */
let serverAnswering = false
/** The request it runs it for: its response (writableEnded false while the server has yet to answer). */
let serverResponse: { writableEnded?: boolean } | undefined
/** A timer set in that listener was the server's. */
let serverSetTimer = false
/** Requests a server of this process went on answering after its listener returned, having set no timer in it. */
let serverAnsweredLater = 0

/**
 * A server of this process (not the app's own webhook server) starts on a request, `response`: until
 * the listener it runs synchronously returns, a timer set is the server's (a stub's latency:
 * `setTimeout(() => res.end(…), 3000)`). So is one set while the request emits an event (its
 * body's `data` and `end`): an Express stub's route runs there, once `express.json()` has read the
 * body (`request`, wrapped once: followServerRequest). A timer a stub sets after an await of its
 * own (an async route, a body read with `for await`) cannot be told from the app's: such a request
 * is counted (serverRequestsAnsweredLater), so the end-of-call note says the timers may be either's.
 */
export function serverRequestStarted(response: { writableEnded?: boolean } | undefined, request?: object): void {
  if (request && response) followServerRequest(request as Emitter, response)
  if (serverAnswering) return
  serverAnswering = true
  serverResponse = response
  serverSetTimer = false
  queueMicrotask(endServerRequest)
}

const endServerRequest = (): void => {
  serverAnswering = false
  if (!serverSetTimer && serverResponse?.writableEnded === false) {
    serverAnsweredLater++
    answeringLater.add(serverResponse)
  }
  serverResponse = undefined
}

interface Emitter {
  emit(event: string | symbol, ...args: unknown[]): boolean
}

/** Responses counted in serverAnsweredLater: one whose server sets its timer in a later event is taken off the count. */
const answeringLater = new WeakSet<object>()

/** While `request` emits an event, what its listeners run is its server's, answering `response` (see serverRequestStarted). */
function followServerRequest(request: Emitter, response: { writableEnded?: boolean }): void {
  const emit = request.emit
  request.emit = function (this: Emitter, event: string | symbol, ...args: unknown[]): boolean {
    if (serverAnswering) return emit.call(this, event, ...args)
    serverAnswering = true
    serverResponse = response
    serverSetTimer = false
    try {
      return emit.call(this, event, ...args)
    } finally {
      serverAnswering = false
      serverResponse = undefined
      // Its timer came after all: the end-of-call note need not doubt the timers for this request.
      if (serverSetTimer && answeringLater.delete(response)) serverAnsweredLater--
    }
  }
}

/** How many requests a server of this process went on answering after its listener returned, with no timer set in it, so far. */
export const serverRequestsAnsweredLater = (): number => serverAnsweredLater

/**
 * How many frames the look at a timer's caller reads while a mock library's handler may run: the
 * handler, two helpers of its, the library; and up to four of Node's between the handler's own
 * frames and the library's async ones, where Node drained the microtasks from JavaScript:
 * `processTicksAndRejections` (when ticks were queued), under `runNextTicks`, under
 * `processImmediate` or under `listOnTimeout` and `processTimers`. Read with four, a nock reply's
 * timer set between two immediates was taken for the app's once in ~30 calls (its library frame
 * fell fifth); with seven, one whose pause went on from `process.nextTick`, once in a loaded run.
 */
const MOCK_FRAMES = 4 + 4

/** Responses whose server (a stub in the test's process) set a timer on the call's clock in its listener. */
const timedByServer = new WeakSet<object>()

/**
 * The server of this process answering `response` set a timer on the call's clock for it (its
 * latency): it answers when that timer fires, so the call's time must move (app-io.ts serverHereBusy).
 */
export const serverTimedResponse = (response: object): boolean => timedByServer.has(response)

/** What the last look at a timer's caller (infrastructureCaller) found of a mock library's handler below it. */
let framesMock: MockSetter | undefined

/**
 * The test's mock that sets the timer whose caller was just looked at (infrastructureCaller) and
 * found not to be infrastructure: a stub server's listener, or a mock library's handler (see MockSetter).
 */
function mockSetting(): MockSetter | undefined {
  if (serverAnswering) {
    serverSetTimer = true
    if (serverResponse) timedByServer.add(serverResponse)
    return 'server'
  }
  const mock = framesMock
  framesMock = undefined
  return mock
}

/** nock calls a reply function as a method of its Interceptor (`fn.call(interceptor, …)`), also after the function's first await. */
const NOCK_REPLY = /^(full)?[rR]eplyFunction$/

/**
 * The mock library whose handler the frames run in: msw's code calls (and awaits) the resolver,
 * so it shows below it, in async frames too; nock's reply function shows as
 * `Interceptor.fullReplyFunction` (nock's own frames only until its first await).
 */
function mockOfFrames(frames: NodeJS.CallSite[]): MockSetter | undefined {
  for (const frame of frames) {
    const file = frame.getFileName() ?? ''
    let library = librariesByFile.get(file)
    if (library === undefined) librariesByFile.set(file, (library = MOCK_HANDLER_LIBRARY.exec(file)?.[1] ?? ''))
    if (library !== '') return library as MockSetter
    if (frame.getTypeName() === 'Interceptor' && NOCK_REPLY.test(frame.getMethodName() ?? '')) return 'nock'
  }
  return undefined
}

const MOCK_HANDLER_LIBRARY = /[\\/]node_modules[\\/](nock|msw)[\\/]/
/** The mock library each file is of ('' for none), per file: a Map costs less than the regex. */
const librariesByFile = new Map<string, string>()

/**
 * The file of the frame that called `wrapper`. V8 hands the frames to `prepareStackTrace` as
 * objects, so the file name is read without formatting a stack string: undici sets three timers
 * a request, and formatting each one's stack was callspec's largest cost per turn (measured).
 * `at`: that frame's `file:line:column` instead (relative to the working directory, as a failure
 * names the app's line), formatted by the `prepareStackTrace` in place (the test runner's, which
 * maps a TypeScript file's lines back to its source); for a message, read once, never per timer.
 */
export function callerFile(wrapper: (...args: unknown[]) => unknown, mocks = false, at = false): string {
  // One look either way: a second capture for the mocks cost as much as the first (measured ~3 µs).
  const file = readCallerFrames(wrapper, mocks ? MOCK_FRAMES : 1, at ? undefined : mocks ? fileOfFirstFrameAndMock : fileOfFirstFrame)
  if (typeof file !== 'string') return ''
  return at ? siteOfStack(file) : file
}

/** The first frame of a formatted stack as `file:line:column` under the working directory ('' when it has none). */
function siteOfStack(stack: string): string {
  for (const line of stack.split('\n')) {
    const frame = parseFrame(line)
    if (frame) return `${underCwd(framePath(frame.file))}:${frame.line}:${frame.column}`
  }
  return ''
}

/** fileOfFirstFrame, and the mock library whose handler the frames run in (framesMock). */
const fileOfFirstFrameAndMock = (error: Error, frames: NodeJS.CallSite[]): string => {
  const file = fileOfFirstFrame(error, frames)
  // A caller already known to be infrastructure (undici's timers, a request in flight) is not looked below.
  if ((verdicts.get(file) ?? Caller.App) === Caller.App) framesMock = mockOfFrames(frames)
  return file
}

