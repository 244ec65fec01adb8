/**
 * Real ms the process's calls have held their clocks for the app so far: their waits on its real
 * I/O and its own CPU work (InProcessAppClock adds them as it counts its lead), and nothing of
 * callspec's own work. With the virtual time moved meanwhile, it is the time production's clock
 * moved. Counted as a union of spans: two calls at once (`describe.concurrent`) holding through
 * the same 300 ms add 300 ms, not 600.
 */
let held = 0
/** Where the last span counted ended (real ms). */
let countedUntil = 0

/** The app held a call's time from `started` to `ended` (real ms, performance.now()). */
export function addHeld(started: number, ended: number): void {
  const from = Math.max(started, countedUntil)
  if (ended > from) held += ended - from
  if (ended > countedUntil) countedUntil = ended
}

/**
 * A bound of the app's on a wait: an `AbortSignal.timeout()` (fake-timers-install.ts), a request's
 * timeout (request-timeouts.ts). Production's clock runs while the app waits on real I/O, where the
 * call's stands still: a bound's time is up once the virtual time moved since it started, plus the
 * real time the app held the call's clock meanwhile, reaches its length. A fetch guarded by
 * `AbortSignal.timeout(1000)` to a backend taking 1.9 s of real time is aborted after 1 s of it,
 * at virtual +1 s, as in production (audit-115: it got the answer, and with a 3.5 s hold before,
 * counted 5.4 s against EnableX's 5 s); so is a request's 1 s timeout against a 3 s backend.
 * InProcessAppClock.quiet then ends the hold, and the call's time moves to its timer.
 */
export interface WaitBound {
  readonly ms: number
  /** The virtual time (the fake clock's) and the held time it counts from. */
  at: number
  held: number
}

/** The bounds not yet over (emptied with the call's clock: fake-timers-install.ts). */
const bounds = new Set<WaitBound>()

/** A bound of `ms` starts at the virtual instant `virtualNow`. */
export function startBound(ms: number, virtualNow: number): WaitBound {
  const bound = { ms, at: virtualNow, held }
  bounds.add(bound)
  return bound
}

/** It starts over from `virtualNow` (a socket's idle timeout, after a read). */
export function restartBound(bound: WaitBound, virtualNow: number): void {
  bound.at = virtualNow
  bound.held = held
}

/** It is over (fired, cleared, or its socket closed). */
export function endBound(bound: WaitBound | undefined): void {
  if (bound) bounds.delete(bound)
}

export function clearBounds(): void {
  bounds.clear()
}

/** Whether a bound's time is up at the virtual instant `virtualNow` (see WaitBound). */
export function boundsOverdue(virtualNow: number): boolean {
  for (const bound of bounds) if (virtualNow - bound.at + held - bound.held >= bound.ms) return true
  return false
}
