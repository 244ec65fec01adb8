import type { InProcessAppClock, IoMark } from '../clock/in-process-app-clock.js'

/**
 * Whether the answer to a webhook that just came was brought by the app's real I/O rather than by
 * the timer of its that fired last in the wait (timer-notes.ts gives the answer to that timer).
 * While the app awaits a lookup in another process, its other timers fire as the real time held
 * runs them down (a heartbeat ticking while a transfer or a CRM lookup is pending); the answer
 * then comes when the lookup does. Measured (helper-178): a 300 ms heartbeat beside a 1 s lookup
 * printed `app timer 300 ms interval → its answer to ANSWERED`, naming a tick that sent nothing as
 * the greeting's cause.
 *
 * So: the timer fired with real I/O in flight (`io`), and some of that I/O ended more than
 * APP_WORK_MS of real time after its firing began: a guard raced against the lookup answers while
 * the lookup is still in flight, and one that aborts it (AbortSignal.timeout) ends it in the turns
 * right after it fires, however loaded the machine; a lookup that ends on its own comes later. For
 * I/O callspec cannot follow one piece at a time (a socket of the app's, a child process), the
 * answer must come over APP_WORK_MS after the firing was over (`firingDoneAt`, when it was). A
 * tick within APP_WORK_MS of the lookup's end still reads as the answer: the race is run in real
 * time.
 */
export function answerFromIo(clock: InProcessAppClock, io: IoMark, firedAt: number, firingDoneAt: number | undefined): boolean {
  return clock.ioEndedSince(io, firedAt, firingDoneAt ?? firedAt)
}
