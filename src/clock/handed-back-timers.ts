import { realNow, realTimers } from './real-timers.js'

/**
 * The app's timers still pending when a call ends go back to real time, as AppClock.stop() says:
 * in production a worker's 50 ms interval started on first use runs for the life of the process,
 * and dropping it left the app believing its worker ran (the next test's call never answered,
 * measured). Each pending fake timer is re-armed on the real timers with its remaining delay (an
 * interval then keeps its interval), and the handle the app holds keeps working: clearTimeout /
 * clearInterval (the globals, `node:timers`'), `refresh()`, `ref()`, `unref()`, `hasRef()`,
 * `close()`. Its ref state carries over: an unref'd timer does not hold the process open, a ref'd
 * one does, exactly as without callspec.
 *
 * Like a timer the app armed before a call, a handed-back timer stays real when a later call
 * installs the clock (fake-timers-install.ts routes its clear to it).
 */

/** One pending timer of the fake clock (the fields of @sinonjs/fake-timers' records read here). */
export interface PendingTimer {
  id: number
  callAt: number
  delay?: number
  interval?: number
  type?: string
  func?: unknown
  args?: unknown[]
}

type RealHandle = { ref(): unknown; unref(): unknown; hasRef(): boolean }

class HandedBack {
  #real: RealHandle | undefined
  #refed: boolean

  constructor(
    private readonly timer: PendingTimer,
    private readonly func: (...args: unknown[]) => unknown,
    refed: boolean,
    /** The test whose call handed it back, when known (handedBackPending lists a test's own). */
    readonly test: object | undefined,
  ) {
    this.#refed = refed
  }

  get immediate(): boolean {
    return this.timer.type === 'Immediate'
  }

  /** Real instant (performance.now()) of its next run, while armed. */
  dueAt: number | undefined

  /** What it is, as the transcript says a timer: "60 s timeout". */
  get what(): { ms: number; kind: string } {
    return { ms: this.timer.interval ?? this.timer.delay ?? 0, kind: this.immediate ? 'immediate' : this.timer.interval !== undefined ? 'interval' : 'timeout' }
  }

  /** Arms the real timer: `ms` to the next run (then every `interval` for an interval). */
  arm(ms: number): void {
    this.#cancel()
    this.dueAt = realNow() + ms
    const args = this.timer.args ?? []
    if (this.immediate) {
      this.#real = realTimers.setImmediate(() => this.#fired(args))
    } else {
      this.#real = realTimers.setTimeout(() => {
        const every = this.timer.interval
        if (every === undefined) return this.#fired(args)
        this.dueAt = undefined
        this.#real = realTimers.setInterval(() => this.#run(args), every)
        this.#applyRef()
        this.#run(args)
      }, ms)
    }
    this.#applyRef()
  }

  clear(): void {
    this.#cancel()
    this.#forget()
  }

  /** Node's `refresh()`: from now, its full delay again (also after a timeout has fired). */
  refresh(): void {
    if (this.immediate) return
    this.arm(this.timer.interval ?? this.timer.delay ?? 0)
    registry.set(this.timer.id, this)
    wrapGlobalClears()
  }

  ref(): void {
    this.#refed = true
    this.#applyRef()
  }

  unref(): void {
    this.#refed = false
    this.#applyRef()
  }

  /** As Node's: the ref state, whether or not the timer is still armed. */
  hasRef(): boolean {
    return this.#refed
  }

  #fired(args: unknown[]): void {
    this.#forget()
    this.#run(args)
  }

  /**
   * Runs the app's callback. What it throws goes on uncaught, as it would without callspec, but
   * marked as this timer's: it is not the app of a call running now (helper-135: an earlier test's
   * app left a timer that threw 300 ms later, and the next test's healthy call failed with it,
   * while the test whose app threw stayed green). Said where it came from, for the runner's report.
   */
  #run(args: unknown[]): void {
    const outermost = !handedBackWorkRunning
    handedBackWorkRunning = true
    try {
      this.func(...args)
    } catch (error) {
      lastThrown = { error }
      const { ms, kind } = this.what
      const during = typeof (this.test as { name?: unknown } | undefined)?.name === 'string' ? ` during "${(this.test as { name: string }).name}"` : ''
      console.error(
        `[callspec] an app timer set${during} (a ${ms} ms ${kind}), left pending when that call ended and handed back to real time, threw: the uncaught error below is that timer's, not the app's of any call running now.`,
      )
      throw error
    } finally {
      if (outermost) {
        if (settlesAwaiter(this.func)) endHandedBackWorkWhenDrained()
        else handedBackWorkRunning = false
      }
    }
  }

  #forget(): void {
    this.#real = undefined
    this.dueAt = undefined
    if (registry.get(this.timer.id) === this) registry.delete(this.timer.id)
    if (registry.size === 0) unwrapGlobalClears()
  }

  #applyRef(): void {
    if (this.#refed) this.#real?.ref()
    else this.#real?.unref()
  }

  #cancel(): void {
    const real = this.#real
    this.#real = undefined
    this.dueAt = undefined
    if (!real) return
    if (this.immediate) realTimers.clearImmediate(real as unknown as NodeJS.Immediate)
    else realTimers.clearTimeout(real as unknown as NodeJS.Timeout)
  }
}

/**
 * True while a handed-back timer's work runs while a later call may hold the clock: that earlier
 * call's work, out of its time, so a timer it sets keeps real time, as the handed-back timer itself
 * does (fake-timers-install.ts asks handedBackWork()). On the later call's clock it was that call's
 * app timer: in its transcript ("· app timer 1 s → its answer to ANSWERED") and moving its time
 * (helper-144: test/clock/timer-notes.test.ts failed under load with a 1 s AbortSignal.timeout that
 * mocked-dependency-latency.test.ts's app set after a 1.5 s pause its call had handed back).
 *
 * Its work is the callback; and, for a timer that settles a promise the earlier call's code awaits
 * (a `node:timers/promises` pause or interval, `new Promise((r) => setTimeout(r, ms))`, or an
 * AbortSignal.timeout() whose abort rejects the fetch it guards: see settlesAwaiter), the
 * continuations of that await too, until the microtask queue drains. Code of the later call's that
 * awaits the same promise resumes in that drain too, and is taken for the earlier call's (its
 * timers on real time): the cost of telling whose a continuation is without async context. A
 * callback of the app's own (a worker's interval) is its work only while it runs: a job queue it
 * drains resolves promises the current call's handlers made, and their code after the await is
 * that call's (a 2 s pause there went to real time, measured, its transcript without it). No
 * AsyncLocalStorage to tell them apart or follow the work past real I/O it awaits: on Node 20 it
 * turns on promise hooks for the whole process (current-test.ts).
 */
let handedBackWorkRunning = false

/** A handed-back timer's work is running (see handedBackWorkRunning). */
export const handedBackWork = (): boolean => handedBackWorkRunning

/** Node's own, before a test fakes it. */
const realNextTick = process.nextTick.bind(process)

/**
 * Ends the handed-back work once the microtask queue its callback filled has drained: a microtask
 * queued now runs after the continuations the callback's resolve queued, and the tick it queues
 * runs only once the microtasks queued meanwhile (deeper continuations) have all run, before the
 * event loop runs anything else (Node drains ticks and microtasks after each timer's callback).
 * A resolved promise's then, not queueMicrotask: a test may fake that one (toFake), never this.
 */
function endHandedBackWorkWhenDrained(): void {
  void Promise.resolve().then(() => realNextTick(() => (handedBackWorkRunning = false)))
}

/** The callbacks timer-modules.ts gives its pauses and intervals, and AbortSignal.timeout()'s abort: each settles a promise the app's code awaits. */
const awaiterSettlers = new WeakSet<object>()

/** `fire` settles a promise the app's code awaits (a `node:timers/promises` pause's, an interval iterator's tick, a guarded fetch's by its abort). */
export function settlingAwaiter<F extends object>(fire: F): F {
  awaiterSettlers.add(fire)
  return fire
}

/**
 * Whether `func`'s firing resumes code awaiting it: one marked by settlingAwaiter, or a promise's
 * own resolve function given as the callback (`new Promise((r) => setTimeout(r, ms))`), which is
 * native and nameless (a bound function is named "bound …"); an app's own callback is neither.
 */
function settlesAwaiter(func: (...args: unknown[]) => unknown): boolean {
  return awaiterSettlers.has(func) || (func.name === '' && Function.prototype.toString.call(func).endsWith('{ [native code] }'))
}

/** Handed-back timers by the fake id their handle reads as. */
const registry = new Map<number, HandedBack>()
/** The handles the app holds (fake-timers' timer objects), for a clear given the handle itself. */
const byHandle = new WeakMap<object, HandedBack>()

const CLEARS = ['clearTimeout', 'clearInterval', 'clearImmediate'] as const
/** The globals' clear functions put in place between calls while a handed-back timer is armed, and what they wrap. */
const wrapped = new Map<string, { wrapper: (handle: unknown) => void; original: (handle: unknown) => void }>()

/** Marks a clear function that looks up handed-back timers first (callspec's own clock's, and the wrappers below). */
export const CLEARS_HANDED_BACK = Symbol('callspec: clears handed-back timers')

/**
 * `clear`, looking up a handed-back timer first. A fake clock's properties on its function are
 * kept (`clock`, and fake-timers' `hadOwnProperty`: without it, the test's `vi.useRealTimers()`
 * deleted the global instead of putting Node's back, measured: "clearTimeout is not a function").
 */
export function clearingHandedBack(clear: (handle: unknown) => void): (handle: unknown) => void {
  const wrapper = function (this: unknown, handle: unknown) {
    if (!clearHandedBack(handle)) clear.call(this, handle)
  }
  return Object.assign(wrapper, clear, { [CLEARS_HANDED_BACK]: true })
}

/**
 * Between calls the globals are the originals again, and Node's clearTimeout does nothing with a
 * fake-timers handle: while a handed-back timer is armed, the global clear functions look it up
 * first (during a call, fake-timers-install.ts's own clear functions do). The test's own fake clock
 * (`vi.useFakeTimers()`) is wrapped too: its clear took the handle's id for one of its own, found
 * nothing and said nothing, and the app's interval ran on (audit-85: 19 ticks in 200 ms from two).
 */
function wrapGlobalClears(): void {
  const g = globalThis as unknown as Record<string, (handle: unknown) => void>
  for (const name of CLEARS) {
    const current = g[name] as (((handle: unknown) => void) & { [CLEARS_HANDED_BACK]?: boolean }) | undefined
    // Absent (a test that faked a subset, or took one away), or looking them up already.
    if (typeof current !== 'function' || current[CLEARS_HANDED_BACK]) continue
    const wrapper = clearingHandedBack(current)
    wrapped.set(name, { wrapper, original: current })
    g[name] = wrapper
  }
}

/**
 * After a call's clock is uninstalled: the globals' clear functions look up handed-back timers
 * while any is armed, and are the originals again (only where still ours) once none is.
 */
export function settleGlobalClears(): void {
  if (registry.size > 0) wrapGlobalClears()
  else unwrapGlobalClears()
}

function unwrapGlobalClears(): void {
  if (registry.size > 0) return
  const g = globalThis as unknown as Record<string, (handle: unknown) => void>
  for (const [name, { wrapper, original }] of wrapped) if (g[name] === wrapper) g[name] = original
}

/**
 * Clears `handle` if it is a handed-back timer's (true). The handle itself is looked up, never
 * turned into a number: a real Timeout's Symbol.toPrimitive registers it in Node's id table.
 */
export function clearHandedBack(handle: unknown): boolean {
  if (registry.size === 0) return false
  const back =
    typeof handle === 'object' && handle !== null ? byHandle.get(handle) : typeof handle === 'number' || typeof handle === 'string' ? registry.get(Number(handle)) : undefined
  if (!back) return false
  back.clear()
  return true
}

/**
 * Re-arms `timer`, pending on the fake clock at `now`, on the real timers; `handle` is what the app
 * got back when it set it (its methods are pointed at the real timer). Timers whose callback is
 * not a function (a string to eval, which Node's own timers reject) are not handed back.
 */
/** The last error a handed-back timer threw, as thrown (a primitive too): app-crashes.ts blames no call for it. */
let lastThrown: { error: unknown } | undefined

/** Whether `error` is what a handed-back timer just threw (asked once, by the crash watch's listener). */
export function thrownByHandedBack(error: unknown): boolean {
  const mine = lastThrown !== undefined && Object.is(lastThrown.error, error)
  lastThrown = undefined
  return mine
}

export function handBack(timer: PendingTimer, now: number, handle: object | undefined, test?: object): boolean {
  if (typeof timer.func !== 'function') return false
  const refed = typeof (handle as RealHandle | undefined)?.hasRef === 'function' ? (handle as RealHandle).hasRef() : true
  const back = new HandedBack(timer, timer.func as (...args: unknown[]) => unknown, refed, test)
  registry.set(timer.id, back)
  if (handle) {
    byHandle.set(handle, back)
    Object.assign(handle, {
      ref() {
        back.ref()
        return handle
      },
      unref() {
        back.unref()
        return handle
      },
      hasRef: () => back.hasRef(),
      refresh() {
        back.refresh()
        return handle
      },
      close() {
        back.clear()
        return handle
      },
    })
  }
  back.arm(Math.max(0, timer.callAt - now))
  return true
}

/**
 * The timers calls of `test` handed back to real time that have yet to fire once (an interval
 * already running is not listed), with the real ms until they do: what a wait for the app's
 * request may really be waiting on (audit-93: a call-back placed by a 60 s timer of the earlier
 * call). Other tests' are theirs (a worker runs many files). Outside a test runner, all of them.
 */
export function handedBackPending(test: object | undefined): Array<{ ms: number; kind: string; dueInMs: number }> {
  if (registry.size === 0) return []
  const now = realNow()
  const out: Array<{ ms: number; kind: string; dueInMs: number }> = []
  for (const back of registry.values()) {
    if (back.dueAt !== undefined && (test === undefined || back.test === test)) out.push({ ...back.what, dueInMs: Math.max(0, back.dueAt - now) })
  }
  return out.sort((a, b) => a.dueInMs - b.dueInMs)
}
