import { createRequire } from 'node:module'
import { syncBuiltinBindings } from '../utils/builtin-bindings.js'
import { appTimerSetter, clearAppTimer, noteMockTimer, testClockNow, withPromisified, type TimerName } from './fake-timers-install.js'
import { settlingAwaiter } from './handed-back-timers.js'

/**
 * The app's timers imported from `node:timers` and `node:timers/promises` (`await setTimeout(1000)`
 * from 'node:timers/promises' is how modern Node code pauses) run on the call's clock like the
 * globals. Faking the globals alone left them on real time: a handler that paused 1 s before
 * answering cost the test 1 s and stamped its answer at virtual 0 (measured), and a pause past the
 * call's end fired during the next test.
 *
 * The modules' functions are replaced once, with functions that ask at each call whether a call
 * holds the fake clock and the caller is the app (fake-timers-install.ts decides, as for the
 * globals), and otherwise are the originals. Once, not per call: an ESM `import { setTimeout }
 * from 'node:timers/promises'` sees a replacement only after `syncBuiltinESMExports()`, which
 * walks every builtin module (~20 µs measured), too slow for every call.
 */

type AnyFunction = (...args: unknown[]) => unknown
type Options = { signal?: AbortSignal } | undefined

interface TimersPromises {
  setTimeout: (delay?: number, value?: unknown, options?: Options) => Promise<unknown>
  setImmediate: (value?: unknown, options?: Options) => Promise<unknown>
  setInterval: (delay?: number, value?: unknown, options?: Options) => AsyncIterableIterator<unknown>
  scheduler?: { wait(delay: number, options?: Options): Promise<void>; yield(): Promise<void> }
}

const SETS: readonly TimerName[] = ['setTimeout', 'setInterval', 'setImmediate']
const CLEARS = { clearTimeout: 'setTimeout', clearInterval: 'setInterval', clearImmediate: 'setImmediate' } as const

let installing: Promise<void> | undefined
let installed = false

/** Puts the modules' timer functions on the call's clock: once per process (undefined once done, no wait). */
export function routeTimerModules(): Promise<void> | undefined {
  if (installed) return undefined
  // Under the test's vi.useFakeTimers() the modules' functions are its fakes, restored when it
  // ends: replacing them now would keep a dead fake as "the original". The next call does it
  // (the callspec/vitest setup file does it before any test).
  if (!installing && testClockNow() !== undefined) return undefined
  return (installing ??= install().finally(() => (installed = true)))
}

async function install(): Promise<void> {
  // Required, not imported: importing them would build their ESM facades before the replacement.
  const require = createRequire(import.meta.url)
  const timers = require('node:timers') as Record<string, unknown>
  const promises = require('node:timers/promises') as TimersPromises & Record<string, unknown>
  for (const name of SETS) timers[name] = appTimer(name, timers[name] as AnyFunction)
  for (const [name, set] of Object.entries(CLEARS)) timers[name] = appClear(set, timers[name] as AnyFunction)
  replacePromises(promises)
  // An app module that imported them as ESM before now holds the originals: bring the facades up
  // to date (they are live bindings). Skipped when the facade is built only now, from the replacements.
  const facade = (await import('node:timers/promises')) as unknown as TimersPromises
  const timersFacade = (await import('node:timers')) as unknown as Record<string, unknown>
  if (facade.setTimeout !== promises.setTimeout || timersFacade.setTimeout !== timers.setTimeout) syncBuiltinBindings()
}

/** `node:timers`' set function: the call's clock for the app during a call, the original otherwise. */
function appTimer(name: TimerName, original: AnyFunction): AnyFunction {
  const replacement = function (this: unknown, ...args: unknown[]) {
    // With the timer's callback and delay: a chain from before the call re-arming itself through
    // `node:timers` stays on real time, as through the globals (timer-from-before-the-call.ts).
    const set = appTimerSetter(name, replacement, { callback: args[0], delay: name === 'setImmediate' ? undefined : args[1] })
    // nock takes these functions when it loads: its delays are noted here (noteMockTimer).
    return set ? set(...args) : noteMockTimer(original.apply(this, args))
  }
  return withPromisified(replacement, name)
}

function appClear(set: TimerName, original: AnyFunction): AnyFunction {
  return function (this: unknown, handle: unknown) {
    if (!clearAppTimer(set, handle)) original.call(this, handle)
  }
}

/**
 * `node:timers/promises` on the call's clock. The promise and iterator shapes follow Node's; an
 * abort is handed to Node's own function with the aborted signal, so the app gets Node's own
 * AbortError (rejected before any timer is set).
 */
function replacePromises(promises: TimersPromises): void {
  const original = { ...promises }
  const sleep = (promises.setTimeout = function setTimeout(delay?: number, value?: unknown, options?: Options): Promise<unknown> {
    return onAppClock('setTimeout', sleep, options, () => original.setTimeout(delay, value, options), (set) =>
      settleOnTimer((fire) => set(fire, delay), 'setTimeout', value, options, () => original.setTimeout(0, value, options)),
    )
  })
  const immediate = (promises.setImmediate = function setImmediate(value?: unknown, options?: Options): Promise<unknown> {
    return onAppClock('setImmediate', immediate, options, () => original.setImmediate(value, options), (set) =>
      settleOnTimer((fire) => set(fire), 'setImmediate', value, options, () => original.setImmediate(value, options)),
    )
  })
  const interval = (promises.setInterval = function setInterval(delay?: number, value?: unknown, options?: Options): AsyncIterableIterator<unknown> {
    const real = () => original.setInterval(delay, value, options)
    return onAppClock('setInterval', interval, options, real, (set) => ticksOf(set, delay, value, options, real))
  })
  if (original.scheduler) {
    const scheduler = original.scheduler
    // Methods on a plain object: Node's Scheduler checks its receiver, so each is its own wrapper.
    const wait = function wait(delay: number, options?: Options): Promise<void> {
      return onAppClock('setTimeout', wait, options, () => scheduler.wait(delay, options), (set) =>
        settleOnTimer((fire) => set(fire, delay), 'setTimeout', undefined, options, () => scheduler.wait(0, options)) as Promise<void>,
      )
    }
    const yieldTurn = function yieldTurn(): Promise<void> {
      return onAppClock('setImmediate', yieldTurn, undefined, () => scheduler.yield(), (set) =>
        settleOnTimer((fire) => set(fire), 'setImmediate', undefined, undefined, () => scheduler.yield()) as Promise<void>,
      )
    }
    promises.scheduler = { wait, yield: yieldTurn }
  }
}

/**
 * `onClock(set)` when the app calls `wrapper` during a call (`set` puts a timer on the call's
 * clock), else `real()`: outside a call, for infrastructure, and for an already aborted signal
 * (Node's own function rejects it with its AbortError, setting no timer).
 */
function onAppClock<T>(name: TimerName, wrapper: (...args: never[]) => unknown, options: Options, real: () => T, onClock: (set: AnyFunction) => T): T {
  const set = appTimerSetter(name, wrapper)
  return !set || options?.signal?.aborted ? real() : onClock(set)
}

/**
 * A promise that resolves with `value` when the fake timer `arm` sets fires, or, if `signal`
 * aborts first, clears it and settles as `aborted()` does (Node's function given the aborted signal).
 */
function settleOnTimer(arm: (fire: () => void) => unknown, set: TimerName, value: unknown, options: Options, aborted: () => Promise<unknown>): Promise<unknown> {
  const signal = options?.signal
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearAppTimer(set, handle)
      aborted().then(resolve, reject)
    }
    const handle = arm(
      settlingAwaiter(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve(value)
      }),
    )
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** `setInterval`'s async iterator on the call's clock: one `value` per tick, ticks missed while not iterating kept (as Node does). */
async function* ticksOf(set: AnyFunction, delay: number | undefined, value: unknown, options: Options, aborted: () => AsyncIterableIterator<unknown>) {
  const signal = options?.signal
  let ticks = 0
  let wake: (() => void) | undefined
  const handle = set(
    settlingAwaiter(() => {
      ticks++
      wake?.()
    }),
    delay,
  )
  const onAbort = () => wake?.()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for (;;) {
      if (ticks === 0 && !signal?.aborted) await new Promise<void>((resolve) => (wake = resolve))
      wake = undefined
      if (signal?.aborted) return yield* aborted()
      for (; ticks > 0; ticks--) yield value
    }
  } finally {
    clearAppTimer('setInterval', handle)
    signal?.removeEventListener('abort', onAbort)
  }
}
