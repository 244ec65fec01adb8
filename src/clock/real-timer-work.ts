import { firingAppTimer } from './fake-timers-install.js'
import { handedBackWork } from './handed-back-timers.js'
import { inInfrastructureScope } from './infrastructure-scope.js'

/** The test's mocks and the HTTP clients: their real timers (nock's `.delay()`) answer the app's requests; no timer of the app's. */
const MOCKS_AND_CLIENTS = /[\\/]node_modules[\\/](?:nock|msw|@mswjs[\\/]interceptors|undici)[\\/]/

/**
 * The code running now runs in a timer of Node's own, on real time, that callspec did not fire and
 * did not hand back: one the app set before the call (at load or between calls: node-cache's
 * `checkperiod` sweeper, a cron job, node-schedule), or through a `setTimeout` it kept from before
 * the call. What it does lands wherever the call's clock stands when real time reaches it, not at
 * its own time on the call's clock, as production runs it: measured (helper-178), an EnableX app
 * whose node-cache, built at load with a 30 s TTL and a 1 s sweep, hangs up an idle caller, hung
 * up at 40.0 s, after the caller's 40 s of silence, where production hangs up at 30-31 s; the test
 * passed, the transcript silent. Read off the stack (Node's `listOnTimeout` below the caller): only
 * for a request the app makes during a call (interception.ts counts those), a few a call.
 */
export function inRealTimerWork(): boolean {
  if (firingAppTimer() || handedBackWork() || inInfrastructureScope()) return false
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = Number.POSITIVE_INFINITY
  const stack = new Error().stack ?? ''
  Error.stackTraceLimit = limit
  return /\bat listOnTimeout \(node:internal\/timers/.test(stack) && !MICROTASK.test(stack) && !MOCKS_AND_CLIENTS.test(stack)
}

/**
 * A promise job Node ran between two timers (listOnTimeout's runNextTicks): a continuation of
 * anything that settled then, not the timer's own callback. Measured (Node 24, a clean-clone
 * suite run): the app's `await (await fetch(…)).json()`, resumed as nock's 300 ms reply timer
 * settled the fetch, was noted as a request from a timer of the app's on real time.
 */
const MICROTASK = /\bat (?:process\.)?processTicksAndRejections \(node:internal\/process\/task_queues|\bat runNextTicks \(node:internal\/process\/task_queues/
