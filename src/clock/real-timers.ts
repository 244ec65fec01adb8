/**
 * The timer functions as they were when callspec was loaded, before anything faked them. An
 * in-process app's timers run on the call's virtual clock (the globals are faked while a call
 * runs); callspec's own real-time bounds (response deadlines, REST waits, `time: 'real'` pacing)
 * must keep real time, so callspec reaches timers only through this module.
 */
const g = globalThis

export const realTimers = {
  setTimeout: g.setTimeout.bind(g) as typeof setTimeout,
  clearTimeout: g.clearTimeout.bind(g) as typeof clearTimeout,
  setInterval: g.setInterval.bind(g) as typeof setInterval,
  clearInterval: g.clearInterval.bind(g) as typeof clearInterval,
  setImmediate: g.setImmediate.bind(g) as typeof setImmediate,
  clearImmediate: g.clearImmediate.bind(g) as typeof clearImmediate,
}

/**
 * Real milliseconds, monotonic. Node's own `Performance.prototype.now`, not `performance.now` as
 * found: fake-timers 15 puts its own `now` on the object, and a call routes the app's through one
 * (monotonic-now.ts), which a second copy of callspec loaded after a first one's call (a CommonJS
 * helper `require`ing it) would have found. The global object is node:perf_hooks' unless a test
 * faked it before callspec loaded (`vi.useFakeTimers()` puts its clock's, with no prototype, there):
 * then its `now`, as before. Not imported from node:perf_hooks: `import 'callspec'` loads only the
 * built-ins it must (test/package/startup.test.ts).
 */
const loadedPerformance = globalThis.performance
const nodeNow = (Object.getPrototypeOf(loadedPerformance) as { now?: () => number } | null)?.now
const performanceNow = (typeof nodeNow === 'function' ? nodeNow : loadedPerformance.now).bind(loadedPerformance)
export const realNow = (): number => performanceNow()

/** One real turn of the event loop: I/O callbacks and promise continuations of the app run. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => realTimers.setImmediate(resolve))

/** Sleeps `ms` real milliseconds. */
export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    realTimers.setTimeout(resolve, Math.max(0, ms))
  })

/** The wall clock's `Date.now`, as it was before anything faked `Date`. */
const dateNow = Date.now.bind(Date)
export const realDateNow = (): number => dateNow()

/** The real `Date` constructor: callspec's own timestamps must not go through a faked Date (slow, and not ours). */
export const RealDate = Date
