import type { AppClock, AppTimerFired } from './app-clock.js'
import { ThrewUndefined } from '../utils/error-head.js'
import { acquireFakeClock, isAbortSignalTimer, mockTimerOf, mockTimersPending, onAppTimerSet, fireFirst, releaseFakeClock, serverRequestsAnsweredLater, spinningChain, watchMockHandlers, type FakeClock, type FakeTimer, type Installation } from './fake-timers-install.js'
import { messagesPosted, watchPostedMessages } from './posted-messages.js'
import { offspringBusy, offspringLingering, offspringMark, offspringStillAtWork } from './offspring.js'
import { appIoInFlight, callStarted, ioWithAnotherProcess, onReply, realImmediatesQueued, sampleSockets, socketBytes, socketsAtRest, serverHereBusy, takeSocketNotes, watchServerRequests } from './app-io.js'
import { rejectionsReported } from '../transport/rejections-reported.js'
import { nextTurn, RealDate, realNow, realSleep, realTimers } from './real-timers.js'
import { routeTimerModules } from './timer-modules.js'
import { watchRequestTimeouts } from './request-timeouts.js'
import { formatDelay, spanOf } from '../utils/span.js'
import { APP_WORK_MS, firstInProductionOrder, paceStep, ProductionLead } from './production-lead.js'
import { cpuSpentAtMost, sampleCpu } from './cpu-spent.js'
import { hostWaitAtLeast, sampleHostWait } from './host-wait.js'

/**
 * Real ms a turn of the app's must take off the CPU to count as its own wait, not the host's: a
 * synchronous call that blocks the thread (`execSync`, `Atomics.wait`, a `readFileSync` on slow
 * storage) spends no CPU time, yet production's platform waits for it as it waits for the app's
 * work. Measured: a loaded machine (load average ~14 on two cores) kept a turn off the CPU for
 * 54-81 ms; a blocking call the deadline should see is longer (a 1.5 s `execSync` after a 4 s
 * backoff misses EnableX's 5 s).
 */
const BLOCKED_MS = 300

/** Node's names for a descriptor's close in flight (process.getActiveResourcesInfo()): see #ioSince. */
const CLOSES = new Set(['CloseReq', 'FileHandleCloseReq'])

/** A stretch of the app's own shorter than this (real ms) is counted whole: the host's wait in it is not read (host-wait.ts). */
const HOST_WAIT_FROM_MS = 5

/** What the app is doing outside its timers: its outgoing HTTP requests (see api/interception.ts). */
export interface AppTraffic {
  /** Requests the process sent that have no answer yet. */
  readonly inFlight: number
  /** Bumped on every request sent and every answer received. */
  readonly activity: number
  /** Resolves when no request is in flight, or at the real-time `deadline` (performance.now()). */
  drained(deadline: number): Promise<void>
  /** What happened to the app's requests since last asked (one it stopped waiting for), as transcript notes. */
  takeNotes?(): readonly string[]
  /** The requests in flight are answered on the call's clock: they stop holding time (see quiet). */
  park?(): void
  /** …until time has moved for them: then they are looked at again. */
  unpark?(): void
  /** The requests in flight: a mock library's handler that runs while one is, or after one was, is the test's (see start()). */
  requests?(): Iterable<unknown>
  /** A request to a host callspec stopped waiting for is still in flight (see InProcessAppClock.pacedByLingeringIo). */
  readonly lingering?: boolean
  /** The requests in flight, one line each (`GET http://…/crm: no answer after 4.0 s`), for a failure message. */
  describeInFlight?(): string[]
  /** When a request requests() listed ended (real ms); undefined while in flight. */
  endedAt?(request: object): number | undefined
  /** Whether a request requests() lists is parked (park): answered in this process, on the call's clock. */
  parked?(request: object): boolean
}

/** What InProcessAppClock.ioMark saw of the app's real I/O. */
export interface IoMark {
  readonly requests: ReadonlySet<unknown>
}

// Kept with ProductionLead: the agent in the app's process reads it too.
export { APP_WORK_MS } from './production-lead.js'

/**
 * Real event-loop turns with nothing new before the app counts as quiet: promise chains between an
 * answer and the next request. Two are enough when nothing moved and nothing is queued for the
 * next turn: see quiet().
 */
const CALM_TURNS = 3

/**
 * Real ms the event loop may go without a turn while calls end quiet with none (#atRest): then a
 * quiet wait takes its turns again. A test calling in a loop, every call ending at rest, would
 * otherwise never let the event loop run: no real timer (the runner's own timeout), no I/O and no
 * immediate of anyone's until the loop is over. Every 10 ms costs a few µs a call.
 */
const BREATHE_MS = 10

/** When the event loop was last found not to have turned since (a real immediate queued then has not run); undefined once it has. */
let starvingSince: number | undefined

/**
 * True when the event loop has not turned for BREATHE_MS. Queues an unref'ed real immediate when
 * none is pending, whose run says it did (unref'ed: Node does not list it, so realImmediatesQueued
 * does not see it, and it holds nothing open).
 */
function starving(): boolean {
  const now = realNow()
  if (starvingSince === undefined) {
    starvingSince = now
    realTimers.setImmediate(() => (starvingSince = undefined)).unref()
    return false
  }
  return now - starvingSince > BREATHE_MS
}

/**
 * Real ms a request in flight must look answered in this process, on the call's clock (see
 * #answeredOnThisClock), before it stops holding time; and how often it is looked at meanwhile.
 */
const PARK_AFTER_MS = 20
const PARK_LOOK_MS = 2

/**
 * The app in this process: its timers and `Date` are faked with @sinonjs/fake-timers for the
 * call (see fake-timers-install.ts), so they run on the call's virtual clock. `fire(at)` moves the
 * app's time to `at`, firing its due timers one at a time, each followed by `quiet()`: whatever
 * the app does when a timer fires (a REST request) happens at that virtual instant, before
 * anything later.
 */
export class InProcessAppClock implements AppClock {
  readonly kind = 'in-process' as const
  #installation: Installation | undefined
  /** The fake clock's time at virtual 0 of this call. */
  #base = 0
  #error: unknown
  /** Where this call's count of the app's child processes and workers starts (app-io.ts offspringMark). */
  #offspringFrom = 0
  /** Messages posted (posted-messages.ts) when a wait last looked: one posted since is still on its way. */
  #postsSeen = 0

  constructor(
    private readonly traffic: AppTraffic | undefined,
    /** Real ms quiet() may wait for the app (limits.appTimeoutMs). */
    private readonly boundMs: number,
    /** The real instant (performance.now()) no wait may pass: the test runner's timeout is near (resolve-limits.ts runnerDeadline). */
    private readonly hardDeadline: () => number | undefined = () => undefined,
  ) {}

  /** How the test's own clock was moved to the call's `startAt` (startMovedNote), for the transcript's first line (run-flow.ts). */
  startNote: string | undefined

  /** The test's own `vi.useFakeTimers()` clock is driven, not callspec's. */
  get adopted(): boolean {
    return this.#installation?.owned === false
  }

  async start(epochMs: number): Promise<void> {
    const routing = routeTimerModules()
    if (routing) await routing
    this.#installation = await acquireFakeClock(epochMs, { boundMs: this.boundMs, deadline: this.hardDeadline() })
    this.#base = this.#installation.clock.now
    this.startNote = startMovedNote(this.#installation.startMoved)
    this.#offspringFrom = offspringMark()
    watchPostedMessages()
    watchRequestTimeouts()
    callStarted()
    this.#postsSeen = messagesPosted()
    // Timers the test's mocks set are told from the app's (fake-timers-install.ts MockSetter):
    // a stub server's by the request it starts on, a mock library's handler from the app's first
    // request of the call on. Not only while one is in flight: a handler runs on after the request
    // it answers is over (the app's guard aborted it while the handler awaited something before
    // its pause), and its pause was then the app's timer. Whether the abort came first depended
    // on real time (a request parks after PARK_AFTER_MS): under load, 1 run in ~40 of
    // mock-timers-not-the-apps.test.ts listed a nock reply's 3 s pause as the app's.
    watchServerRequests()
    this.#serverLaterFrom = serverRequestsAnsweredLater()
    const traffic = this.traffic
    const requests = traffic?.requests?.bind(traffic)
    const activityFrom = traffic?.activity
    watchMockHandlers(requests && (() => traffic!.activity !== activityFrom || anyOf(requests())))
  }

  next(): number | undefined {
    const first = this.#first()
    if (!first) return undefined
    return Math.max(first.callAt, this.#clock.now) - this.#base
  }

  fire(at: number, stop?: () => boolean): Promise<AppTimerFired[]> | AppTimerFired[] {
    const until = this.#base + at
    const first = this.#first()
    if (first && first.callAt <= until) return this.#fireDue(until, stop)
    // Nothing due by then (the usual case): only the app's Date moves, with no wait.
    if (this.#clock.now < until) this.#run(() => this.#clock.tick(until - this.#clock.now))
    return []
  }

  async #fireDue(until: number, stop: (() => boolean) | undefined): Promise<AppTimerFired[]> {
    const fired: AppTimerFired[] = []
    // Timers due at the same instant that quiet() runs (#runDueNow) fired here too: without them,
    // a 10 ms poll due with the 1.5 s timer that freed it was missing from the transcript.
    this.#firing = fired
    try {
      for (let timer = this.#first(); timer && timer.callAt <= until; timer = this.#first()) {
        fired.push(this.#record(timer))
        this.#fireFirst()
        // Not past the answer the caller waits for: a fire-and-forget request of the app's still in
        // flight held it back, and the real time held counted in its lead (audit-115: a 1 s pause
        // answered at 1 s, read as 5 s while a chain of lookups ran on).
        await this.quiet(stop)
      }
    } finally {
      this.#firing = undefined
    }
    if (this.#clock.now < until) this.#run(() => this.#clock.tick(until - this.#clock.now))
    return fired
  }

  /** What fire() is returning, while it fires: what else runs meanwhile is added to it. */
  #firing: AppTimerFired[] | undefined

  #record(timer: FakeTimer): AppTimerFired {
    const fired: AppTimerFired = { at: Math.max(timer.callAt, this.#clock.now) - this.#base, delayMs: timer.interval ?? timer.delay ?? 0, kind: kindOf(timer) }
    const mock = mockTimerOf(timer.id)
    if (mock !== undefined) fired.mock = mock
    return fired
  }

  async quiet(stop?: () => boolean): Promise<void> {
    // Bounded, and never past the runner's timeout: the step that waits next fails in callspec's words.
    const deadline = Math.min(realNow() + this.boundMs, this.hardDeadline() ?? Number.POSITIVE_INFINITY)
    this.#heldInWait = 0
    let calm = 0
    // A request parked before the clock last moved may have its answer on the way now (the mock's
    // pause is over and the library plays the answer back on real timers): it holds time again
    // until it looks parked again (measured: a nock reply after a 300 ms pause lost to a 1 s guard
    // in a busy worker, its answer still in nock's hands when the guard's timer fired).
    this.traffic?.unpark?.()
    const postsBefore = this.#postsSeen
    // The app's promise chains run out in there, as in a turn below: counted (see #fireFirst),
    // whichever way it returns. When it returned at once (the event loop starving), they ran
    // uncounted: a CPU-bound step after a timer could pass the deadline it misses (a suspect, not
    // reproduced, for the audit-104 test passing once on a loaded machine).
    const restStarted = this.#workStarts()
    const atRest = await this.#atRest(stop)
    this.#countAppWork(restStarted)
    if (atRest) return
    // Past the usual end above: a hold by I/O with another process this wait saw ends with it (#holdByAnother).
    try {
      /** Real ms since the requests in flight first looked answered on this clock (reset when they do not). */
      let parkedSince: number | undefined
      /** The real instant the last look at real I/O in flight ended, when the loop went straight on to another (see #heldLook). */
      let heldUntil: number | undefined
      /** Where the last turn counted while a request past the patience is in flight ended (see below), while the turns go on with it. */
      let lingered: PacedMark | undefined
      // The platform's next event ends a hold once due in production, unless the app owes an answer (#platformDue).
      const platformDue = () => stop === undefined && this.#platformDue()
      while (calm < CALM_TURNS && realNow() < deadline && !stop?.()) {
        const before = this.#activity()
        // setImmediate and 0 ms timers the app queued belong to the instant it is at.
        this.#runDueNow()
        if ((this.traffic?.inFlight ?? 0) > 0) {
          // A timer of the app's fell due in production while real I/O held time: time moves for it
          // (below), the requests in flight parked (they hold time again once the clock has moved).
          const overdue = this.#timersOverdue() || platformDue()
          if (!overdue && !this.#answeredOnThisClock()) {
            parkedSince = undefined
            // The sockets carrying those requests start their patience with them: first looked at
            // once the requests had stopped holding time, a reused keep-alive connection held the
            // call for its own 2 s after theirs (measured: 4 s for one request that never answered).
            sampleSockets()
            heldUntil = await this.#heldLook(Promise.race([this.traffic!.drained(deadline), realSleep(PARK_LOOK_MS)]), heldUntil)
            calm = 0
            continue
          }
          heldUntil = undefined
          // Nothing outside this process can answer it, and the app's clock has a timer: what answers
          // is waiting for time to move (a test's stub server or mock awaiting a timer), as time was
          // waiting for it, until the 2 s patience for an unanswered request ran out (audit-85:
          // 2 s of real time a mocked request, the way docs/time.md tests an app's timeout path).
          parkedSince ??= realNow()
          if (!overdue && realNow() - parkedSince < PARK_AFTER_MS) {
            await Promise.race([this.traffic!.drained(deadline), realSleep(PARK_LOOK_MS)])
            calm = 0
            continue
          }
          this.traffic!.park?.()
          parkedSince = undefined
        }
        // The app's promise chains run in this turn: one that took longer than APP_WORK_MS is its work (see #fireFirst).
        const turnStarted = this.#workStarts()
        // Read only before what may be the second calm turn, the one judged by it (handles are walked).
        const bytesBefore = calm === 1 ? socketBytes() : -1
        // Between looks at real I/O in flight, the turns' real time is the wait's too (#heldLook).
        if (heldUntil !== undefined) {
          heldUntil = await this.#heldLook(nextTurn(), heldUntil)
          lingered = undefined
        } else if (this.lingeringIo) {
          // A request past the patience is in flight, which the answer may await: the turns' real time
          // (and what ran between them) passes in it, as between the looks that pace the call with it
          // (pacedLook). Counted only as the app's work, a quiet wait that started as the heartbeat
          // beside a 5.6 s lookup fired lost 1.0 s of it under load, and the answer came within
          // EnableX's 5 s, where production answers at 5.6 s.
          lingered ??= { at: turnStarted, lead: this.#lead.added }
          await nextTurn()
          this.pacedUntilNow(lingered)
          lingered = this.pacedMark()
        } else {
          lingered = undefined
          await nextTurn()
          this.#countAppWork(turnStarted)
        }
        calm = this.#activity() === before && !this.#dueNow() ? calm + 1 : 0
        // Something happened (the I/O may be over): the turns after it count as the app's work only.
        if (calm === 0) heldUntil = undefined
        // Two calm turns, the second with no byte moved by any socket of this process and no real
        // immediate queued after it, leave nothing for a third to run but I/O in flight, checked just
        // below. Two, as a turn is an immediate: one queued as a socket's read ran (a webhook over
        // loopback handled, its answer written) runs in that same pass of the event loop, before the
        // answer is polled for; the second turn's pass polls first. A real immediate still queued (a
        // library's own setImmediate, kept from before the call's clock, hopping on) or bytes on the
        // move between sockets of this process (an app's request to a test's stub server) get their
        // turns, up to CALM_TURNS calm ones in a row.
        // A message the app posted in this wait (posted-messages.ts) gets all three: a reply from a
        // service in the process takes two turns, the first message of a process three (measured).
        if (calm < 2 || (calm < CALM_TURNS && (bytesBefore < 0 || socketBytes() !== bytesBefore || realImmediatesQueued() || messagesPosted() !== postsBefore))) continue
        // Quiet by every hook callspec has; real I/O it has none on (a file read, a database
        // query) still holds time, checked once per would-be end of the wait (see app-io.ts).
        // A timer due in production meanwhile ends the wait as above: time moves for it.
        if ((!appIoInFlight() && !offspringBusy(this.#offspringFrom)) || this.#timersOverdue() || platformDue()) return
        calm = 0
        heldUntil = await this.#heldLook(realSleep(1), heldUntil)
      }
    } finally {
      this.#holdByAnother(undefined)
    }
  }

  /**
   * A timer of the app's fell due in production while real I/O held the call's time: its due time
   * there, its virtual time plus the lead it was set at (production-lead.ts), passed as the lead grew with the
   * real time held. Production's clock ran on through the wait and fired it then: a 1 s guard raced
   * against a 1.9 s lookup in another process won at 1 s, where the call's clock fired it only once
   * the lookup was over (audit-115 finding 1: 5.4 s counted against EnableX's 5 s where production
   * answers at 4.5 s; a fire-and-forget chain of lookups held ANSWERED's 1 s pause past the 4 s
   * the platform waits, "the app never answered" where production played at 1 s).
   */
  #timersOverdue(): boolean {
    const clock = this.#installation?.clock
    if (!clock || !this.#lead.running) return false
    const first = this.#first()
    return first !== undefined && this.#lead.overdue(first, timersOf(clock), clock.now)
  }

  /**
   * The platform's next event (virtual ms of the call), when the session has one pending: while
   * time waits for the app's real I/O before it moves, that event falls due in production too.
   */
  #platformNext: (() => number | undefined) | undefined

  /**
   * The app's real I/O as a timer of its fires while a webhook waits (CallSession tells by it
   * whether the answer that came after was that I/O's, not the timer's: a heartbeat beside a
   * lookup): the requests in flight then, or none listed for I/O callspec sees only as busy
   * sockets or a helper at work. Undefined: nothing was pending but timers, and requests parked.
   */
  ioMark(): IoMark | undefined {
    const traffic = this.traffic
    const requests = new Set<unknown>()
    // Not those parked (answered in this process, on the call's clock: a mock's pause, a stub
    // server's latency): nothing but the call's clock moving ends one, so one that ended after this
    // timer fired was ended by it (its mock's answer, its guard's abort), however long the real
    // turns in between took. Judged by their real end like the rest, under load (three busy loops
    // on two cores) a stub's answer 300 ms in, on a mock timer, ended 56-79 ms after the timer
    // fired, and the line read "mock timer 300 ms → nothing sent to the platform"; a nock reply a
    // 1 s guard aborted read the same of the guard.
    for (const request of traffic?.requests?.() ?? []) if (traffic?.parked?.(request as object) !== true) requests.add(request)
    return requests.size > 0 || !this.pendingOnlyTimers() ? { requests } : undefined
  }

  /**
   * Some of the requests `mark` saw in flight ended more than APP_WORK_MS of real time after `from`
   * (a timer's firing began then): answered from outside, not aborted by that timer's guard in the
   * turns right after it fired, however loaded the machine. With none listed (I/O callspec cannot
   * follow one piece at a time: a socket of the app's, a child process), the real time since
   * `after` (the firing was over then) tells instead.
   *
   * CallSession asks it as an answer comes: was it brought by the app's real I/O rather than by the
   * timer that fired last in the wait (timer-notes.ts gives the answer to that timer)? While the
   * app awaits a lookup in another process, its other timers fire as the real time held runs them
   * down; the answer comes when the lookup does. Measured (helper-178): a 300 ms heartbeat beside
   * a 1 s lookup printed `app timer 300 ms interval → its answer to ANSWERED`, naming a tick that
   * sent nothing as the greeting's cause. A tick within APP_WORK_MS of the lookup's end still reads
   * as the answer: the race is run in real time.
   */
  ioEndedSince(mark: IoMark, from: number, after: number): boolean {
    if (mark.requests.size === 0) return realNow() - after > APP_WORK_MS
    for (const request of mark.requests) {
      const ended = this.traffic?.endedAt?.(request as object)
      if (ended !== undefined && ended - from > APP_WORK_MS) return true
    }
    return false
  }

  /** The app's requests still in flight, one line each, for a failure message (Traffic.describeInFlight). */
  requestsInFlight(): string[] {
    return this.traffic?.describeInFlight?.() ?? []
  }

  /**
   * Nothing of the app's is pending that callspec can see: no timer, no request in flight, no real
   * I/O or immediate, no helper process at work, no server of this process mid-answer. A webhook's
   * wait that ran out so was waiting on nothing the app had started (call-session.ts says so).
   */
  pendingNothing(): boolean {
    // A request callspec stopped waiting for (no answer for 2 s) holds no time, but is still pending:
    // a hint that nothing was, beside the list of it in flight, contradicted itself (audit h154 G9).
    return !this.hasTimers && this.pendingOnlyTimers() && !serverHereBusy() && this.offspringAtWork().length === 0 && this.requestsInFlight().length === 0
  }

  /** The app's children and workers callspec stopped waiting for, still at work, one line each, for a failure message (offspringStillAtWork). */
  offspringAtWork(): string[] {
    return offspringStillAtWork(this.#offspringFrom)
  }

  /**
   * Nothing of the app's is pending that callspec can see but its timers: what moves it next can
   * only be one of them, whenever it was set. A server of this process mid-answer is not asked:
   * the app's own is, answering the webhook that waits, and a stub's answer to the app is a request
   * of the app's in flight.
   */
  pendingOnlyTimers(): boolean {
    if ((this.traffic?.inFlight ?? 0) > 0) return false
    // All asked: appIoInFlight samples the sockets whatever the others say.
    const resources = process.getActiveResourcesInfo()
    const io = appIoInFlight(resources)
    return !io && !offspringBusy(this.#offspringFrom) && !realImmediatesQueued(resources)
  }

  /** The app acted (an answer, a request to the platform): what the platform schedules now starts from the call's time as it is (production-lead.ts). */
  appActed(): void {
    this.#lead.acted()
    this.#onActed?.(false)
  }

  /** Ends answerOrTimer's wait: the app acted while its answer was still to come (a REST request of EnableX's). */
  #onActed: ((answered: boolean) => void) | undefined

  /**
   * The platform's next event is due in production: the real time held since the app last acted
   * reached its distance from the call's time (production's clock ran on through the hold). Time
   * moves on to it, whatever the app still has in flight, which goes on in real time. Measured
   * (audit-116 finding 4): a 1.5 s write a 300 ms timer started during a 1.2 s prompt held PLAYED
   * back until it was over, so the app's answer to PLAYED found it done, where production sends
   * PLAYED 0.4 s into it. Not while the app owes an answer (quiet's `stop`): the platform waits for it.
   */
  #platformDue(): boolean {
    const at = this.#platformNext?.()
    const clock = this.#installation?.clock
    if (at === undefined || !clock) return false
    const ahead = at - (clock.now - this.#base)
    return ahead > 0 && this.#lead.sinceActed >= ahead
  }

  /**
   * The app's next timer comes before the platform's next event, at `platformAt` (virtual ms of
   * the call), in production, though after it on the call's clock: real I/O held the call's time
   * after the timer was set and before the app acted (production-lead.ts beforePlatform). The
   * platform's event then waits for it (CallSession.fireNext). The first timer, as for a hold; once
   * it fired, the next is looked at as the first (production-lead.ts platformFrom).
   */
  dueBeforePlatform(platformAt: number): boolean {
    const clock = this.#installation?.clock
    if (!clock || !this.#lead.ordersPlatform) return false
    const first = this.#first()
    return first !== undefined && this.#lead.beforePlatform(first, timersOf(clock), this.#base + platformAt)
  }

  /**
   * A request of the app's that callspec stopped waiting for is still in flight, or a child or
   * worker of its still at work past the same patience (pacedByLingeringIo). Measured (helper-178):
   * with only requests counted, a 1 s heartbeat (or a cron job's tick) beside a `sleep 2.5` child
   * fired as fast as it came once the child's 2 s were up, and Webex Connect's ANSWERED was answered
   * at virtual 60 s, "held back by its own timer", where production answers at about 2.7 s.
   */
  get lingeringIo(): boolean {
    return this.traffic?.lingering === true || offspringLingering(this.#offspringFrom)
  }

  /**
   * The app's next timer must wait for real time: a request of the app's that callspec stopped
   * waiting for (unanswered past the 2 s patience) is still in flight, and the timer is not yet due
   * in production (its virtual time plus the lead it was set at). While a webhook awaits its answer,
   * the app may be awaiting that very request: fired as fast as they came, its timers ran the call's
   * clock far past it (audit-116: an awaited 3 s lookup beside a 500 ms heartbeat answered EnableX's
   * incomingcall at virtual 10 s, "held back by its own timer", where production answers at 3 s).
   * The answer's wait, bounded in real time, paces them with the real time it holds instead.
   */
  pacedByLingeringIo(): boolean {
    return this.lingeringIo && this.hasTimers && !this.#dueNow() && !this.#timersOverdue()
  }

  /**
   * While paced (pacedByLingeringIo), after a wait: the call's time moves with the real time held,
   * as production's ran on, up to just before the app's next timer (which fires on its own, once
   * due); the app's Date with it. Returns the call's time (virtual ms) when it moved. Measured
   * (audit-117): paced by its timers alone, an EnableX app that awaited a 3.5 s lookup beside a
   * 1 s heartbeat played at the last heartbeat's instant and read 3000 ms from Date.now(), where
   * production reads 3500.
   */
  keepPace(platformAt?: number): number | undefined {
    const clock = this.#installation?.clock
    if (!clock) return undefined
    // Short of the platform's next event too, when given (#catchUp): it goes out at its own instant.
    const step = paceStep(this.#lead.ms, clock.now, this.#first()?.callAt, platformAt === undefined ? undefined : this.#base + platformAt)
    if (step === 0) return undefined
    this.#lead.spend(step)
    this.#run(() => clock.tick(step))
    return clock.now - this.#base
  }

  /**
   * The app's promise chains ran from `started` (#workStarts): longer than APP_WORK_MS is its own
   * work, which the platform's deadline counts (see #fireFirst), once the thread spent that long on
   * the CPU in it (cpu-spent.ts): a turn the host kept the process off the CPU for is the host's.
   */
  #countAppWork(started: number): void {
    const now = realNow()
    const took = now - started
    if (took <= APP_WORK_MS) return
    if (cpuSpentAtMost(started, now) > APP_WORK_MS) return this.#lead.add(took)
    // Little work of the app's in it: a blocking call (execSync), or the host's slowness, which is
    // the time the thread waited for a CPU (host-wait.ts; a turn is this thread's own).
    const own = took - hostWaitAtLeast(started, now)
    if (own > BLOCKED_MS) this.#lead.add(own)
  }

  /**
   * Quiet with no turn of the event loop at all: once the app's promise chains and nextTick
   * callbacks have run out (rejectionsReported: Node drains both before it reports), nothing is due
   * on the call's clock, no request of the app's is in flight, no real immediate is queued, no I/O
   * callspec can see is in flight, no server of this process is answering, and every connection of
   * the process has both ends here with nothing unread (socketsAtRest), then no turn could bring the
   * app anything: its work is done. The usual end of a call to an app that talks to no one. A
   * real turn costs more than a webhook's whole exchange in memory (measured: ~22 µs for the turn
   * itself, and the exchange after it ~16 µs slower than one with no turn before it), and the end
   * of every call took two. Anything else takes the turns below, as before.
   */
  async #atRest(stop: (() => boolean) | undefined): Promise<boolean> {
    const busy = () => (this.traffic?.inFlight ?? 0) > 0 || this.#dueNow()
    if (busy() || starving()) return false
    // The app's promise chains run out here (counted by quiet()).
    await rejectionsReported()
    if (stop?.() || busy()) return false
    // Read once for both looks below: nothing between them runs anything that could change it.
    const resources = process.getActiveResourcesInfo()
    if (realImmediatesQueued(resources)) return false
    // A message the app posted (a port, a channel, a worker) is delivered on a later turn: the turns below give it one.
    const posts = messagesPosted()
    if (posts !== this.#postsSeen) {
      this.#postsSeen = posts
      return false
    }
    // All run, as in the turns' last look: the sockets are sampled whatever the others say.
    const io = appIoInFlight(resources)
    const offspring = offspringBusy(this.#offspringFrom)
    return !io && !offspring && !serverHereBusy() && socketsAtRest()
  }

  /**
   * The app's requests in flight can only be answered in this process, on the call's clock, by a
   * mock library's handler (nock's reply function, msw's resolver) awaiting a timer of the app's
   * clock: the app has a timer to fire, no connection of its awaits a reply from elsewhere, no other
   * real I/O is in flight, no mock library has a real delay pending (nock's `.delay()`, msw's
   * `delay()`: a mocked service's latency in real time), and no server of this process is working
   * on a request (a test's stub server may answer from a real timer callspec cannot see: its
   * request keeps holding time, up to the 2 s patience).
   */
  #answeredOnThisClock(): boolean {
    if (!this.hasTimers) return false
    // Both run: the sockets are sampled whatever the other says.
    const io = appIoInFlight() || offspringBusy(this.#offspringFrom)
    return !mockTimersPending() && !io && !serverHereBusy()
  }

  /**
   * A webhook goes out: the app's connections are sampled before it acts (see app-io.ts), and its
   * answer's lead starts (leadMs). `platformNext`: when the platform's next event is due (#platformDue).
   */
  webhookSent(platformNext?: () => number | undefined): void {
    this.#platformNext = platformNext
    this.#caughtUpMs = 0
    this.#holdByAnother(undefined)
    sampleSockets()
    this.#lead.reset(timersOf(this.#installation?.clock))
  }

  /** The ids of the app's pending timers. */
  timerIds(): Set<number> {
    return new Set(timersOf(this.#installation?.clock).map((t) => t.id))
  }

  /** The id of the app's next timer (the one `next()` times), if any. */
  nextTimerId(): number | undefined {
    return this.#first()?.id
  }

  /**
   * Who of the test's mocks set the next timer (the one `next()` times), as a failure names it
   * (`a nock reply`): a mocked latency on the call's clock, not the app's. Undefined: the app's, or none.
   */
  nextTimerMock(): string | undefined {
    const first = this.#first()
    const mock = first && mockTimerOf(first.id)
    return mock === undefined ? undefined : MOCK_SETTERS[mock]
  }

  /**
   * The app's chain of immediates still going past SAME_INSTANT_HOPS, its next hop pending (an
   * endless `setImmediate` poller): where it sets its hops (`file:line:column`, '' when unknown).
   * Undefined when there is none.
   */
  spinningChain(): string | undefined {
    const clock = this.#installation?.clock
    return clock && spinningChain(clock)
  }

  /** The app has a timer pending (or due now): waiting on it means moving the clock. */
  get hasTimers(): boolean {
    return timerCount(this.#installation?.clock) > 0
  }

  /**
   * Resolves true when `answer` settles, false if the app sets a timer or acts (appActed) first. With no timer
   * pending, an answer can only be waiting on real I/O, or on a timer the app has yet to set:
   * until then there is nothing to fire, and no event-loop turns need spending to watch for it.
   */
  answerOrTimer(answer: Promise<unknown>): Promise<boolean> {
    // A wait on the app, as waitingOnApp's, without its promise and hop more: this runs every turn.
    const started = this.#workStarts()
    let over = false
    /** Up to where (real) the wait's time is counted in the lead already (catchingUp). */
    let countedTo = started
    // Whether the app's real I/O ran in the wait: until it has, the wait is this thread's own, and
    // the time it waited for a CPU is the host's (host-wait.ts).
    const activityFrom = this.traffic?.activity ?? 0
    let ioSeen = false
    const ownWork = () => !ioSeen && !(ioSeen = this.#ioSince(activityFrom))
    let look: ReturnType<typeof setTimeout> | undefined
    // The app awaiting real I/O before it answers (a CRM lookup in the handler) reads the call's
    // clock when it resumes: past APP_WORK_MS of it, the call's time keeps up with the real time
    // held (#catchUp), looked at every PARK_LOOK_MS. One unref'd real timer a wait, cleared as the
    // answer comes: an answer within APP_WORK_MS (the usual case) costs no look.
    const catchingUp = () => {
      if (over) return
      countedTo = this.#heldFrom(this.#countedSince(countedTo), ownWork)
      this.#catchUp(countedTo - started, countedTo)
      look = realTimers.setTimeout(catchingUp, PARK_LOOK_MS)
      look.unref()
    }
    look = realTimers.setTimeout(catchingUp, APP_WORK_MS)
    look.unref()
    return new Promise<boolean>((resolve) => {
      const end = (answered: boolean) => {
        if (over) return
        over = true
        realTimers.clearTimeout(look)
        forget()
        if (this.#onActed === end) this.#onActed = undefined
        const to = this.#heldFrom(this.#countedSince(countedTo), ownWork)
        // The I/O's last stretch, up to the answer: where the app answered in production.
        if (this.#heldCountedTo !== undefined) this.#catchUp(to - started, to)
        this.#holdByAnother(undefined)
        resolve(answered)
      }
      const forget = onAppTimerSet(() => end(false))
      // An app that acts while its answer is still to come (EnableX's accept inside the incomingcall
      // handler) may be waiting for what that brings: the caller's loop looks (CallSession.#eventBehindAnswer).
      this.#onActed = end
      answer.then(
        () => end(true),
        () => end(true),
      )
    })
  }

  /**
   * Real ms production's clock would be ahead of the call's, for the answer to the webhook last
   * sent: the real time callspec waited on the app (its answer with no timer of its to fire, its
   * real I/O before time could move: a request to another process, a file read, a child) and the
   * app's own work (see #fireFirst), less what the app's timers pending meanwhile ran down. What the
   * platform's answer deadline counts beside the virtual time the app's timers took
   * (CallSession.deliver), where the exchange's whole real time also held callspec's own work
   * moving the clock: measured 11-24 ms for a 4.99 s backoff and a sub-millisecond file read,
   * which then failed EnableX's documented 5 s (audit-93 #7). A request a mock answers on the
   * call's clock (parked) is not waited on here: in production its latency is the virtual time.
   *
   * Real time and a pending timer overlap in production: a 1.5 s request the app did not await
   * beside a 4 s timer answers at 4 s, not 5.5 s (audit-114 F3: it failed EnableX's 5 s). So each
   * timer keeps the lead it was set at (production-lead.ts): due at its virtual time plus that lead in
   * production, it fires at whichever is later, that or now (#fireFirst). A lookup awaited before
   * the timer is set still adds up (1 s, then 4.5 s: 5.5 s), as in production.
   */
  get leadMs(): number {
    return this.#lead.ms
  }

  /** Per webhook (webhookSent): each timer's lead is kept as it was first seen pending (#markPending). */
  readonly #lead = new ProductionLead<FakeTimer>()

  /** The app held the platform's time from `started` to now (real ms): its lead grows. Returns the real instant it counted up to. */
  #held(started: number): number {
    const now = realNow()
    this.#lead.add(now - started)
    return now
  }

  /**
   * As #held, less the time this thread waited for a CPU in it (host-wait.ts) when `ownWork()` says
   * nothing of the app's real I/O ran then and the thread did little work (up to APP_WORK_MS of
   * CPU): the stretch was the host's slowness, not the app's. Where the app did more, its real time
   * counts whole, as before: a loop timed by the wall clock runs that long in production too.
   * Asked only of a stretch long enough for the wait to matter: the usual answer, within a
   * millisecond, reads nothing more.
   */
  #heldFrom(from: number, ownWork: () => boolean): number {
    const now = realNow()
    const took = now - from
    const hostWait = took > HOST_WAIT_FROM_MS && ownWork() && cpuSpentAtMost(from, now) <= APP_WORK_MS ? hostWaitAtLeast(from, now) : 0
    this.#lead.add(took - hostWait)
    return now
  }

  /**
   * The app's real I/O ran since its requests' activity was `activityFrom`, or runs now: a request, a
   * socket's, a file's, a child's. A descriptor's close is none: no far side's time runs in it, and
   * one queued before a stretch that kept the thread busy (the test runner's own, at a file's first
   * test) is still listed at its end, its callback not yet run.
   */
  #ioSince(activityFrom: number): boolean {
    const traffic = this.traffic
    if (traffic && (traffic.activity !== activityFrom || traffic.inFlight > 0)) return true
    return appIoInFlight(process.getActiveResourcesInfo().filter((type) => !CLOSES.has(type))) || offspringBusy(this.#offspringFrom)
  }

  /** The timers pending now keep the lead as it is (called before it changes). */
  #markPending(): void {
    const clock = this.#installation?.clock
    if (clock && timerCount(clock) > 0) this.#lead.mark(timersOf(clock))
  }

  /** The real instant the app's work or a wait starts, the timers pending then marked with the lead before it (and the CPU time read, when stale: #countAppWork). */
  #workStarts(): number {
    this.#markPending()
    const now = realNow()
    sampleCpu(now)
    sampleHostWait(now)
    return now
  }

  /**
   * One look at real I/O in flight (a request to another process), its real time counted in leadMs,
   * from `from` when the look before it ended there: the real time between looks in a row (callspec's
   * own look, sampling the sockets, running the app's 0 ms timers) passed while the I/O was in
   * flight, as production's clock runs then. Counting only the looks themselves, a 300 ms guard
   * against a 1.9 s lookup fired after 310-341 ms of real time. Resolves with the real instant it ended.
   */
  async #heldLook(wait: Promise<unknown>, from: number | undefined): Promise<number> {
    const started = this.#workStarts()
    await wait
    const leadBefore = this.#lead.ms
    const countedTo = this.#held(this.#countedSince(from ?? started))
    this.#heldInWait += this.#lead.ms - leadBefore
    this.#catchUp(this.#heldInWait, countedTo)
    // Where the next look counts from: the catch-up's own real time (moving the clock, running what
    // that runs) passed while the I/O was in flight too. Counted from after it, the looks counted
    // ~90% of the real time held: a 1.5 s lookup in another process read 1,384-1,467 ms on the
    // app's Date.now(), for 1,553-1,580 ms of real time (5 runs).
    return countedTo
  }

  /** Real ms the current quiet wait has held the call on real I/O (#heldLook): what #catchUp's bound reads. */
  #heldInWait = 0

  /**
   * Told the call's time, virtual ms, when #catchUp moved it (the session's clock follows: run-flow.ts),
   * so that what the platform records next (the app's request, its answer) stands at that instant.
   */
  caughtUp: ((to: number) => void) | undefined

  /**
   * The app's real I/O has held the call `heldMs` of real time in this wait: past APP_WORK_MS, the
   * call's time moves on by what real time was held (the lead, less what a timer of the app's ran
   * down meanwhile), as production's clock ran on through the wait, so the app's Date.now() and
   * performance.now() read it when the I/O is over and its code resumes. Measured (audit-136 F07):
   * an app that timed a 1.5 s CRM lookup in another process read 0 ms and greeted "Hello Ann.",
   * where production reads ~1500 ms and apologises for the wait. Called after every look at the
   * I/O (2 ms apart), so the app resumes at most a look behind the real time held.
   *
   * Not up to 50 ms held (APP_WORK_MS, the host's jitter as the answer's deadline reads it), nor for
   * what this process answers (see the body): an app with fast I/O keeps the same transcript from
   * run to run. Never onto the app's next timer, nor the platform's next event: the hold ends for
   * those as before (#timersOverdue, #platformDue), and each fires at its own instant on the call's
   * clock (keepPace).
   */
  #catchUp(heldMs: number, countedTo: number): void {
    if (this.#heldCountedTo !== undefined) this.#heldCountedTo = countedTo
    if (heldMs <= APP_WORK_MS || this.#lead.ms < 1) return
    // Only for I/O with another process (a connection awaiting its reply, a file read, a DNS or UDP
    // lookup, a child or worker at work): the platform's fake API and a test's stub or mock answer
    // from this process, on the call's clock, and a loaded machine's slowness in reaching them is
    // the host's, not the app's. Measured: under load, a request to the loopback fake API held 200 ms
    // once in 20 runs, and the caught-up clock moved EnableX's bridging that far (determinism.test.ts).
    // So for a connect to such a server still pending (ioWithAnotherProcess): the host's slowness in
    // polling for its completion moved an outbound call's make-call request to 0.2 s.
    // Once more when it is over (#heldCountedTo set): its last stretch, up to the look that saw it
    // end, is held time too.
    const withAnother = ioWithAnotherProcess() || offspringBusy(this.#offspringFrom)
    if (!withAnother && this.#heldCountedTo === undefined) return
    this.#holdByAnother(withAnother ? countedTo : undefined)
    this.#moveWithLead()
  }

  /** The call's time moves by the lead (keepPace), short of the platform's next event, and the session's clock follows. */
  #moveWithLead(): void {
    const from = this.#installation?.clock.now
    const to = this.keepPace(this.#platformNext?.())
    if (to === undefined) return
    this.#caughtUpMs += this.#base + to - from!
    this.caughtUp?.(to)
  }

  /**
   * Real I/O with another process held the call at the last look in this wait (#catchUp): up to
   * where (real ms) the wait's held time is counted in the lead. The look that finds the I/O over
   * moves the call's time once more, for its last stretch; and a reply reaching the app's
   * connection meanwhile moves it there and then (#replyCame). Undefined: no such hold.
   */
  #heldCountedTo: number | undefined
  #stopReplyWatch: (() => void) | undefined

  #holdByAnother(countedTo: number | undefined): void {
    this.#heldCountedTo = countedTo
    if (countedTo !== undefined) this.#stopReplyWatch ??= onReply(this.#replyCame)
    else {
      this.#stopReplyWatch?.()
      this.#stopReplyWatch = undefined
    }
  }

  /** Where a look counts the wait's held time from: `from`, or past it what #replyCame counted already. */
  #countedSince(from: number): number {
    return this.#heldCountedTo === undefined ? from : Math.max(from, this.#heldCountedTo)
  }

  /**
   * A reply reached the app's connection while I/O with another process held the call (app-io.ts
   * onReply): the call's time moves to this instant now, before the app's code that reads the reply
   * runs, as production's clock stands there when it does. Left to the next look (every 2 ms, on a
   * timer), the app's code came first whenever the thread had been kept from running as the reply
   * came: the reply and the look were both due when it ran again, and Node reads sockets before its
   * next timers. Measured: an app whose query over its own connection to another process took
   * ~1,720 ms, the test process stopped 400 ms just before the answer, read 1,316 ms on Date.now().
   */
  readonly #replyCame = (): void => {
    const from = this.#heldCountedTo
    if (from === undefined) return
    const leadBefore = this.#lead.ms
    this.#heldCountedTo = this.#held(from)
    this.#heldInWait += this.#lead.ms - leadBefore
    this.#moveWithLead()
  }

  #caughtUpMs = 0

  /**
   * Virtual ms #catchUp moved the call's time on by since the last webhook went out: real time
   * held, not the app's timers' time, so the answer's deadline says it as real time (CallSession's
   * #judgeAnswerTime), as before the clock moved with it.
   */
  get caughtUpMs(): number {
    return this.#caughtUpMs
  }

  /**
   * One look while paced by a request past the patience (pacedByLingeringIo), its real time counted
   * in leadMs, then the call's time moved with it (keepPace). From `from` when the look before it
   * ended there and the wait went straight on to this one: the turns between (the quiet wait's, the
   * next timer's look) passed while the request ran on in real time, as production's clock ran.
   * Less what of them the lead counted already (the app's work in a turn). Counting only the looks
   * themselves, a 3.5 s lookup beside a 1 s heartbeat played at 2.9-3.2 s while a feed kept the
   * app's turns long (a loaded machine does the same), and a 5.6 s one answered EnableX's
   * incomingcall within its 5 s. Resolves with the call's time when it moved, and where the look ended.
   */
  async pacedLook(wait: Promise<unknown>, from: PacedMark | undefined): Promise<{ to: number | undefined; mark: PacedMark }> {
    const started = this.#workStarts()
    const counted = from === undefined ? 0 : this.#lead.added - from.lead
    try {
      await wait
    } finally {
      this.#lead.add(Math.max(0, realNow() - (from?.at ?? started) - counted))
    }
    // Marked before the clock moves: moving it (and what that runs) is real time the request held too.
    const mark = this.pacedMark()
    return { to: this.keepPace(), mark }
  }

  /**
   * Where a stretch paced by lingering I/O starts (pacedLook's `from`): now. Taken as the wait for
   * an answer first sees the request lingering, not at its first look: the quiet wait between (its
   * turns each under APP_WORK_MS, a feed keeping them busy) was lost, ~80 ms under load.
   */
  pacedMark(): PacedMark {
    return { at: realNow(), lead: this.#lead.added }
  }

  /**
   * A stretch paced by lingering I/O ends (the answer came, or the request did): its real time
   * since the last look (`from`), less what the lead counted of it already, counts in leadMs.
   * Dropped, the answer's deadline lost the quiet waits after the last look: the app's turns each
   * under APP_WORK_MS (a feed keeping them busy) while its lookup came back and it answered
   * (88 ms in a traced run under load; once ~0.6 s, and a 5.6 s lookup answered EnableX's
   * incomingcall at 5.0 s, its last 1 s heartbeat, within the 5 s where production answers at 5.6 s).
   */
  pacedUntilNow(from: PacedMark): void {
    this.#markPending()
    this.#lead.add(Math.max(0, realNow() - from.at - (this.#lead.added - from.lead)))
  }

  /** `wait`, its real time counted in leadMs. */
  async waitingOnApp<T>(wait: Promise<T>): Promise<T> {
    const started = this.#workStarts()
    try {
      return await wait
    } finally {
      this.#held(started)
    }
  }

  /** The call is over: the app's timers go back to real time, those still pending re-armed there with what they had left. */
  async stop(): Promise<void> {
    watchMockHandlers(undefined)
    // The session's clock is the call's: not held past it (this clock may outlive the call).
    this.caughtUp = undefined
    this.#holdByAnother(undefined)
    const installation = this.#installation
    this.#installation = undefined
    if (installation) releaseFakeClock(installation)
  }

  /** The app's timers still pending, as "30 s timeout" (for the end-of-call note); not those of the test's mocks (pendingMocks). */
  pending(): string[] {
    return timersOf(this.#installation?.clock)
      .filter((t) => mockTimerOf(t.id) === undefined)
      .map((t) => `${formatDelay(t.interval ?? t.delay ?? 0)} ${isAbortSignalTimer(t.id) ? 'AbortSignal.timeout' : kindOf(t)}`)
  }

  /**
   * A server of the test's process went on answering a request of the app's after its listener
   * returned, during this call (a stub that awaits something before its latency timer): what
   * pending() lists may be that server's timers too, which callspec cannot tell from the app's.
   */
  pendingMayBeMocks(): boolean {
    return serverRequestsAnsweredLater() > this.#serverLaterFrom
  }

  #serverLaterFrom = 0

  /** The timers of the test's mocks still pending on the call's clock, as "3 s timeout (msw handler)" (their own end-of-call note). */
  pendingMocks(): string[] {
    const out: string[] = []
    for (const t of timersOf(this.#installation?.clock)) {
      const mock = mockTimerOf(t.id)
      if (mock !== undefined) out.push(`${formatDelay(t.interval ?? t.delay ?? 0)} ${kindOf(t)} (${MOCK_NAMES[mock]})`)
    }
    return out
  }

  /** stop() re-arms them on the real timers (handed-back-timers.ts), where production would have them. */
  readonly pendingFate = 'handed back to real time (they run on, as in production, and may fire during a later test)'

  /** The traffic's notes (a request no longer waited for), for the transcript. */
  takeNotes(): readonly string[] {
    const requests = this.traffic?.takeNotes?.()
    const sockets = takeSocketNotes()
    // Asked after every webhook: nothing new allocated when neither has anything to say.
    return !requests || requests.length === 0 ? sockets : sockets.length === 0 ? requests : [...requests, ...sockets]
  }

  /** An exception thrown by an app timer's callback (the app would crash in production). */
  takeError(): unknown {
    const error = this.#error
    this.#error = undefined
    return error
  }

  get #clock() {
    return this.#installation!.clock
  }

  #first(): FakeTimer | undefined {
    const clock = this.#installation?.clock
    if (!clock) return undefined
    if (clock.timerHeap) return firstInProductionOrder(clock.timerHeap, this.#lead, () => timersOf(clock))
    // Older fake-timers (the copy vitest bundles) keep no heap: the earliest, then the oldest.
    let first: FakeTimer | undefined
    for (const t of timersOf(clock)) if (!first || t.callAt < first.callAt || (t.callAt === first.callAt && t.id < first.id)) first = t
    return first
  }

  #dueNow(): boolean {
    const first = this.#first()
    return first !== undefined && first.callAt <= this.#clock.now
  }

  /**
   * Fires the clock's first timer, at the later of its due time in production (its virtual time
   * plus the lead it was set at) and now: the real time the app held meanwhile ran it down
   * (leadMs). The app's own work in its callback is real time the platform waits too (a 1.5 s loop
   * after a 4 s backoff answers at 5.5 s in production): a firing that took longer than
   * APP_WORK_MS counts in the lead (audit-104). Shorter ones do not: fake-timers' own
   * bookkeeping, and a loaded machine's slowness, are no work of the app's.
   */
  #fireFirst(): void {
    const timer = this.#first()
    if (timer && this.#lead.ms > 0) this.#lead.firing(timer, timersOf(this.#clock), this.#clock.now)
    const started = this.#workStarts()
    this.#run(() => fireFirst(this.#clock, timer))
    this.#countAppWork(started)
    if (timer) this.#lead.fired(timer)
  }

  #runDueNow(): void {
    for (let i = 0; i < 1_000 && this.#dueNow(); i++) {
      if (this.#firing) this.#firing.push(this.#record(this.#first()!))
      this.#fireFirst()
    }
  }

  #activity(): number {
    return (this.traffic?.activity ?? 0) * 1_000_003 + timerCount(this.#installation?.clock)
  }

  #run(fn: () => unknown): void {
    try {
      fn()
    } catch (error) {
      // A timer that threw `undefined` threw all the same (helper-135: it was lost, the turn waited its whole bound).
      this.#error ??= error === undefined ? new ThrewUndefined() : error
    }
  }
}

/** Where a look while paced by lingering I/O ended (InProcessAppClock.pacedLook): the real instant, and the real ms the lead had counted by then (ProductionLead.added). */
export interface PacedMark {
  readonly at: number
  readonly lead: number
}

/**
 * What the transcript says of the test's own clock moved to `startAt` before the call: forward, the
 * timers due meanwhile fired (as vi.advanceTimersByTimeAsync would); back, it was set there (as
 * vi.setSystemTime does), where no production run goes.
 */
function startMovedNote(moved: Installation['startMoved']): string | undefined {
  if (!moved) return undefined
  const span = `from ${new RealDate(moved.from).toISOString()} to startAt (${new RealDate(moved.to).toISOString()})`
  if (moved.to > moved.from) {
    const fired = moved.fired === 0 ? 'no timer on it was due meanwhile' : `${moved.fired.toLocaleString('en-US')} timer${moved.fired === 1 ? '' : 's'} due meanwhile fired, in order`
    return `before the call, the test's fake clock moved forward ${spanOf(moved.to - moved.from)}, ${span}, as vi.advanceTimersByTimeAsync() would: ${fired}`
  }
  return `before the call, the test's fake clock was set back ${spanOf(moved.from - moved.to)}, ${span}, as vi.setSystemTime() does: no timer fired, and those pending keep the time they had left (time going back is no production run's)`
}

/** The clock's pending timers: a Map in @sinonjs/fake-timers 15, an object in older copies. */

function timersOf(clock: FakeClock | undefined): FakeTimer[] {
  const timers = clock?.timers as Map<number, FakeTimer> | Record<string, FakeTimer> | undefined
  if (!timers) return []
  return timers instanceof Map ? [...timers.values()] : Object.values(timers)
}

/** How many timers are pending, without copying them (checked every turn of every quiet wait). */
function timerCount(clock: FakeClock | undefined): number {
  const timers = clock?.timers as Map<number, FakeTimer> | Record<string, FakeTimer> | undefined
  if (!timers) return 0
  return timers instanceof Map ? timers.size : Object.keys(timers).length
}

/** How the end-of-call note names who of the test's mocks set a timer. */
const MOCK_NAMES: Readonly<Record<NonNullable<AppTimerFired['mock']>, string>> = { msw: 'msw handler', nock: 'nock reply', server: "server in the test's process" }

/** The same in a sentence ("… a nock reply set it"). */
export const mockSetterOf = (mock: NonNullable<AppTimerFired['mock']>): string => MOCK_SETTERS[mock]
const MOCK_SETTERS: Readonly<Record<NonNullable<AppTimerFired['mock']>, string>> = { msw: 'an msw handler', nock: 'a nock reply', server: "a server in the test's process" }

/** Whether `items` has any (the traffic's requests in flight are a Set: its first, without copying). */
function anyOf(items: Iterable<unknown>): boolean {
  for (const _ of items) return true
  return false
}

function kindOf(timer: FakeTimer): string {
  if (timer.type === 'Immediate') return 'immediate'
  return timer.interval !== undefined ? 'interval' : 'timeout'
}
