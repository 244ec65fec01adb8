import type { AnyDriver, CallSetup, Limits, PlatformCall, TriggerContext } from '../driver/types.js'
import { isCallspecError } from '../errors/callspec-error.js'
import { CallspecError } from '../errors/callspec-error.js'
import { formatDelay } from '../utils/span.js'
import { FlowAssertionError } from '../errors/flow-assertion-error.js'
import { appReadDefaultStart } from './app-date-start.js'
import { CALL_START, CallSession, isAgent, limitSource, type FittedLimits } from '../session/call-session.js'
import type { ActionRecord, CallParties, RefusedBy } from '../session/types.js'
import { printWarnings } from '../session/warnings.js'
import { MAYBE_NO_BODY_PARSER, errorPageError } from '../validation/read-response.js'
import { FOLD_IN_SHORT, foldRepeats } from '../session/short-transcript.js'
import { groupWarnings, turnOfWarning, warningLines } from '../session/warning-groups.js'
import { RuleBook } from '../validation/rules.js'
import { isInProcess, loadUndici, resolveTransport, type TransportMode, type TransportOptions } from '../transport/index.js'
import type { Transport } from '../transport/types.js'
import { misuseOf } from '../transport/listener-misuse.js'
import { awaitedAt, relocate } from '../utils/call-site.js'
import { siteOfStep } from './step-site.js'
import type { AppClock } from '../clock/app-clock.js'
import { IN_THIS_PROCESS, takeClockTurn, tellCallsTookTurns, type ClockTurn } from '../clock/clock-turns.js'
import { InProcessAppClock, type AppTraffic } from '../clock/in-process-app-clock.js'
import { loadFakeTimers, testClockNow } from '../clock/fake-timers-install.js'
import { RealDate } from '../clock/real-timers.js'
import { routeTimerModules } from '../clock/timer-modules.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { TriggerRecord } from '../driver/trigger-record.js'
import { loadInterception, reportTo } from '../api/interception.js'
import { acquireApi, usesInterception } from './api-channel.js'
import { runsInProcessClock } from './app-clock-choice.js'
import { phrasingOf, type Phrasing } from './phrasing.js'
import { CallResult, withActionNames } from './call-result.js'
import { DEFAULT_LIMITS, type FlowConfig } from './flow-config.js'
import { defaultLimits, fittedTo, resolveLimits, runnerDeadline, stopAtBound, tooLateToStart } from './resolve-limits.js'
import { callFinished } from './hooks.js'
import { endAfterFailure } from './end-after-failure.js'
import { runStep, startCall } from './run-step.js'
import { isUnresponsive } from '../errors/app-unresponsive.js'
import type { Step } from './steps.js'
import { isSourceLine } from '../validation/rules.js'
import { checkVendorShapes } from './check-options.js'
import { escapeControls } from '../utils/printable-body.js'

/**
 * Runs a flow once: brings up the transport and the vendor API, starts the call, executes the
 * steps in order (first failure stops), hangs up if the test left the call live, and checks
 * leftovers. Whatever happens, every socket, server and interceptor it opened is closed. `stop`:
 * aborted when the test that started the call ends first (stop-at-test-end.ts, from call-flow.ts).
 */
export async function runFlow<D extends AnyDriver>(config: FlowConfig<D>, steps: readonly Step[], stop?: AbortSignal): Promise<CallResult<D>> {
  // Outside a test runner, a time bound of the caller's (`callspec explore --time-limit`) stops the call as a test's end does.
  const atBound = stopAtBound()
  if (!atBound) return runFlowUntil(config, steps, stop)
  try {
    return await runFlowUntil(config, steps, stop ? AbortSignal.any([stop, atBound.signal]) : atBound.signal)
  } finally {
    atBound.clear()
  }
}

async function runFlowUntil<D extends AnyDriver>(config: FlowConfig<D>, steps: readonly Step[], stop: AbortSignal | undefined): Promise<CallResult<D>> {
  const { driver, options } = config
  const says = phrasingOf(options)
  // Loaded before the limits, which count the runner's time left for this test.
  const inProcess = isInProcess(config.target)
  const outbound = config.startedBy !== undefined
  const loaded = loadedFor[inProcess ? 1 : 0]
  if (!loaded.has(driver)) {
    // Libraries callspec loads with the first call, all at once so their file reads overlap. The
    // interceptor only if this call holds it: a later call that does loads it as it starts.
    const intercepts = usesInterception(config, outbound)
    // The timer modules' replacement first for an in-process app: before any interceptor is applied.
    await Promise.all([loadUndici(), driver.load?.(), ...(inProcess ? [loadFakeTimers(), routeTimerModules()] : []), ...(intercepts ? [loadInterception()] : [])])
    loaded.add(driver)
  }
  // The vendor options' shapes, with the driver's zod shapes now loaded (names and values were checked at callTo()).
  checkVendorShapes(options, driver)
  // Default waits outlast a webhook deadline the vendor documents (resolve-limits.ts, defaultLimits).
  const defaults = defaultLimits(driver.answerDeadline?.ms)
  const limits = resolveLimits(options.limits, defaults)
  const fitted = fittedLimits(limits, options.limits, defaults)
  const parties: CallParties = {
    direction: outbound ? 'outbound' : 'inbound',
    // Outbound numbers come from the app's make-call request; the driver fills them in.
    from: config.from ?? (outbound ? '(app)' : '+14155550100'),
    to: config.to ?? (outbound ? '(callee)' : '+14155550199'),
  }
  let transport: Transport | undefined
  let session: CallSession | undefined
  let release: (() => Promise<void>) | undefined
  let current: number | undefined
  let call: PlatformCall | undefined
  /** Numbers the platform dialled (their party behaviour was asked for). */
  const dialled = new Set<string>()
  let failed = true
  const header = { platform: driver.platform, seed: config.seed, parties }
  const rules = new RuleBook(driver.platform, driver.rules, { strict: options.strict, rules: options.rules })
  let failure: unknown
  let clockTurn: ClockTurn | undefined
  try {
    // In-process apps over an in-memory connection; REST-driven platforms (EnableX) included:
    // their ordering waits on the app's clock and requests in flight, not on loopback latency.
    transport = await resolveTransport(config.target, new LiveBounds(limits, fitted, options.transport ?? 'memory', options.webhookPath ?? driver.defaultWebhookPath))
    const trigger = config.startedBy ? triggerFor(config.startedBy, transport, stop) : undefined
    session = new CallSession(header, transport, limits, rules, trigger?.run, startOf(config))
    session.triggerRecord = trigger?.record
    session.fitted = fitted
    if (stop) {
      session.stopSignal = stop
      // A step between waits (a silence the clock runs through) fails at its end.
      stop.addEventListener('abort', () => session?.fatal(stop.reason), { once: true })
    }
    // The deadline the vendor documents, else the user's limit, else callspec's default. A longer
    // limits.responseTimeoutMs (a real-time wait) does not lift a documented deadline: its rule does
    // (helper-25: a 6 s answer to EnableX passed, with no warning, under a 10 s limit).
    session.webhookPatienceMs = driver.answerDeadline?.ms ?? options.limits?.responseTimeoutMs ?? DEFAULT_LIMITS.responseTimeoutMs
    session.webhookDeadlineSource = driver.answerDeadline?.source
    session.patienceSetByUser = options.limits?.responseTimeoutMs !== undefined
    session.webhookAfterEndRule = driver.answerDeadline?.afterEnd
    session.answerAfterEnd = driver.answerAfterEnd
    session.goesOnWithoutAnswers = driver.goesOnWithoutAnswers === true
    session.runnerDeadline = runnerDeadline()
    const channel = await acquireApi(config, outbound)
    const unreport = reportTo((problem) => session?.fatal(new CallspecError(problem)))
    release = async () => {
      unreport()
      await channel.release()
    }
    const setup: CallSetup = {
      parties,
      webhookPath: options.webhookPath ?? driver.defaultWebhookPath,
      headers: options.headers ?? {},
      vendor: options.vendor ?? {},
      dialled: outbound ? config.to : undefined,
      callee: config.callee,
      party: (number) => {
        dialled.add(digitsOf(number))
        return config.parties[number] ?? config.parties[number.replace(/^\+/, '')] ?? 'answers'
      },
      startedBy: config.startedBy,
    }
    call = driver.createCall(session, setup, channel.api)
    session.waitingOnApp = call.waitingOnApp?.bind(call)
    const runner = session
    session.appClock = appClockFor(config, channel.traffic, limits.appTimeoutMs, () => runner.runnerDeadline?.at)
    // A call whose fake API only the vendor-host guard reaches (guardOnly) still answers only webhooks.
    session.answersOnly = channel.api === undefined || channel.guardOnly === true
    session.appElsewhere = !isInProcess(config.target)
    // The app's clock unknown (an app by URL): the driver's own wait for REST requests stands in.
    if (!session.appClock && call.settle) session.driverSettle = call.settle.bind(call)
    const pace = paceOf(options.time)
    if (pace) session.paceWithWallClock(pace)
    const clock = session.appClock
    const beforeApp = async () => {
      if (!clock) return
      clockTurn = await takeClockTurn(clock instanceof InProcessAppClock ? IN_THIS_PROCESS : clock, stop)
      // Waited behind other calls: the waits are fitted again to the test's time now left, if any.
      // Only a call that was queued: a lone call's turn is taken at once, yet measures a few µs of
      // "waiting", and was refused with "waited 0 ms for its turn" in any test with less than half
      // a second left (audit-85: every call failed under testTimeout: 450).
      if (clockTurn.queued) {
        const late = tooLateToStart()
        if (late) {
          throw new CallspecError(
            `this call waited ${formatDelay(Math.round(clockTurn.waitedMs))} for its turn on the app's clock (calls to an app in this process take turns), and ${fittedTo(late.testTimeoutMs).name} is near (${formatDelay(Math.round(late.leftMs))} left): it was not run. ` +
              'Give the test more time, or pass appClock: false for calls that should run at once.',
          )
        }
        Object.assign(limits, resolveLimits(options.limits, defaults))
        Object.assign(fitted, fittedLimits(limits, options.limits, defaults))
        session!.runnerDeadline = runnerDeadline()
      }
      if (clockTurn.queued && options.warnings !== 'silent') tellCallsTookTurns()
      await clock.start(session!.clock.epochMs)
      // The call's time moved on with the real time the app's I/O held it (InProcessAppClock.#catchUp): the platform's clock with it.
      if (clock instanceof InProcessAppClock) clock.caughtUp = session!.clock.skipTo.bind(session!.clock)
      else if (isAgent(clock)) clock.caughtUp = session!.clock.skipTo.bind(session!.clock)
      // The test's own clock moved to startAt: the transcript says so first (forward, what fired).
      if (clock instanceof InProcessAppClock && clock.startNote) session!.note(clock.startNote)
    }
    // A failure while the call starts is reported at the first step: that is what was waiting for it.
    current = 0
    if (outbound) session.beforeApp = beforeApp
    else await beforeApp()
    // An outbound call takes its turn from startTrigger(), once it has registered the request it waits for.
    await startCall(session, call, steps, !outbound)
    for (; current < steps.length; current++) await runStep(session, call, steps[current]!, says, steps[current + 1], steps[current + 2])
    current = undefined
    const held = session.ended ? undefined : keysStillHeld(call, steps, says)
    // The step at fault is the keys, the last one: a scenario file's failure names its line (h201: it
    // named the scenario's first line, as for a failure of no step).
    if (held) throw Object.assign(new FlowAssertionError(held), { stepIndex: steps.length - 1 })
    await hangUpIfLive(session, call, outbound && (config.callee === 'busy' || config.callee === 'no-answer'))
    await session.stopAppClock()
    checkLeftovers(session, options.unconsumed ?? 'error', says)
    checkUnusedBehaviour(config, dialled, options.unconsumed ?? 'error', session)
    session.transcript.duration = session.ended?.at ?? session.clock.now()
    // A driver that went on past a refused webhook: the target's misuse still fails the call.
    if (misuseOf(config.target as object)) throw new CallspecUsageError('misused target')
    failed = false
    return withActionNames(new CallResult<D>(driver.platform, config.seed, session.transcript, session.warnings), driver.actionNames)
  } catch (error) {
    // A function that answered as no request listener does (listener-misuse.ts): the app was
    // passed wrong, said as at callTo(), and nothing more is sent to it.
    const misuse = misusedTarget(config.target)
    // The test's line: where the flow is awaited, else where callTo() ran if that was taken (call-site.ts).
    const site = awaitedAt() ?? config.root.site
    failure = misuse ? relocate(misuse, site) : toFlowError(error, session, steps, current, site, says)
    // The app's `Date` read callspec's default start (first-turn-hint.ts: a 401 from a token made from real time).
    if (session?.appClock?.kind === 'in-process' && options.startAt === undefined && session.clock.epochMs === CALL_START && failure instanceof Error) {
      appReadDefaultStart.set(failure, CALL_START)
    }
    // An app that stopped answering callspec at all gets no farewell: it would wait on it again.
    if (session && isUnresponsive(error)) session.appStoppedAnswering = true
    if (!misuse && session && call) await endAfterFailure(session, call, limits)
    throw failure
  } finally {
    // A failed call's answer still held from the caller's hang-up: its wait ends before the app's clock stops.
    await session?.finishLateAnswers()?.catch(() => {})
    await session?.stopAppClock().catch(() => {})
    clockTurn?.end()
    // Once per call, passed or failed: what the test should know even when it passed.
    // Not beside a failure whose message lists them all (helper-125: a failing call showed its
    // one warning three times). The warnings end with the failure (endAfterFailure).
    if (!(failure instanceof Error && listsEveryWarning.has(failure))) printWarnings(session?.warnings ?? [], header, options.warnings)
    if (session) callFinished({ transcript: session.transcript, warnings: session.warnings, failed, failure })
    session?.clock.clearAll()
    session?.dispose()
    call?.dispose?.()
    await session?.settleTrigger()
    await release?.()
    await transport?.close()
  }
}

/**
 * A flow whose last step is the caller's keys, ended while the platform still holds some of them
 * (it waits for more keys, a terminator or a pause before it passes an entry on). The test's
 * hang-up comes next and the app never hears of them, so nothing said of its reaction can fail
 * (helper-132: `.pressDigits('7')` last, then `expect(call).not.toHaveAction('connect')`, passed on
 * an app that connects every key; EnableX passes keys on after a 2 s pause). Keys the platform
 * passed on, or took itself (a retry of its own), are not held.
 */
function keysStillHeld(call: PlatformCall, steps: readonly Step[], says: Phrasing): string | undefined {
  // callspec dial is no test: its flow ends wherever the person at the keyboard is, and goes on
  // from there with what they type next.
  if (says.command === 'callspec dial') return undefined
  const last = steps.at(-1)
  const entered = last?.kind === 'input' ? call.listening()?.entered : undefined
  if (!entered) return undefined
  return (
    `the flow ended right after ${last!.label}, while the platform still held the keys ${JSON.stringify(entered)} (it passes an entry on after more keys, a terminator or a pause): the caller hangs up next, so the app never hears of them, and nothing said of what it does with them can fail. ` +
    `Add the step you expect next: ${says.expect('…')} for the app's reaction, or ${says.silent} to let the call go on.`
  )
}

/**
 * A failure's cause is often a warning some turns before it: a key the vendor ignores (a COLLECT
 * with "max_digits" collects with the defaults, and a later turn fails). The transcript marks
 * warnings where they happened; these lines put them under the headline too.
 */
function earlierWarnings(warnings: readonly string[], failedTurn: number, listAfter: boolean): { lines: string[]; whole: boolean } {
  // Those after the failing turn (the platform went on after it: an 8x8 session summary) are no
  // cause of it, and are not called earlier (audit helper-68: a turn-2 warning under a turn-1 failure).
  const before = warnings.filter((w) => (turnOfWarning(w) ?? 0) <= failedTurn)
  const after = listAfter ? warnings.filter((w) => (turnOfWarning(w) ?? 0) > failedTurn) : []
  const lines = [
    ...(before.length > 0 ? ['callspec warned earlier in this call (a cause, perhaps):', ...warningLines(before, LISTED_WARNINGS)] : []),
    ...(after.length > 0 ? [`callspec warned after turn ${failedTurn} too:`, ...warningLines(after, LISTED_WARNINGS)] : []),
  ]
  return { lines, whole: groupWarnings(before).length <= LISTED_WARNINGS && groupWarnings(after).length <= LISTED_WARNINGS }
}

/** Kinds of warning a failure lists under its headline (repeats counted); more are left to call.warnings and the printed block. */
const LISTED_WARNINGS = 3

/** Failures whose message lists every warning of the call: not printed again beside them. */
const listsEveryWarning = new WeakSet<Error>()

/** Which default waits resolveLimits() cut to the test's time left (the user's own are never cut): their failures say so. */
function fittedLimits(limits: Limits, user: Partial<Limits> | undefined, defaults: Limits): FittedLimits {
  const cut: FittedLimits['cut'] = {}
  for (const name of ['responseTimeoutMs', 'appTimeoutMs'] as const) {
    if (user?.[name] === undefined && limits[name] < defaults[name]) cut[name] = defaults[name]
  }
  return { testTimeoutMs: Object.keys(cut).length > 0 ? runnerDeadline()?.testTimeoutMs : undefined, cut }
}

/**
 * The exchange bounds, read from `limits` at each exchange: a call that waited for its turn on the
 * app's clock fits its waits again (beforeApp). Made out of runFlow so they hold the limits alone:
 * getters written inside runFlow kept the whole call alive for as long as the pool held its last
 * exchange (test/gc/retention.test.ts: ~940 KB promoted per scavenge). A class, its getters on the
 * prototype: an object literal with getters, made anew each call, showed in a CPU profile of a
 * by-URL loop as ~10 µs of each call's setup. Nothing copies the bounds (a spread would drop
 * prototype getters): they are only read.
 */
class LiveBounds implements TransportOptions {
  /** Read once, as the transport comes up (an app's ready() wait): the value when the call began. */
  readonly readyMs: number
  constructor(
    private readonly limits: Limits,
    private readonly fitted: FittedLimits,
    readonly mode: TransportMode,
    readonly webhookPath: string,
  ) {
    this.readyMs = limits.appTimeoutMs
  }
  get timeoutMs() {
    return this.limits.responseTimeoutMs
  }
  get timeoutSource() {
    return limitSource('responseTimeoutMs', this.fitted)
  }
  get timeoutFitted() {
    return this.fitted.cut.responseTimeoutMs !== undefined
  }
  get timeoutCutWait() {
    return fittedTo(this.fitted.testTimeoutMs).cutWait
  }
  get maxBodyBytes() {
    return this.limits.maxBodyBytes
  }
}

/** Drivers whose libraries are loaded, for apps by URL [0] and in this process [1]: later calls skip the wait. */
const loadedFor = [new WeakSet<AnyDriver>(), new WeakSet<AnyDriver>()] as const

/** The test stopped with the call live: the caller hangs up, and the platform's last webhooks go out. */
async function hangUpIfLive(session: CallSession, call: PlatformCall, neverAnswers = false): Promise<void> {
  // Over already, with answers only: what the platform still sends (DROPPED) goes out as it
  // would mid-call, without waiting for the app to go quiet; the wait below still closes the call.
  if (!session.ended || !session.answersOnly) await session.settleApp(true)
  // An outbound call whose callee never answers (answeredBy('busy' | 'no-answer')): nobody picks up
  // to hang up, and the platform ends the attempt itself, BUSY or NO ANSWER, as the test said. A
  // hang-up now cut it short as a cancel, and the app never saw the outcome the test declared
  // (audit-112 F3). Bounded: the platform's own timers, a few at most.
  if (neverAnswers) for (let i = 0; i < 50 && !session.ended && session.clock.peek(); i++) await session.fireNext()
  if (!session.ended) {
    await call.input({ kind: 'hangup', cause: 'end-of-test', label: 'hangs up (end of test)' })
  }
  // Deliver what the platform sends after the end (DROPPED, a session summary); bounded.
  for (let i = 0; i < 50 && session.clock.peek(); i++) await session.fireNext()
  // An answer the app still held when the caller hung up comes now, after the end, as in production.
  const late = session.finishLateAnswers()
  if (late) {
    await late
    for (let i = 0; i < 50 && session.clock.peek(); i++) await session.fireNext()
  }
  // The flow resolves once every request the app made during the call has its answer (bounded).
  await session.settleApp(true)
  const fatal = session.takeFatal()
  if (fatal) throw fatal
}

/**
 * The app's timers on the call's clock: `options.appClock` if given (h4's agent handle for an app
 * in another process), none when `false` or when time is paced by the wall clock, and by default
 * the fake-timers clock for an app in this process.
 */
function appClockFor(config: FlowConfig, traffic: AppTraffic | undefined, boundMs: number, deadline: () => number | undefined): AppClock | undefined {
  const { appClock } = config.options
  if (runsInProcessClock(config)) return new InProcessAppClock(traffic, boundMs, deadline)
  // An agent handle is given as itself (`true` is the default, `false` none).
  return appClock !== undefined && appClock !== true && appClock !== false ? givenClock(appClock) : undefined
}

/** `appClock` given as anything but `true`, `false` or an app clock (the agent's handle) fails as the user's mistake, not deep inside the call. */
function givenClock(given: unknown): AppClock {
  const handle = given as Partial<AppClock> | null
  if (typeof handle === 'object' && handle !== null && typeof handle.fire === 'function' && typeof handle.start === 'function') return handle as AppClock
  throw new CallspecUsageError(
    `[callspec] appClock: ${describeGiven(given)} is not an app clock: leave it out (or true) for an app in this process, pass the handle callspec/agent gives for an app in another process, or false for none.`,
  )
}

const describeGiven = (given: unknown) => (typeof given === 'object' && given !== null ? `an object with keys ${JSON.stringify(Object.keys(given))}` : JSON.stringify(given) ?? String(given))

/**
 * The wall-clock instant the call starts at: `startAt`; else, for an app whose timers the test's
 * own fake clock will carry (in-process, default app clock), that clock's time, so the app's
 * `Date` and the events agree; else undefined (seeded).
 */
function startOf(config: FlowConfig): number | undefined {
  const { startAt } = config.options
  if (startAt !== undefined) {
    // Duck-typed and parsed by the real Date: the test's vi.useFakeTimers() may have replaced the global.
    const ms = typeof startAt === 'object' && startAt !== null && typeof startAt.getTime === 'function' ? startAt.getTime() : typeof startAt === 'string' ? RealDate.parse(startAt) : startAt
    if (typeof ms !== 'number' || !Number.isFinite(ms)) {
      throw new CallspecUsageError(`[callspec] startAt: ${JSON.stringify(String(startAt))} is not an instant: pass a Date, an ISO string such as '2026-03-04T15:00:00Z', or epoch ms.`)
    }
    return ms
  }
  return runsInProcessClock(config) ? testClockNow() : undefined
}

/** Virtual ms per real ms, for a call paced by the wall clock; undefined when time is virtual. */
function paceOf(time: FlowConfig['options']['time']): number | undefined {
  if (time === undefined || time === 'virtual') return undefined
  if (time === 'real') return 1
  if (!(time.scale > 0) || !Number.isFinite(time.scale)) {
    throw new CallspecUsageError(`[callspec] time: { scale } needs a positive number (virtual ms per real ms), got ${String(time.scale)}.`)
  }
  return time.scale
}

/** The usage error for a target seen answering as no request listener does, if it was. */
function misusedTarget(target: unknown): CallspecUsageError | undefined {
  const misuse = typeof target === 'function' ? misuseOf(target) : undefined
  return misuse === undefined ? undefined : new CallspecUsageError(misuse)
}

const digitsOf = (number: string) => number.replace(/^\+/, '')

/**
 * Behaviour the test declared that never came into play fails the call like a leftover action:
 * a withParty() number the app never had dialled, an answeredBy() on an inbound call.
 */
function checkUnusedBehaviour(config: FlowConfig, dialled: Set<string>, policy: 'error' | 'warn' | 'ignore', session: CallSession): void {
  if (policy === 'ignore') return
  const problems: string[] = []
  for (const [number, behaviour] of Object.entries(config.parties)) {
    if (!dialled.has(digitsOf(number))) {
      problems.push(`withParty('${number}', ${JSON.stringify(behaviour)}) never came into play: the platform never dialled ${number}.`)
    }
  }
  if (config.startedBy === undefined && config.callee !== 'answers') {
    problems.push(`answeredBy(${JSON.stringify(config.callee)}) never came into play: this is an inbound call (answeredBy() is for calls the app places with startedBy()).`)
  }
  if (problems.length === 0) return
  const message = `${problems.join('\n')}\nRemove it, or make the flow reach the point where it matters (or set unconsumed: 'warn' | 'ignore').`
  if (policy === 'warn') session.warn(message)
  else throw new FlowAssertionError(message)
}

function checkLeftovers(session: CallSession, policy: 'error' | 'warn' | 'ignore', says: Phrasing): void {
  const left = leftovers(session)
  if (left.length === 0 || policy === 'ignore') return
  // An app that loops (hold music over and over) leaves the same action round after round: folded, as in the transcript.
  const list = foldRepeats(left.map((l) => ({ text: `  • turn ${l.turn} ← ${l.line}`, turn: l.turn })), FOLD_IN_SHORT)
    .map((l) => l.text)
    .join('\n')
  const refused = left.filter((l) => l.action === undefined).length
  // A refusal answered under a rule callspec inferred is callspec's, not the platform's (audit F5):
  // said so, with the rule, and never "fix the request the answer names".
  const inferredRules = [...new Set(left.flatMap((l) => (l.refusedBy?.inferred ? [l.refusedBy.rule] : [])))]
  const byCallspec = left.filter((l) => l.refusedBy?.inferred).length
  const byInference = `callspec under a rule it inferred (${inferredRules.join(', ')}), not one the platform documents`
  const refusedBy =
    byCallspec === 0 ? 'refused by the platform' : byCallspec === refused ? `refused by ${byInference}` : `refused: ${refused - byCallspec} by the platform, ${byCallspec} by ${byInference}`
  const what =
    refused === 0
      ? `${left.length} action(s) the test never expected`
      : refused === left.length
        ? `${left.length} request(s) the test never expected, ${refusedBy}`
        : `${left.length} action(s) the test never expected (${refused} ${refusedBy})`
  const expected = `the app sent ${what}:\n${list}`
  const first = left[0]!
  const step = says.scenarioFile ? 'expect step' : 'expectAction'
  // A refused request is no action: expectAction cannot match it, so the hint says what can.
  const how = first.action
    ? `Add ${says.expect(first.action.name)}`
    : first.refusedBy?.inferred
      ? `A request callspec refused under a rule it inferred (${first.refusedBy.rule}: the platform documents no such refusal, the answer is callspec's) is still something the app did that no ${step} matches: ` +
        `assert what the app does after it; ${says.scenarioFile ? `rules: { ${first.refusedBy.rule}: off }` : `rules: { '${first.refusedBy.rule}': 'off' }`} ` +
        // The driver says what the rule off does with this request (RefusedBy.whenOff): lets it through, or why it cannot.
        (first.refusedBy.whenOff ?? "only drops that rule's own warning, as the request is refused either way")
      : `A request the platform refused is something the app did that no ${step} matches: fix the request the answer names, or assert what the app does after it`
  if (policy === 'warn') {
    session.warnings.push(`${expected}\n${how}${first.action ? ' to assert them' : ''}, or set ${says.option('unconsumed', 'ignore')} to stop this warning.`)
    return
  }
  const message = `${expected}\n${how} (or set ${says.scenarioFile ? 'unconsumed: warn or ignore' : "unconsumed: 'warn' | 'ignore'"}).`
  const mark = first.action ? { markAction: first.action.index } : {}
  throw Object.assign(new FlowAssertionError(message), { ...mark, markTurn: first.turn, markReason: first.action ? 'never expected' : 'refused, never expected' })
}

/**
 * What the app did after the last action the test consumed, in order: the actions no step took,
 * and the REST requests the platform refused (an API answer of 4xx/5xx in the transcript). A
 * refused request is not an action, so no step can take it; one the test walked past (an action
 * it expected came later) was seen, one after the last expected action was not: without it, an
 * app whose every request was refused would pass a test that a correct app fails. Refusals after
 * the call ended are left to their warnings.
 */
function leftovers(session: CallSession): Array<{ turn: number; line: string; action?: ActionRecord; refusedBy?: RefusedBy }> {
  const left = session.unconsumed()
  const consumed = session.queue.length - left.length
  const out: Array<{ turn: number; line: string; action?: ActionRecord; refusedBy?: RefusedBy }> = []
  // A request refused once the call was over (a play racing the caller's hang-up) changed nothing
  // the caller met, in production as here: its rule's warning says it.
  let seen = consumed === 0
  for (const entry of session.transcript.entries) {
    if (entry.kind === 'action') {
      if (entry.action.index === consumed - 1) seen = true
      else if (entry.action.index >= consumed) out.push({ turn: entry.action.turn, line: `${entry.action.name} ${entry.action.summary}`, action: entry.action })
    } else if (entry.kind === 'api' && seen && entry.status >= 400 && !entry.afterEnd) {
      const by = entry.refusedBy?.inferred ? ` by callspec (rule ${entry.refusedBy.rule}, inferred)` : ''
      out.push({ turn: entry.turn, line: `${entry.name}: refused${by}, HTTP ${entry.status}${entry.summary ? ` ${entry.summary}` : ''}`, ...(entry.refusedBy && { refusedBy: entry.refusedBy }) })
    }
  }
  return out
}

/**
 * startedBy()'s view of the app: HTTP requests over the same bounded transport. `record`: what the
 * trigger sent, and the async context it runs in, by which a fake API tells whose make-call
 * request is whose when calls wait at once (WaitingCalls).
 */
function triggerFor(trigger: (ctx: TriggerContext) => unknown, transport: Transport, signal: AbortSignal | undefined): { run: () => Promise<unknown>; record: TriggerRecord } {
  const record = new TriggerRecord()
  const ctx: TriggerContext = {
    async fetch(path, init = {}) {
      const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
      record.sent(path, body as string | undefined)
      const method = init.method ?? (body === undefined ? 'GET' : 'POST')
      record.inFlight++
      const { response } = await transport
        .send({
        method,
        target: path,
        headers: { ...(body !== undefined && typeof init.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers },
        body: body as string | undefined,
          signal,
        })
        .finally(() => record.inFlight--)
      record.answered(`${method.toUpperCase()} ${path}`, response)
      return { status: response.status, body: response.body, json: () => JSON.parse(response.body) }
    },
  }
  return { run: async () => record.run(() => trigger(ctx)), record }
}

/** A failure that is not callspec's own: its message, and for a stack overflow what it means. */
function describeForeign(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  // Only a stack overflow: another RangeError (Invalid time value, an array length) is said as it is (audit h179).
  if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) return error.message
  return (
    `a stack overflow on this turn (RangeError: ${error.message}): a value nested deeper than JavaScript can walk, in the test's options or in what the app sent. ` +
    `If it is not in your own code, it is a bound callspec lacks: please report it with the seed below.`
  )
}

/**
 * The app read none of the call's webhook bodies: said under the failure, unless the app's error
 * page names another cause (a TypeError on undefined is what a missing body parser throws) or
 * the page's own hint said it (read-response.ts).
 */
function bodyHintFits(message: string): boolean {
  if (message.includes('express.json()')) return false
  const page = errorPageError(message)
  return page === undefined || /undefined/.test(page)
}

/** Transcript lines a failure message shows at most (the error's `transcript` keeps the whole call). */
const MESSAGE_TRANSCRIPT_LINES = 200

/**
 * Every failure leaves here as a CallspecError whose first line names the turn and the step,
 * followed by what was wrong, the transcript (shortened past MESSAGE_TRANSCRIPT_LINES) with the failing turn marked, and the seed.
 */
function toFlowError(error: unknown, session: CallSession | undefined, steps: readonly Step[], index: number | undefined, rootSite: Error | undefined, says: Phrasing): Error {
  const step = index === undefined ? undefined : steps[index]
  const base: CallspecError = isCallspecError(error)
    ? (error as CallspecError)
    : Object.assign(new CallspecError(describeForeign(error)), { cause: error })
  if ((base as { decorated?: boolean }).decorated) return base
  const marks = base as { markAction?: number; markTurn?: number; markReason?: string }
  const turn = marks.markTurn ?? session?.turn ?? 0
  // Before the first webhook (a call that could not be set up) it is the start of the call.
  const where = `${turn > 0 ? `turn ${turn}, ` : ''}${step?.label ?? (session && session.turn > 0 ? 'end of call' : 'start of call')}`
  const [raw = '', ...said] = base.message.split('\n')
  const signs = session?.transport.appSigns?.()
  // The error page's guess "if what was undefined is req.body…" (read-response.ts), disproved when a
  // body parser put a webhook's body of this call on req.body: what was undefined is then a field
  // the event lacks, or something else (newcomer audit: callerId read off COLLECTED_DIGITS).
  const rest = signs && signs.counts.parsed > 0 ? said.filter((line) => !line.startsWith(MAYBE_NO_BODY_PARSER)) : said
  // A usage error's own "[callspec] " is not said twice.
  const first = raw.replace(/^\[callspec\] /, '')
  // What the app's own doing says of the cause goes above the request and answer dumped below.
  const hints = [signs?.unreadBodies && bodyHintFits(base.message) ? signs.unreadBodies : undefined, signs?.closed].filter((h) => h !== undefined)
  const dump = rest.findIndex((line) => line.startsWith('Request sent:'))
  // Above the rule's source line too (ruleCitation), which closes what the message explains.
  const source = rest.findIndex((line, n) => (dump < 0 || n < dump) && isSourceLine(line))
  const at = source >= 0 ? source : dump < 0 ? rest.length : dump
  const parts = [`[callspec] ${where}: ${first}`, ...rest.slice(0, at), ...hints, ...rest.slice(at)]
  if (session && session.warnings.length > 0) {
    // The app answered its first webhook as another platform's apps do (the failure asks whether
    // `platform` is right): what the platform did after it, an 8x8 session summary to a path the app
    // has no route for, follows from the platform chosen; the transcript shows it at its turn, and
    // no line under the headline (newcomer audit N5).
    const listAfter = !(turn <= 1 && session.firstAnswerLike() !== undefined)
    const listed = earlierWarnings(session.warnings, turn, listAfter)
    parts.push('', ...listed.lines)
    if (listed.whole) listsEveryWarning.add(base)
  }
  if (session) {
    session.transcript.duration = session.ended?.at ?? session.clock.now()
    const failedAt = { turn, actionIndex: marks.markAction, reason: marks.markReason ?? first.slice(0, 60) }
    parts.push('', session.transcript.print(failedAt, { maxLines: MESSAGE_TRANSCRIPT_LINES }))
    // As the call was written: a scenario's own setting, or the option (newcomer audit-119: a scenario file was told `{ seed: N }`).
    const seed = session.transcript.header.seed
    parts.push(says.scenarioFile ? `Replay this exact call with seed: ${seed} in its scenario.` : `Replay this exact call with { seed: ${seed} }.`)
    // The warnings as they stood at the failure (what follows it is not the test's): for reports.
    Object.assign(base, { transcript: session.transcript, warnings: [...session.warnings] })
  }
  // The app's text is quoted in many places (its bodies, its error page, V8's JSON error quoting
  // its answer, its keys): control bytes in any of it made grep take the runner's output for a
  // binary file, and an escape sequence acts on the reader's terminal. callspec writes none itself.
  base.message = escapeControls(parts.join('\n'))
  // The turn the headline names, as data too (reports mark it: scenario/run.ts), not only as words.
  Object.assign(base, { decorated: true, ...(turn > 0 ? { markTurn: turn } : {}), ...(step ? { stepIndex: index } : {}) })
  return relocate(base, step && rootSite ? siteOfStep(rootSite, steps, index!) : rootSite)
}
