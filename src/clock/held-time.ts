/**
 * Real ms the process's calls have held their clocks for the app so far: their waits on its real
 * I/O and its own CPU work (InProcessAppClock adds them as it counts its lead), and nothing of
 * callspec's own work. With the virtual time moved meanwhile, it is the time production's clock
 * moved: what an `AbortSignal.timeout()` of the app's runs down while real I/O holds the call's
 * clock (fake-timers-install.ts abortSignalsOverdue). Counted as a union of spans: two calls at
 * once (`describe.concurrent`) holding through the same 300 ms add 300 ms, not 600.
 */
let held = 0
/** Where the last span counted ended (real ms). */
let countedUntil = 0

export const heldMs = (): number => held

/** The app held a call's time from `started` to `ended` (real ms, performance.now()). */
export function addHeld(started: number, ended: number): void {
  const from = Math.max(started, countedUntil)
  if (ended > from) held += ended - from
  if (ended > countedUntil) countedUntil = ended
}
