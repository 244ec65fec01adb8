/** A timer as @sinonjs/fake-timers keeps it: when it is due on the call's clock (moved by `firstInProductionOrder`). */
export interface LeadTimer {
  callAt: number
}

/** @sinonjs/fake-timers' heap of timers (v15), ordered by when each is due on the call's clock. */
export interface LeadTimerHeap<T> {
  peek(): T | null | undefined
  remove(timer: T): unknown
  push(timer: T): unknown
}

/**
 * The heap's first timer, after each timer first on the call's clock but due later in production
 * than another pending one was moved behind it (ProductionLead.behind). The clock fires its timers
 * in the heap's order (`clock.next()`), so this is the order they fire in.
 */
export function firstInProductionOrder<T extends LeadTimer>(heap: LeadTimerHeap<T>, lead: ProductionLead<T>, pending: () => readonly T[]): T | undefined {
  let first = heap.peek() ?? undefined
  if (!first) return first
  // A timer set since the lead last grew is marked with it now, before the leads are compared: a
  // 1.3 s timer set as a 1.5 s query's answer came, looked at before anything marked it, stayed
  // first on the call's clock ahead of a 2 s reminder set before the query, and the platform's
  // PLAYED went out before both (held-answers, failing under load: `fired: none`).
  const all = lead.ms > 0 ? pending() : undefined
  if (all) lead.mark(all)
  if (!lead.leadsDiffer) return first
  const timers = all ?? pending()
  for (let moves = 0; first && moves < timers.length; moves++) {
    const by = lead.behind(first, timers)
    if (by === 0) break
    heap.remove(first)
    first.callAt += by
    heap.push(first)
    first = heap.peek() ?? undefined
  }
  return first
}

/**
 * Real ms a firing of an app timer, or one turn of the app's promise chains, must take to count as
 * the app's own work in the platform's answer deadline (InProcessAppClock.leadMs): a CPU-bound
 * step of the app's (measured: a 1.5 s loop after a 4 s backoff passed EnableX's 5 s). Below it,
 * the time is callspec's and the machine's: counted, 4,990 one-millisecond timers on a loaded
 * machine came to 358 ms. The same bound keeps the host's real time beside an answer's virtual
 * time out of the deadline's count (CallSession.deliver).
 */
export const APP_WORK_MS = 50

/**
 * Whether production's time, the call's `now` plus the real time held ahead of it (`leadMs`), has
 * reached the caller's act at `at` (a key, a hang-up) while the app holds a webhook's answer on
 * real I/O: then the caller acts, not behind that answer. 1 ms short counts, for the clocks'
 * rounding. Shared by the app in this process (CallSession) and the agent's (app-agent.ts quiet).
 */
export function productionReached(now: number, leadMs: number, at: number): boolean {
  return now + leadMs >= at - 1
}

/**
 * How far the call's time may move on with the real time held (`leadMs`) from `now`: never onto
 * the app's next timer (due at `timerAt`), nor the platform's next event (`platformAt`), each of
 * which fires at its own instant; 0 when it may not move. All on one clock's scale. Shared by the
 * app in this process (InProcessAppClock.keepPace) and the agent's (VirtualTimers.keepPace).
 */
export function paceStep(leadMs: number, now: number, timerAt: number | undefined, platformAt: number | undefined): number {
  const step = Math.floor(Math.min(leadMs, timerAt === undefined ? Number.POSITIVE_INFINITY : timerAt - now - 1, platformAt === undefined ? Number.POSITIVE_INFINITY : platformAt - now - 1))
  return step < 1 ? 0 : step
}

/**
 * How far production's clock is ahead of the call's while the app handles one webhook. Real I/O
 * takes no virtual time (the call's clock stands still while the app waits on it), where
 * production's runs on: the real time the app held the call's clock (its waits on real I/O, its own
 * CPU work) is the lead. Each timer keeps the lead it was set at, so its due time in production is
 * its virtual time plus that lead:
 *
 * - a timer whose production due time passes while real I/O holds the call's time is overdue
 *   (`overdue`): production fired it then, so the hold ends and the call's time moves to it
 *   (audit-115: a 1 s guard raced against a 1.9 s lookup in another process fired only once the
 *   lookup was over, and lost);
 * - real time overlapping a pending timer counts once (`firing`): a 1.5 s request the app did not
 *   await beside a 4 s timer answers at 4 s in production, not 5.5 s (audit-114 F3), while a lookup
 *   awaited before the timer is set still adds up (1 s, then 4.5 s: 5.5 s).
 *
 * One per call: the app in this process (InProcessAppClock) and an app under `callspec/agent`
 * (its app-side VirtualTimers) keep it alike. `reset` per webhook: the lead starts over for its
 * answer, and a timer set earlier keeps what real time already ran it down.
 */
export class ProductionLead<T extends LeadTimer> {
  #ms = 0
  /** The lead each timer had when first seen pending, before the lead next changed (`mark`). */
  readonly #at = new Map<T, number>()

  /** Real ms production's clock is ahead of the call's. */
  get ms(): number {
    return this.#ms
  }

  /**
   * A webhook goes out: its answer's lead starts at 0, and each timer still `pending` keeps what
   * real time already ran it down (its mark goes below 0 by that much). A guard a lookup started
   * under the previous webhook had run down to its due time is due still: the webhook the platform
   * sent meanwhile (EnableX's connected, after the app's accept) cleared it, and the lookup won
   * (audit-116: the guard needed another 1 s of held time; production played the fallback at 1 s).
   */
  reset(pending: readonly T[]): void {
    const ran = this.#ms
    const carried = new Map<T, number>()
    for (const timer of pending) {
      const at = this.#at.get(timer)
      if (at !== undefined && at < ran) carried.set(timer, at - ran)
    }
    this.#at.clear()
    for (const [timer, at] of carried) this.#at.set(timer, at)
    this.#carried = carried.size > 0
    this.#leadsDiffer = this.#carried
    this.#ms = 0
    this.#actedAt = 0
  }

  /** Some timer carries run-down from before the last reset: it may be overdue with no lead of this webhook's. */
  #carried = false

  /** Whether any timer can be overdue (`overdue`): the usual case, no real time held, is told without looking at the timers. */
  get running(): boolean {
    return this.#ms > 0 || this.#carried
  }

  /** The timers pending now keep the lead as it is (called before it grows: one not seen yet was set since it last changed). */
  mark(pending: Iterable<T>): void {
    for (const timer of pending) {
      if (this.#at.has(timer)) continue
      this.#at.set(timer, this.#ms)
      if (this.#ms !== 0) this.#leadsDiffer = true
    }
  }

  /** Some timer was marked with a lead other than 0 since the last reset, or carries one across it: the timers' order may differ from production's (`behind`). */
  #leadsDiffer = false

  get leadsDiffer(): boolean {
    return this.#leadsDiffer
  }

  /**
   * Virtual ms to move `first`, the timer due first on the call's clock, later by (0 for none), so
   * that it fires after a pending timer due sooner in production: `first` was set after real time
   * was held (its virtual time counts from before that time, as the call's clock stood still
   * meanwhile), the other before. Moved into the other's frame: due when production fires it,
   * counted on the call's clock as the other is. Measured (audit-118): a 1.3 s timer set after a
   * 1.5 s lookup came first on the call's clock (1.5 s against a 2 s reminder set before it, at
   * 2.2 s), and the platform's PLAYED (at 1.2 s) went out before both, where production fires the
   * reminder (2.2 s), then sends PLAYED (2.7 s), then fires the 1.3 s timer (3.0 s).
   */
  behind(first: T, pending: readonly T[]): number {
    this.mark(pending)
    const atFirst = this.#at.get(first)!
    let soonest = first.callAt + atFirst
    let atSoonest = atFirst
    for (const timer of pending) {
      const at = this.#at.get(timer)!
      // Set with a lead within APP_WORK_MS of first's: the real time between them is the host's (a
      // loaded machine reaching a stub of the test's process over loopback), not time the app held,
      // and the order stays the call's, the same every run. Moved behind the app's 1 s guard by the
      // 5.6 ms a request took to reach it, a stub's 995 ms latency lost in 7 runs of 10 (helper-150 F4).
      if (atFirst - at < APP_WORK_MS) continue
      if (timer.callAt + at < soonest) {
        soonest = timer.callAt + at
        atSoonest = at
      }
    }
    if (atSoonest === atFirst) return 0
    this.#at.set(first, atSoonest)
    return atFirst - atSoonest
  }

  /**
   * The call's time moved `ms` with no timer firing (InProcessAppClock.keepPace): production's is
   * that much less ahead of it. Every timer's due time in production, and the platform's next
   * event's, stay where they were.
   */
  spend(ms: number): void {
    this.#ms = Math.max(0, this.#ms - ms)
  }

  /** The app held the call's time for `ms` of real time (`mark` the timers pending first). */
  add(ms: number): void {
    this.#ms += ms
    this.#added += ms
  }

  #added = 0

  /**
   * Real ms ever added (`add`), never less: what of a stretch of real time was counted already is
   * the difference of two readings (InProcessAppClock.pacedLook). Not `ms`, which a timer firing
   * (`firing`) and the call's time moving (`spend`) lower in between: read off it, a stretch
   * counted again what those had used up.
   */
  get added(): number {
    return this.#added
  }

  /**
   * Whether `first`, the timer due next on the call's clock (of those `pending`), at the call's
   * instant `now`, is due in production already (see the class). Only the first: time moves to a
   * timer in the call's order, so one due sooner there fires first, and it must be due itself. Two
   * intervals, one re-armed later (with a greater lead), had the one due sooner on the call's clock
   * fire when only the other was due in production, and the app's clock ran 12-18 % ahead of real
   * time (audit-116: a 1 s guard beat a 900 ms lookup). A timer due sooner in production than the
   * first (set before it, with a smaller lead) is first by then: the first was moved behind it
   * (`behind`, firstInProductionOrder).
   */
  overdue(first: T, pending: readonly T[], now: number): boolean {
    if (!this.running) return false
    this.mark(pending)
    return first.callAt > now && this.#ms - this.#at.get(first)! >= first.callAt - now
  }

  /** The lead when the app last acted (an answer, a request to the platform): what the platform scheduled then starts from it. */
  #actedAt = 0

  /** The app acted: the platform schedules what comes next from the call's time as it is, production's ahead of it by the lead. */
  acted(): void {
    this.#actedAt = this.#ms
  }

  /**
   * Real ms held since the app last acted: production's clock ran them on after the platform
   * scheduled its next event, on the call's clock, from that instant; that event is due in
   * production once they reach it.
   */
  get sinceActed(): number {
    return Math.max(0, this.#ms - this.#actedAt)
  }

  /**
   * Whether a timer may come before the platform's next event in production though after it on
   * the call's clock (beforePlatform): real time is held (`running`), or the lead the platform's
   * event was scheduled at was used up since (a timer the real time ran down fired: the call's
   * clock caught up with production's, and the event is due later on it than where it stands).
   */
  get ordersPlatform(): boolean {
    return this.running || this.#actedAt > this.#ms
  }

  /**
   * Whether `first` (of those `pending`) comes before the platform's next event, at the call's
   * instant `platformAt`, in production: its time there, less what real time ran it down (see the
   * class), against the event's, less what real time ran down since the app last acted (the
   * platform scheduled it then). After it on the call's clock, the platform's event then waits for
   * it (CallSession.fireNext). An EnableX app that played a 1.2 s welcome, then waited 1 s on a
   * prefetch beside its 1.8 s timer, had the timer fire first (audit-117: the welcome and the timer
   * ran down alike; only real time held before the play runs the timer down further).
   */
  beforePlatform(first: T, pending: readonly T[], platformAt: number): boolean {
    return first.callAt > platformAt && this.platformFrom(first, pending) <= platformAt
  }

  /**
   * From which instant on the call's clock a platform event comes after `first` in production (see
   * beforePlatform): its time less what real time ran it down, plus what ran down since the app
   * last acted, less what of the lead the event was scheduled at a timer used up since: after a
   * 2 s reminder the real time of a 1.5 s lookup ran down fired, a 2.4 s one set beside it came
   * after the prompt the lookup's answer played, where production fires it 0.1 s before the
   * prompt ends. Its own time when no real time is held.
   */
  platformFrom(first: T, pending: readonly T[]): number {
    if (!this.ordersPlatform) return first.callAt
    this.mark(pending)
    return first.callAt - Math.max(0, this.#ms - this.#at.get(first)!) + this.#ms - this.#actedAt
  }

  /**
   * `timer`, the first due, fires at the call's instant `now` (called before its callback runs):
   * at the later of its due time in production and now, so what real time ran it down is used up.
   * `pending`: the timers pending now, `timer` among them.
   */
  firing(timer: T, pending: Iterable<T>, now: number): void {
    if (this.#ms === 0) return
    this.mark(pending)
    const ranDown = Math.max(0, timer.callAt - now)
    // One due at the instant the call's time already stands at (beside the timer that moved it
    // there) fires with it, and moves production's time no further: brought up to its own due time
    // in production, two intervals firing together during a hold ran the app's clock ahead of the
    // real time held (audit-116: a 1 s guard beat a 900 ms lookup beside 100 ms and 20 ms intervals).
    if (ranDown === 0) return
    // Not below 0: one run down before this webhook fires no sooner than now.
    this.#ms = Math.max(0, this.#at.get(timer)!, this.#ms - ranDown)
  }

  /** `timer` fired (its callback ran): an interval, set anew as it fired, is marked when next seen, with the lead then. */
  fired(timer: T): void {
    this.#at.delete(timer)
  }
}
