/**
 * Real ms the process's calls have held their clocks for the app so far: their waits on its real
 * I/O and its own CPU work (InProcessAppClock adds them as it counts its lead), and nothing of
 * callspec's own work. With the virtual time moved meanwhile, it is the time production's clock
 * moved: what an `AbortSignal.timeout()` of the app's runs down while real I/O holds the call's
 * clock (fake-timers-install.ts abortSignalsOverdue).
 */
let held = 0

export const heldMs = (): number => held

export function addHeld(ms: number): void {
  held += ms
}
