import { AsyncResource, executionAsyncId, executionAsyncResource, triggerAsyncId } from 'node:async_hooks'

/**
 * The code running now is the callback of a timer of Node's own (a Timeout or an Immediate) made
 * before the call's clock was installed, or made by such a callback since: one link of a chain the
 * app started at load or between calls (a cache's sweep, a cron-like job, node-cache's
 * `checkperiod`), on real time. A timer it sets is the chain's next link: it stays on real time,
 * where the chain started, as the first timer did (fake-timers-install.ts's anotherTestsTimer; a
 * handed-back timer's work is treated the same way). On the call's clock the chain was adopted by
 * whichever call a real tick happened to land in, and ran on that call's virtual time from then on
 * (measured: 10 ticks of a 300 ms sweep in a caller's 3 s of silence, and an `app timer 300 ms`
 * line in that call's transcript only), so the same test printed a different transcript from run
 * to run.
 *
 * Told without a stack: Node runs each timer's callback with the timer as the execution's async
 * resource and the context that set it as its trigger, and async ids only grow, so a resource older
 * than the clock's installation (`from`) was made before it, and one triggered by a link is the
 * next link. Only the callback itself: the promise jobs and nextTick callbacks that run after it
 * run outside its scope, as code the current call's awaits resume (a job queue the sweep drains) is
 * the call's. A chain that re-arms after an await in its callback is not told, and is adopted as before.
 */
export function inTimerFromBeforeTheCall(from: number | undefined): boolean {
  if (from === undefined) return false
  const id = executionAsyncId()
  if (id <= 1) return false
  if (linksSince !== from) {
    links.clear()
    linksSince = from
  }
  if (id >= from && !links.has(triggerAsyncId())) return false
  const kind = (executionAsyncResource() as { constructor?: { name?: string } } | undefined)?.constructor?.name
  if (kind !== 'Timeout' && kind !== 'Immediate') return false
  links.add(id)
  return true
}

/** The async ids of the links run during the current installation (`linksSince`): their timers' callbacks are links too. */
const links = new Set<number>()
let linksSince: number | undefined

/** An async id no resource made before now has: the installation's mark for inTimerFromBeforeTheCall. */
export function asyncIdNow(): number {
  return new AsyncResource('CALLSPEC_CLOCK_INSTALLED', { requireManualDestroy: true }).asyncId()
}
