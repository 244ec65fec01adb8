import timersModule from 'node:timers'
import timersPromises from 'node:timers/promises'
// The default export (the library's module.exports): the build bundles it as an ES module that has only that (tsup.config.ts).
import fakeTimers from '@sinonjs/fake-timers'
import type { AppTimerFired } from '../../clock/app-clock.js'
import { RealDate, realClearInterval, realSetInterval, realSetTimeout } from './real-timers.js'
import { infrastructureCaller } from './infrastructure-callers.js'
import { firstInProductionOrder, paceStep, ProductionLead, type LeadTimerHeap } from '../../clock/production-lead.js'
import { monotonicFollows } from '../../clock/monotonic-now.js'
import type { FakeClock } from '../../clock/fake-timers-install.js'

/** What @sinonjs/fake-timers keeps for a timer (internal fields, read-only here). */
interface FakeTimer {
  id: number
  callAt: number
  delay?: number
  interval?: number
  type?: string
}

/** How often, between calls, the fake clock is brought up to the wall clock. */
const REAL_TIME_STEP_MS = 10

/**
 * The app process's timers and `Date`, faked for the process's whole life so every reference the
 * app captures at load time is the fake one. During a call they follow the call's virtual clock,
 * moved only by callspec (start/fire); between calls a real-time pump brings the fake clock up to
 * the wall clock every 10 ms, so the app behaves as it would without the agent.
 *
 * `setImmediate`, `process.nextTick` and `queueMicrotask` stay real: they carry no delay, and
 * faking them would stall Node's and the HTTP stack's own work until callspec advanced the clock.
 */
export class VirtualTimers {
  readonly #clock: ReturnType<typeof fakeTimers.install>
  #pump: ReturnType<typeof realSetInterval> | undefined
  /** Wall-clock ms of the call's time 0 while a call runs; undefined between calls. */
  #epochMs: number | undefined
  /** Ids of the timers armed before the call (at startup, between calls): they outlive it. */
  #beforeCall = new Set<number>()
  /** Puts node:timers/promises' scheduler.wait back (see waitOnFakeClock). */
  readonly #restoreWait: () => void
  /** Puts Node's AbortSignal.timeout back (see abortSignalOnFakeClock). */
  readonly #restoreAbortSignal: () => void
  /** How far production's clock is ahead of the call's, per webhook the app receives (production-lead.ts). */
  readonly #lead = new ProductionLead<FakeTimer>()
  /** Puts performance.now() and process.hrtime() back on real time (the call is over). */
  #unfollow: (() => void) | undefined

  constructor() {
    this.#clock = fakeTimers.install({
      now: RealDate.now(),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      // The app may clear a timer it armed before the agent loaded (none, as a preload): stay quiet.
      shouldClearNativeTimers: true,
    })
    this.#restoreWait = waitOnFakeClock()
    this.#restoreAbortSignal = abortSignalOnFakeClock()
    this.#holdWhileArmed()
    this.#followWallClock()
  }

  /** Virtual ms since the call began, or undefined between calls. */
  get now(): number | undefined {
    return this.#epochMs === undefined ? undefined : this.#clock.now - this.#epochMs
  }

  /** The call begins: the app's Date reads `epochMs` + virtual time; its timers keep their remaining delays. */
  start(epochMs: number): void {
    this.#stopPump()
    this.#clock.setSystemTime(epochMs)
    this.#epochMs = epochMs
    this.#beforeCall = new Set(this.#timers().map((timer) => timer.id))
    this.#lead.reset([])
    // performance.now() and process.hrtime() follow the call's clock too, as Date does and as for an
    // app in the test's process (monotonic-now.ts): left real, p-retry 7's `maxRetryTime` (measured
    // with performance.now()) never ran down while the backoffs ran on the call's clock, and an app
    // retrying a failing CRM within 3 s retried for 15 s of the call, then took its success branch,
    // where production gives up 3 s in. The whole process is the app's: no other reader to spare.
    this.#unfollow?.()
    this.#unfollow = monotonicFollows(this.#clock as unknown as FakeClock, () => false)
  }

  /** A webhook reached the app's server: the call's time and production's meet again. */
  webhookArrived(): void {
    this.#lead.reset(this.#timers())
    this.#caughtUpMs = 0
  }

  /** Real ms production's clock is ahead of the call's, for the answer to the webhook last arrived (production-lead.ts). */
  get leadMs(): number {
    return this.#lead.ms
  }

  /** Virtual ms keepPace moved the call's time on by since the latest webhook arrived: real time held, not the timers' time. */
  get caughtUpMs(): number {
    return this.#caughtUpMs
  }

  #caughtUpMs = 0

  /**
   * The app's real I/O held the call: its time moves on by the real time held (the lead), as
   * production's clock ran on through the wait, so the app's Date.now() reads it when its code
   * resumes. Never onto the app's next timer, nor the platform's next event (`platformAt`, virtual
   * ms): each fires at its own instant. As in the test's process (InProcessAppClock.keepPace).
   * Returns the call's time (virtual ms) when it moved.
   */
  keepPace(platformAt: number | undefined): number | undefined {
    if (this.#epochMs === undefined) return undefined
    const step = paceStep(this.#lead.ms, this.#clock.now, this.#first()?.callAt, platformAt === undefined ? undefined : this.#epochMs + platformAt)
    if (step === 0) return undefined
    this.#lead.spend(step)
    this.#caughtUpMs += step
    // No timer is due within the step: tick only moves the time.
    this.#clock.tick(step)
    return this.#clock.now - this.#epochMs
  }

  /**
   * The app held the call's time from real instant `from` to `to` (real ms, realNow()), waiting on
   * its own real I/O (a query on its own connection): what of that span no other wait counted yet
   * is added to the lead. Several quiet waits may run at once (callspec stops waiting on one once
   * the answer it raced is in, and asks for another; the first goes on here): each counted the same
   * real time, and an app timing a 1.5 s query read 3.0 s (EnableX's connected answered at once,
   * then the step's settle wait beside it; 4 runs of 5 under load).
   */
  held(from: number, to: number): void {
    const counted = Math.max(from, this.#heldTo)
    this.#heldTo = Math.max(this.#heldTo, to)
    if (this.#epochMs === undefined || to <= counted) return
    this.#lead.mark(this.#timers())
    this.#lead.add(to - counted)
  }

  /** The real instant up to which held time is counted in the lead (held): real time runs once, however many waits look at it. */
  #heldTo = Number.NEGATIVE_INFINITY

  /**
   * A timer of the app's is due in production already: the real time the app held the call's clock
   * ran it down (production-lead.ts). The wait on that I/O ends, and callspec fires it.
   */
  overdue(): boolean {
    if (this.#epochMs === undefined || !this.#lead.running) return false
    const first = this.#first()
    return first !== undefined && this.#lead.overdue(first, this.#timers(), this.#clock.now)
  }

  /** Virtual ms of the app's next timer (now, if one is overdue), or undefined when it has none. */
  next(): number | undefined {
    const first = this.#first()
    if (!first || this.#epochMs === undefined) return undefined
    return Math.max(first.callAt, this.#clock.now) - this.#epochMs
  }

  /**
   * Virtual ms from which a platform event comes after the app's next timer in production, when
   * real time held ran that timer down further than the platform's (production-lead.ts
   * platformFrom); else undefined.
   */
  platformFrom(): number | undefined {
    const first = this.#first()
    if (!first || this.#epochMs === undefined || !this.#lead.ordersPlatform) return undefined
    const from = this.#lead.platformFrom(first, this.#timers())
    // Not raised to the call's time: the platform's event may be due before it already (a timer
    // the real time ran down fired late, as in the test's process: InProcessAppClock.dueBeforePlatform).
    return from < first.callAt ? from - this.#epochMs : undefined
  }

  /** The app acted (answered a webhook, sent a request to the platform): production-lead.ts acted. */
  acted(): void {
    if (this.#epochMs !== undefined) this.#lead.acted()
  }

  /**
   * Fires the app's timers due at or before virtual `at`, one by one in order, each followed by
   * `settle()` (what the app sends when a timer fires belongs to that instant); the clock ends at `at`.
   */
  async fire(at: number, settle: () => Promise<void>): Promise<{ fired: AppTimerFired[]; error?: string }> {
    if (this.#epochMs === undefined) throw new Error('fire() before start(): no call is running')
    const target = this.#epochMs + at
    const fired: AppTimerFired[] = []
    let error: string | undefined
    for (let first = this.#first(); first && first.callAt <= target; first = this.#first()) {
      fired.push({
        at: Math.max(first.callAt, this.#clock.now) - this.#epochMs,
        delayMs: first.interval ?? first.delay ?? 0,
        kind: first.interval !== undefined ? 'interval' : 'timeout',
      })
      this.#lead.firing(first, this.#timers(), this.#clock.now)
      error ??= this.#run(() => this.#clock.next())
      this.#lead.fired(first)
      await settle()
    }
    if (this.#clock.now < target) error ??= this.#run(() => this.#clock.tick(target - this.#clock.now))
    return error === undefined ? { fired } : { fired, error }
  }

  /** Runs the 0 ms timers the app queued for the current instant; true if any ran. */
  runDueNow(): { ran: boolean; error?: string } {
    const first = this.#first()
    if (this.#epochMs === undefined || !first || first.callAt > this.#clock.now) return { ran: false }
    const error = this.#run(() => this.#clock.tick(0))
    return error === undefined ? { ran: true } : { ran: true, error }
  }

  /** The ids of the app's pending timers (a snapshot, as an HTTP request reaches the app). */
  ids(): Set<number> {
    return new Set(this.#timers().map((timer) => timer.id))
  }

  /** The id of the timer next() times, if any. */
  nextId(): number | undefined {
    return this.#first()?.id
  }

  /** The timers the app armed during this call and still has pending. */
  pending(): { delayMs: number; kind: string }[] {
    return this.#timers()
      .filter((timer) => !this.#beforeCall.has(timer.id))
      .map((timer) => ({ delayMs: timer.interval ?? timer.delay ?? 0, kind: timer.interval !== undefined ? 'interval' : 'timeout' }))
  }

  /**
   * The call is over: time jumps back to the wall clock (each pending timer keeps the delay it had
   * left) and the app's timers run in real time again, those it armed during the call too, as in
   * production: a worker interval started on first use runs on for the next call (dropped, the
   * app believed it ran and the next call's requests never went out; measured, audit D3). As for
   * an app in the test process (handed-back-timers.ts).
   */
  stop(): void {
    this.#unfollow?.()
    this.#unfollow = undefined
    this.#beforeCall = new Set()
    this.#epochMs = undefined
    this.#clock.setSystemTime(RealDate.now())
    this.#followWallClock()
  }

  /** Runs fake-clock work; an exception from an app timer is returned (in production it crashes the app). */
  #run(work: () => unknown): string | undefined {
    try {
      work()
      return undefined
    } catch (thrown) {
      return thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)
    }
  }

  #timers(): FakeTimer[] {
    const timers = (this.#clock as unknown as { timers?: Map<number, FakeTimer> | Record<string, FakeTimer> }).timers
    if (!timers) return []
    return timers instanceof Map ? [...timers.values()] : Object.values(timers)
  }

  /** Puts the real timers back (the agent is shutting down). */
  uninstall(): void {
    this.#stopPump()
    this.#restoreWait()
    this.#restoreAbortSignal()
    this.#clock.uninstall()
  }

  #first(): FakeTimer | undefined {
    const heap = (this.#clock as unknown as { timerHeap?: LeadTimerHeap<FakeTimer> }).timerHeap
    if (heap) return firstInProductionOrder(heap, this.#lead, () => this.#timers())
    let first: FakeTimer | undefined
    for (const timer of this.#timers()) if (!first || timer.callAt < first.callAt || (timer.callAt === first.callAt && timer.id < first.id)) first = timer
    return first
  }

  /**
   * Fake timers hold no handle, so a process whose only pending work is a timer would exit. Arming
   * one refs the pump, which holds the process until the app has no timer left (see the pump).
   */
  #holdWhileArmed(): void {
    const hold = () => this.#pump?.ref()
    const real: Record<string, (...args: never[]) => unknown> = { setTimeout: realSetTimeout, setInterval: realSetInterval }
    // timers/promises' setTimeout too (`await setTimeout(100)` from node:timers/promises), which
    // fake-timers sets on the clock directly, not through the global. Its callers are the app's:
    // the real one behind it is not used (a promise, not a timer for Node's own code).
    const targets = [globalThis, timersModule, timersPromises] as unknown as Record<string, unknown>[]
    for (const target of targets) {
      for (const name of ['setTimeout', 'setInterval']) {
        const fake = target[name] as (...args: unknown[]) => unknown
        const routed = target !== timersPromises
        const handler: ProxyHandler<typeof fake> = {
          apply(fn, self, args) {
            // Node's fetch and undici keep their own timers on real time (infrastructure-callers.ts).
            if (routed && infrastructureCaller(handler.apply!)) return Reflect.apply(real[name]!, self, args)
            const timer = Reflect.apply(fn, self, args)
            hold()
            return timer
          },
        }
        target[name] = new Proxy(fake, handler)
      }
    }
  }

  #followWallClock(): void {
    if (this.#pump) return
    const pump = realSetInterval(() => {
      const behind = RealDate.now() - this.#clock.now
      if (behind > 0) this.#clock.tick(behind)
      // Fake timers hold no handle: the pump holds the process alive while the app has timers
      // pending, as real ones would, and lets it exit when it has none.
      if (this.#clock.countTimers() > 0) pump.ref()
      else pump.unref()
    }, REAL_TIME_STEP_MS)
    this.#pump = pump
  }

  #stopPump(): void {
    if (this.#pump) realClearInterval(this.#pump)
    this.#pump = undefined
  }
}

/**
 * `scheduler.wait(ms)` from node:timers/promises (an app's backoff before a retry), which
 * @sinonjs/fake-timers leaves real while it fakes that module's setTimeout: on the real clock it
 * held the app's answer for its whole delay while the call's clock stood still. It is that
 * setTimeout with no value (Node's own definition), so it goes through the faked one, and is held
 * like it (#holdWhileArmed wraps it). `scheduler.yield()` stays real, as setImmediate does.
 * Patched on the module's one scheduler object, so named imports see it; put back on uninstall.
 */
function waitOnFakeClock(): () => void {
  const scheduler = (timersPromises as { scheduler?: { wait?: unknown } }).scheduler
  if (!scheduler || typeof scheduler.wait !== 'function') return () => {}
  const had = Object.getOwnPropertyDescriptor(scheduler, 'wait')
  scheduler.wait = (delay: number, options?: { signal?: AbortSignal; ref?: boolean }) => timersPromises.setTimeout(delay, undefined, options)
  return () => {
    if (had) Object.defineProperty(scheduler, 'wait', had)
    else delete scheduler.wait
  }
}

/**
 * `AbortSignal.timeout(ms)` (an app guarding a pause or a request: `{ signal: AbortSignal.timeout(1000) }`)
 * on the process's faked clock, as Node builds it on its own timer: a signal aborted with a
 * DOMException 'TimeoutError' when the timer fires. @sinonjs/fake-timers leaves it on Node's real
 * timer, so under the agent a 1 s guard on a 3 s pause on the call's clock never fired: the app
 * played "slow" at 3 s, where production (and an app in the test's process, fake-timers-install.ts)
 * aborts at 1 s (measured, audit h194). Node's own code and undici keep Node's (infrastructure-callers.ts),
 * and so does a delay Node rejects (its own error is thrown). Node unrefs its timer; a fake timer
 * holds the process while it is pending, as every fake timer does here (#holdWhileArmed's pump):
 * the app's process is a server, kept alive anyway.
 */
function abortSignalOnFakeClock(): () => void {
  const real = AbortSignal.timeout
  const timeout = function timeout(delay: number): AbortSignal {
    if (!(Number.isInteger(delay) && delay >= 0 && delay <= 0xffff_ffff) || infrastructureCaller(timeout)) return real.call(AbortSignal, delay)
    const controller = new AbortController()
    // The global setTimeout: the faked one, held and paced as any timer of the app's.
    setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), delay)
    return controller.signal
  }
  AbortSignal.timeout = timeout
  return () => {
    if (AbortSignal.timeout === timeout) AbortSignal.timeout = real
  }
}
