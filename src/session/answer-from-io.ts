import { APP_WORK_MS, type InProcessAppClock, type IoMark } from '../clock/in-process-app-clock.js'
import { realNow } from '../clock/real-timers.js'

/**
 * Whether the answer to a webhook that just came was brought by the app's real I/O rather than by
 * the timer of its that fired last in the wait (timer-notes.ts gives the answer to that timer).
 * While the app awaits a lookup in another process, its other timers fire as the real time held
 * runs them down (a heartbeat ticking while a transfer or a CRM lookup is pending); the answer
 * then comes when the lookup does. Measured (helper-178): a 300 ms heartbeat beside a 1 s lookup
 * printed `app timer 300 ms interval → its answer to ANSWERED`, naming a tick that sent nothing as
 * the greeting's cause.
 *
 * So: the timer fired with real I/O in flight (`io`), the answer came more than APP_WORK_MS of real
 * time after it (a guard raced against the lookup answers in the turns right after it fires), and
 * some of that I/O ended meanwhile. A guard whose fallback makes a request of its own before it
 * answers keeps the answer while the lookup it beat is still in flight. A tick that falls within
 * APP_WORK_MS of the lookup's end (real time, on a loaded machine too) still reads as the answer:
 * the race is run in real time, and a bound any shorter took a guard's prompt answer for I/O's.
 */
export function answerFromIo(clock: InProcessAppClock, io: IoMark, firedAt: number): boolean {
  return realNow() - firedAt > APP_WORK_MS && clock.ioEndedSince(io)
}
