import type { SimpleFaker } from '@faker-js/faker'
import type { AgentHandle } from '../agent/start-agent.js'
import type { HeldResult } from '../agent/protocol.js'
import type { AppClock, AppTimerFired } from '../clock/app-clock.js'
import { gcPausedMs } from '../clock/gc-pauses.js'
import { APP_WORK_MS, InProcessAppClock, mockSetterOf, type IoMark, type PacedMark } from '../clock/in-process-app-clock.js'
import { productionReached } from '../clock/production-lead.js'
import { SAME_INSTANT_HOPS, testClockTimers } from '../clock/fake-timers-install.js'
import { realNow, realSleep, realTimers } from '../clock/real-timers.js'
import { markWaitTimeout } from '../errors/wait-timeout.js'
import { describeStrays, failedElsewhereSince, refusedInCallspecsAnswers, refusedSince, seenMark, unfinishedSince } from '../api/stray-requests.js'
import { VirtualClock, type Timer } from '../clock/virtual-clock.js'
import type { CallContext, Delivery, KeyDue, Limits } from '../driver/types.js'
import type { TriggerAnswer, TriggerRecord } from '../driver/trigger-record.js'
import { AppResponseError, LateAnswerError } from '../errors/app-response-error.js'
import { CallspecError } from '../errors/callspec-error.js'
import { carryUnreachable } from '../errors/unreachable.js'
import type { Exchange, Transport } from '../transport/types.js'
import { formatDelay, formatPast, spanOf } from '../utils/span.js'
import { thrownAt } from '../utils/own-files.js'
import { repeatedWarningHint } from './warning-groups.js'
import { whenAborted } from '../utils/when-aborted.js'
import { describeExchange, saidByErrorAnswer } from '../validation/read-response.js'
import { ruleCitation, type RuleBook } from '../validation/rules.js'
import { ruleFailure, vendorOf } from '../validation/inferred-lead.js'
import type { ValidationIssue } from '../validation/types.js'
import { intOf, releaseRandom, seededRandom, uuidOf } from '../utils/random.js'
import { Transcript, type TranscriptHeader } from './transcript.js'
import { pendingTimerNotes, TimerNotes, timersLabel } from './timer-notes.js'
import { crashArrivingAs, watchForAppCrash, type CrashKind, type CrashWatch } from './app-crashes.js'
import { failAsThrewAfterAnswer, threwAfterAnswering } from './threw-after-answer.js'
import { Tripwire } from '../transport/tripwire.js'
import { stoppedAtCallEnd } from '../driver/stopped-at-end.js'
import { readNoBody } from '../transport/app-signs.js'
import { answeredLike } from '../driver/answer-like.js'
import { handedBackPending } from '../clock/handed-back-timers.js'
import { testToFitTo } from '../utils/current-test.js'
import { NEVER_ANSWERED, letsAnswerLand, noCompleteAnswer } from '../transport/exchange.js'
import { TransportError, notAnsweredWithin } from '../transport/transport-error.js'
import { errorHead, errorMessage } from '../utils/error-head.js'
import type { ActionRecord, CallEnd, CallParties, Prompt, TranscriptEntry, WireRequest, WireResponse } from './types.js'

type Note = Extract<TranscriptEntry, { kind: 'note' }>
import { runningCommand } from '../dsl/phrasing.js'
import { fittedTo, type RunnerDeadline } from '../dsl/resolve-limits.js'

/**
 * Real ms an in-process app's answer held, beside the virtual time its timers moved, at or under
 * which that real time is not added to the answer's time (CallSession.deliver): the step of the
 * app's own work that counts as its work (APP_WORK_MS). Below it the time is the host's: the
 * event-loop turns and socket samples between the timer firing and the answer (measured 0.2-12 ms
 * with two busy cores, and once past 25 ms in a parallel run of the EnableX tests), a
 * sub-millisecond file read that took 16 ms on a loaded machine. Counted, an answer a 5000 ms
 * timer holds, "within 5 seconds" by EnableX's deadline, failed every run at 5000.3 ms
 * (helper-127 finding 6), and one at 4990 ms failed or passed with the machine's load. 50 ms is
 * 1% of a 5 s deadline, far below a real wait that matters (a 0.3 s lookup still counts, as does
 * a 1.5 s loop of the app's own).
 */
const REAL_JITTER_MS = APP_WORK_MS
/** The test's real time gone before a call started, from which a call stopped for the runner's timeout says so, not "is the app looping?". */
const SPENT_BEFORE_SAID_MS = 1_000

/**
 * How long an answer took, as #answeredLate says it: on the app's timers (virtual), in real time,
 * both, or real time paced faster than the wall clock (time: { scale }).
 */
type AnswerTime = 'virtual' | 'real' | { virtualMs: number; realMs: number } | { realMs: number; scale: number }

/**
 * Virtual time 0 of every call, unless `startAt` or the test's fake clock says otherwise: 09:00 UTC
 * on Monday 2026-03-02, so timestamps look real and repeat. The same instant for every call: an
 * app keeps state from one call to the next (a CRM token cached for an hour, a repeat-caller
 * check), and a test run's calls come seconds apart. It was a seeded morning between 08:00 and
 * 16:00, so consecutive tests' calls were hours apart, back and forth (audit-80: a token cached in
 * one test had expired in the next, whose verdict then depended on its name).
 */
export const CALL_START = Date.UTC(2026, 2, 2, 9, 0, 0)

/**
 * What the real part of a late answer's time is (CallSession's #answeredLate): what callspec waited
 * on the app's real I/O and its own CPU work, less what a timer of the app's pending meanwhile ran
 * down (InProcessAppClock.leadMs).
 */
const REAL_PART =
  "callspec waited that long on the app's real I/O, such as a request or a query, or on its own work, beyond what a timer of its ran down meanwhile: the platform waits for that too when the answer waits for it; callspec cannot tell a request the app did not await"

/**
 * One simulated call: its clock, transcript, the app's queued actions and the live state.
 * Implements the CallContext a driver works through; knows nothing of any vendor.
 */
export class CallSession implements CallContext {
  readonly clock: VirtualClock
  readonly random: SimpleFaker
  readonly transcript: Transcript
  readonly queue: ActionRecord[] = []
  turn = 0
  ended: CallEnd | undefined
  #consumed = 0
  #actionCount = 0
  /**
   * The test's last step in which the caller acted (pressed, spoke, hung up, or let the input time
   * out), and how many actions the app had sent by then: a later expectAction must not match one
   * of those (run-step.ts actedSince).
   */
  lastAct: { label: string; actionsBefore: number } | undefined
  #trigger: Promise<unknown> | undefined
  #triggerError: unknown
  #fatal: unknown
  /** The app's timers, on this call's virtual time (in-process or under callspec/agent). */
  appClock: AppClock | undefined
  /** Virtual ms per real ms when the call is paced by the wall clock (`time: 'real'` or `{ scale }`). */
  #pace: { scale: number; startedAt: number } | undefined
  /** Real instant the app last answered something: an app request long after it is one no event explains. */
  #lastAnswerAt = realNow()
  /**
   * How long callspec assumes the platform waits for a webhook's answer, in virtual time (rule
   * `<platform>/answer-in-time`): the user's `limits.responseTimeoutMs`, else the deadline the
   * vendor documents, else the default; never the share of the runner's time left that bounds the
   * real wait.
   */
  webhookPatienceMs: number
  /**
   * Whether `webhookPatienceMs`, where the vendor documents none, is the user's limits.responseTimeoutMs
   * (else callspec's 4 s, 2 s short of its default wait): the late answer's message says which.
   */
  patienceSetByUser = false
  /** Where the vendor documents `webhookPatienceMs`, when it does (the user's limit does not move it then). */
  webhookDeadlineSource: string | undefined
  /**
   * The rule a late answer to a webhook sent after the call ended breaks, where the driver names
   * one (`answerDeadline.afterEnd`): the vendor's deadline is about a live call (helper-127 finding 2).
   */
  webhookAfterEndRule: string | undefined
  /**
   * What the vendor does with the answer to a webhook the app still held when the caller hung up
   * (the driver's `answerAfterEnd`), said in the note on that late answer.
   */
  answerAfterEnd: string | undefined
  /** The platform reads nothing from the app's answers (the driver's goesOnWithoutAnswers): each of its timers fires over a held answer (#platformOverHeld). */
  goesOnWithoutAnswers = false
  /**
   * The virtual instant the caller hangs up at, while a step has them wait for it
   * (`.staySilent(ms).hangUp()`): an answer the app still holds then does not hold the hang-up back
   * (#parkForHangUp). Undefined the rest of the time, so the usual turn pays one read.
   */
  callerHangsUpAt: number | undefined
  /**
   * The virtual instant the caller acts next, while a step knows it: the end of a silence
   * (`.staySilent(ms)`), or now, as the caller's keys, words or hang-up wait for the app to settle.
   * The call's time moves on with the app's real I/O up to it, never past it (#platformNext).
   * Measured: an EnableX app's 3 s lookup after `connected` moved the clock to 1.9 s as the caller
   * was about to hang up, and `.staySilent(1000).hangUp()` hung up there, not at 1 s.
   */
  callerActsAt: number | undefined
  /**
   * `.pressDigits(keys).staySilent(ms).hangUp()` (or `.say(text)…`): the caller hangs up `ms` after
   * the input is done, set as `callerHangsUpAt` then (callerDone), while the webhook the input
   * brings may be held by the app.
   */
  hangsUpAfterInputMs: number | undefined
  /** Where the flow's opening `.staySilent(ms)` began, before a hang-up (the call's start: run-step.ts, startCall): read once by that step. */
  silentSince: number | undefined
  /** The caller's next key while a press step types (CallContext.keyDue): pressed at its instant while the app holds an answer (#pressWhileHeld). */
  keyDue: KeyDue | undefined

  callerDone(): void {
    if (this.hangsUpAfterInputMs !== undefined) this.callerHangsUpAt = this.clock.now() + this.hangsUpAfterInputMs
  }
  /** Lets the step go on to the caller's hang-up, the platform timer that sent the held webhook left running (unlessParked). */
  #onPark: (() => void) | undefined
  /** Platform timers whose webhook's answer was still held at the caller's hang-up: awaited once the call is over (finishLateAnswers). */
  #parked: Array<{ firing: Promise<unknown>; resume: (() => void) | undefined }> | undefined
  /** The turn whose webhook's answer was held at the caller's hang-up: its answer is noted as too late (deliver). */
  #lateTurn: number | undefined
  /** A step waits on the platform's timer whose webhook's answer the app holds, and may take its turn (#stepTurns). */
  #stepTurn: (() => void) | undefined
  /** The actions queued when the step gave its turn to that wait (#stepTurns): one more, and the step may want it. */
  #queuedAtTurn = 0
  /** The wait for a held answer that gave the step its turn (#yieldToStep): the step's next move of time resumes it (#resumeHeld). */
  #yielded: { resume: () => void; firing: Promise<unknown> } | undefined
  /** The answer now arriving came after the app's own timers past the patience fired (#answeredLate). */
  #heldBack = false
  /** The answer held back was waiting on a timer the test's mock set (its mocked latency), not the app's: said so (#tookText). */
  #heldBackByMock: string | undefined
  /**
   * Aborted when the test that started the call ended first (stop-at-test-end.ts): the webhook in
   * flight and the wait for the app end at once, with the signal's reason.
   */
  stopSignal: AbortSignal | undefined
  /** A webhook got no answer (the deadline passed, or the connection failed): no more are sent after a failure. */
  appStoppedAnswering = false
  /** The driver's own wait for a REST app's requests, used when the app's clock is not known. */
  driverSettle: (() => Promise<void>) | undefined
  /** Where the fake APIs' request log stood when the call began: a failed wait lists what came since. */
  readonly #seenMark = seenMark()
  /** Which of the call's waits callspec fitted to the test's timeout (run-flow.ts): their failures say so. */
  fitted: FittedLimits | undefined
  /** Rules broken at level 'warn' (and `unconsumed: 'warn'` leftovers), one line each: `call.warnings`. */
  readonly warnings: string[] = []

  constructor(
    header: TranscriptHeader,
    readonly transport: Transport,
    readonly limits: Limits,
    readonly rules: RuleBook,
    private readonly triggerFn?: () => Promise<unknown>,
    /** The wall-clock instant the call starts at (`startAt`, or the test's fake clock); default seeded. */
    startAt?: number,
  ) {
    this.random = seededRandom(header.seed)
    // Drawn, as when it picked the start: the seed's ids and numbers stay what they were.
    intOf(this.random, 0, 8 * 3600)
    this.clock = new VirtualClock(startAt ?? CALL_START)
    this.transcript = new Transcript(header)
    this.webhookPatienceMs = limits.responseTimeoutMs
  }

  readNoBody(): boolean {
    return readNoBody(this.transport.appSigns?.())
  }

  firstAnswerLike(): string | undefined {
    const first = this.transcript.entries.find((e) => e.kind === 'event')
    return first?.kind === 'event' && first.response ? answeredLike(first.response, this.platform)?.platform : undefined
  }

  /** The call is over: its faker goes back to the pool. */
  dispose(): void {
    releaseRandom(this.random)
  }

  /**
   * `time: 'real'` or `{ scale }`: virtual time runs no faster than the wall clock (times `scale`),
   * for an app whose timers callspec cannot see (a deployed server). Between timers, virtual time
   * follows the wall clock, so what the app does on its own is stamped when it happened.
   */
  paceWithWallClock(scale: number): void {
    this.#pace = { scale, startedAt: realNow() }
    this.clock.followWall(() => this.#wallVirtual())
  }

  #wallVirtual(): number {
    return this.#pace ? (realNow() - this.#pace.startedAt) * this.#pace.scale : Number.POSITIVE_INFINITY
  }

  /**
   * The app reaches the platform only through its answers to webhooks: no platform API is in
   * play for this call (no interception, no startPlatform() server). Mid-call, nothing it does
   * between answers can reach the platform, so time moves on without waiting for it to go quiet
   * (its timers due by then still fire first, in order). Measured: those waits were about a
   * tenth of a call's time. The end of the call still waits (`settleApp(true)`).
   */
  answersOnly = false

  /** The app runs in another process (a URL target): its clock is unknown unless an agent's handle is given. */
  appElsewhere = false

  /**
   * Lets the app finish what it is doing before time moves: with its clock known, until it has
   * no request in flight and no work due now; otherwise the driver's own wait (if any). `final`:
   * the call is ending, and what the app does while it wraps up (timers it sets) is noted.
   */
  settleApp(final = false): Promise<void> | undefined {
    const clock = this.appClock
    // Quiet already, and nothing happened since (the app acts only on events, answers and its
    // timers); or answers only, mid-call. Nothing to wait for: no promise either, this runs on
    // every move of time.
    if (!clock ? !this.driverSettle : (!final && this.answersOnly) || this.#quietAt === this.#progress()) {
      this.#throwAppError()
      return undefined
    }
    return this.#settle(clock)
  }

  async #settle(clock: AppClock | undefined): Promise<void> {
    if (clock) {
      await clock.quiet()
      this.#noteClock(clock)
      this.#quietAt = this.#progress()
    } else await this.driverSettle?.()
    this.#throwAppError()
  }

  #quietAt = ''

  /**
   * When the call fails rather than let the test runner time the test out (resolve-limits.ts,
   * runnerDeadline): checked at each move of time, the one thing every loop of a call does.
   */
  runnerDeadline: RunnerDeadline | undefined

  #pastRunnerDeadline(): never {
    const ran = formatDelay(Math.round(realNow() - this.#startedAt))
    // Whole milliseconds: paced by the wall clock, the call's clock reads fractions (audit h193: a 1 s
    // test timeout said "424.68996300000003 ms into it").
    const into = Math.round(this.clock.now())
    // Paced by the wall clock, the call's time is real time: nothing is looping, the call is as
    // long as the test made it (newcomer audit-155 N3: a 6 s silence under time: 'real' ran into
    // vitest's bare "Test timed out in 5000ms", with no transcript).
    if (this.#pace) {
      const scale = this.#pace.scale === 1 ? '' : `, divided by its scale (${this.#pace.scale})`
      throw new CallspecError(
        `the call is paced by the wall clock (the time option), so its virtual time takes real time${scale}: ${spanOf(into)} into it, it had run ${ran} of real time and was still going, with ${fittedTo(this.runnerDeadline!.testTimeoutMs).name} near. ` +
          `${fittedTo(this.runnerDeadline!.testTimeoutMs).raiseHow} to let it run its course, or leave out time to run it on virtual time, in milliseconds.${repeatedWarningHint(this.warnings)}`,
      )
    }
    const { testTimeoutMs, spentBeforeMs } = this.runnerDeadline!
    const ranMs = realNow() - this.#startedAt
    if (spentBeforeMs >= SPENT_BEFORE_SAID_MS && spentBeforeMs >= ranMs) {
      throw new CallspecError(
        `the call had run ${ran} of real time and was still going, ${spanOf(into)} into the call (virtual), with ${fittedTo(testTimeoutMs).name} near: ${formatDelay(Math.round(spentBeforeMs))} of it had gone before this call started (the test's own work, earlier calls, loading modules, or a busy machine). ` +
          `${fittedTo(testTimeoutMs).raise} if the test needs that long.${repeatedWarningHint(this.warnings)}`,
      )
    }
    throw new CallspecError(
      `the call had run ${ran} of real time and was still going, ${spanOf(into)} into the call (virtual), with ${fittedTo(testTimeoutMs).name} near: is the app looping? ` +
        `${fittedTo(testTimeoutMs).raise} if the call is really this long.${repeatedWarningHint(this.warnings)}`,
    )
  }

  /**
   * What the call's platform waits on the app for, if anything (the driver's `waitingOnApp`), for
   * the message of a call that ran past limits.maxVirtualMs. Set once the call exists (run-flow.ts).
   */
  waitingOnApp: (() => string | undefined) | undefined

  /**
   * The call's time would pass limits.maxVirtualMs: it fails, whatever step moves it (a caller
   * pressing keys through a prompt, staying silent, or the wait for an action). Before, only the
   * wait for an action looked, once it was already past: a 400 s prompt under a 1 min limit passed,
   * and a caller silent for 2 h at a menu that re-prompts ran 6,085 s, stopped only by maxTurns
   * (audit-122 finding 1).
   */
  passedVirtualLimit(): never {
    const limit = this.limits.maxVirtualMs
    // The app's own timers kept firing (an interval) while the call waited on the app (audit D7:
    // an EnableX app that never accepted, with a poll running, said only that 4 h had passed).
    const waiting = this.waitingOnApp?.()
    throw new CallspecError(
      `the call passed ${spanOf(limit)} of virtual time (limits.maxVirtualMs: ${limit.toLocaleString('en-US')} ms) without ending.${waiting ? ` ${waiting}` : ''}${repeatedWarningHint(this.warnings)}`,
    )
  }

  /** Real instant the session began (for the runner deadline's message). */
  readonly #startedAt = realNow()

  /** Changes whenever anything reaches or leaves the app: an event, an answer, an action, a timer. */
  #progress(): string {
    return `${this.turn}:${this.transcript.entries.length}:${this.queue.length}:${this.clock.now()}`
  }

  /**
   * One move of time, up to virtual `limit`: fires whichever comes first, the app's next timer
   * or the platform's. Ties go to the app: at one instant, what the app already scheduled runs
   * before the platform moves on. If the app was still sending something, its arrival is the move
   * (nothing fires). Returns false when nothing happened and nothing is due by `limit`.
   */
  async fireNext(limit = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.runnerDeadline !== undefined && realNow() > this.runnerDeadline.at) this.#pastRunnerDeadline()
    // A held answer's wait gave the step its turn: time moves on there, where the answer is awaited.
    if (this.#yielded) {
      await this.#resumeHeld()
      this.#throwFatal()
      return true
    }
    const seen = this.transcript.entries.length
    const settling = this.settleApp()
    if (settling) await settling
    // The app had something still in flight: that was the move; the caller looks again first.
    if (this.transcript.entries.length !== seen) return true
    const platformAt = this.clock.peek()?.at ?? Number.POSITIVE_INFINITY
    const next = this.appClock?.next()
    const appAt = (next instanceof Promise ? await next : next) ?? Number.POSITIVE_INFINITY
    const at = Math.max(this.clock.now(), Math.min(platformAt, appAt))
    if (at === Number.POSITIVE_INFINITY || at > limit) return false
    // Not once the call is over: what the platform sends after its end (DROPPED, a summary) goes out.
    if (at > this.limits.maxVirtualMs && !this.ended) this.passedVirtualLimit()
    // Nothing of the platform's to come, and a request the app may be awaiting goes on in real time
    // past callspec's patience: its timers must keep pace with that request, not run the call's
    // clock ahead of it. The wait for the app's next move (a REST-driven platform's, bounded in
    // real time) paces them (#movingAppClock). Measured (audit-116 finding 8): an EnableX app that
    // accepted, then awaited a backend that never answered beside a 100 ms heartbeat, fired the
    // heartbeat 144,000 times in 15 s of real time and failed on the 4 h of limits.maxVirtualMs,
    // naming neither the request nor what the call waited for.
    if (platformAt === Number.POSITIVE_INFINITY && limit === Number.POSITIVE_INFINITY && this.#pacedByLingeringIo()) return false
    if (this.#pace && this.#wallVirtual() < at) {
      // Paced: wait in slices, so a request the app sends meanwhile can bring an earlier timer.
      await this.#paceSlice(at)
      return true
    }
    if (appAt <= platformAt) {
      // Nothing of the platform's to come and no bound from the step: only the app can move the call.
      if (platformAt === Number.POSITIVE_INFINITY && limit === Number.POSITIVE_INFINITY) this.#onlyOwnTimersMoving()
      else this.#ownTimers = undefined
      await this.#fireAppTimers(at)
      return true
    }
    this.#ownTimers = undefined
    // The app's timer comes first in production: the real time the app's I/O held after it was set
    // ran it down, where the platform's event was scheduled from the answer's virtual instant. It
    // fires at its own instant, and the platform's event right after it, late by less than the
    // real time held (the call's clock cannot go back). Measured (audit-116 finding 5): a 2 s
    // reminder set before a 1.5 s lookup fired after the next prompt ended, where production fires
    // it before; the app's answer to PLAYED said no reminder had come.
    if (appAt <= limit && this.appClock?.dueBeforePlatform?.(platformAt)) {
      await this.#fireAppTimers(appAt)
      return true
    }
    // The app's Date moves to the platform's instant (none of its timers is due before it).
    const moved = this.appClock?.fire(at)
    if (moved instanceof Promise) await moved
    if (this.callerHangsUpAt !== undefined) await this.unlessParked(() => this.clock.fireNext())
    else if (this.goesOnWithoutAnswers) await this.#stepTurns(this.clock.fireNext())
    else await this.clock.fireNext()
    this.#throwFatal()
    return true
  }

  /**
   * Awaits `firing` (the platform's timer whose webhook's answer the app may hold) on a platform
   * that reads nothing from answers (EnableX: goesOnWithoutAnswers), unless that wait gives the
   * step its turn first (#yieldToStep): an action came that the step may be waiting for, or a key
   * it typed went in. The step then goes on (to the key a press step types next, which the wait
   * presses at its instant), and its next move of time resumes the wait (#resumeHeld). Measured
   * before: with `connected`'s acknowledgement held 3 s after the app asked for a 2 s menu prompt,
   * `.expectAction('play')` returned only once it came, and the `.pressDigits('1')` after it typed
   * at 3.3 s, not 2.3 s; a key barging in at 0.3 s went in at 3.3 s, after the prompt had ended.
   * Not on the other platforms: what they do next is in the held answer.
   */
  async #stepTurns(firing: Promise<unknown>, resume?: () => void): Promise<void> {
    let yielded = false
    const turn = new Promise<void>((resolve) => (this.#stepTurn = resolve))
    this.#queuedAtTurn = this.queue.length
    resume?.()
    await Promise.race([firing, turn.then(() => (yielded = true))])
    this.#stepTurn = undefined
    if (!yielded) return
    // Its failure is the step's that next resumes it, or the call's at its end (finishLateAnswers).
    firing.catch(() => {})
    this.#yielded!.firing = firing
  }

  /** The step's next move of time: the held answer's wait that gave it its turn goes on (#stepTurns). */
  async #resumeHeld(): Promise<void> {
    const { resume, firing } = this.#yielded!
    this.#yielded = undefined
    // The caller's hang-up is due: the wait may park for it (unlessParked), as from the step.
    if (this.callerHangsUpAt !== undefined) return this.unlessParked(() => this.#stepTurns(firing, resume))
    await this.#stepTurns(firing, resume)
  }

  /** The held answer's wait gives the step its turn (#stepTurns): something came the step may want, and the call is live. */
  #turnDue(): boolean {
    return this.#stepTurn !== undefined && this.ended === undefined && this.keyDue === undefined && this.queue.length > this.#queuedAtTurn
  }

  /** Gives the step its turn (#stepTurns) and waits until its next move of time resumes this wait (#resumeHeld). */
  async #yieldToStep(): Promise<void> {
    const turn = this.#stepTurn!
    this.#stepTurn = undefined
    const resumed = new Promise<void>((resume) => (this.#yielded = { resume, firing: Promise.resolve() }))
    turn()
    await resumed
  }

  /**
   * Runs `work` (the platform's next timer, or the caller's keys) while the caller is due to hang
   * up: if a webhook it sends is still held by the app when the hang-up comes (#parkForHangUp), the
   * step goes on at once to the caller's hang-up, and the rest of `work` (the wait for that answer,
   * then what the driver does with it) is finished once the call is over (finishLateAnswers).
   * Measured (audit F11): with webhooks sent one at a time, `.staySilent(1000).hangUp()` while
   * ANSWERED's answer waited on a 3 s lookup hung up at 3.2 s, and the late PLAY ran; in production
   * the caller hangs up at 1 s. Only while a hang-up is due: the usual turn allocates nothing for it.
   */
  async unlessParked(work: () => Promise<unknown>): Promise<void> {
    let parked = false
    const atPark = new Promise<void>((resolve) => (this.#onPark = resolve))
    const firing = work()
    await Promise.race([firing, atPark.then(() => (parked = true))])
    this.#onPark = undefined
    if (!parked) return
    // Its failure (the late answer's, the driver's) is the call's: finishLateAnswers awaits it.
    firing.catch(() => {})
    const last = this.#parked!.at(-1)!
    last.firing = firing
  }

  /**
   * The caller hangs up before the app's next timer, while this webhook waits for its answer: the
   * wait stops here, at the hang-up's instant, so that the caller's hang-up and the platform's
   * hang-up webhook go out then, beside this one (the app's handler keeps running: its timers are
   * on the same clock). The wait goes on once the call is over (finishLateAnswers), and the answer
   * that comes then is noted as too late (deliver).
   */
  async #parkForHangUp(): Promise<void> {
    const park = this.#onPark!
    this.#onPark = undefined
    this.#hangingUpAt = this.callerHangsUpAt
    this.callerHangsUpAt = undefined
    this.#lateTurn = this.turn
    const resumed = new Promise<void>((resume) => (this.#parked ??= []).push({ firing: Promise.resolve(), resume }))
    park()
    await resumed
  }

  /** The caller's hang-up a webhook's held answer was left for (#parkForHangUp), until the call ends or those waits go on. */
  #hangingUpAt: number | undefined

  /**
   * The caller's hang-up, from the moment an answer is left held for it until the call ends: an
   * app under callspec/agent is not waited for past it on that answer's real I/O as the step goes
   * on to the hang-up (AgentHandle.hangUpAt). Measured: after `.staySilent(1000)` parked ANSWERED's
   * answer behind a 3 s lookup, the wait for the app to settle before the hang-up held the call's
   * clock at 1 s for the rest of the lookup, and the late answer read 1.0 s, not 3.2 s.
   */
  readonly #parkedHangUpAt = (): number | undefined => (this.ended ? undefined : this.#hangingUpAt)

  /**
   * The caller's hang-up an answer was left held for, until the call ends: the silence after the
   * caller's keys or words (`.pressDigits(keys).staySilent(ms).hangUp()`) ends there, `ms` after the
   * last key, wherever the app's real I/O (or the wall clock, paced) moved the call's clock while
   * the answer was held. Measured: a 3 s CRM lookup on COLLECTED_DIGITS moved it 1 s on, and the
   * silence counted from there hung up 1 s late.
   */
  parkedHangUpAt(): number | undefined {
    return this.#parkedHangUpAt()
  }

  /**
   * The call is over: the waits for answers held at the caller's hang-up go on, firing the app's
   * timers past the end (its pending handler answers as in production), and what the driver does
   * with each late answer runs. No-op (and no promise) when no answer was held.
   */
  finishLateAnswers(): Promise<void> | undefined {
    const parked = this.#parked
    if (!parked && !this.#yielded) return undefined
    this.#parked = undefined
    this.#hangingUpAt = undefined
    return (async () => {
      for (const each of parked ?? []) {
        each.resume?.()
        each.resume = undefined
        await each.firing.catch(unlessAbandonedAfterEnd)
      }
      // A wait that gave the step its turn (#stepTurns) and was not resumed: the flow ended first.
      // No step takes a turn now: it goes on to the answer.
      for (let yielded = this.#yielded; yielded; yielded = this.#yielded) {
        this.#yielded = undefined
        yielded.resume()
        await yielded.firing.catch(unlessAbandonedAfterEnd)
      }
      if (this.#parked) await this.finishLateAnswers()
    })()
  }

  /**
   * Paced by a request of the app's past the patience: waits `look` out as time held on the app,
   * counted from where the look before it ended (`from`, when the wait went straight on from it),
   * then moves the call's time with the real time held (InProcessAppClock.pacedLook). Returns where
   * this look ended, for the next.
   */
  async #keepPace(own: InProcessAppClock, look: Promise<unknown>, from: PacedMark | undefined): Promise<PacedMark> {
    const { to, mark } = await own.pacedLook(look, from)
    if (to !== undefined) this.clock.skipTo(to)
    return mark
  }

  #pacedByLingeringIo(): boolean {
    return this.appClock instanceof InProcessAppClock && this.appClock.pacedByLingeringIo()
  }

  /**
   * One slice (at most 20 ms) of a wait paced by the wall clock towards virtual `at`; past the
   * runner's deadline, the call fails in callspec's words first. The last slice of a wait had no
   * look: a 6 s silence with nothing due in it ran into the runner's bare timeout.
   */
  async #paceSlice(at: number): Promise<void> {
    if (this.runnerDeadline !== undefined && realNow() > this.runnerDeadline.at) this.#pastRunnerDeadline()
    await realSleep(Math.min(20, (at - this.#wallVirtual()) / this.#pace!.scale))
  }

  /** Moves time to `at`, firing every timer (the app's and the platform's) due by then. */
  async advanceTo(at: number): Promise<void> {
    while (await this.fireNext(at)) {
      // each pass fires one timer (or waits one slice of wall-clock pacing)
    }
    if (at > this.limits.maxVirtualMs && !this.ended) this.passedVirtualLimit()
    if (this.#pace) while (this.#wallVirtual() < at) await this.#paceSlice(at)
    if (this.appClock) await this.appClock.fire(at)
    this.clock.skipTo(at)
  }

  /** Wakes the wait for an answer by URL at the app's next request to the platform's API, or its next action (#answeredByUrlUnlessCallerActs). */
  #apiWake: (() => void) | undefined

  #nextApiRequest(): Promise<typeof API_REQUEST> {
    return new Promise((resolve) => (this.#apiWake = () => resolve(API_REQUEST)))
  }

  /** The app's requests to the platform's API so far (apiRequest): a sign of its activity that moves no time. */
  #apiRequests = 0

  /**
   * Since when the app's own timers alone have moved a call that waits on the app, and what had
   * reached the platform then (#onlyOwnTimersMoving).
   */
  #ownTimers: { sinceReal: number; sinceVirtual: number; reached: string; fired: number } | undefined

  /**
   * A call that waits on the app (nothing of the platform's to come, a step with no bound of its
   * own) while only the app's own timers move it, and nothing of the app's reaches the platform:
   * bounded by limits.appTimeoutMs of real time, as a wait for the app's request is. Measured
   * (helper-135): an EnableX app that accepted, then ran only a heartbeat (`setInterval`, 1 ms),
   * fired it 5.8 million times in 90 s of real time, stopped only by the test's timeout, saying
   * "is the app looping?" and never that its play had not come; an appTimeoutMs of 1 s was not
   * heeded. A poll that talks to the platform (an API request), an event or an action starts the
   * count again.
   */
  #onlyOwnTimersMoving(): void {
    const reached = `${this.turn}:${this.queue.length}:${this.#apiRequests}`
    const own = this.#ownTimers
    if (!own || own.reached !== reached) {
      this.#ownTimers = { sinceReal: realNow(), sinceVirtual: this.clock.now(), reached, fired: 1 }
      return
    }
    own.fired++
    const waited = realNow() - own.sinceReal
    if (waited <= this.limits.appTimeoutMs) return
    const waiting = this.waitingOnApp?.()
    throw markWaitTimeout(
      new CallspecError(
        `waited ${Math.round(waited)} ms (${limitSource('appTimeoutMs', this.fitted)}) of real time for the app's next move, and it never came: only its own timers moved the call meanwhile (${own.fired.toLocaleString('en-US')} fired, from ${spanOf(own.sinceVirtual)} to ${spanOf(this.clock.now())} into the call, virtual), and nothing of the app's reached the platform.` +
          `${waiting ? ` ${waiting}` : ''}${repeatedWarningHint(this.warnings)}`,
      ),
    )
  }

  /** The app's timers due at `at` fire; the transcript shows them and what the app did then (timer-notes.ts). */
  async #fireAppTimers(at: number, answering?: string, answered?: () => boolean): Promise<readonly AppTimerFired[]> {
    this.clock.skipTo(at)
    const notes = (this.#timerNotes ??= new TimerNotes(this.transcript))
    const note = { kind: 'note' as const, turn: this.turn, at, text: '' }
    const from = this.transcript.entries.length
    this.transcript.add(note)
    this.#lastTimerNote = note
    let fired: Awaited<ReturnType<AppClock['fire']>>
    try {
      fired = await this.appClock!.fire(at, answered)
    } catch (error) {
      // An app under callspec/agent whose process ended as its timers fired: no line left blank
      // in the transcript (audit-86: "0.7s ·"); the failure says what happened.
      this.transcript.entries.splice(this.transcript.entries.indexOf(note), 1)
      throw error
    }
    const error = this.appClock?.takeError?.()
    const shown = fired.filter((f) => f.kind !== 'immediate' && f.delayMs > 0)
    if (shown.length === 0) {
      // Only immediates and 0 ms timers: the reaction to the timer before, not timers of their own
      // (timer-notes.ts firing): a line that gave it the answer stands.
      this.transcript.entries.splice(this.transcript.entries.indexOf(note), 1)
      if (error !== undefined) throw appTimerThrew(error)
      return shown
    }
    const did: string[] = []
    for (const entry of this.transcript.entries.slice(from + 1)) {
      if (entry.kind === 'action') did.push(entry.action.name)
      else if (entry.kind === 'api') did.push(entry.name)
    }
    if (error !== undefined) did.push(`threw ${describeError(error)}`)
    notes.firing(this.turn, answering, note)
    notes.written(note, timersLabel(shown), did, answering)
    if (error !== undefined) throw appTimerThrew(error)
    return shown
  }

  #timerNotes: TimerNotes | undefined

  #throwAppError(): void {
    const error = this.appClock?.takeError?.()
    if (error !== undefined) throw appTimerThrew(error)
  }

  #throwFatal(): void {
    const fatal = this.takeFatal()
    if (fatal) throw fatal
  }

  /** The call is over: the app's timers go back to real time; those still pending are noted (the clock says what becomes of them). */
  async stopAppClock(): Promise<void> {
    this.#crashWatch?.end()
    const clock = this.appClock
    if (!clock) return
    this.appClock = undefined
    this.#hadClock = true
    this.#noteClock(clock, true)
    for (const text of pendingTimerNotes(clock)) this.note(text)
    await clock.stop()
    // A mock's real delay judged only now, its rule at 'error' (#mockRealDelay): the call fails here, its clock stopped.
    this.#throwFatal()
  }

  get platform(): string {
    return this.transcript.header.platform
  }

  get appOrigin(): string {
    return new URL(this.transport.baseUrl).origin
  }

  uuid(): string {
    return uuidOf(this.random)
  }

  /** Sends one webhook: a new turn in the transcript. Transport failures become AppResponseErrors. */
  async deliver(delivery: Delivery): Promise<Exchange> {
    this.turn += 1
    if (this.turn > this.limits.maxTurns) {
      throw new CallspecError(
        `the call passed ${this.limits.maxTurns} webhooks (limits.maxTurns): is the app looping? Raise the limit if the call is really this long.${repeatedWarningHint(this.warnings)}`,
      )
    }
    const isGet = delivery.method === 'GET'
    const body = isGet ? undefined : JSON.stringify(delivery.body)
    const entry = {
      kind: 'event' as const,
      turn: this.turn,
      at: this.clock.now(),
      name: delivery.name,
      summary: delivery.summary,
      request: { method: delivery.method ?? 'POST', url: '', headers: {}, body } as WireRequest,
      response: undefined as WireResponse | undefined,
    }
    // Sealed (EnableX's encrypted events): call.event() reads what the app decrypts.
    if (delivery.sealed) (entry as { plain?: Record<string, unknown> }).plain = delivery.sealed.plain
    this.transcript.add(entry)
    this.#answeredTurn = undefined
    // Sent after the call ended (EnableX's disconnected): a late answer cannot cut the call short.
    const afterEnd = this.ended !== undefined
    this.#eventMark = seenMark()
    // The test process's collections from here on are no wait of the app's (gc-pauses.ts).
    const collectedBefore = this.appClock?.kind === 'in-process' ? gcPausedMs() : 0
    if (this.appClock instanceof InProcessAppClock) this.appClock.webhookSent(this.#platformNext)
    else if (this.appClock && isAgent(this.appClock)) {
      this.appClock.platformNext = this.#platformNext
      this.appClock.hangUpAt = this.#parkedHangUpAt
      this.#agentHeld = undefined
    }
    const crash = this.appClock?.kind === 'in-process' ? this.#watchForCrash() : undefined
    if (crash) crash.waiting = true
    let exchange: Exchange
    let threwAfter: unknown = NOT_THROWN
    let crashKind: CrashKind = 'exception'
    try {
      const outgoing = {
        method: delivery.method ?? 'POST',
        target: delivery.target ?? '',
        headers: isGet ? delivery.headers : withJsonType(delivery.headers),
        body,
        signal: crash ? this.#crashed : this.stopSignal,
      }
      const { request, response } = await this.#answeredOnAppTime(
        () => this.transport.send(outgoing),
        `its answer to ${delivery.name}`,
      )
      entry.request = request
      this.#noteClock()
      entry.response = response
      this.#lastAnswerAt = realNow()
      exchange = { request, response }
      // The app answered, then threw while still handling the webhook (after res.end(), or a second
      // res.end()): in production the answer reaches the platform and the exception crashes the
      // app. Failed on this turn, the one it answered, whichever transport saw the answer first.
      const crashed = crash ? this.#crashed : undefined
      if (crashed?.aborted && letsAnswerLand.has(crashed.reason as object)) ({ appError: threwAfter, kind: crashKind } = crashed.reason as { appError?: unknown; kind: CrashKind })
    } catch (error) {
      const failure = this.#noExchange(error, delivery, body, entry.at)
      if (this.#lateTurn === entry.turn && (error as { failure?: string }).failure === 'timeout') this.#answerNeverCameAfterEnd(delivery.name, entry.turn, failure)
      throw failure
    } finally {
      if (crash) crash.waiting = false
    }
    if (threwAfter !== NOT_THROWN) {
      this.appStoppedAnswering = true
      const { request, response } = exchange
      throw threwAfterAnswering(`the app answered ${delivery.name} (${request.method} ${request.url}) with HTTP ${response.status}`, threwAfter, body, crashKind)
    }
    // When it came, if before now: during the wait for a webhook sent beside it (#answeredFiringTimers).
    const cameAt = this.#cameAt ?? this.clock.now()
    this.#cameAt = undefined
    this.#answeredTurn = entry.turn
    this.#judgeAnswerTime(delivery.name, exchange, entry.at, collectedBefore, afterEnd, cameAt)
    if (this.#lateTurn === entry.turn) this.#answeredAfterHangUp(delivery.name, entry.turn, cameAt)
    return exchange
  }

  /**
   * The turn of the webhook whose answer came last: the actions the driver reads off that answer
   * are that turn's. Another webhook may have gone out while the app held it (8x8's VCS
   * DTMF_RECEIVED for a key pressed meanwhile): the held answer's actions were printed, and a
   * mismatch failed, as the later webhook's turn (audit-154 G8). Undefined while a webhook waits.
   */
  #answeredTurn: number | undefined

  /**
   * The virtual instant the answer just returned by a wait (#answeredFiringTimers) came, when that
   * was before the wait could return: a webhook that went out beside it (a callee's hang-up's
   * DROPPED, EnableX's playfinished) was still held, and its wait ran first. Measured before: the
   * answer to ANSWERED that came at 7.0 s, behind a DROPPED held to 9.0 s, was noted as come at
   * 9.0 s; EnableX's connected, acknowledged at 4.0 s, before the app hung up at 4.3 s, behind a
   * playfinished held to 5.0 s, was noted as too late for the call.
   */
  #cameAt: number | undefined

  /**
   * The answer held at the caller's hang-up did not come within callspec's wait, once the call was
   * over: noted, not a failure (finishLateAnswers drops `failure`). No live call was left for it,
   * as for one that comes late (#answeredAfterHangUp). Measured before (audit h154 G9): a 7 s
   * lookup on COLLECTED_DIGITS after `.staySilent(1000).hangUp()` failed the call at its end, where
   * a 3 s one passed with a note.
   */
  #answerNeverCameAfterEnd(name: string, turn: number, failure: unknown): void {
    this.#lateTurn = undefined
    abandonedAfterEnd.add(failure as object)
    const end = this.ended!
    const clock = this.appClock
    const inFlight = clock instanceof InProcessAppClock ? clock.requestsInFlight() : []
    const waiting = inFlight.length === 0 ? '' : ` The app's requests still in flight then (its answer may be waiting on one): ${inFlight.join('; ')}.`
    this.note(
      `the app's answer to ${name} (turn ${turn}) never came within callspec's wait, after the call ended (${end.reason}): not judged, no call was left for it. callspec stopped waiting for it ${formatDelay(this.limits.responseTimeoutMs)} of real time after it was sent (limits.responseTimeoutMs).${waiting}`,
    )
  }

  /** The answer held at the caller's hang-up came, once the call was over: the driver does not run it (its `answerAfterEnd` says why). */
  #answeredAfterHangUp(name: string, turn: number, now: number): void {
    this.#lateTurn = undefined
    const end = this.ended!
    const s = (ms: number) => (ms / 1000).toFixed(1)
    const vendor = this.answerAfterEnd ? ` ${this.answerAfterEnd}` : ''
    const text = `the app's answer to ${name} (turn ${turn}) came at ${s(now)} s, ${s(now - end.at)} s after the call ended (${end.reason}): too late for the call.${vendor}`
    if (now >= this.clock.now()) return this.note(text)
    // It came during the wait for a webhook sent beside it (#cameAt): said where it came, after what the transcript says happened by then.
    const entries = this.transcript.entries
    let i = entries.length
    while (i > 0 && (entries[i - 1] as { at?: number }).at !== undefined && (entries[i - 1] as { at: number }).at > now) i--
    entries.splice(i, 0, { kind: 'note', turn, at: now, text })
  }

  /**
   * Whether the answer came in time for the platform: held back by the app's own timers, by the
   * real time it took (an app with no clock of its own, or paced), or both (an app in this
   * process that waited on real I/O). Apart from deliver, whose suspended frame every turn pays for.
   */
  #judgeAnswerTime(name: string, exchange: Exchange, sentAt: number, collectedBefore: number, afterEnd: boolean, cameAt: number): void {
    // Sent on a live call that ended before the platform's patience ran out (the caller hung up while
    // the app held this answer): no live call was left for its deadline to cut short, and the late
    // answer is noted as too late for the call (#answeredAfterHangUp), not judged. Before (helper-150
    // F2, F3), an EnableX incomingcall or connected held 6 s failed enablex/answer-in-time after the
    // caller had hung up at 1 s.
    if (!afterEnd && this.ended && this.ended.at - sentAt <= this.webhookPatienceMs) {
      this.#heldBack = false
      this.#heldBackByMock = undefined
      return
    }
    if (this.#heldBack) {
      this.#heldBack = false
      this.#answeredLate(name, cameAt - sentAt, 'virtual', 'webhook', afterEnd)
    } else if (!this.appClock && !this.#hadClock && this.#pace && this.#pace.scale > 1) {
      // Paced faster than the wall clock (time: { scale }), the app's delays divided by the scale:
      // its answer took that real time times the scale on the call's clock, as the transcript
      // stamps it (helper-136 finding 10: held 0.6 s at scale 10, the accept at 6.0 s, passed
      // EnableX's 5 s). The exchange's own real cost (REAL_JITTER_MS) is the host's, not the app's:
      // times the scale it would make a prompt app late.
      const { scale } = this.#pace
      const heldMs = Math.max(0, exchange.response.ms - REAL_JITTER_MS) * scale
      if (heldMs > this.webhookPatienceMs) this.#answeredLate(name, heldMs, { realMs: exchange.response.ms, scale }, 'webhook', afterEnd)
    } else if (!this.appClock && !this.#hadClock && exchange.response.ms > this.webhookPatienceMs) {
      // No clock of the app's (by URL, time: 'real', appClock: false): its answer took real time,
      // judged against the same patience (audit-76 V2: a 6 s answer by URL passed, no warning).
      this.#answeredLate(name, exchange.response.ms, 'real', 'webhook', afterEnd)
    } else if (this.appClock?.kind === 'in-process' || this.#agentHeld) {
      // An app in this process, or under callspec/agent, whose answer waited on real I/O (a CRM
      // lookup over a socket) took that real time as well as the virtual time of its timers: the
      // platform waits for both (audit-80: a 5.9 s real lookup before EnableX's accept passed, no
      // warning; under the agent, a 5.5 s one). Once its timers moved the clock, the exchange's
      // real time also holds callspec's own work moving it: then only the real time callspec
      // waited on the app counts, less what its timers ran down meanwhile (InProcessAppClock.leadMs,
      // or the agent's: #answeredUnderAgent). Nor does the time the test's process spent
      // collecting its garbage meanwhile: its heap is the test runner's and every test's, not the
      // app's (an app under the agent collects in its own process: nothing to take off).
      const own = this.appClock instanceof InProcessAppClock ? this.appClock : undefined
      const held = this.#agentHeld ?? own
      // The call's time the real time held moved on (caughtUpMs) is real time, not the timers'.
      const caughtUpMs = held?.caughtUpMs ?? 0
      const virtualMs = cameAt - sentAt - caughtUpMs
      const collectedMs = own ? gcPausedMs() - collectedBefore : 0
      const heldMs = Math.max(0, (virtualMs > 0 && held ? held.leadMs + caughtUpMs : exchange.response.ms) - collectedMs)
      // Beside the timers' virtual time, a few ms of real time are the host's (REAL_JITTER_MS):
      // not counted, so the verdict at the deadline's edge (a 5000 ms timer) is the same every run.
      const realMs = virtualMs > 0 && heldMs <= REAL_JITTER_MS ? 0 : heldMs
      if (virtualMs + realMs > this.webhookPatienceMs) this.#answeredLate(name, virtualMs + realMs, { virtualMs, realMs }, 'webhook', afterEnd)
    }
  }

  /** The webhook got no usable answer: the failure that names the turn, what was sent and what came back (or did not). */
  #noExchange(error: unknown, delivery: Delivery, body: string | undefined, sentAt: number): unknown {
    // No answer came after all: a timer line of this wait said it did.
    this.#timerNotes?.unanswered(this.turn, `its answer to ${delivery.name}`)
    // The wait ended without the answer, the app crashed (a timer of its threw): the exchange ends too.
    if (appCrashes.has(error as object)) this.#crashed?.trip(error)
    if (this.stopSignal?.aborted) return this.stopSignal.reason
    const failure = (error as { failure?: string }).failure
    if (failure === 'timeout' || failure === 'network' || appCrashes.has(error as object)) this.appStoppedAnswering = true
    const request = (error as { request?: { method: string; url: string; body?: string } }).request
    const where = request ? `${request.method} ${request.url}` : `${delivery.method ?? 'POST'} ${this.transport.urlOf(delivery.target ?? '')}`
    const what =
      failure === 'too-large'
        ? `the answer to turn ${this.turn} (${delivery.name}, ${where}) ${(error as Error).message}`
        : this.#noAnswer(delivery.name, where, error as Error, failure === 'timeout', sentAt)
    return carryUnreachable(new AppResponseError(`${what}\nRequest sent:\n${body ?? '(no body)'}`), error)
  }

  /**
   * A webhook to an app in this process ends at once, failing with the error, when the process
   * has an uncaught exception or rejection while the app handles it (app-crashes.ts), or an app
   * timer throws (#answeredWithClock). The test's stop (stopSignal) ends it too. One watch and one
   * tripwire a call (tripwire.ts: cheaper than an AbortController a webhook), ended with the app's
   * clock (stopAppClock); after a crash no webhook goes out.
   */
  #watchForCrash(): CrashWatch {
    if (this.#crashWatch) return this.#crashWatch
    const crashed = (this.#crashed = new Tripwire())
    const stop = this.stopSignal
    if (stop?.aborted) crashed.trip(stop.reason)
    else stop?.addEventListener('abort', () => crashed.trip(stop.reason), { once: true })
    return (this.#crashWatch = watchForAppCrash((error, answered) => crashed.trip(crashedWhileHandling(error, answered)), (error) => crashed.trip(failAsThrewAfterAnswer(this, error))))
  }

  #crashWatch: CrashWatch | undefined
  #crashed: Tripwire | undefined

  /**
   * An answer that never came while the app still had a timer pending past what a webhook's wait
   * fires (LATE_ANSWER_MS): said, since the app may have been about to answer on it; said to be the
   * mock's when the test's mock set it (a mocked latency). `timedOut`: the wait ran out, perhaps on
   * an endless setImmediate poller (spinningChainText).
   */
  #beyondLateTimers(sentAt: number, timedOut = false): string {
    const unfired = this.#unfired
    this.#unfired = undefined
    const clock = this.appClock
    // The wait ran out on an endless setImmediate poller: said instead, the timers below are its hops.
    const spinning = timedOut && clock instanceof InProcessAppClock ? clock.spinningChain() : undefined
    if (spinning !== undefined) return spinningChainText(spinning)
    // Past what a wait fires at all, the reason is that reach, not the app's other work (below).
    if (unfired?.older && unfired.dueMs <= LATE_ANSWER_MS) {
      const patience = formatDelay(this.webhookPatienceMs)
      const waits =
        this.webhookDeadlineSource !== undefined
          ? `the ${patience} the vendor documents the platform waits`
          : `the ${patience} callspec assumes the platform waits (limits.responseTimeoutMs)`
      // A timer the test's mock set (a mocked latency on the call's clock) is said to be the mock's, never the app's.
      if (unfired.mock !== undefined) {
        return (
          ` The next timer on the call's clock is not the app's: ${unfired.mock} set it, the mocked latency of a request of the app's, before this webhook went out (a request an earlier webhook started?), due ${formatDelay(unfired.dueMs)} (virtual) after it: ` +
          `past ${waits}, while the app has other work pending (a request, real I/O), a webhook's wait fires only the timers set while handling it, so callspec did not fire that one while this webhook waited. ` +
          "If the answer waits on that request, the platform gives up before it comes: answer without it, start the request sooner, or shorten the mock's latency."
        )
      }
      return (
        ` The app has a timer it set before this webhook went out (work an earlier webhook started?), due ${formatDelay(unfired.dueMs)} (virtual) after it: ` +
        `past ${waits}, while the app has other work pending (a request, real I/O), a webhook's wait fires only the timers the app sets while handling it, so callspec did not fire that one while this webhook waited. ` +
        'If the answer waits on it, the platform gives up before it comes: answer without it, or start that work sooner.'
      )
    }
    const next = clock instanceof InProcessAppClock ? clock.next() : undefined
    const dueMs = next !== undefined ? next - sentAt : unfired?.dueMs
    if (dueMs === undefined || dueMs <= LATE_ANSWER_MS) return ''
    const mock = next !== undefined ? (clock as InProcessAppClock).nextTimerMock() : unfired?.mock
    if (mock !== undefined) {
      return (
        ` The next timer on the call's clock is not the app's: ${mock} set it, the mocked latency of a request of the app's, due ${formatDelay(dueMs)} (virtual) after this webhook went out. ` +
        `A webhook's wait fires timers up to ${formatDelay(LATE_ANSWER_MS)} after it, so an answer that waits on that request counts as none: shorten the mock's latency, or give the app a guard of its own (AbortSignal.timeout(ms) on the request) that answers without it.`
      )
    }
    return ` The app has a timer due ${formatDelay(dueMs)} (virtual) after this webhook went out: a webhook's wait fires the app's timers up to ${formatDelay(LATE_ANSWER_MS)} after it, so an answer held back longer counts as none.`
  }

  /**
   * A timer due past the platform's patience that the last webhook's wait did not fire
   * (#answeredWithClock): the app's, or `mock`, who of the test's mocks set it (`a nock reply`).
   */
  #unfired: { dueMs: number; older: boolean; mock?: string } | undefined

  /**
   * The app's own timer held its answer back past the platform's patience (`webhookPatienceMs`).
   * Judged by the rule `<platform>/answer-in-time` at its level: where the vendor documents no
   * deadline the rule is inferred (a warning; `strict` fails it), where it does (the driver's
   * `answerDeadline`) the call fails and the message cites the vendor.
   * `of`: what was answered, a webhook or a request the platform made of the app (an 8x8 file
   * download). `afterEnd`: the webhook was sent after the call ended; where the driver names a rule
   * for that (`answerDeadline.afterEnd`), it is judged by that rule instead (#answeredLateAfterEnd).
   */
  #answeredLate(name: string, tookMs: number, time: AnswerTime, of: 'webhook' | 'request' = 'webhook', afterEnd = false): void {
    const afterEndRule = afterEnd && of === 'webhook' ? this.webhookAfterEndRule : undefined
    if (afterEndRule !== undefined) return this.#answeredLateAfterEnd(afterEndRule, name, this.#tookText(tookMs, time))
    const rule = `${this.platform}/answer-in-time`
    const documented = this.webhookDeadlineSource !== undefined
    const patience = formatDelay(this.webhookPatienceMs)
    const took = this.#tookText(tookMs, time)
    // A documented deadline is cited by the rule's tag: not said twice.
    const message =
      `the app answered ${name} ${took}: ` +
      (documented
        ? `longer than the ${patience} the vendor documents the platform waits`
        : `longer than the ${patience} callspec assumes the platform waits (the vendor documents no ${of} timeout: ${this.patienceSetByUser ? 'your limits.responseTimeoutMs is taken as it' : `${patience} is callspec's default; a limits.responseTimeoutMs you set is taken as it, and is callspec's wait too`})`)
    if (!(rule in this.rules.table) || this.breaks(rule, message)) {
      // Led by the inference where the vendor documents no deadline (inferred-lead.ts), as every inferred rule's failure is.
      // In real time the user's longer wait let the answer in: said, as raising it is the likely attempt.
      const wait = time !== 'virtual' ? " (limits.responseTimeoutMs is only how long callspec waits: it does not move the platform's deadline)" : ''
      const fix = documented
        ? `Answer first and act after${wait}; if your account's platform waits longer, set rules: { '${rule}': 'warn' }.`
        : 'Raise limits.responseTimeoutMs if the platform waits longer, or answer first and act after.'
      const said = rule in this.rules.table ? ruleFailure(vendorOf(this.platform), this.rules, rule, message, ` ${fix}`) : `${message}. ${fix}`
      throw new LateAnswerError(said)
    }
  }

  /** How long a late answer took, and what of: its timers (virtual), real time, or both (#answeredLate). */
  #tookText(tookMs: number, time: AnswerTime): string {
    // Said beside the patience it passed: never as the patience itself (5001 ms is "5.001 s").
    const total = (ms: number) => formatPast(ms, this.webhookPatienceMs)
    if (time === 'virtual') {
      const mock = this.#heldBackByMock
      this.#heldBackByMock = undefined
      // A mocked latency on the call's clock is the mock's, never said to be the app's (as in the transcript's timer lines).
      return `${total(tookMs)} (virtual) after it was sent, held back by ${mock === undefined ? 'its own timer' : `the mocked latency ${mock} set on the call's clock, of a request of the app's`}`
    }
    if (time === 'real') return `${total(Math.round(tookMs))} after it was sent (real time, measured: callspec does not run this app's timers)`
    if ('scale' in time) {
      return `${total(Math.round(tookMs))} after it was sent on the call's clock (${formatDelay(Math.round(time.realMs))} of real time, at time: { scale: ${time.scale} }, less ${REAL_JITTER_MS} ms of it for the exchange itself)`
    }
    if (time.virtualMs > 0) {
      return `${total(Math.round(tookMs))} after it was sent: ${formatDelay(time.virtualMs)} (virtual) on its own timers and ${formatDelay(Math.round(time.realMs))} of real time on top of them (${REAL_PART})`
    }
    return `${total(Math.round(tookMs))} after it was sent, in real time (${REAL_PART})`
  }

  /**
   * A late answer to a webhook sent after the call ended (EnableX's disconnected): the vendor's
   * deadline says what becomes of a live call, and this one is over, so the lateness is callspec's
   * inference, judged by the driver's rule (inferred: a warning, `strict` fails it, led by the
   * inference), never as the documented deadline (helper-127 finding 2: a 6 s answer to
   * disconnected failed the call citing EnableX, while a 500 to it only warned).
   */
  #answeredLateAfterEnd(rule: string, name: string, took: string): void {
    const deadline = this.webhookDeadlineSource !== undefined ? `the ${formatDelay(this.webhookPatienceMs)} the vendor documents the platform waits` : `the ${formatDelay(this.webhookPatienceMs)} callspec assumes the platform waits`
    const message = `the app answered ${name} ${took}: longer than ${deadline}, but the call was over when it was sent: no call is left to cut short, so callspec infers the platform drops the late answer`
    if (!this.breaks(rule, message)) return
    throw new LateAnswerError(ruleFailure(vendorOf(this.platform), this.rules, rule, message, " Answer first and act after: write the call's record once the answer is sent."))
  }

  /**
   * The app's requests still in flight when its answer did not come: the answer may wait on one (a
   * backend that never answers, or answers after the wait). Measured (audit-117): a Webex Connect
   * app awaiting a backend that never answered failed with only "the app never answered".
   */
  /**
   * A webhook's wait ran out with nothing of the app's pending (no timer, no request, no I/O):
   * the handler returned without answering, the newcomer's usual slip (a branch that never calls
   * res.json()). Said as a question: callspec sees most, not all, of what an app may wait on.
   */
  #answerForgotten(error: Error): string {
    const clock = this.appClock
    // Only when nothing of the answer came: an app that sent its status, headers or bytes answered,
    // and the question sent the reader looking for a res.end() that is there (audit H8). What it had
    // pending is no witness then: the exchange's end closed the response, and an app that drips on
    // setInterval clears it on 'close' before this is asked (measured: no timer left, beside "The app
    // has a timer due 60.1 s" read earlier).
    if (!error.message.endsWith(`: ${NEVER_ANSWERED}.`)) return ''
    if (!(clock instanceof InProcessAppClock) || !clock.pendingNothing()) return ''
    return "\nHint: nothing of the app's was pending when callspec stopped waiting (no timer, no request of its in flight, no I/O callspec can see): does a branch of the handler return without answering (res.end(), res.json(), res.send())?"
  }

  /**
   * An app with no clock of callspec's (by URL) while the test's own fake clock has timers pending:
   * an app of this process reached by URL runs its timers there, and nothing advances that clock
   * while callspec waits (helper-136 finding 13: "the app never answered", nothing more, its 1 s
   * pause pending on vi.useFakeTimers()' clock).
   */
  #testClockHolds(): string {
    if (this.appClock || this.#hadClock) return ''
    const pending = testClockTimers()
    if (!pending) return ''
    return (
      `\nHint: the test's own fake clock (vi.useFakeTimers()) has timers pending (${pending}), and nothing advances it while callspec waits. ` +
      'An app of this process reached by URL runs its timers there; callspec drives that clock only for an app passed itself: callTo(app, …) instead of its URL, or real timers for this test.'
    )
  }

  /** What of the app's callspec saw still at work when the wait ran out: its requests in flight, and its children and workers past the patience. */
  #stillAtWork(): string {
    const clock = this.appClock
    if (!(clock instanceof InProcessAppClock)) return ''
    return listed("The app's requests still in flight (its answer may be waiting on one)", clock.requestsInFlight()) + listed("The app's child processes and workers still at work (its answer may be waiting on one)", clock.offspringAtWork())
  }

  /**
   * `no answer to PLAYED (POST …): <why>`: the headline, then the rule's source where it cites the
   * vendor's deadline (on a line of its own: ruleCitation), then what the app still had in flight.
   */
  #noAnswer(name: string, where: string, error: Error, timedOut: boolean, sentAt: number): string {
    const waited = timedOut ? this.#waitedAgainstDeadline(error.message) : { said: withoutPrefix(error.message), sourceLine: undefined }
    const source = waited.sourceLine === undefined ? '' : `\n${waited.sourceLine}`
    const atWork = timedOut ? this.#stillAtWork() : ''
    // Something of the app's was still at work: its answer may only be slow, not forgotten.
    const said = atWork ? waited.said.replace(`: ${NEVER_ANSWERED}.`, ': the app had not answered by then.') : this.#unseenWait(waited.said, error)
    const timers = this.#beyondLateTimers(sentAt, timedOut)
    // A timer said to be due (read when the wait ended) is pending work of the app's, even if the
    // app cleared it when the exchange closed the request: no hint that nothing was (audit H8).
    const forgotten = timers === '' ? this.#answerForgotten(error) : ''
    return `no answer to ${name} (${where}): ${said}${timers}${source}${timedOut ? atWork + forgotten + this.#testClockHolds() : ''}`
  }

  /**
   * The wait ran out with nothing of the answer from an app callspec cannot see at work (by URL,
   * under the agent, `appClock: false`): not "never answered", as it may only be slow; said as
   * callspec's wait and how to lengthen it. An app in this process that is quiet keeps "never
   * answered" (callspec sees it has nothing pending), as does a connection closed with nothing.
   */
  #unseenWait(said: string, error: Error): string {
    const wait = error instanceof TransportError ? error.wait : undefined
    if (!wait || this.appClock instanceof InProcessAppClock) return said
    return said.replace(`${noCompleteAnswer(wait)}: ${NEVER_ANSWERED}.`, `${notAnsweredWithin(wait)}.${this.#lateRuleOff()}`)
  }

  /**
   * Said when the platform's `<platform>/answer-in-time` is 'off' and callspec's real-time wait
   * still ran out: the rule judges how late an answer came, it does not lengthen the wait (a
   * real-time bound callspec needs to end a call at all). Audit h172 F9: a test that turned the
   * rule off for an undocumented webhook timeout failed at the 6 s wait with no word of why.
   */
  #lateRuleOff(): string {
    const rule = `${this.rules.platform}/answer-in-time`
    if (!(rule in this.rules.table) || this.rules.level(rule) !== 'off') return ''
    return ` Rule ${rule} is 'off': that stops callspec judging how late an answer comes, not its real-time wait for one, which limits.responseTimeoutMs sets.`
  }

  /**
   * A webhook's real-time wait ran out. Where the vendor documents a deadline (the driver's
   * `answerDeadline`) longer than that wait, the app may only be slow: said so, with the vendor's
   * figure and how to wait longer, never "the app never answered" (audit-76 V2: a 4.5 s answer by
   * URL failed so at 4000 ms). Where the wait outlasted it, the platform would have given up too.
   * The deadline's rule is cited by its id; its source comes back apart, for a line of its own.
   */
  #waitedAgainstDeadline(message: string): { said: string; sourceLine: string | undefined } {
    const source = this.webhookDeadlineSource
    if (source === undefined) return { said: message, sourceLine: undefined }
    const rule = `${this.platform}/answer-in-time`
    const { tag, sourceLine } = this.rules.breach(rule) ?? ruleCitation(rule, source, 'doc')
    const deadline = formatDelay(this.webhookPatienceMs)
    const waitedMs = this.limits.responseTimeoutMs
    if (waitedMs >= this.webhookPatienceMs) return { said: `${message} That is past the ${deadline} the vendor documents the platform waits for an answer (${tag}): the platform gives up on it too.`, sourceLine }
    const fitted = this.fitted?.cut.responseTimeoutMs !== undefined
    const how = fitted
      ? 'give the test a longer timeout (callspec fits its default wait to it) or set limits.responseTimeoutMs'
      : `raise limits.responseTimeoutMs past the ${deadline}, or leave it out (callspec's default wait outlasts it where the test's timeout allows)`
    return {
      said:
        `${message.replace(`: ${NEVER_ANSWERED}.`, ': the app had not answered by then.')} ` +
        `The vendor documents the platform waits ${deadline} for an answer (${tag}): callspec stopped waiting before that, so the app may only be slow. To wait for a slower answer, ${how}.`,
      sourceLine,
    }
  }

  /** The app had a clock this call, now stopped (stopAppClock): its answers were judged in virtual time. */
  #hadClock = false

  /**
   * While a webhook waits for its answer, the app's own timers keep running on the call's clock:
   * a handler that awaits a 2 s delay before answering answers at virtual +2 s, in no real time.
   * Without this, the handler would wait on a fake timer nobody advances and the call would fail
   * as if the app never answered. An answer its timers hold back past the platform's assumed
   * patience is judged when it comes (#answeredLate); an app that never answers fails at the
   * real-time deadline (the same `limits.responseTimeoutMs`, running since the webhook went out).
   */
  #answeredOnAppTime<T>(send: () => Promise<T>, answering: string, stopAfterEnd?: () => void): Promise<T> {
    const clock = this.appClock
    // Not async itself: an app by URL (no clock) costs no extra promise and hop on every turn; two
    // reads while neither a hang-up nor a key is due.
    if (!clock) return this.callerHangsUpAt === undefined && this.keyDue === undefined && !this.goesOnWithoutAnswers && !this.#platformOverHeld(this.clock.now()) ? send() : this.#answeredByUrlUnlessCallerActs(send)
    // An app in this process: once it is quiet its answer cannot still be on its way.
    if (clock.kind === 'in-process') return this.#answeredWithClock(send, clock, answering, undefined, stopAfterEnd)
    // An app under callspec/agent may have answered already, its bytes in transit: its agent tells
    // whether its server still holds the webhook (then, quiet, it waits on a timer of its own).
    // Another clock of kind 'agent' (a test's own) cannot tell: its timers wait.
    if (isAgent(clock)) return this.#answeredUnderAgent(send, clock, answering, stopAfterEnd)
    return send()
  }

  /**
   * An answer from an app with no clock callspec knows (by URL, `time: 'real'`, `appClock: false`)
   * while the caller's next act is due (a key a press step types, or a hang-up): the real time the
   * app holds it counts as the call's time (times the scale when paced by the wall clock,
   * `time: { scale }`), as the answer's deadline counts it (#judgeAnswerTime), and the caller acts
   * at their own instant, not behind the answer. A key is pressed then, on whatever the platform has
   * listening (usually nothing: ignored, and noted then), and the wait goes on. At the hang-up the
   * wait stops (the call's clock moved to it, or, after keys or words, left for the silence's step
   * to move) for the caller to hang up (#parkForHangUp); the wait goes on once the call is over
   * (finishLateAnswers), and the late answer is stamped with the real time it held. Measured before:
   * beside an app in another process holding ANSWERED 1.5 s, `.staySilent(1000).hangUp()` hung up
   * once the answer came, and its PLAY ran; holding COLLECTED_DIGITS 1.5 s, `.pressDigits('12', {
   * gapMs: 500 })` pressed "2" once the answer came, into the collection it started ("Second: 2.").
   */
  async #answeredByUrlUnlessCallerActs<T>(send: () => Promise<T>): Promise<T> {
    const sentAt = this.clock.now()
    const heldTurn = this.turn
    const started = realNow()
    const pending = send()
    let cameAt: number | undefined
    const came = () => {
      cameAt = this.clock.now()
      return true
    }
    const answered = pending.then(came, came)
    /** A key was pressed, or a platform timer fired, while this answer was held: the call's clock moved to it. */
    let pressed = false
    for (;;) {
      // An action came that the step may be waiting for: it goes on meanwhile (#stepTurns).
      if (this.#turnDue()) {
        await this.#yieldToStep()
        continue
      }
      const act = this.#nextAct(sentAt)
      if (act === undefined && !this.goesOnWithoutAnswers) return pressed ? this.#byUrlAnswerStamped(pending, sentAt, started) : pending
      // On a platform that reads nothing from answers (EnableX), what the app asks of the API while
      // it holds this one (a play) may set the platform's next timer (its end), or bring the action
      // the step waits for: looked at again then. Measured before: by URL, a 2 s prompt asked for
      // before a 3 s acknowledgement of connected reached the app as ended after that ack, in real
      // time, and the key after it too.
      const woken = this.goesOnWithoutAnswers ? Promise.race([answered, this.#nextApiRequest()]) : answered
      if (act === undefined) {
        if ((await woken) === true) return pressed ? this.#byUrlAnswerStamped(pending, sentAt, started) : pending
        continue
      }
      const { at, key, timer } = act
      // In virtual time the exchange's own few ms are the host's, not the app's (REAL_JITTER_MS, as
      // #judgeAnswerTime leaves them out): an answer due at the act's instant comes first, as ties
      // go to the app. Paced by the wall clock, the call's time is the wall's: the act comes at its
      // instant (times the scale, those few ms made a scale-2 hang-up 100 ms late).
      const heldMs = realNow() - started
      const due = await sleepUnless(this.#pace ? Math.max(0, (at - sentAt) / this.#pace.scale - heldMs) : Math.max(0, at - sentAt + REAL_JITTER_MS - heldMs), woken)
      if (due === true) return pressed ? this.#byUrlAnswerStamped(pending, sentAt, started) : pending
      if (due === API_REQUEST) continue
      if (timer) {
        await this.#firePlatformWhileHeld(undefined, timer, heldTurn, () => cameAt)
        pressed = true
        continue
      }
      if (key) {
        // Not if another wait pressed it meanwhile (a webhook the key brought, sent beside this
        // one): the next act is read again.
        if (this.keyDue !== key || key.at !== at) continue
        this.clock.skipTo(at)
        await key.press()
        pressed = true
        continue
      }
      if (!this.#onPark || this.callerHangsUpAt !== at) continue
      // After the caller's keys or words (`.pressDigits(keys).staySilent(ms).hangUp()`) the silence is
      // the next step's, which ends at the hang-up (parkedHangUpAt): the clock stays where they ended.
      if (this.hangsUpAfterInputMs === undefined) this.clock.skipTo(at)
      await this.#parkForHangUp()
      // The call is over: its clock follows the real time the answer holds (paced, it follows the
      // wall already), so that the answer, and what the app asks of the platform's API meanwhile (an
      // EnableX play refused with 404), are stamped when they came.
      if (this.#pace) return pending
      this.clock.followWall(() => sentAt + Math.round(realNow() - started))
      return pending.finally(() => {
        this.clock.now()
        this.clock.followWall(undefined)
      })
    }
  }

  /**
   * The answer by URL a key was pressed beside (#answeredByUrlUnlessCallerActs), which moved the
   * call's clock to the key: in virtual time the answer comes where the real time it held puts it,
   * after the key, not at the key's instant (paced by the wall clock, the call's time is the wall's
   * already). Measured: "Another key.", held 1.5 s of real time after "1" at 1.3 s, played at 1.8 s,
   * the instant of the "2" ignored before it.
   */
  async #byUrlAnswerStamped<T>(pending: Promise<T>, sentAt: number, started: number): Promise<T> {
    const answer = await pending
    if (!this.#pace) this.clock.skipTo(sentAt + Math.round(realNow() - started))
    return answer
  }

  /**
   * An answer from an app under callspec/agent, and, when it took longer than the host's jitter,
   * what the app's real I/O held of it (the agent's lead and how far its clock moved on with it,
   * HeldResult): the call's time follows the app's, so the answer stands where production's does,
   * and the answer's deadline counts that real time (#judgeAnswerTime), as for an app in this
   * process. Measured: an app under the agent that awaited a 5.5 s lookup before answering ANSWERED
   * passed Webex Connect's 4 s with no warning, and read 0 ms for the lookup.
   */
  async #answeredUnderAgent<T>(send: () => Promise<T>, agent: AgentHandle, answering: string, stopAfterEnd?: () => void): Promise<T> {
    const started = realNow()
    const answer = await this.#answeredWithClock(send, agent, answering, agent, stopAfterEnd)
    if (realNow() - started > APP_WORK_MS) {
      const held = await agent.held()
      this.clock.skipTo(held.now)
      this.#agentHeld = held
    }
    return answer
  }

  /** What the app's real I/O held of the latest webhook's answer, under callspec/agent (#answeredUnderAgent). */
  #agentHeld: HeldResult | undefined

  #answeredWithClock<T>(send: () => Promise<T>, clock: AppClock, answering: string, agent?: AgentHandle, stopAfterEnd?: () => void): Promise<T> {
    this.#unfired = undefined
    const own = clock instanceof InProcessAppClock ? clock : undefined
    // Timers pending as the webhook goes out are not what holds its answer back: past the
    // platform's patience only newer ones fire. Read before it is sent: an app in this process may
    // handle it before send() returns (a GET with no body to wait for routes at once: audit-107, a
    // download's 5 s render was taken for an older timer and never fired). Of another in-process
    // clock (a test's own AppClock) callspec cannot tell: none fire past it.
    const earlier = own ? (own.hasTimers ? own.timerIds() : NO_TIMERS) : undefined
    const pending = send()
    // The usual case: no app timer pending, so nothing to fire until the answer comes or the app
    // sets one (a handler awaiting a delay). Measured: the quiet wait below cost ~3 µs a turn. Not
    // when the app set one while it was sent: that one is not waited for. Not async itself: the
    // wait below is a large async function, whose suspended frame cost ~2.4 KB of garbage a turn.
    if (own && earlier === NO_TIMERS && !own.hasTimers && this.callerHangsUpAt === undefined && this.keyDue === undefined && !this.#markedOverHeld()) {
      return own.answerOrTimer(pending).then((answered) => (answered ? pending : this.#answeredFiringTimers(pending, clock, answering, agent, earlier, stopAfterEnd)))
    }
    return this.#answeredFiringTimers(pending, clock, answering, agent, earlier, stopAfterEnd)
  }

  /**
   * #answeredWithClock's wait once the app has a timer (or its clock is an agent's): fires them as
   * the answer waits on them. `stopAfterEnd`: a request of the platform's own (fetchFromApp), stopped
   * once the call has ended and none of the app's timers is left to fire (only its real I/O holds it).
   */
  async #answeredFiringTimers<T>(
    pending: Promise<T>,
    clock: AppClock,
    answering: string,
    agent: AgentHandle | undefined,
    earlier: ReadonlySet<number> | undefined,
    stopAfterEnd?: () => void,
  ): Promise<T> {
    const waits = (this.#waits ??= [])
    const wait = {}
    waits.push(wait)
    /** When the answer came, if during the wait for a webhook sent beside it (#cameAt). */
    let cameAt: number | undefined
    const came = () => {
      if (waits.at(-1) === wait) return
      cameAt = this.clock.now()
      // The app's timer that just fired in that wait gave this answer (timer-notes.ts).
      const note = this.#lastTimerNote
      if (note?.at === cameAt) this.#timerNotes?.answers(note, answering)
    }
    // Before the wait's own: this one runs first.
    void pending.then(came, came)
    try {
      const answer = await this.#answeredFiringTimersIn(pending, clock, answering, agent, earlier, stopAfterEnd)
      this.#cameAt = cameAt
      return answer
    } finally {
      waits.splice(waits.indexOf(wait), 1)
    }
  }

  /** The waits for held answers going on, the latest last (#answeredFiringTimers). */
  #waits: object[] | undefined

  /** The line of the app's timers that fired last (#fireAppTimers). */
  #lastTimerNote: Note | undefined

  async #answeredFiringTimersIn<T>(
    pending: Promise<T>,
    clock: AppClock,
    answering: string,
    agent: AgentHandle | undefined,
    earlier: ReadonlySet<number> | undefined,
    stopAfterEnd: (() => void) | undefined,
  ): Promise<T> {
    const own = clock instanceof InProcessAppClock ? clock : undefined
    let settled = false
    /** When the answer came (virtual): before the end of a call a timer fired beside it ended, it was not too late (#firePlatformWhileHeld). */
    let settledAt: number | undefined
    /** The app's last timer line this wait wrote, with its real I/O as it fired and the real time after (InProcessAppClock.ioEndedSince). */
    let lastFired: { turn: number; io: IoMark; realAt: number; doneAt: number | undefined } | undefined
    /** The answer came from real I/O already in flight as that timer fired, not from the timer: the turn of its line. */
    let fromIo: number | undefined
    const came = () => {
      settled = true
      settledAt = this.clock.now()
      if (own && lastFired && own.ioEndedSince(lastFired.io, lastFired.realAt, lastFired.doneAt ?? lastFired.realAt)) fromIo = lastFired.turn
    }
    const done = pending.then(came, came)
    const sentAt = this.clock.now()
    const heldTurn = this.turn
    let firedLate = 0
    /** Since when (real) the app has held this answer with nothing pending while the platform's next event was due (#eventBehindAnswer). */
    let heldBehindSince: number | undefined
    /** Since when (real) only the app's timers have been pending, the next an older one past the patience. */
    let onlyTimersSince: number | undefined
    /** Who of the test's mocks set the last timer fired past the patience, if one did (a nock reply's pause). */
    let lastLateMock: string | undefined
    /** Where the last look paced by lingering I/O ended, while the loop went straight round since (#keepPace). */
    let paced: PacedMark | undefined
    // An agent's answer usually comes before the agent could tell anything: nothing asked then.
    if (agent && AGENT_FIRST_LOOK_MS > 0) await sleepUnless(AGENT_FIRST_LOOK_MS, done)
    while (!settled) {
      if (agent) {
        // An action came that the step may be waiting for: it goes on meanwhile (#stepTurns).
        if (this.#turnDue()) {
          await this.#yieldToStep()
          continue
        }
        // How many requests the app's servers hold open, once it is quiet (the answer stops the wait).
        // While the caller's next act is due (a key, or a hang-up the step can go on to), the agent's
        // wait on the app's real I/O ends when production's time reaches it, as #keyDueNow and
        // #hangUpDue tell for an app in this process.
        const act = this.#nextAct(sentAt)
        // The call is over, and a download (stopAfterEnd) is held with no timer of the app's pending:
        // the agent's wait ends at once when only the app's real I/O holds it ('caller' at this instant).
        const stopAt = stopAfterEnd && this.ended && agent.pending().length === 0 ? this.clock.now() : undefined
        const held = await Promise.race([done.then(() => 0), agent.answering(act?.at ?? stopAt)])
        if (settled) break
        this.#throwAppError()
        // Then it is stopped, as for an app in this process (below): nothing is judged on it now. The
        // app's timers (a file rendered on a timer) still fire first, in no real time. Measured before
        // (audit h170): an 8x8 file route awaiting a 3 s query, the caller hanging up at 1 s, took
        // 3.4 s of real time, the download waited out after the end.
        if (stopAt !== undefined && act === undefined && held !== 0) {
          stopAfterEnd!()
          await done
          break
        }
        // The caller acts, or the platform's timer that waits for no answer fires, while the app's
        // real I/O (a lookup in another process) holds this answer: not behind it.
        if (held === 'caller') {
          if (act?.key !== undefined && this.keyDue === act.key) await this.#pressWhileHeld(clock, act.key)
          else if (act?.timer !== undefined) await this.#firePlatformWhileHeld(clock, act.timer, heldTurn, () => settledAt)
          else if (this.#onPark && this.callerHangsUpAt !== undefined) {
            this.clock.skipTo(this.callerHangsUpAt)
            await this.#parkForHangUp()
          }
          continue
        }
        if (held === 0) {
          // Its answer is written and on its way (or the webhook is still on its way to the app):
          // firing a timer now could put it before the answer. Look again shortly.
          await Promise.race([done, realSleep(2)])
          continue
        }
      } else {
        // The call is over and only the app's real I/O holds this download: nothing is judged on it
        // now, so it is stopped rather than waited out. Its timers (a file rendered on a 3 s timer of
        // its own) still fire first, in no real time, as a late webhook answer's do. Measured before:
        // a file route awaiting a 3 s service took the 3 s of real time after the caller hung up at 1 s.
        if (stopAfterEnd && this.ended && own && !own.hasTimers) {
          stopAfterEnd()
          await done
          break
        }
        // The quiet wait stops once the answer is in: its turns would be spent for nothing.
        await Promise.race([done, clock.quiet(() => settled || this.#turnDue() || (own !== undefined && (this.#hangUpDue(own, sentAt) || this.#keyDueNow(own, sentAt) || this.#platformDueNow(own, sentAt) !== undefined)))])
        if (settled) break
        // Every way round this loop passes here: an app timer that threw while the app worked (a
        // setImmediate or 0 ms timer the quiet wait ran) fails the turn now, not at the deadline.
        this.#throwAppError()
        // An action came that the step may be waiting for (EnableX's play, asked for before the app
        // acknowledged connected): the step goes on meanwhile (#stepTurns).
        if (this.#turnDue()) {
          await this.#yieldToStep()
          continue
        }
        // The caller hangs up while the app's real I/O (a lookup in another process) holds this answer: not behind it.
        if (own && this.#hangUpDue(own, sentAt)) {
          this.clock.skipTo(this.callerHangsUpAt!)
          await this.#parkForHangUp()
          continue
        }
        // The caller's next key falls due while the app's real I/O holds this answer: pressed then.
        if (own && this.#keyDueNow(own, sentAt)) {
          await this.#pressWhileHeld(clock, this.keyDue!)
          continue
        }
        // The platform's timer that waits for no answer (a callee's hang-up) falls due then too: it fires.
        const platform = own && this.#platformDueNow(own, sentAt)
        if (platform) {
          await this.#firePlatformWhileHeld(clock, platform, heldTurn, () => settledAt)
          continue
        }
        const behind = own && this.#eventBehindAnswer(own)
        heldBehindSince = behind ? (heldBehindSince ?? realNow()) : undefined
        if (behind && realNow() - heldBehindSince! >= ONLY_TIMERS_GRACE_MS) throw new Error(eventBehindAnswerText(behind.label, answering))
      }
      const next = await clock.next()
      // Not while that request is still in flight: the timer the wait now fires (a heartbeat the real
      // time ran down) and the quiet wait after it pass in its real time too, and the next paced look
      // counts them. Dropped, each firing lost that stretch (~200 ms a heartbeat with a feed keeping
      // the app's turns busy), a loss the call's clock showed once it kept up with the real time held
      // (audit-136 F07: a 5.6 s lookup answered EnableX's incomingcall at 4.9 s, within its 5 s).
      // From the first quiet wait that ends with it lingering, its stretch counted when it answers.
      if (own?.lingeringIo) paced ??= own.pacedMark()
      else if (paced) {
        own!.pacedUntilNow(paced)
        paced = undefined
      }
      // A request the app may be awaiting goes on in real time past callspec's patience: its timers keep pace with it.
      if (own?.pacedByLingeringIo()) {
        paced = await this.#keepPace(own, Promise.race([done, realSleep(2)]), paced)
        continue
      }
      // The caller presses a key (#pressWhileHeld) or hangs up (#parkForHangUp), or the platform's
      // timer that waits for no answer fires (#firePlatformWhileHeld), before the app's timer that
      // may bring this answer: not behind it.
      const act = next === undefined ? undefined : this.#nextAct(sentAt)
      if (act !== undefined && next! > act.at) {
        if (act.key) await this.#pressWhileHeld(clock, act.key)
        else if (act.timer) await this.#firePlatformWhileHeld(clock, act.timer, heldTurn, () => settledAt)
        else await this.#parkForHangUp()
        continue
      }
      const late = next !== undefined && next - sentAt > this.webhookPatienceMs
      // Past the patience, a timer the app set while handling this webhook may be holding its
      // answer back; an older one (a 30 s idle timer) waits while the app waits on real I/O. With
      // nothing else of the app's pending, what answers can only be a timer, whenever it was set
      // (a lookup an earlier webhook started, awaited now: helper-136 found it failed as no answer
      // with the inferred rule at 'off', where the same pause set in the handler warned). Under
      // callspec/agent, whose real I/O callspec does not see, an older one waits (said if no
      // answer comes, see #beyondLateTimers).
      // Whether it was pending before this webhook went out; undefined: a clock that cannot tell (none fire).
      const older = !late ? false : agent ? agent.olderNext() : earlier && earlier.has(own!.nextTimerId()!)
      // …nothing pending for ONLY_TIMERS_GRACE_MS of real time: work callspec cannot see (a native
      // driver's, a real timer kept from before the call) brings the answer within it.
      if (older && own?.pendingOnlyTimers()) onlyTimersSince ??= realNow()
      else onlyTimersSince = undefined
      const olderWaits = older === undefined || (older && (onlyTimersSince === undefined || realNow() - onlyTimersSince < ONLY_TIMERS_GRACE_MS))
      const unrelated = late && (olderWaits || firedLate >= LATE_FIRES || next - sentAt > LATE_ANSWER_MS)
      // What the wait leaves unfired, as it stands now: one it fired since is no longer (audit h175 F4:
      // a 30 s idle timer fired once only timers were pending was still said unfired, beside work pending).
      this.#unfired = unrelated ? { dueMs: next - sentAt, older: older === true, mock: own?.nextTimerMock() } : undefined
      if (next === undefined || unrelated) {
        // Waiting on real I/O, or on timers past what a late answer plausibly waits on (an app
        // dripping its answer on an interval): look again shortly, until the real-time deadline.
        const look = Promise.race([done, realSleep(2)])
        await (own ? own.waitingOnApp(look) : look)
        continue
      }
      if (late) firedLate++
      // Its requests, from the firing's start; the rest of its I/O, from its end once it is over (InProcessAppClock.ioEndedSince).
      const before = lastFired
      const io = own?.ioMark()
      lastFired = io && { turn: this.turn, io, realAt: realNow(), doneAt: undefined }
      const fired = await this.#fireAppTimers(Math.max(this.clock.now(), next), answering, () => settled)
      // Only immediates and 0 ms timers: no line of their own, the one before stands (#fireAppTimers).
      if (fired.length === 0 && !settled) lastFired = before
      else if (lastFired && !settled) lastFired.doneAt = realNow()
      if (late) {
        const mock = fired.at(-1)?.mock
        lastLateMock = mock && mockSetterOf(mock)
      }
    }
    // The answer came while paced: the real time since the last look held it too (pacedUntilNow).
    if (paced) own!.pacedUntilNow(paced)
    if (fromIo !== undefined) this.#timerNotes?.unanswered(fromIo, answering)
    // Judged once the exchange is over (deliver): the answer came after timers past the patience.
    if (firedLate > 0) {
      this.#heldBack = true
      this.#heldBackByMock = lastLateMock
    }
    return pending
  }

  /**
   * The caller's next key falls due while this webhook waits for the answer the app holds (a timer
   * of its due later, or its real I/O): pressed at its own instant, on whatever the platform has
   * listening then (usually nothing: ignored, and noted then), and the wait goes on. None of the
   * app's timers is due by then: only its Date moves. Measured before (audit helper-150 F1): a key
   * pressed 0.5 s into a 2 s lookup waited for the answer, and went to the collection it started.
   */
  async #pressWhileHeld(clock: AppClock, key: KeyDue): Promise<void> {
    const moved = clock.fire(key.at)
    if (moved instanceof Promise) await moved
    this.clock.skipTo(key.at)
    await key.press()
  }

  /**
   * What comes next while a webhook's answer is held, whatever the app does with it: the key a
   * press step types next, or the caller's hang-up, only if the step can go on without this answer
   * (unlessParked), a tie to the hang-up; or the platform's next timer, if it waits for no answer
   * (#platformOverHeld) and due after the held webhook went out at `sentAt`, first at a tie, as the
   * platform's timers fire before the caller acts at one instant. Undefined: none is due.
   */
  #nextAct(sentAt: number): { at: number; key?: KeyDue; timer?: Timer } | undefined {
    const key = this.keyDue
    const hangUp = this.#onPark ? this.callerHangsUpAt : undefined
    const caller = key !== undefined && (hangUp === undefined || key.at < hangUp) ? { at: key.at, key } : hangUp === undefined ? undefined : { at: hangUp }
    const timer = this.#platformOverHeld(sentAt)
    return timer !== undefined && (caller === undefined || timer.at <= caller.at) ? { at: timer.at, timer } : caller
  }

  /**
   * The platform's next timer, if it fires whatever the app still holds of its answer: one set so
   * (a callee's hang-up), or any on a platform that reads nothing from answers (EnableX). One that
   * depends on the held answer (Webex Connect's next action) is only set once the answer comes.
   * Measured before (audit h154 G7): a callee's hang-up due at 5.0 s fired once the app answered
   * ANSWERED at 7.0 s, and the late PLAY ran; an EnableX prompt of 2 s ended when the app
   * acknowledged `connected`, 4 s in. Only one due after the held webhook went out at `sentAt`: one
   * due at that instant (EnableX's connected right after the accept) comes after the answer, as ties
   * go to the app. Measured: fired beside an incomingcall whose answer was still on its way over TCP,
   * connected's own held answer then kept the step from going on to the caller's hang-up.
   */
  #platformOverHeld(sentAt: number): Timer | undefined {
    const next = this.clock.peek()
    return next !== undefined && next.at > sentAt && (this.#firesOverHeld(next) || this.goesOnWithoutAnswers) ? next : undefined
  }

  /**
   * The timer fires whatever answer the app still holds: set so (a callee's hang-up), or set by
   * what fired beside a held answer (#firePlatformWhileHeld) and by the answers to what it sent,
   * which cannot depend on the answer still held. Measured before: a Webex Connect agent who left
   * a bridge while the app held the connect PATCHED's answer 4 s got PLAY in answer to the PATCHED
   * that said so; its PLAYED, and DROPPED after a HANGUP there, waited for the held answer, 2 s
   * late (test/drivers/webex-connect/party-hangs-up-while-held.test.ts).
   */
  #firesOverHeld(timer: Timer): boolean {
    return timer.overHeldAnswer === true || this.#setBesideHeld.has(timer)
  }

  /** Timers set while one fired beside a held answer (#firesOverHeld). */
  readonly #setBesideHeld = new WeakSet<Timer>()

  /**
   * The platform's next timer was set to fire over a held answer (a callee's hang-up): the wait for
   * an answer then watches for it even while only the app's real I/O holds that answer. Not every
   * timer of a platform that reads no answer (EnableX): there the quick wait stays (answerOrTimer,
   * which the app's acting or setting a timer already leaves for the watched one), as before. Seen
   * with the watched wait taken for every EnableX webhook: once in
   * 14 runs under load, a caller due to hang up at 1000 ms hung up at 1051 ms (the watched wait's
   * bookkeeping of real time held, on an incomingcall answered at once, is the likely cause); none
   * in 8 runs since.
   */
  #markedOverHeld(): boolean {
    const next = this.clock.peek()
    return next !== undefined && this.#firesOverHeld(next) && next.at > this.clock.now()
  }

  /** The platform's timer that waits for no answer is due while the app holds this one on real I/O (#dueOnRealTime). */
  #platformDueNow(own: InProcessAppClock, sentAt: number): Timer | undefined {
    const timer = this.#platformOverHeld(sentAt)
    return timer !== undefined && this.#dueOnRealTime(timer.at, own, sentAt) ? timer : undefined
  }

  /**
   * Fires the platform's timer that waits for no answer (#platformOverHeld) at its instant, while
   * the app holds its answer to turn `heldTurn`: what it sends goes out beside that webhook, as in
   * production. None of the app's timers is due by then: only its Date moves. When it ends the call
   * (the callee hangs up), the answer that comes after is noted as too late and not run (deliver),
   * as after the caller's hang-up.
   */
  async #firePlatformWhileHeld(clock: AppClock | undefined, timer: Timer, heldTurn: number, answeredAt: () => number | undefined): Promise<void> {
    const moved = clock?.fire(timer.at)
    if (moved instanceof Promise) await moved
    // The app's code that ran as its Date moved may have changed the platform's queue: read again.
    if (this.clock.peek() !== timer) return
    const live = this.ended === undefined
    const before = this.clock.lastId
    await this.clock.fireNext()
    for (const set of this.clock.pendingSince(before)) this.#setBesideHeld.add(set)
    // Not if the held answer came meanwhile, by the end (during the wait for a webhook this sent).
    const came = answeredAt()
    if (live && this.ended !== undefined && (came === undefined || came > this.ended.at)) this.#lateTurn = heldTurn
  }

  /** The caller's next key is due while the app holds this answer on real I/O (#dueOnRealTime). */
  #keyDueNow(own: InProcessAppClock, sentAt: number): boolean {
    const key = this.keyDue
    return key !== undefined && this.#dueOnRealTime(key.at, own, sentAt)
  }

  /**
   * The caller's act at virtual `at` is due while the app holds the answer to a webhook sent at
   * `sentAt` on real I/O: production's time (the call's, plus the real time held ahead of it: the
   * lead) has reached it. An act due as the webhook went out (a flow that opens with `.hangUp()`,
   * keys 0 ms apart) waits for the app to hold real time past the host's jitter (APP_WORK_MS): an
   * answer within it comes at the same instant, and ties go to the app. Measured: without that,
   * `.hangUp()` right away beside an app answering ACCEPTED at once (over TCP, or through express's
   * turns) took its ANSWER for a late one.
   */
  #dueOnRealTime(at: number, own: InProcessAppClock, sentAt: number): boolean {
    const lead = own.leadMs
    return productionReached(this.clock.now(), lead, at) && (at - 1 > sentAt || lead > APP_WORK_MS)
  }

  /**
   * The platform's event due now (EnableX's connected after the app's accept), while the app holds
   * this webhook's answer with nothing of its own pending (no timer, no request, no I/O callspec
   * can see): callspec sends webhooks one at a time, so that event waits behind the answer, and an
   * app that waits for it before answering never will (helper-136 finding 5: an SDK-style accept()
   * awaiting connected inside the incomingcall handler failed after 7 s of real time as "the app
   * never answered", with the hint that a branch returns without answering).
   */
  #eventBehindAnswer(own: InProcessAppClock): { label: string } | undefined {
    const due = this.clock.peek()
    if (!due || due.at > this.clock.now() || own.hasTimers || !own.pendingOnlyTimers()) return undefined
    return due
  }

  /**
   * A request the platform makes of the app (an 8x8 playFile download). The app's clock runs while
   * it waits, as while a webhook waits for its answer: measured (audit H7), a file the app served
   * on a 10 ms timer of its own never came, and the call failed with -2006.
   */
  async fetchFromApp(target: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}): Promise<Exchange> {
    const method = init.method ?? 'GET'
    const sentAt = this.clock.now()
    // With no clock of the app's (by URL) stopped as the call ends. In process, once the app's timers
    // have run (#answeredFiringTimers): stopped at the end, a file the app served on a 3 s timer of
    // its own left that timer handed back to real time, to fire in a later test.
    const { stop, done, stopNow } = this.#fetchStop(`${method} ${target}`, !this.appClock)
    let exchange: Exchange
    try {
      exchange = await this.#answeredOnAppTime(() => this.transport.send({ method, target, headers: init.headers, signal: stop }), `its answer to ${method} ${target}`, stopNow)
    } catch (error) {
      // Judged for this request only: a download held back is not the next webhook's answer.
      this.#heldBack = false
      this.#heldBackByMock = undefined
      throw error
    } finally {
      done()
    }
    // Held back by the app's own timers past the platform's patience: judged as a webhook's answer
    // is (rule <platform>/answer-in-time, inferred where the vendor documents no deadline), its
    // failure thrown as such, never a download error the vendor documents.
    if (this.#heldBack) {
      this.#heldBack = false
      this.#answeredLate(`${method} ${target}`, this.clock.now() - sentAt, 'virtual', 'request')
    } else if (!this.appClock && !this.#hadClock && exchange.response.ms > this.webhookPatienceMs) {
      // No clock of the app's (by URL): its answer took real time, judged against the same patience
      // as a webhook's (#judgeAnswerTime). Measured (audit h154 G5): a file 4.5 s late by URL passed
      // without a word, where in process the same file warned.
      this.#answeredLate(`${method} ${target}`, exchange.response.ms, 'real', 'request')
    }
    return exchange
  }

  /**
   * Requests of the platform's own to the app in flight (fetchFromApp), each with what it asks: the
   * call's end stops them (end()). Nothing the call is judged on depends on one once the call is
   * over, and waiting it out cost its real time. Measured before: an 8x8 playFile whose file an app
   * by URL served in 3 s, the caller hanging up at 1 s, ended by the caller at 1.0 s and took 3.0 s
   * of real time, the download awaited after the end (finishLateAnswers) though it played nothing.
   */
  #fetches: Map<Tripwire, string> | undefined

  /**
   * The stop of one fetchFromApp request: the test's stop (stopSignal), or the call's end, at once
   * (`atEnd`: end() trips it) or when the wait calls `stopNow`.
   */
  #fetchStop(target: string, atEnd: boolean): { stop: Tripwire; done(): void; stopNow(): void } {
    const stop = new Tripwire()
    const signal = this.stopSignal
    const stopped = () => stop.trip(signal!.reason)
    if (signal?.aborted) stopped()
    else signal?.addEventListener('abort', stopped, { once: true })
    const fetches = atEnd ? (this.#fetches ??= new Map()) : undefined
    fetches?.set(stop, target)
    return {
      stop,
      done: () => {
        fetches?.delete(stop)
        signal?.removeEventListener('abort', stopped)
      },
      stopNow: () => stop.trip(stoppedAtCallEnd(target)),
    }
  }

  /** The platform's next event, virtual ms (given to the app's clock with each webhook: InProcessAppClock.webhookSent). */
  readonly #platformNext = (): number | undefined => {
    const at = this.clock.peek()?.at
    // The caller's next act (the end of a silence, a hang-up due while a webhook waits: #parkForHangUp,
    // the next key: #pressWhileHeld) comes at its own instant too: the call's time moves on with real I/O up to it.
    const caller = earliest(this.callerActsAt, this.callerHangsUpAt)
    return earliest(earliest(at, caller), this.keyDue?.at)
  }

  /**
   * The caller's hang-up is due while a webhook waits for an answer the app holds on real I/O:
   * production's time (the call's, plus the real time held ahead of it: the lead) has reached it.
   * Measured (audit F11's remainder): `.staySilent(1000).hangUp()` beside a 3 s CRM lookup in
   * another process hung up after the lookup, and the late PLAY ran.
   */
  #hangUpDue(own: InProcessAppClock, sentAt: number): boolean {
    const at = this.callerHangsUpAt
    return at !== undefined && this.#onPark !== undefined && this.#dueOnRealTime(at, own, sentAt)
  }

  action(action: Omit<ActionRecord, 'index' | 'turn' | 'at'>): ActionRecord {
    if (this.appClock instanceof InProcessAppClock) this.appClock.appActed()
    const turn = this.#answeredTurn ?? this.turn
    const record: ActionRecord = {
      index: this.#actionCount++,
      turn,
      at: this.clock.now(),
      name: action.name,
      raw: action.raw,
      source: action.source,
      summary: action.summary,
      prompts: action.prompts,
      endsCall: action.endsCall,
    }
    this.transcript.add({ kind: 'action', turn, at: record.at, action: record })
    this.queue.push(record)
    this.#wakeOnApi()
    return record
  }

  /** The app reached the platform's API (an action it asked for, or a request refused or read): the wait by URL looks again (#nextApiRequest). */
  #wakeOnApi(): void {
    const wake = this.#apiWake
    this.#apiWake = undefined
    wake?.()
  }

  apiRequest(e: Parameters<CallContext['apiRequest']>[0]): void {
    this.#apiRequests++
    this.#wakeOnApi()
    this.transcript.add({
      kind: 'api',
      turn: this.turn,
      at: this.clock.now(),
      name: e.name,
      summary: e.summary,
      request: { method: e.method, url: e.url, headers: e.headers, body: e.body },
      status: e.status,
      body: e.responseBody,
      ...(this.ended ? { afterEnd: true as const } : {}),
      ...(e.refusedBy && { refusedBy: e.refusedBy }),
    })
  }

  heard(prompt: Prompt, at: number, cutAtMs?: number): void {
    // Cut off as it began: the caller heard none of it (a hang-up at the prompt's first instant).
    // Every driver's prompts come through here; EnableX's counted such a prompt as heard, so an app
    // that hung up over its own goodbye passed toHavePlayed('Goodbye') (helper-132 finding 1).
    if (cutAtMs !== undefined && cutAtMs <= 0) return
    this.transcript.insertByTime({ kind: 'heard', turn: this.turn, at, prompt, cutAtMs })
  }

  setParties(parties: Partial<CallParties>): void {
    Object.assign(this.transcript.header.parties, parties)
  }

  caller(text: string, at = this.clock.now()): void {
    this.transcript.insertByTime({ kind: 'caller', turn: this.turn, at, text })
  }

  /**
   * What the app's clock saw that the transcript should say (a request of the app's it stopped
   * waiting for). `final`: the call is over.
   */
  #noteClock(clock: AppClock | undefined = this.appClock, final = false): void {
    for (const text of clock?.takeNotes?.(final) ?? []) this.note(text)
  }

  note(text: string): void {
    this.transcript.add({ kind: 'note', turn: this.turn, at: this.clock.now(), text })
  }

  /** When each key the platform ignored came, in virtual ms (see keyIgnored): a step reads the ones since it began. */
  readonly ignoredKeys: number[] = []

  keyIgnored(key: string): void {
    this.ignoredKeys.push(this.clock.now())
    this.note(`key ${key} ignored: nothing is collecting digits`)
  }

  breaks(rule: string, message: string): boolean {
    const breach = this.rules.breach(rule)
    if (!breach) return false
    if (breach.level === 'error') return true
    this.warn(`${message} (${breach.tag})`)
    return false
  }

  warnIssues(issues: readonly ValidationIssue[], context: string): void {
    for (const issue of issues) {
      if (issue.level !== 'warn') continue
      const at = issue.path ? ` at ${issue.path}` : ''
      const hint = issue.hint ? `; ${issue.hint}` : ''
      this.warn(`${context}: ${issue.message}${at}${hint} (${issue.tag ?? issue.rule})`)
    }
  }

  /** One warning: held for `call.warnings`, marked in the transcript, printed once at the end of the call. */
  warn(text: string): void {
    // The turn whose answer is being read: an earlier one than the latest, when another webhook went
    // out while the app held it (#answeredTurn).
    const turn = this.#answeredTurn ?? this.turn
    this.warnings.push(turn > 0 ? `turn ${turn}: ${text}` : text)
    this.transcript.add({ kind: 'warning', turn, at: this.clock.now(), text })
  }

  end(end: Omit<CallEnd, 'at'>): void {
    if (this.ended) return
    this.ended = { ...end, at: this.clock.now() }
    this.transcript.end = this.ended
    // What the platform still fetched from the app (fetchFromApp) is stopped: nothing is judged on it now.
    if (this.#fetches) for (const [stop, target] of this.#fetches) stop.trip(stoppedAtCallEnd(target))
  }

  /**
   * What runs before the app is first involved (run-flow.ts: the turn on the app's clock, and its
   * start): for an inbound call before its first webhook, for an outbound one from startTrigger().
   */
  beforeApp: (() => Promise<void>) | undefined

  async startTrigger(): Promise<void> {
    const before = this.beforeApp
    this.beforeApp = undefined
    await before?.()
    if (!this.triggerFn || this.#trigger) return
    this.#trigger = this.triggerFn()
      .catch((error: unknown) => {
        this.#triggerError = error
      })
      .finally(() => (this.#triggerDone = true))
  }

  #triggerDone = false

  /** What the startedBy() trigger did (run-flow.ts sets it with the trigger): whose make-call request is whose. */
  triggerRecord: TriggerRecord | undefined

  /** The trigger's failure, if it threw (checked while waiting for the app). */
  get triggerError(): unknown {
    return this.#triggerError
  }

  /**
   * After the app's make-call request came: waits for the trigger to finish (bounded by
   * limits.appTimeoutMs and the runner's deadline), and fails if it threw. The callback that never
   * places the call is said by the make-call wait itself (waitForApp), which runs out first.
   */
  async awaitTrigger(): Promise<void> {
    const trigger = this.#trigger
    if (!trigger) return
    // Still running (the app holds the trigger's answer on a timer of its own): its clock moves meanwhile.
    const waited = this.#triggerDone ? trigger : this.#withAppClock(trigger)
    const runnerLeft = this.runnerDeadline ? this.runnerDeadline.at - realNow() : Number.POSITIVE_INFINITY
    const waitMs = Math.max(0, Math.min(this.limits.appTimeoutMs, runnerLeft))
    await withTimeout(waited, waitMs).catch((error: unknown) => {
      if (appCrashes.has(error as object)) throw error
      this.#triggerGaveUp = true
      const within =
        waitMs < this.limits.appTimeoutMs
          ? `${Math.round(waitMs)} ms (${fittedTo(this.runnerDeadline!.testTimeoutMs).name} is near)`
          : `${this.limits.appTimeoutMs} ms (${limitSource('appTimeoutMs', this.fitted)})`
      throw new CallspecError(`startedBy() did not finish within ${within}, after the app's make-call request came.`)
    })
    this.#noteTriggerErrors()
    if (this.#triggerError !== undefined) throw carryUnreachable(new CallspecError(`startedBy() failed: ${describeError(this.#triggerError)}`), this.#triggerError)
  }

  /**
   * The trigger's requests the app answered with an error status while placing the call all the
   * same (a route that places the call, then fails writing its audit log): noted in the transcript
   * once the make-call came and the trigger finished, so a failure later in the call shows them.
   * Measured before (audit h170): a trigger route answered HTTP 500 and the call went on, and no
   * line of the transcript, nor any failure, said so. A call whose make-call never came says the
   * answer in its failure instead (waitForApp).
   */
  #noteTriggerErrors(): void {
    for (const answer of this.triggerRecord?.errorAnswers ?? []) {
      // One line, the app's frame in it: a transcript line, where the failure's own gives the frame a line.
      const [error = '', at] = saidByErrorAnswer(answer.response).split('\n    at ')
      this.note(`startedBy()'s request ${answer.request} was answered HTTP ${answer.response.status}${error}${at ? ` (at ${at})` : ''}, and the app placed the call all the same`)
    }
  }

  /**
   * Lets a started trigger finish (bounded), so no request to the app outlives the flow: not one
   * the call already gave up waiting for (#triggerGaveUp), and never past the runner's deadline.
   * Before, a callback that never settled was waited for here as long again as the make-call wait
   * had (audit H4: 3.5 s, then 3.5 s more, under vitest's 5 s: its bare "Test timed out").
   */
  async settleTrigger(): Promise<void> {
    if (!this.#trigger || this.#triggerDone || this.#triggerGaveUp) return
    const runnerLeft = this.runnerDeadline ? this.runnerDeadline.at - realNow() : Number.POSITIVE_INFINITY
    await withTimeout(this.#trigger, Math.max(0, Math.min(this.limits.appTimeoutMs, runnerLeft))).catch(() => {})
  }

  /** The make-call wait ran out with the startedBy() callback still running: nothing more is waited for it. */
  #triggerGaveUp = false

  /**
   * The startedBy() callback's request the app answered with an error status, while the call waits
   * for the app's make-call request (no webhook sent yet): its first line (`startedBy()'s request
   * POST /call-me was answered HTTP 500: Error: boom`) and the rest (the app's frame, or the body
   * when no error can be read from it), as a webhook answer's error is said (read-response.ts).
   */
  #triggerAnswered(answer: TriggerAnswer): { head: string; rest: string } {
    const said = saidByErrorAnswer(answer.response)
    const [error = '', ...at] = said.split('\n')
    const rest = at.length > 0 ? `\n${at.join('\n')}` : error === '' ? `\n${describeExchange(undefined, answer.response)}` : ''
    return { head: `startedBy()'s request ${answer.request} was answered HTTP ${answer.response.status}${error}`, rest }
  }

  async waitForApp<T>(promise: Promise<T>, what: string, within?: { ms: number; why: string }): Promise<T> {
    const triggerFailed = (this.#trigger ?? new Promise<never>(() => {})).then(() => {
      if (this.#triggerError === undefined) return new Promise<never>(() => {})
      throw carryUnreachable(new CallspecError(`startedBy() failed before ${what}: ${describeError(this.#triggerError)}`), this.#triggerError)
    })
    let timer: NodeJS.Timeout | undefined
    // Bounded by limits.appTimeoutMs, and by the runner's timeout: the step's other waits (the app
    // going quiet first) may have used some of the test's time (audit H2: two waits of 3.5 s each,
    // under vitest's 5 s, ended in its bare timeout).
    const started = realNow()
    const runnerLeft = this.runnerDeadline ? this.runnerDeadline.at - started : Number.POSITIVE_INFINITY
    const shortened = within !== undefined && within.ms < Math.min(this.limits.appTimeoutMs, runnerLeft)
    const waitMs = Math.max(0, shortened ? within.ms : Math.min(this.limits.appTimeoutMs, runnerLeft))
    // The wait is over (the fast failure below stops looking): as a flag, and as a promise to race.
    let settled = false
    let finish!: () => void
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const over = () => settled
    // The app's next timer is due past limits.maxVirtualMs: the wait ends there, saying so.
    let pastLimit!: (error: Error) => void
    const virtualLimit = new Promise<never>((_, reject) => (pastLimit = reject))
    const moving = this.#movingAppClock(over, finished, () => {
      this.#noteClock()
      const max = this.limits.maxVirtualMs
      pastLimit(
        markWaitTimeout(
          new CallspecError(
            `waited for ${what} until the app's next timer was due past limits.maxVirtualMs (${spanOf(max)} of virtual time, ${max.toLocaleString('en-US')} ms), and it never came. ` +
              `The app's own timers fired meanwhile (${moving.fired.toLocaleString('en-US')}, up to ${spanOf(this.clock.now())} into the call, virtual): does the app poll for something that never happens?` +
              `${this.#handedBackHint()}${describeStrays(this.#seenMark, this)}`,
          ),
        ),
      )
    })
    const timedOut = new Promise<never>((_, reject) => {
      timer = realTimers.setTimeout(() => {
        this.#noteClock()
        // A request that came but whose body never finished is listed below (describeStrays): said so, not "never came".
        const never = unfinishedSince(this.#seenMark).length > 0 ? 'and it came only in part (its body did not finish, below)' : 'and it never came'
        const byRunner = !shortened && waitMs < this.limits.appTimeoutMs
        let waited = shortened
          ? `waited ${waitMs} ms for ${what}, ${never} (shortened from limits.appTimeoutMs: ${within.why}).`
          : byRunner
          ? `waited ${Math.round(realNow() - started)} ms for ${what}, ${never}, and ${fittedTo(this.runnerDeadline!.testTimeoutMs).name} is near: callspec stops here, ${fittedTo(this.runnerDeadline!.testTimeoutMs).before} (the call has run ${formatDelay(Math.round(realNow() - this.#startedAt))} of real time).`
          : `waited ${this.limits.appTimeoutMs} ms (${limitSource('appTimeoutMs', this.fitted)}) for ${what}, ${never}.`
        // The startedBy() callback still running is what held the call (audit H4: a callback that
        // never settled was awaited with no bound, and the test ended in the runner's bare timeout).
        // Not when the request came in part: that says more (a trigger that sends the request
        // itself and whose body never ends is still running too: test/api/request-bodies.test.ts).
        const triggerRunning = this.#trigger !== undefined && !this.#triggerDone && unfinishedSince(this.#seenMark).length === 0
        if (triggerRunning) {
          this.#triggerGaveUp = true
          const bound = byRunner
            ? `${Math.round(realNow() - started)} ms (${fittedTo(this.runnerDeadline!.testTimeoutMs).name} is near)`
            : `${waitMs} ms (${shortened ? `shortened from limits.appTimeoutMs: ${within.why}` : limitSource('appTimeoutMs', this.fitted)})`
          const held = this.triggerRecord?.inFlight
            ? 'its request to the app (app.fetch()) was still unanswered'
            : 'it was still running with no request to the app in flight: it awaits something other than app.fetch() (a queue, a fixture, a fetch of its own), which callspec cannot bound, and which never settled'
          waited = `startedBy() did not finish within ${bound}, and ${what} never came: ${held}.`
        }
        // The trigger's request answered with an error (audit H5: never mentioned before) leads.
        const errorAnswer = this.triggerRecord?.errorAnswer
        const answered = triggerRunning || !errorAnswer || this.turn > 0 ? undefined : this.#triggerAnswered(errorAnswer)
        if (answered) waited = `${answered.head}; then ${waited}${answered.rest}`
        const fired = moving.fired > 0 ? ` The app's own timers fired meanwhile (${moving.fired.toLocaleString('en-US')}, up to ${spanOf(this.clock.now())} into the call, virtual)` : ''
        // Still firing: the real-time bound ended the wait, not the app (a poll of its that would
        // have sent it later, or one that never will): said, with what to raise.
        const timers = !fired
          ? ''
          : moving.firing
            ? `${fired}, and were still firing when the wait ran out: it is bounded in real time (${byRunner ? "the test's timeout" : 'limits.appTimeoutMs'}), and the call's time had not reached limits.maxVirtualMs (${spanOf(this.limits.maxVirtualMs)}). ` +
              `If the app polls that long before it sends it, raise ${byRunner ? "the test's timeout" : 'limits.appTimeoutMs'}; does it poll for something that never happens?`
            : `${fired}, and it did not come after them.`
        reject(markWaitTimeout(new CallspecError(`${waited}${timers}${this.#ownPausesHint()}${this.#handedBackHint()}${describeStrays(this.#seenMark, this)}`)))
      }, waitMs)
    })
    try {
      const result = await Promise.race([
        promise,
        triggerFailed,
        timedOut,
        moving.failed,
        virtualLimit,
        this.#refusedThenQuiet(what, over, finished, shortened, waitMs),
        ...(this.stopSignal ? [whenAborted(this.stopSignal)] : []),
      ])
      this.#markUnexplained()
      return result
    } finally {
      settled = true
      finish()
      realTimers.clearTimeout(timer)
      // A timer firing as the awaited request came finishes first: the call moves on from there.
      await moving.done
    }
  }

  /** `work` (the trigger), while the app's clock moves as in waitForApp; settles as `work` does. */
  async #withAppClock<T>(work: Promise<T>): Promise<T> {
    let settled = false
    let finish!: () => void
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const moving = this.#movingAppClock(() => settled, finished)
    try {
      return await Promise.race([work, moving.failed])
    } finally {
      settled = true
      finish()
      await moving.done
    }
  }

  /**
   * While the call waits for a request of the app's (its make-call request after startedBy(), its
   * next REST request) that has not come, the app's clock moves as it does while a webhook waits
   * for its answer (#answeredWithClock): once the app is quiet, its next timer fires, if due before
   * the platform's next. A dialer that waits 2 s before it places the call (`await sleep(2000)`,
   * or `setTimeout(place, 2000)`) places it at virtual +2 s, in no real time. Bounded as a call
   * waiting mid-call on the app's own timers is (fireNext): by the caller's real-time wait
   * (limits.appTimeoutMs, the runner's deadline) and limits.maxVirtualMs, where `pastLimit` is
   * called once, the app's next timer being due past it. Not by a count of timers: capped at 100,
   * a reminder scheduler polling every second for a call due in 2 minutes failed before the call
   * (audit-136 finding 12), where the same poll mid-call ran on. `failed` rejects when an app timer
   * throws; `done` resolves once the loop has stopped (after `over()`); `firing`: the loop's last
   * look found a timer to fire (false: none pending, none before the platform's, or real I/O paced it).
   */
  #movingAppClock(over: () => boolean, finished: Promise<void>, pastLimit?: () => void): MovingAppClock {
    const clock = this.appClock
    const state: MovingAppClock = { failed: NEVER, done: Promise.resolve(), fired: 0, firing: false }
    // No clock (an app by URL), or the wall clock paces the call: nothing to move.
    if (!clock || this.#pace || this.stopSignal?.aborted) return state
    const own = clock instanceof InProcessAppClock ? clock : undefined
    let pastLimitSaid = false
    const loop = async () => {
      /** Where the last look paced by lingering I/O ended, while the loop went straight round since (#keepPace). */
      let paced: PacedMark | undefined
      while (!over()) {
        // In this process, with no timer pending: nothing to fire until the app sets one.
        if (own && !own.hasTimers) {
          state.firing = false
          if (await own.answerOrTimer(finished)) return
        }
        await Promise.race([finished, clock.quiet(over)])
        if (over()) return
        this.#throwAppError()
        const pending = clock.next()
        const next = pending instanceof Promise ? await Promise.race([finished.then(() => undefined), pending]) : pending
        if (over()) return
        // Kept while that request is in flight, from the first quiet wait that ends with it lingering, as in #answeredFiringTimers.
        if (own?.lingeringIo) paced ??= own.pacedMark()
        else paced = undefined
        // A request the app may be awaiting goes on in real time past callspec's patience: its timers keep pace with it.
        if (own?.pacedByLingeringIo()) {
          state.firing = false
          paced = await this.#keepPace(own, sleepUnless(2, finished), paced)
          continue
        }
        const platformAt = this.clock.peek()?.at ?? Number.POSITIVE_INFINITY
        if (next !== undefined && next <= platformAt && next > this.limits.maxVirtualMs && !pastLimitSaid) {
          pastLimitSaid = true
          pastLimit?.()
        }
        if (next === undefined || next > platformAt || next > this.limits.maxVirtualMs) {
          // Waiting on real I/O, or on what no wait here should fire: look again shortly.
          state.firing = false
          await sleepUnless(2, finished)
          continue
        }
        state.fired++
        state.firing = true
        await this.#fireAppTimers(Math.max(this.clock.now(), next))
      }
    }
    const running = loop()
    state.done = running.then(
      () => {},
      () => {},
    )
    state.failed = running.then(() => NEVER)
    return state
  }

  /**
   * Rejects when the platform refused the app's reaction to the last event (or the app gave up
   * otherwise: #gaveUpSince) and the app then stayed quiet through a short grace: no request in
   * flight, no timer, no I/O callspec can see (app-io.ts). The app is not coming back by itself,
   * and the wait would only add limits.appTimeoutMs (measured: ~3.5 s of every such failing test).
   * Never settles otherwise; only for an app in this process. `over`/`finished`: the wait ended
   * (a flag, and a promise). So too, after a longer grace, for an app that answered and sent
   * nothing at all (#answeredThenNothing); not when the driver `shortened` the wait, nor when the
   * wait (`waitMs`) is short already.
   */
  async #refusedThenQuiet(what: string, over: () => boolean, finished: Promise<void>, shortened: boolean, waitMs: number): Promise<never> {
    const clock = this.appClock
    if (clock instanceof InProcessAppClock) {
      // Twice: what the app does when a refusal reaches it (a retry) starts a new round of work.
      await clock.quiet(over)
      await clock.quiet(over)
      // Then a grace in real time, and once more: work on Node's thread pool (crypto, zlib, native
      // addons) shows in no handle, and an app may carry on after a refusal it expects (a lookup
      // answered 405) once such work is done.
      if (!over() && this.#gaveUpSince()) {
        await sleepUnless(Math.min(REFUSED_GRACE_MS, this.limits.appTimeoutMs / 4), finished)
        await clock.quiet(over)
      }
      const gaveUp = over() || clock.hasTimers ? undefined : this.#gaveUpSince()
      if (gaveUp) {
        throw new CallspecError(
          `${what} never came: ${gaveUp}, and ${gaveUp.startsWith('the app ') ? 'went' : 'the app went'} quiet after it (no request in flight, no timer, no I/O callspec can see).${describeStrays(this.#seenMark, this)}`,
        )
      }
      // The startedBy() callback's request answered with an error (its route threw: Express's 500),
      // and then nothing: the app will not place the call. Said at once, where the call waited out
      // all of limits.appTimeoutMs (audit H5: 3.4 s, "it never came"). A trigger answered 500 that
      // placed the call all the same got its make-call request first, and the call goes on.
      if (!over() && this.#trigger && this.turn === 0) {
        if (!this.#triggerDone) await Promise.race([this.#trigger, finished])
        const errorAnswer = this.triggerRecord?.errorAnswer
        const answered = over() || !errorAnswer ? undefined : this.#triggerAnswered(errorAnswer)
        if (answered) {
          await clock.quiet(over)
          if (!over() && clock.pendingNothing()) {
            throw new CallspecError(
              `${answered.head}, and ${what} never came: the app went quiet after it (no request in flight, no timer, no I/O callspec can see).${answered.rest}${describeStrays(this.#seenMark, this)}`,
            )
          }
        }
      }
      // The app answered the last event (or the trigger's request) and sent no request at all since,
      // then went quiet: a handler that forgot its next REST request (EnableX's play after
      // `connected`), a trigger route that answers 200 and never places the call. Nothing can wake
      // it but an event, and the platform sends none until the request comes: measured, each waited
      // the whole limits.appTimeoutMs (10 s of a 10 s limit) to say "it never came". Not for a wait
      // a driver shortened already (an answer in another platform's shape says more).
      // Nor while a timer an earlier call handed back to real time is yet to fire (#handedBackHint): it
      // may place the call. Nor for a wait short enough already (under twice the grace): a 200 ms
      // limit says "waited 200 ms", as it did.
      const grace = this.limits.quietGraceMs ?? SILENT_GRACE_MS
      const silent = over() || shortened || waitMs < 2 * grace || handedBackPending(testToFitTo()).length > 0 ? undefined : this.#answeredThenNothing()
      if (silent) {
        // Longer than a refusal's grace: nothing says the app gave up, and work on Node's thread
        // pool (a lookup, a hash, a native call) shows in no handle (limits.quietGraceMs lengthens it).
        await sleepUnless(grace, finished)
        await clock.quiet(over)
        if (!over() && clock.pendingNothing() && this.#answeredThenNothing() === silent) {
          throw markWaitTimeout(
            new CallspecError(
              silent.trigger
                ? `${silent.said}, and ${what} never came: the app sent no request after it, and went quiet (no request in flight, no timer, no I/O callspec can see).\n${quietGraceHint(grace)}${describeStrays(this.#seenMark, this)}`
                : `${what} never came: ${silent.said} and sent no request after it, then went quiet (no request in flight, no timer, no I/O callspec can see).\n${quietGraceHint(grace)}${describeStrays(this.#seenMark, this)}`,
            ),
          )
        }
      }
    }
    // Under callspec/agent: the agent says when the app's process is quiet (no vendor request it
    // forwards in flight, no socket or file I/O of the app's) and which timers it has pending.
    if (clock && isAgent(clock)) await this.#refusedThenQuietUnderAgent(clock, what, over, finished)
    return new Promise<never>(() => {})
  }

  /**
   * #refusedThenQuiet for an app under callspec/agent: a refusal (or the app giving up otherwise,
   * #gaveUpSince), then the app's process quiet through the same grace with no timer pending,
   * fails the wait then. Measured before: a play over startPlatform's maxBodyBytes, answered 413,
   * waited the whole limits.appTimeoutMs (10 s of 10 s) to say "it never came", where the same
   * app in the test's process failed within a second. The agent's own failure to go quiet (a
   * request stuck in flight past its quietTimeoutMs) is left to the wait's own bound.
   */
  async #refusedThenQuietUnderAgent(agent: AgentHandle, what: string, over: () => boolean, finished: Promise<void>): Promise<void> {
    const quiet = async (): Promise<boolean> => {
      const answering = await Promise.race([agent.answering().catch(() => 'failed' as const), finished.then(() => 'over' as const)])
      return !over() && answering === 0 && agent.pending().length === 0
    }
    // Asked of the agent only once the app gave up: a quiet() op moves the call's clock with what
    // the app's I/O held (caughtUp), which a wait that goes well must not have asked for.
    while (!over() && !this.#gaveUpSince()) await sleepUnless(GAVE_UP_LOOK_MS, finished)
    if (over() || !(await quiet())) return
    await sleepUnless(Math.min(REFUSED_GRACE_MS, this.limits.appTimeoutMs / 4), finished)
    if (!(await quiet())) return
    const gaveUp = this.#gaveUpSince()
    if (!gaveUp) return
    throw new CallspecError(
      `${what} never came: ${gaveUp}, and ${gaveUp.startsWith('the app ') ? 'went' : 'the app went'} quiet after it (under callspec/agent: no request in flight, no timer, no I/O the agent can see).${describeStrays(this.#seenMark, this)}`,
    )
  }

  /**
   * The app answered what reached it last (the last webhook, or before any, the startedBy()
   * trigger's request, the trigger done) and no request of any kind reached callspec since that
   * event went out (the request log unmoved: a concurrent call's request counts too, so such a
   * call waits as before). The same object while nothing changed (cached per answer), for
   * #refusedThenQuiet to compare before and after its grace.
   */
  #answeredThenNothing(): { said: string; trigger: boolean } | undefined {
    if (seenMark() !== this.#eventMark) return undefined
    if (this.turn === 0) {
      if (!this.#trigger || !this.#triggerDone || this.#triggerError !== undefined) return undefined
      const answer = this.triggerRecord?.lastAnswer
      // An error answer is said by the trigger's own failure above, with the app's error.
      if (answer && answer.response.status >= 400) return undefined
      const said = answer ? `startedBy()'s request ${answer.request} was answered HTTP ${answer.response.status}` : 'startedBy() finished'
      return this.#silent?.said === said ? this.#silent : (this.#silent = { said, trigger: true })
    }
    const event = this.transcript.entries.findLast((e) => e.kind === 'event')
    const status = event?.kind === 'event' ? event.response?.status : undefined
    if (event?.kind !== 'event' || event.turn !== this.turn || status === undefined) return undefined
    // An answer in another platform's shape: the failure asks whether `platform` is right (first-turn-hint.ts), after the driver's own wait.
    if (event.response && answeredLike(event.response, this.platform) !== undefined) return undefined
    const said = `the app answered the "${event.name}" event with HTTP ${status}`
    return this.#silent?.said === said ? this.#silent : (this.#silent = { said, trigger: false })
  }

  #silent: { said: string; trigger: boolean } | undefined

  /**
   * What ended the app's reaction to the last event, if it cannot be answered: the platform refused
   * its request, or the app abandoned one mid-body (destroyed or aborted it: the fake API knows at
   * once, readNoted, and never answers it), or it answered every webhook of the call without
   * reading its body (no JSON body parser: it cannot know which event came, nor the call's id).
   * Any way, an app that then goes quiet is not coming back by itself (#refusedThenQuiet);
   * measured, each cost the whole limits.appTimeoutMs, ~3.5 s fitted to vitest's 5 s, before this.
   */
  #gaveUpSince(): string | undefined {
    if (refusedSince(this.#eventMark, this)) {
      // A refusal callspec answered under a rule it inferred is not the platform's (audit F5).
      const last = this.transcript.entries.findLast((e) => e.kind === 'api' && e.status >= 400)
      const by = last?.kind === 'api' ? last.refusedBy : undefined
      if (by?.inferred) return `callspec refused the app's request under a rule it inferred (${by.rule}), not one the platform documents`
      // A 405 for another method, a 404 for an unknown path: the vendor documents no answer for it, the one listed is callspec's.
      if (refusedInCallspecsAnswers(this.#eventMark, this)) return "callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below)"
      return "the platform refused the app's request"
    }
    if (unfinishedSince(this.#eventMark).some((arrival) => arrival.aborted)) return 'the app abandoned a request mid-body (below)'
    // A wrong API host: the request failed at the network (newcomer audit-91: 3.5 s for it, where a wrong path took 0.56 s).
    if (failedElsewhereSince(this.#eventMark)) return "the app's request to a host callspec does not answer failed (below)"
    // Asked only once the app is quiet (#refusedThenQuiet): never on a turn that goes well.
    if (this.readNoBody()) return "the app answered without reading the webhook's body (the hint below)"
    return undefined
  }

  /** The request log's position when the last webhook went out (or the call began): the app's reactions to it come after. */
  #eventMark = seenMark()

  /**
   * Virtual time, app clock unknown: an app that acts long (in real time) after it went quiet
   * acted on a timer of its own, which ran in real time while the call's clock did not.
   */
  appNow(): number {
    return this.appClock ? this.clock.epochMs + this.clock.now() : Date.now()
  }

  /** The app acted on real timers of its own earlier in this call (#markUnexplained noted it). */
  #actedOnOwnTimers = false

  /**
   * A wait for the app's request that ran out where the app's own pauses take real time: under
   * `time: 'real'` or a scale, or an app by URL seen acting on timers of its own. Its request may
   * only be later than the bound (audit D8: a hold loop polling 3 × 5 s was blamed on field names).
   */
  #ownPausesHint(): string {
    // `callspec run` starts no app under callspec/agent: a scenario file's own setting is the remedy there (audit-86).
    const cli = runningCommand() === 'callspec run'
    // A wait callspec cut to fit the test's timeout is bounded by that timeout: raising the limit alone
    // lengthens nothing (as toWaitLonger says of the answer's wait).
    const fittedToTest = !cli && this.fitted?.cut.appTimeoutMs !== undefined
    const remedy = cli ? 'set limits: { appTimeoutMs: … } in the scenario file' : fittedToTest ? "give the test more time (callspec cut this wait to fit the test's timeout: testTimeout in vitest's config, or it(name, fn, ms)'s third argument)" : 'raise limits.appTimeoutMs'
    const raise = `if it waits that long on purpose (a delay, a poll), ${remedy}`
    if (this.#pace) return ` The call is paced by the wall clock (the time option), so the app's own pauses take real time too: ${raise}.`
    const agent = cli ? '' : ', or start it under callspec/agent so its timers follow the call\'s clock'
    if (this.#actedOnOwnTimers) return ` The app acted on timers of its own earlier in this call, in real time (see the transcript): ${raise}${agent}.`
    // The app's clock unknown: its timers run in real time, and one longer than this wait looks
    // the same as a request never sent (audit-86: the hint said nothing of it).
    if (this.appClock) return ''
    return this.appElsewhere
      ? ` An app called by URL runs its own timers in real time: ${raise}${agent}.`
      : ` With appClock: false the app's own timers run in real time: ${raise}, or leave appClock on so they follow the call's clock.`
  }

  /**
   * An app in this process with timers an earlier call handed back to real time, yet to fire: what
   * it does when one fires (places the call back a minute later) comes in real time, long after
   * this wait (audit-93: "never came", and nothing said of the 60 s timer callspec itself handed back).
   */
  #handedBackHint(): string {
    if (this.appClock?.kind !== 'in-process') return ''
    const pending = handedBackPending(testToFitTo())
    if (pending.length === 0) return ''
    const listed = pending.slice(0, 3).map((t) => `a ${formatDelay(t.ms)} ${t.kind} due in ${formatDelay(Math.round(t.dueInMs))}`)
    const more = pending.length > 3 ? `, and ${pending.length - 3} more` : ''
    return (
      ` The app has ${pending.length === 1 ? 'a timer' : `${pending.length} timers`} from an earlier call on real time (handed back when that call ended): ${listed.join(', ')}${more}. ` +
      "If the request comes from one, turn on the test's own fake clock (vi.useFakeTimers()) before the earlier call: its timers then stay on a clock this call drives."
    )
  }

  #markUnexplained(): void {
    if (this.appClock || this.#pace) return
    const waited = realNow() - this.#lastAnswerAt
    if (waited < UNEXPLAINED_AFTER_MS) return
    this.#actedOnOwnTimers = true
    // `callspec run` has none of the TypeScript API's remedies (time: 'real' is no setting of a file,
    // and no option runs a --start app under callspec/agent): it names what a file and the command can do (audit-86).
    const remedy =
      runningCommand() === 'callspec run'
        ? `an app by URL (--target, --start) runs its timers in real time, not on the call's clock; a wait longer than limits.appTimeoutMs (now ${this.limits.appTimeoutMs / 1000} s) fails the call: if the app waits so on purpose, set limits: { appTimeoutMs: … } in the scenario file; a JavaScript app loaded with --app runs in callspec's process, its timers on the call's clock`
        : "its timers are not on the call's clock; run it in-process, under callspec/agent, or with time: 'real'"
    this.note(`the app acted on its own ${(waited / 1000).toFixed(1)} s (real) after turn ${this.turn}: ${remedy}`)
  }

  /** Records a failure raised outside the run loop (a background request), surfaced at the next step. */
  fatal(error: unknown): void {
    this.#fatal ??= error
  }

  takeFatal(): unknown {
    const error = this.#fatal
    this.#fatal = undefined
    return error
  }

  /** The next action no step has consumed yet. */
  peekAction(): ActionRecord | undefined {
    return this.queue[this.#consumed]
  }

  consumeAction(): ActionRecord | undefined {
    return this.queue[this.#consumed++]
  }

  unconsumed(): ActionRecord[] {
    return this.queue.slice(this.#consumed)
  }
}

/**
 * The waits callspec fitted to the test's timeout (resolveLimits: a default longer than the share
 * of the test's time left is cut to it), with the default each was cut from, and that timeout.
 */
export interface FittedLimits {
  testTimeoutMs: number | undefined
  cut: Partial<Record<'responseTimeoutMs' | 'appTimeoutMs', number>>
}

/**
 * Where a wait's figure comes from, for a failure that quotes it: the limit's name, and when
 * callspec fitted it, that too. Measured (audit): a failure said "within 1038 ms
 * (limits.responseTimeoutMs)", a figure the user never set, in a test whose timeout was near.
 */
export function limitSource(name: 'responseTimeoutMs' | 'appTimeoutMs', fitted: FittedLimits | undefined): string {
  const from = fitted?.cut[name]
  if (from === undefined) return `limits.${name}`
  return `limits.${name}, ${from} ms by default, fitted to end before ${fittedTo(fitted!.testTimeoutMs).name}`
}

export function describeError(error: unknown): string {
  return errorMessage(error)
}

/** Failures that are the app crashing while it handled a webhook: it answers no more webhooks after one. */
const appCrashes = new WeakSet<object>()

/** Failures of answers held at the caller's hang-up that never came, noted as such (#answerNeverCameAfterEnd): no failure of the call. */
const abandonedAfterEnd = new WeakSet<object>()

/** Rethrows a late answer's failure, unless it was only that the answer never came after the call ended. */
function unlessAbandonedAfterEnd(error: unknown): void {
  if (!abandonedAfterEnd.has(error as object)) throw error
}

/** An app timer's exception: in production the app crashes. */
function appTimerThrew(error: unknown): CallspecError {
  // Where it threw: the stack itself is the fake clock's frames under the app's one.
  const at = thrownAt(error)
  const failure = new CallspecError(`the app's timer threw (in production this crashes the app): ${describeError(error)}${at ? ` (at ${at})` : ''}`)
  appCrashes.add(failure)
  return failure
}

/**
 * An uncaught exception or rejection while the app handled a webhook: the app's, unless the
 * test's own code running beside the call raised it (app-crashes.ts), so worded as what is known.
 */
function crashedWhileHandling(error: unknown, answered: boolean): Error {
  const kind = crashArrivingAs()
  const what = kind === 'rejection' ? 'an unhandled promise rejection while the app handled the request (in production Node ends the app on one)' : "an uncaught exception while the app handled the request (in production, one of the app's crashes it)"
  const failure = Object.assign(new Error(`${what}: ${errorHead(error)}`), { appError: error, kind })
  appCrashes.add(failure)
  // The app had answered when it threw: its answer still lands first (exchange.ts), and the turn
  // fails as answered, then threw (deliver).
  if (answered) letsAnswerLand.add(failure)
  return failure
}

/** The headers of a JSON webhook. Copied key by key: object spread was a hot spot in profiles. */
function withJsonType(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { 'content-type': 'application/json' }
  if (headers) for (const key in headers) out[key] = headers[key]!
  return out
}

/** Rejects after `ms` real milliseconds; the timer is cleared as soon as the promise settles. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = realTimers.setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => realTimers.clearTimeout(timer))
}

/**
 * Past the platform's patience, how far a webhook's wait still fires the app's timers for a late
 * answer (#answeredLate, judged by `<platform>/answer-in-time`): a pause, retries, a job polled
 * every 100 ms (helper-136: cut at ten polls, it failed as no answer where one 6 s pause warned),
 * within a minute of virtual time; past that an answer counts as none (it meets the real-time
 * deadline).
 */
const LATE_FIRES = 1_000
const LATE_ANSWER_MS = 60_000

/**
 * Real ms the app must have had nothing but its timers pending (#answeredWithClock) before callspec
 * takes its answer to wait on one of them: a webhook's wait then fires one the app set before the
 * webhook went out, past the patience, or fails at once when the platform's next event is due
 * behind the answer (#eventBehindAnswer). An answer on its way from work callspec cannot see comes
 * within it (test/clock/answer-delay.test.ts: a 60 ms lookup on a real timer, beside a 30 s idle
 * timer set on ACCEPTED).
 */
const ONLY_TIMERS_GRACE_MS = 500

/** Why a webhook's wait ended early, its answer held behind the platform's next event (CallSession.#eventBehindAnswer). */
function eventBehindAnswerText(event: string, answering: string): string {
  const webhook = answering.replace(/^its answer to /, '')
  return (
    `the app holds ${answering} with nothing of its own pending (no timer, no request in flight, no I/O callspec can see), while the platform's next event (${event}) is due. ` +
    `callspec sends the platform's webhooks one at a time, each once the app has answered the one before, so ${event} waits behind this answer and the call cannot go on. ` +
    `If the app waits for ${event} before answering ${webhook}, answer ${webhook} first and act after. ` +
    // The same wait, from a handler that acts and returns without answering at all (newcomer audit helper-180: an async EnableX handler with no res.sendStatus(200)).
    `If no branch of its handler answers ${webhook} at all (an async handler that acts, then returns), answer it: res.end(), res.json(), res.sendStatus(200).`
  )
}

/**
 * An answer that never came while the app's chain of immediates was still going past
 * SAME_INSTANT_HOPS (an endless `setImmediate` poller waiting for a flag nothing set): what happened,
 * where the app sets its hops (`site`, '' when unknown), and what to do (audit-104: "the app never
 * answered", and nothing more).
 */
function spinningChainText(site: string): string {
  return (
    ` The app kept scheduling setImmediate: a chain of immediates, each hop set by the one before${site ? ` (at ${site})` : ''}, went past ${SAME_INSTANT_HOPS.toLocaleString('en-US')} hops at one instant ` +
    '(from there each hop took 1 ms of virtual time, so the app\'s timers could still fire) and was still going when callspec gave up. ' +
    "A poller should wait on a timer or an event (await setTimeout(ms) from 'node:timers/promises', or the promise or event that sets its flag), not spin on setImmediate."
  )
}

const NO_TIMERS: ReadonlySet<number> = new Set()
/** deliver(): no exception came after the app's answer. */
const NOT_THROWN = Symbol('not thrown')
const NEVER: Promise<never> = new Promise<never>(() => {})

/** The app's clock moving while the call waits for a request of the app's (CallSession #movingAppClock). */
interface MovingAppClock {
  failed: Promise<never>
  done: Promise<void>
  fired: number
  firing: boolean
}

/**
 * Real ms a webhook to an app under callspec/agent waits for its answer before it asks the agent
 * whether the app holds it on a timer: an answer comes well within it (loopback, ~1 ms), so an
 * ordinary turn sends nothing over the channel.
 */
const AGENT_FIRST_LOOK_MS = 5

/** An AppClock under callspec/agent that can tell what the app's servers still hold (startAgent()'s handle). */
export function isAgent(clock: AppClock): clock is AgentHandle {
  return clock.kind === 'agent' && typeof (clock as Partial<AgentHandle>).answering === 'function'
}

/** Real ms a refused request's quiet app is given before the call fails (at most a quarter of limits.appTimeoutMs; see #refusedThenQuiet). */
const REFUSED_GRACE_MS = 500

/**
 * Real ms an app that answered and sent nothing, then went quiet, is given before the call fails
 * (#refusedThenQuiet). Longer than a refusal's: nothing but its silence says it is done, and work
 * callspec cannot see (an 800 ms lookup on the thread pool, test/hostile/unread-body-quiet) must
 * still come in time. Waits shorter than twice this are waited out as before. limits.quietGraceMs
 * sets another (an app whose native work runs longer before its next request).
 */
const SILENT_GRACE_MS = 1_500

/**
 * How a quiet app's failure says its grace can be lengthened: the one case it fails a correct app
 * is work callspec cannot see (a native addon on the thread pool), and the fix is one option.
 */
const quietGraceHint = (grace: number): string =>
  `An app still at work out of callspec's sight (a native addon or a hash on Node's thread pool) was given ${grace} ms: limits.quietGraceMs gives it longer.`

/** Real ms between looks, under callspec/agent, for a refusal (or the app giving up otherwise) while a wait runs. */
const GAVE_UP_LOOK_MS = 25

/** Sleeps `ms` real ms, or less if `until` resolves first (its timer cleared: nothing left behind). */
/** What #nextApiRequest resolves to. */
const API_REQUEST = 'api-request'

function sleepUnless(ms: number, until: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([new Promise<void>((resolve) => (timer = realTimers.setTimeout(resolve, ms))), until]).finally(() => realTimers.clearTimeout(timer))
}

/** Real ms after the app's last answer beyond which a request of its own is marked as unexplained. */
const UNEXPLAINED_AFTER_MS = 1_000

export { describeExchange }

/** A cause's message inside callspec's own: its `[callspec] ` prefix once is enough (audit-86: an agent's lost channel said it twice). */
const withoutPrefix = (message: string): string => message.replace(/^\[callspec\] /, '')

/** `heading:` and one bullet a line, on lines of their own; nothing when there are none. */
function listed(heading: string, lines: string[]): string {
  return lines.length === 0 ? '' : `\n${heading}:\n${lines.map((line) => `  • ${line}`).join('\n')}`
}

/** The earlier of two instants, either of which may be missing. */
function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b)
}
