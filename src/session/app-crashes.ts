import { subscribe } from 'node:diagnostics_channel'
import type { ServerResponse } from 'node:http'
import { thrownByHandedBack } from '../clock/handed-back-timers.js'
import { whenAppThrowsAfterAnswering } from '../transport/memory-socket.js'
import { currentVitestTest } from '../utils/current-test.js'
import { unhandledRejectionsMode } from '../utils/unhandled-rejections-mode.js'
import type { VitestTask } from '../utils/vitest-worker.js'

/**
 * An app in this process that throws while handling a webhook, outside the listener's own
 * synchronous run (which the in-memory socket catches): in a callback of its request
 * (`req.on('end', …)`), in `process.nextTick`, or an `async` listener whose promise rejects. In
 * production that crashes the app, and the platform gets no answer; in the test process the
 * exception is uncaught, and callspec's wait for the answer lasted its whole bound (3.4 s).
 *
 * An uncaught exception or unhandled rejection raised while a webhook of this test waits for its
 * answer ends that wait at once, with the error. Blame goes by test, not by async context: an
 * AsyncLocalStorage around each webhook would tell the app's code from the test's own, but on
 * Node 20 and 22 it turns on promise hooks, and measured (.tmp/h/ab3.mts, paired builds, CPU per
 * call) it added 94-108 µs to every in-process call, a third of a call. So the failure says what
 * callspec knows: an uncaught error came while the app handled the webhook (it is the app's but
 * for the test's own code running beside its call, which fails the test anyway: the runner
 * reports the error too). Another test's error is not blamed: in concurrent tests the callspec/vitest
 * setup file keeps each test in an AsyncLocalStorage of its own (current-test.ts), and only a
 * webhook of the test the error was raised in is failed; with several of one test's webhooks
 * waiting, which one is the app's cannot be told, and none is.
 *
 * Nothing is swallowed: the listeners are a monitor (`uncaughtExceptionMonitor`, which never
 * changes what the process does with the exception) and an `unhandledRejection` listener that
 * raises the rejection again as an uncaught exception (see onUnhandledRejection). The test runner
 * reports the error as it would without callspec (a rejection as an uncaught exception). The
 * listeners are on `process` only while a call to an app in this process runs.
 */
export interface CrashWatch {
  /**
   * A webhook of the call waits for its answer: an uncaught error now is the call's to fail with.
   * Once the wait is over, until the next webhook or the call's end, an uncaught error is still the
   * call's (`threwAfter`): the app answered and went on handling the webhook in the background.
   */
  waiting: boolean
  /** The call is over: nothing is blamed on it any more. */
  end(): void
}

/**
 * One call's watch. A class, its `waiting` accessor on the prototype: an object literal with a
 * getter and setter, made for each call, kept every call's objects alive until a full collection
 * (test/gc/retention.test.ts: ~190 KB promoted per scavenge, from ~80).
 */
class Watcher implements CrashWatch {
  readonly test: VitestTask | undefined = currentVitestTest()
  /**
   * Responses the process's HTTP servers began while the webhook waited: whether the app had
   * answered when it threw is read from them (res.end() called), on the server's side. The
   * client's side cannot tell: over TCP the answer is still in the loopback socket when the
   * exception comes, and an answer the app writes after it (in production it would be dead) is no
   * answer to count.
   */
  readonly responses: ServerResponse[] = []
  #waiting = false
  /**
   * The last webhook's wait is over and no other has gone out: the app may still be handling it
   * (an async handler that awaits after res.json()). A rejection there is seen only once every
   * microtask has run, by when the in-memory answer has already landed and the wait is over
   * (audit-81: a throw after res.end() failed the call, a rejection left it green).
   */
  afterAnswer = false

  /**
   * `answered`: the app had ended a response it began while the webhook waited (see `responses`).
   * `threwAfter`: the error came after the wait was over (afterAnswer).
   */
  constructor(
    readonly crashed: (error: unknown, answered: boolean) => void,
    readonly threwAfter: (error: unknown) => void,
  ) {}

  get waiting(): boolean {
    return this.#waiting
  }

  set waiting(value: boolean) {
    this.afterAnswer = !value && this.#waiting
    this.#waiting = value
    // Each webhook's own: emptied as it goes out and once its wait is over.
    this.responses.length = 0
  }

  end(): void {
    stopWatching(this)
  }
}

const watchers: Watcher[] = []

/**
 * Watches for a crash of the app for one call (its webhooks set `waiting`): `crashed` gets the
 * error. One a call, not one a webhook: adding and removing the process listeners showed in profiles.
 */
export function watchForAppCrash(crashed: (error: unknown, answered: boolean) => void, threwAfter: (error: unknown) => void): CrashWatch {
  const watcher = new Watcher(crashed, threwAfter)
  if (!serverRequests) subscribe('http.server.request.start', (serverRequests = onServerRequest))
  if (watchers.length === 0) {
    process.on('uncaughtExceptionMonitor', onUncaught)
    // Under 'strict' Node raises the rejection as an exception itself (onUncaught sees it); under
    // the other modes but 'throw', a listener would change what Node does (no warning printed).
    if (unhandledRejectionsMode === 'throw') process.on('unhandledRejection', onUnhandledRejection)
  }
  watchers.push(watcher)
  return watcher
}

function stopWatching(watcher: Watcher): void {
  const at = watchers.indexOf(watcher)
  if (at === -1) return
  watchers.splice(at, 1)
  if (watchers.length > 0) return
  process.off('uncaughtExceptionMonitor', onUncaught)
  if (unhandledRejectionsMode === 'throw') process.off('unhandledRejection', onUnhandledRejection)
}

/** The diagnostics channel's listener, subscribed once for the process (cheap: a loop over the few watchers). */
let serverRequests: ((message: unknown) => void) | undefined

function onServerRequest(message: unknown): void {
  if (watchers.length === 0) return
  const { response } = message as { response: ServerResponse }
  for (const watcher of watchers) if (watcher.waiting) watcher.responses.push(response)
}

/**
 * Fails the one waiting webhook of the test the error was raised in, if exactly one waits; with
 * none waiting, the one call of the test whose last webhook was answered and none sent since
 * (afterAnswer). True when a call took the error.
 */
function blame(error: unknown): boolean {
  const test = currentVitestTest()
  let found: Watcher | undefined
  let answeredOne: Watcher | undefined
  let answeredMany = false
  for (const watcher of watchers) {
    if (watcher.test !== test) continue
    if (watcher.afterAnswer) {
      answeredMany = answeredOne !== undefined
      answeredOne = watcher
    }
    if (!watcher.waiting) continue
    if (found) return false
    found = watcher
  }
  if (!found) {
    if (!answeredOne || answeredMany) return false
    answeredOne.afterAnswer = false
    lastGiven = error
    answeredOne.threwAfter(error)
    return true
  }
  const answered = found.responses.some((response) => response.writableEnded)
  found.waiting = false
  found.afterAnswer = false
  lastGiven = error
  found.crashed(error, answered)
  return true
}

/**
 * How the error being blamed reached the process, read by the failure built for it (synchronously,
 * inside blame): thrown, or a promise's rejection nobody handled. Both crash an app in production
 * (Node ends the process on an unhandled rejection), but a failure that called a floating
 * `Promise.reject()` a throw sent the reader looking for a `throw` (newcomer audit-119).
 */
let arriving: CrashKind = 'exception'
export type CrashKind = 'exception' | 'rejection'
export const crashArrivingAs = (): CrashKind => arriving

function blameRejection(reason: unknown): void {
  arriving = 'rejection'
  try {
    blame(reason)
  } finally {
    arriving = 'exception'
  }
}

/** The last error a call took (blame): the runner's handler of uncaught exceptions asks (givenToACall). */
let lastGiven: unknown

/**
 * Whether a call failed with this uncaught error (asked in an `uncaughtException` listener, which
 * runs after callspec's monitor). A runner with no reporter of uncaught errors of its own
 * (`callspec run`) lets the run go on when a call took it, and stops it when none did.
 */
export function givenToACall(error: unknown): boolean {
  return error === lastGiven && lastGiven !== undefined
}

// An exception the in-memory socket caught from the app's listener after its answer was written
// (memory-socket.ts): over TCP the same throw is uncaught and crashes the app in production, so it
// fails the waiting webhook alike. Not rethrown: the socket caught it so that it would not end the
// test run; the failure names it.
whenAppThrowsAfterAnswering((error) => void blame(error))

function onUncaught(error: unknown, origin: string): void {
  // A timer an earlier call's app left pending, handed back to real time: not this call's app.
  if (thrownByHandedBack(error)) return
  // Under 'throw', a rejection raised as an exception was seen by onUnhandledRejection first;
  // under 'strict', Node raises it before any listener (origin 'unhandledRejection').
  if (origin === 'uncaughtException') blame(error)
  else if (unhandledRejectionsMode === 'strict') blameRejection(error)
}

function onUnhandledRejection(reason: unknown): void {
  // Counted before blame() may take callspec's own listener off.
  const raise = process.listenerCount('unhandledRejection') === 1 || process.listenerCount('uncaughtException') > 0
  blameRejection(reason)
  // Raised again as an uncaught exception, the app's or not: as Node does when nobody listens
  // (callspec alone: the process crashes), and so that the test runner still reports it (vitest
  // takes a second listener for the user's, handling it, and reports nothing). A listener of the
  // user's and none for exceptions: theirs handled it, as it would have without callspec.
  if (raise) throw reason
}
