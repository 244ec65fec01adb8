import timersModule from 'node:timers'
import { install } from '@sinonjs/fake-timers'
import type { AppTimerFired } from '../../clock/app-clock.js'
import { RealDate, realClearInterval, realSetInterval } from './real-timers.js'

/** What @sinonjs/fake-timers keeps for a timer (internal fields, read-only here). */
interface FakeTimer {
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
  readonly #clock: ReturnType<typeof install>
  #pump: ReturnType<typeof realSetInterval> | undefined
  /** Wall-clock ms of the call's time 0 while a call runs; undefined between calls. */
  #epochMs: number | undefined

  constructor() {
    this.#clock = install({
      now: RealDate.now(),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      // The app may clear a timer it armed before the agent loaded (none, as a preload): stay quiet.
      shouldClearNativeTimers: true,
    })
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
  }

  /** Virtual ms of the app's next timer, or undefined when it has none. */
  next(): number | undefined {
    const first = this.#first()
    if (!first || this.#epochMs === undefined) return undefined
    return first.callAt - this.#epochMs
  }

  /** Fires the app's timers due at or before virtual `at`, one by one in order; the clock ends at `at`. */
  fire(at: number): AppTimerFired[] {
    if (this.#epochMs === undefined) throw new Error('fire() before start(): no call is running')
    const target = this.#epochMs + at
    const fired: AppTimerFired[] = []
    for (let first = this.#first(); first && first.callAt <= target; first = this.#first()) {
      fired.push({
        at: first.callAt - this.#epochMs,
        delayMs: first.interval ?? first.delay ?? 0,
        kind: first.type === 'Interval' ? 'interval' : 'timeout',
      })
      this.#clock.next()
    }
    if (this.#clock.now < target) this.#clock.tick(target - this.#clock.now)
    return fired
  }

  /** The call is over: time jumps back to the wall clock and the app's timers run in real time. */
  stop(): void {
    this.#epochMs = undefined
    this.#clock.setSystemTime(RealDate.now())
    this.#followWallClock()
  }

  /** Puts the real timers back (the agent is shutting down). */
  uninstall(): void {
    this.#stopPump()
    this.#clock.uninstall()
  }

  #first(): FakeTimer | undefined {
    const heap = (this.#clock as unknown as { timerHeap?: { peek(): FakeTimer | undefined } }).timerHeap
    if (heap) return heap.peek() ?? undefined
    // Older fake-timers keep a plain map of timers.
    const timers = (this.#clock as unknown as { timers?: Record<string, FakeTimer> }).timers
    let first: FakeTimer | undefined
    for (const timer of Object.values(timers ?? {})) if (!first || timer.callAt < first.callAt) first = timer
    return first
  }

  /**
   * Fake timers hold no handle, so a process whose only pending work is a timer would exit. Arming
   * one refs the pump, which holds the process until the app has no timer left (see the pump).
   */
  #holdWhileArmed(): void {
    const hold = () => this.#pump?.ref()
    for (const target of [globalThis, timersModule] as Record<string, unknown>[]) {
      for (const name of ['setTimeout', 'setInterval']) {
        const fake = target[name] as (...args: unknown[]) => unknown
        target[name] = new Proxy(fake, {
          apply(fn, self, args) {
            const timer = Reflect.apply(fn, self, args)
            hold()
            return timer
          },
        })
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
