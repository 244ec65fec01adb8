import type { AppTraffic } from '../clock/in-process-app-clock.js'
import { realTimers, realNow } from '../clock/real-timers.js'
import { REPLY_PATIENCE_MS } from '../clock/app-io.js'
import { inRealTimerWork } from '../clock/real-timer-work.js'

interface Request {
  /** `POST http://127.0.0.1:4100/track`, for the note. */
  readonly label: string
  readonly origin: string
  /** Real ms (performance.now) it was sent. */
  readonly since: number
}

/**
 * The app's outgoing requests in flight (interception.ts counts them): while one is, the app is
 * not quiet, and the call's clock holds (a lookup the next answer waits on must come first).
 *
 * A host that leaves a request unanswered for REPLY_PATIENCE_MS (as app-io.ts treats a socket that
 * gets no reply) stops holding time: its request, and any later one to it until it answers
 * something. Measured (audit H1): an EnableX app that fired and forgot an analytics POST on each
 * event, to a host that never answered, held every step to the wait's bound, 4 s each: the call
 * took 16 s of real time and the test hit the runner's timeout, though the app was right.
 */
export class Traffic implements AppTraffic {
  activity = 0
  readonly #inFlight = new Set<Request>()
  /** Requests answered in this process on the call's clock (park): they hold no time until they end. */
  readonly #parked = new Set<Request>()
  /** Origins that left a request unanswered past the patience, and have answered nothing since. */
  readonly #stalled = new Set<string>()
  /** What a stall is said as, for the call's transcript (takeNotes). */
  #notes: string[] = []
  /** Every note said since the last reset: each is said once. */
  readonly #noted = new Set<string>()
  #waiters = new Set<() => void>()
  /** Requests answered by the user's own mock of a vendor host (reported, never silently preferred). */
  readonly foreign: string[] = []

  /** A request is sent: returns the function that says it is over (answered, failed or aborted). */
  began(method: string, url: string): () => void {
    const request: Request = { label: `${method} ${url}`, origin: originOf(url), since: realNow() }
    if (inRealTimerWork()) this.#sayOnce(realTimerNote(request.label))
    this.#inFlight.add(request)
    this.activity++
    let over = false
    return () => {
      if (over) return
      over = true
      this.#endedAt.set(request, realNow())
      this.#inFlight.delete(request)
      this.#parked.delete(request)
      // It answered (or failed at last): the host holds time again.
      this.#stalled.delete(request.origin)
      this.activity++
      if (this.inFlight === 0) this.#wake()
    }
  }

  /** When each request ended (real ms), for a while after: whether a timer's firing ended it (InProcessAppClock.ioEndedSince). */
  readonly #endedAt = new WeakMap<object, number>()

  /** Whether `request` (one requests() listed) is parked: answered in this process, on the call's clock. */
  parked(request: object): boolean {
    return this.#parked.has(request as Request)
  }

  /** When `request` (one requests() listed) ended, in real ms; undefined while in flight. */
  endedAt(request: object): number | undefined {
    return this.#endedAt.get(request)
  }

  #sayOnce(note: string): void {
    if (this.#noted.has(note)) return
    this.#noted.add(note)
    this.#notes.push(note)
  }

  /** The requests in flight (a mock library's handler running while one is, is the test's: InProcessAppClock.start). */
  requests(): Iterable<Request> {
    return this.#inFlight
  }

  /** Requests in flight that hold the call's time: sent to a host that has not stalled, within the patience. */
  get inFlight(): number {
    const now = realNow()
    let holding = 0
    for (const request of this.#inFlight) {
      if (this.#stalled.has(request.origin) || this.#parked.has(request)) continue
      if (now - request.since > REPLY_PATIENCE_MS) {
        this.#stalled.add(request.origin)
        const note = `the app's request ${request.label} has had no answer for ${REPLY_PATIENCE_MS / 1000} s: callspec no longer waits for it (it holds no more of the call's time), nor for the host's next requests until it answers one`
        // Once a call: Node's fetch is counted twice (its wrapper, and undici's global dispatcher
        // beneath it), and the wrapper's count, still open as the other ends, stalled the host
        // again: the note came a second time, after the answer (audit-117).
        if (!this.#noted.has(note)) {
          this.#noted.add(note)
          this.#notes.push(note)
        }
        continue
      }
      holding++
    }
    return holding
  }

  /** Whether a request to a host callspec stopped waiting for is still in flight (it goes on in real time). */
  get lingering(): boolean {
    // Asked every turn of a quiet wait (InProcessAppClock.quiet): no iterator when no host stalled.
    if (this.#stalled.size === 0) return false
    for (const request of this.#inFlight) if (this.#stalled.has(request.origin)) return true
    return false
  }

  /**
   * The requests in flight now are answered in this process, by code on the call's clock (a test's
   * stub server, or a mock that awaits a timer of the app's clock): they hold no more time, which
   * must move for them to be answered (InProcessAppClock.quiet decides). Waiters are woken.
   */
  park(): void {
    for (const request of this.#inFlight) this.#parked.add(request)
    this.#wake()
  }

  /** Parked requests hold time again (quiet() looks at them afresh: the mock's answer may be on its way now). */
  unpark(): void {
    this.#parked.clear()
  }

  /** Forgets what is in flight, and wakes whoever waits on it. */
  reset(): void {
    this.#inFlight.clear()
    this.#parked.clear()
    this.#stalled.clear()
    this.#notes = []
    this.#noted.clear()
    this.#wake()
  }

  /** The requests in flight, oldest first, one line each: how long each has gone unanswered, and whether callspec stopped waiting for it. */
  describeInFlight(): string[] {
    const now = realNow()
    const lines = [...this.#inFlight].map((request) => {
      const given = this.#stalled.has(request.origin) ? ` (callspec stopped waiting for it after ${REPLY_PATIENCE_MS / 1000} s)` : ''
      return `${request.label}: no answer after ${((now - request.since) / 1000).toFixed(1)} s of real time${given}`
    })
    // Once each: Node's fetch is counted twice (its wrapper, and undici's global dispatcher beneath it).
    return [...new Set(lines)]
  }

  /** What happened to the app's requests since last asked, as notes for the call's transcript. */
  takeNotes(): readonly string[] {
    if (this.#notes.length === 0) return NO_NOTES
    const notes = this.#notes
    this.#notes = []
    return notes
  }

  /** Resolves when no request holds time, or at the real-time `deadline` (performance.now()). */
  drained(deadline: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve()
    // Woken when the oldest holding request runs out of patience, too: it stops holding then.
    let oldest = Number.POSITIVE_INFINITY
    for (const request of this.#inFlight) if (!this.#stalled.has(request.origin) && !this.#parked.has(request)) oldest = Math.min(oldest, request.since)
    const until = Math.min(deadline, oldest + REPLY_PATIENCE_MS + 1)
    return new Promise((resolve) => {
      const done = () => {
        realTimers.clearTimeout(timer)
        this.#waiters.delete(done)
        resolve()
      }
      const timer = realTimers.setTimeout(done, Math.max(0, until - realNow()))
      this.#waiters.add(done)
    })
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake()
  }
}

const NO_NOTES: readonly string[] = Object.freeze([])

const originOf = (url: string): string => {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

/**
 * What the transcript says of a request the app made from a timer on real time (real-timer-work.ts):
 * once per request line, at the call's time when it came.
 */
function realTimerNote(label: string): string {
  return (
    `the app's ${label} came from a timer of its on real time, not on the call's clock (one it set before this call, at load or between calls: ` +
    "a cache's sweeper such as node-cache's checkperiod, a cron or node-schedule job; or a setTimeout it kept from before the call): it came when real time reached it, " +
    "wherever the call's clock stood then, not at its own time as in production. Turn the test's fake clock on (vi.useFakeTimers()) before the app sets that timer " +
    '(build the app, its cache or its scheduler, in the test), and the call drives it'
  )
}
