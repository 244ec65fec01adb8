/**
 * The app's side of time. An IVR app keeps timers of its own (a hang-up 10 s after a goodbye, a
 * retry pause, `Date.now()` in a greeting); on the real platform they race the platform's timers
 * in one wall clock. callspec runs both on the call's virtual clock: the platform's timers live in
 * `VirtualClock`, the app's behind this interface, and the run loop fires whichever is due first.
 *
 * Two implementations: the app in this process (its timers faked with @sinonjs/fake-timers), and
 * an app in another Node process under `node --import callspec/agent` (driven over a local
 * channel). Times are virtual ms since the call began, as in `VirtualClock`.
 */
export interface AppClock {
  /** Where the app's timers run: shown in transcripts and messages. */
  readonly kind: 'in-process' | 'agent'
  /** The call begins: the app's `Date` reads `epochMs + virtual now` from here on. */
  start(epochMs: number): Promise<void>
  /** Virtual ms of the app's next due timer, or undefined when it has none (at once when the clock is in this process). */
  next(): Promise<number | undefined> | number | undefined
  /**
   * Runs the app's timers due at or before `at`, in order (each followed by what the app then
   * does), moves the app's time (its `Date`) to `at`, and returns what fired (at once when
   * nothing was due). `stop`: what the caller waits for came (a webhook's answer): what the app
   * does after a timer is not waited out (see quiet).
   */
  fire(at: number, stop?: () => boolean): Promise<AppTimerFired[]> | AppTimerFired[]
  /**
   * Resolves once the app has nothing in flight that could still reach the platform (bounded),
   * or as soon as `stop()` returns true (the caller no longer needs the answer: what it raced
   * the quiet against came first).
   */
  quiet(stop?: () => boolean): Promise<void>
  /** The call is over: the app's timers go back to real time. */
  stop(): Promise<void>
  /**
   * Optional: whether the app's next timer (as the last next() gave it) is due in production by
   * the platform's next event at `platformAt`, though after it on the call's clock: the real time
   * the app's I/O held after it was set ran it down (production-lead.ts). The platform's event
   * then waits for it.
   */
  dueBeforePlatform?(platformAt: number): boolean
  /** Optional: the app's timers still pending ("30 s timeout"), noted in the transcript before stop(). */
  pending?(): string[]
  /**
   * Optional: timers on the call's clock that the test's mocks set (a mock library's handler, a
   * stub server answering the app's request), still pending ("3 s timeout (msw handler)"): noted
   * apart from the app's, before stop().
   */
  pendingMocks?(): string[]
  /** Optional: what pending() lists may also be timers of the test's mocks the clock could not tell from the app's. */
  pendingMayBeMocks?(): boolean
  /** Optional: what stop() does with the timers still pending, for that note (default: "dropped (…)"). */
  readonly pendingFate?: string
  /** Optional: an exception an app timer's callback threw since the last call; it fails the call. */
  takeError?(): unknown
  /** Optional: what the clock saw of the app since last asked (a request it stopped waiting for), as transcript notes; `final`: the call is over. */
  takeNotes?(final?: boolean): readonly string[]
  /** Optional: the clock is the test's own (`vi.useFakeTimers()`), left installed after the call. */
  readonly adopted?: boolean
}

/** An app timer that fired, for the transcript ("app timer 10 s → DELETE"). */
export interface AppTimerFired {
  /** Virtual ms at which it fired. */
  at: number
  /** The delay the app asked for, in ms. */
  delayMs: number
  /** 'timeout' | 'interval' | 'immediate' */
  kind: string
  /**
   * Set by the test's mock answering the app's request, not by the app (its latency on the call's
   * clock): an msw handler, a nock reply function, a server in the test's process. Printed as a
   * "mock timer".
   */
  mock?: 'msw' | 'nock' | 'server'
}
