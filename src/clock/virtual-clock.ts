import { isoTime } from '../utils/iso-time.js'

/** A platform timer: fires when the simulation advances past `at` (ms since the call began). */
export interface Timer {
  readonly id: number
  readonly at: number
  readonly label: string
  readonly fire: () => void | Promise<void>
  /**
   * The platform fires it whatever the app still holds of its answer to a webhook (a callee who
   * hangs up): it waits behind no answer (CallSession's held waits fire it at its instant).
   */
  readonly overHeldAnswer?: boolean
}

/**
 * Simulated time for one call. Nothing here sleeps: time moves only when the run loop fires
 * the next timer or a step says the caller waits, so a 30-second digit timeout costs nothing.
 */
export class VirtualClock {
  #now = 0
  #seq = 0
  #timers: Timer[] = []

  /** @param epochMs wall-clock instant that virtual time 0 stands for (seeded, so timestamps repeat). */
  constructor(readonly epochMs: number) {}

  /** Milliseconds since the call began. */
  now(): number {
    if (this.#wall) this.#followWall(this.#wall)
    return this.#now
  }

  #wall: (() => number) | undefined

  /**
   * Paced by the wall clock (`time: 'real'` / `{ scale }`): between timers, time reads as the
   * wall clock's (virtual ms since the call began), never past the next timer, which fires first.
   * Undefined: time moves only as callspec moves it again.
   */
  followWall(wall: (() => number) | undefined): void {
    this.#wall = wall
  }

  #followWall(wall: () => number): void {
    const next = this.#timers[0]?.at ?? Number.POSITIVE_INFINITY
    this.#now = Math.max(this.#now, Math.min(wall(), next))
  }

  /** ISO-8601 UTC timestamp of virtual `at` (default: now), as vendors print them. */
  iso(at = this.#now): string {
    // Every event stamps several times at one instant: keep the last string.
    if (at !== this.#isoAt) {
      this.#isoAt = at
      this.#iso = isoTime(this.epochMs + at)
    }
    return this.#iso
  }
  #isoAt = Number.NaN
  #iso = ''

  setTimer(delayMs: number, label: string, fire: Timer['fire'], overHeldAnswer = false): Timer {
    const timer: Timer = { id: ++this.#seq, at: this.#now + Math.max(0, delayMs), label, fire, ...(overHeldAnswer && { overHeldAnswer }) }
    this.#timers.push(timer)
    // Earliest first; equal times keep the order they were set in.
    this.#timers.sort((a, b) => a.at - b.at || a.id - b.id)
    return timer
  }

  clear(timer: Timer | undefined): void {
    if (timer) this.#timers = this.#timers.filter((t) => t !== timer)
  }

  clearAll(): void {
    this.#timers = []
  }

  /** The id the last timer set got (0: none yet); a timer set later has a greater one. */
  get lastId(): number {
    return this.#seq
  }

  /** The pending timers set after the one with id `id` (lastId), in the order they fire. */
  pendingSince(id: number): Timer[] {
    return this.#timers.filter((t) => t.id > id)
  }

  /** The next timer due, without firing it. */
  peek(): Timer | undefined {
    return this.#timers[0]
  }

  /** Moves time to the next timer and fires it. Returns it, or undefined when none is pending. */
  async fireNext(): Promise<Timer | undefined> {
    const timer = this.#timers.shift()
    if (!timer) return undefined
    this.#now = Math.max(this.#now, timer.at)
    await timer.fire()
    return timer
  }

  /** Moves time forward by `ms` without firing anything; callers fire due timers first. */
  skipTo(at: number): void {
    this.#now = Math.max(this.#now, at)
  }
}
