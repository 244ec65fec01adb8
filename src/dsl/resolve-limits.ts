import { AsyncLocalStorage } from 'node:async_hooks'
import { realDateNow, realNow, realTimers } from '../clock/real-timers.js'
import { CallspecError } from '../errors/callspec-error.js'
import { CUT_TO_HOOK_TIMEOUT, CUT_TO_TEST_TIMEOUT } from '../transport/transport-error.js'
import type { Limits } from '../driver/types.js'
import { DEFAULT_LIMITS } from './flow-config.js'
import { testToFitTo } from '../utils/current-test.js'
import { runningHook, type RunningHook } from '../utils/running-hook.js'
import { vitestWorker } from '../utils/vitest-worker.js'
import { formatDelay } from '../utils/span.js'

/**
 * Real ms left before the test runner times the current test out, or undefined outside vitest.
 * Read from vitest's worker state, which every test file's process has (no setup file needed);
 * in a concurrent test, from the test this call is in when the setup file says (current-test.ts).
 */
export function runnerBudgetMs(now = realDateNow()): number | undefined {
  const cap = budgetCaps.getStore()
  const state = vitestWorker()
  // Outside a test runner, a named cap is the one bound: `callspec explore`'s --time-limit.
  if (!state) return cap?.bound === undefined ? undefined : cap.endsAt - now
  const { ms: timeout, startedAt: started } = runnerTimeout()
  if (!timeout || timeout <= 0 || !Number.isFinite(timeout)) return undefined
  const left = started === undefined ? timeout : timeout - (now - started)
  return cap === undefined ? left : Math.min(left, cap.endsAt - now)
}

/**
 * What vitest times the code running now by, and the real instant (Date.now) that time began: in a
 * hook (a call made in beforeAll), the config's hookTimeout, which vitest gives each hook apart from
 * the test's timeout (running-hook.ts); else the test's own timeout, or the config's testTimeout.
 */
function runnerTimeout(): { ms: number | undefined; startedAt: number | undefined } {
  const config = vitestWorker()?.config
  const hook = runningHook()
  if (hook) return { ms: config?.hookTimeout, startedAt: hook.startedAt }
  const test = testToFitTo()
  return { ms: test?.timeout ?? config?.testTimeout, startedAt: test?.result?.startTime }
}

/**
 * An end (Date.now() ms) the calls placed inside `run` fit their waits and deadline to, as if the
 * test's timeout came then: explore() gives its calls the time it has, not the test's, so a call
 * whose key hangs ends while the exploration can still stop, close its server and report (audit
 * H3: each hung key waited its 0.7 share of the test's time, and the next call started after it,
 * until vitest's bare "Test timed out in 5000ms"). Inside a test runner only, unless `bound` names
 * it: then outside one too, and the calls' failures name that bound instead of a test's timeout
 * (`callspec explore --time-limit`, whose calls were fitted to nothing: a hung key's call waited
 * its whole limits.responseTimeoutMs past the time limit, one the config set as long as it liked).
 */
export function withBudgetCap<T>(endsAt: number, run: () => T, bound?: TimeBound): T {
  return budgetCaps.run({ endsAt, bound }, run)
}

/** A bound on a call's real time other than a test's timeout: how its failures name it, and how to give it more. */
export interface TimeBound {
  /** `the exploration's 60 s time limit (--time-limit)` */
  name: string
  /** `Raise --time-limit` */
  raise: string
  /** `raise` with where it is set: `Raise the test's timeout (it('…', { timeout: 30_000 }), …)` */
  raiseHow: string
  /** What stopping the call now comes before: `before the runner times the test out` */
  before: string
  /** What a wait callspec cut to fit the bound says to wait longer (transport-error.ts, toWaitLonger). */
  cutWait: string
}

const budgetCaps = new AsyncLocalStorage<{ endsAt: number; bound: TimeBound | undefined }>()

/**
 * Outside a test runner, under a named cap (withBudgetCap's `bound`): a signal aborted when the
 * cap's end comes, that stops the call running then as a test's end does (stop-at-test-end.ts),
 * with a failure naming the bound; `clear` once the call is over. A wait the user set is not
 * fitted to the cap, and nothing else ended it: measured, `callspec explore --time-limit 5s` on a
 * config whose limits.responseTimeoutMs was 120 s ran 120.2 s on a hung key.
 */
export function stopAtBound(): { signal: AbortSignal; clear(): void } | undefined {
  const cap = budgetCaps.getStore()
  if (vitestWorker() || !cap?.bound) return undefined
  const { name, raise } = cap.bound
  const stopper = new AbortController()
  const reason = () => new CallspecError(`${name} came with the call still running, so callspec stopped it there. ${raise} to let such a call run its course.`)
  const timer = realTimers.setTimeout(() => stopper.abort(reason()), Math.max(0, cap.endsAt - realDateNow()))
  timer.unref?.()
  return { signal: stopper.signal, clear: () => realTimers.clearTimeout(timer) }
}

/**
 * What the calls' time is fitted to, as their failures say it: the test's timeout (`testTimeoutMs`,
 * when known), or the bound a cap outside a test runner named (withBudgetCap).
 */
export function fittedTo(testTimeoutMs: number | undefined): TimeBound {
  const bound = vitestWorker() ? undefined : budgetCaps.getStore()?.bound
  if (bound) return bound
  const hook = vitestWorker() ? runningHook() : undefined
  if (hook) return hookTimeoutBound(hook, testTimeoutMs)
  return {
    name: testTimeoutMs === undefined ? "the test's timeout" : `the test's ${formatDelay(testTimeoutMs)} timeout`,
    raise: "Raise the test's timeout",
    raiseHow: "Raise the test's timeout (it('…', { timeout: 30_000 }), or testTimeout in the vitest config)",
    before: 'before the runner times the test out',
    cutWait: CUT_TO_TEST_TIMEOUT,
  }
}

/** A hook's timeout as the calls in it are fitted to it (`timeoutMs`: the config's hookTimeout, when known). */
const hookTimeoutBound = ({ name, label }: RunningHook, timeoutMs: number | undefined): TimeBound => ({
  name: timeoutMs === undefined ? `the ${label}'s timeout` : `the ${label}'s ${formatDelay(timeoutMs)} timeout`,
  raise: "Raise the hook's timeout (hookTimeout)",
  raiseHow: `Raise hookTimeout in the vitest config (or vi.setConfig({ hookTimeout }) in the test file): callspec fits a call in ${name ? 'a hook' : "a test's onTestFinished or onTestFailed handler"} to it, and cannot read a timeout passed to the ${name ? 'hook' : 'handler'} itself`,
  before: `before the runner times the ${name ? 'hook' : 'handler'} out`,
  cutWait: CUT_TO_HOOK_TIMEOUT,
})

/**
 * Share of the runner's remaining time a default wait may take, and time always left over:
 * the rest is for callspec to close the call and report (slower on a loaded machine).
 */
const SHARE = 0.7
const RESERVE_MS = 250
const FLOOR_MS = 20
/** Share of the runner's remaining time a call may run in all (runnerDeadline). */
const DEADLINE_SHARE = 0.75
/** Share of the runner's remaining time a call always has, however short the test (runnerDeadline). */
const MIN_DEADLINE_SHARE = 0.5
/** Share of the runner's remaining time a default wait always has, below MIN_DEADLINE_SHARE (resolveLimits). */
const MIN_SHARE = 0.4

/**
 * The real instant (performance.now) past which a call still going fails with callspec's own
 * message, leaving the runner's timeout the rest for closing and reporting; undefined outside a
 * test runner callspec can read. A call that keeps moving (an app retrying a refused request every
 * second, for the 4 h of limits.maxVirtualMs) waits on nothing the other limits bound: measured
 * (helper-21), it took 5.0 s of real time, at vitest's default timeout.
 */
export function runnerDeadline(): RunnerDeadline | undefined {
  const budget = runnerBudgetMs()
  if (budget === undefined) return undefined
  // In a hook, the hook's timeout (runnerTimeout): the field keeps the test's name for the common case.
  const testTimeoutMs = runnerTimeout().ms ?? budget
  // Later than any wait fitted above (SHARE), so a wait that runs out says so in its own words;
  // and never sooner than half of what is left. Without that floor a test shorter than a second
  // (testTimeout: 450) fell to FLOOR_MS: CI failed a lone 31 ms call on a loaded machine as
  // "still going with the test's timeout near", a call that would have passed.
  const leftToClose = Math.min(Math.floor(budget * DEADLINE_SHARE), budget - 2 * RESERVE_MS)
  return { at: realNow() + Math.max(FLOOR_MS, Math.floor(budget * MIN_DEADLINE_SHARE), leftToClose), testTimeoutMs, spentBeforeMs: Math.max(0, testTimeoutMs - budget) }
}

/** When a call must stop for the runner's timeout (real ms), that timeout, and how much of it had gone before the call started. */
export interface RunnerDeadline {
  at: number
  testTimeoutMs: number
  /**
   * Real ms of the test's time gone before the call started (its own work, earlier calls, module
   * loading, a busy machine): where most of the time went there, a call stopped for the timeout is
   * not asked whether its app loops (h216: under load, a first test's call was asked so after 0.5–1.7 s
   * of its own, 4.2 s of the test's 5 s having gone to loading before it began).
   */
  spentBeforeMs: number
}

/**
 * Real ms of the runner's time a call that waited its turn needs left to be worth starting: with
 * less, its waits would be floors too short to tell a slow app from a dead one, and its report
 * would come after the runner's timeout. Measured (audit H3): 20 calls at once against an app that
 * never answered each waited its turn, then its fitted share of what was left, until vitest's bare
 * "Test timed out in 5000ms" came before the last ones' failures.
 */
const START_MIN_MS = 2 * RESERVE_MS

/** The runner's time left and the test's timeout, when a call that waited its turn should not start (see START_MIN_MS). */
export function tooLateToStart(): { leftMs: number; testTimeoutMs: number } | undefined {
  const budget = runnerBudgetMs()
  if (budget === undefined) return undefined
  const testTimeoutMs = runnerTimeout().ms ?? budget
  // A test shorter than START_MIN_MS in all (testTimeout: 450) still runs the calls that waited
  // while half its time is left: the floor is for tests with time to lose, not a bar to short ones.
  if (budget >= Math.min(START_MIN_MS, testTimeoutMs / 2)) return undefined
  return { leftMs: Math.max(0, budget), testTimeoutMs }
}

/**
 * The call's limits: the user's, and for every wait they left to the default (`defaults`: the
 * driver's, defaultLimits()), a bound that ends
 * before the runner's timeout, so the user reads callspec's message and transcript rather than
 * a bare "Test timed out in 5000ms".
 */
export function resolveLimits(user: Partial<Limits> | undefined, defaults: Limits = DEFAULT_LIMITS): Limits {
  const budget = runnerBudgetMs()
  const fit = (fallback: number) => fittedWaitMs(fallback, budget)
  return {
    responseTimeoutMs: realWait(user?.responseTimeoutMs) ?? fit(defaults.responseTimeoutMs),
    // A quietGraceMs of its own with the default wait: the wait covers twice the grace, so the grace
    // is given and the quiet check runs (it is off for a wait under twice the grace). Measured
    // (audit h212): `quietGraceMs: 6s` alone waited the default 4 s and failed "waited 4000 ms
    // (limits.appTimeoutMs)", a limit the user never set, before the grace they gave had run.
    appTimeoutMs: realWait(user?.appTimeoutMs) ?? fit(Math.max(defaults.appTimeoutMs, 2 * (user?.quietGraceMs ?? 0))),
    maxTurns: user?.maxTurns ?? defaults.maxTurns,
    maxVirtualMs: user?.maxVirtualMs ?? defaults.maxVirtualMs,
    maxBodyBytes: user?.maxBodyBytes ?? defaults.maxBodyBytes,
    ...(user?.quietGraceMs !== undefined && { quietGraceMs: realWait(user.quietGraceMs) }),
  }
}

/** Node's longest timer: a real wait set longer fires after 1 ms (TimeoutOverflowWarning). */
const LONGEST_TIMER_MS = 2 ** 31 - 1

/**
 * A real wait the user gave, at most Node's longest timer (~24.8 days). Measured (audit h162 H2):
 * `responseTimeoutMs: 3e9` or `Infinity` ("as long as it takes") became a 1 ms timer, and an app
 * answering on a 50 ms timer of its own failed at once, "the app never answered".
 */
const realWait = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.min(ms, LONGEST_TIMER_MS))

/**
 * A default wait of `fallback` real ms, cut to its share of the runner's time left (`budget`).
 * A wait never falls below MIN_SHARE of what is left (a 50 ms answer wait in a test with 300 ms
 * left fails a loaded machine's app), and stays under the call's deadline (MIN_DEADLINE_SHARE).
 */
export function fittedWaitMs(fallback: number, budget = runnerBudgetMs()): number {
  if (budget === undefined) return fallback
  return Math.max(FLOOR_MS, Math.min(fallback, Math.max(Math.floor(budget * MIN_SHARE), Math.min(Math.floor(budget * SHARE), budget - RESERVE_MS))))
}

/**
 * Real ms the platform's last webhooks after a failure may wait on the app, each wait
 * (end-after-failure.ts): `maxMs`, cut to half of what the runner leaves beside RESERVE_MS, and 0
 * (none are sent) with less than `maxMs` and RESERVE_MS left. Half, as the bound is per wait (an
 * answer, the app's quiet) and an app busy on its own timers spends more than one. Measured: a call
 * stopped for the runner's timeout (a quarter of a 4 s test left) spent its 1 s farewell, and with
 * that bound cut to 125 ms still 0.5-1.1 s, on an app whose 1 ms interval kept it busy: vitest's
 * bare "Test timed out in 4000ms" came before callspec's message (at load 8-12, 4.1-4.8 s in; Node
 * 22 in a fresh clone failed on it too).
 */
export function farewellMs(maxMs: number, budget = runnerBudgetMs()): number {
  if (budget === undefined) return maxMs
  const ms = Math.min(maxMs, Math.floor((budget - RESERVE_MS) / 2))
  return ms < FLOOR_MS ? 0 : ms
}

/**
 * Real ms callspec's default wait for a webhook's answer runs past the platform's patience: the
 * deadline the vendor documents, or where it documents none the one callspec assumes
 * (limits.responseTimeoutMs' default, 4 s). An answer the platform allows is seen, and one a little
 * past it is measured and judged by `<platform>/answer-in-time`, not cut off as no answer.
 * Measured: under a 4000 ms wait, an EnableX app answering in 4.5 s, inside the vendor's 5 s,
 * failed (audit-76 V2); and a Webex Connect app by URL answering in 4.5 s failed as "the app never
 * answered" (helper-137), its lateness judged by callspec's inferred 4 s as if documented, where
 * an app whose own timer held the answer back as long only warned.
 */
export const PAST_DEADLINE_MS = 2_000

/** callspec's defaults for a driver: the answer wait outlasts the platform's patience (documented or assumed) by PAST_DEADLINE_MS. */
export function defaultLimits(answerDeadlineMs: number | undefined): Limits {
  const patienceMs = answerDeadlineMs ?? DEFAULT_LIMITS.responseTimeoutMs
  return { ...DEFAULT_LIMITS, responseTimeoutMs: Math.max(DEFAULT_LIMITS.responseTimeoutMs, patienceMs + PAST_DEADLINE_MS) }
}
