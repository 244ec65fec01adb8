import { AsyncResource, executionAsyncId, executionAsyncResource, triggerAsyncId } from 'node:async_hooks'

/**
 * The code running now is the callback of a timer of Node's own (a Timeout or an Immediate) made
 * before the call's clock was installed, or made by such a callback since: one link of a chain the
 * app started at load or between calls (a cache's sweep, a cron-like job, node-cache's
 * `checkperiod`), on real time. A timer it sets to re-arm the chain is the chain's next link: it
 * stays on real time, where the chain started, as the first timer did (rearmsChainFromBeforeTheCall,
 * fake-timers-install.ts's anotherTestsTimer). On the call's clock the chain was adopted by
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
function inTimerFromBeforeTheCall(from: number | undefined): boolean {
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

/** What Node keeps on its timer objects: the callback, the delay, and an interval's period. */
interface NodeTimer {
  _onTimeout?: unknown
  _onImmediate?: unknown
  _idleTimeout?: number
  _repeat?: number | null
}

/**
 * A timer set now (`callback`, `delay`) is the next link of a chain from before the call: set from
 * a link's own callback, and re-arming it, with the link's callback or, for a timeout, the link's
 * delay and a callback of the same chain (sameChain: `setTimeout(() => sweep(), 300)` inside a
 * 300 ms sweep, a new closure each time). Anything else a link sets is the call's: a job loop the
 * app started at load runs the work webhooks queue, and a "hang up 5 s after the accept" it set went
 * to real time, so the call failed with "it never came" where production hangs up (helper-190).
 * The delay alone told a re-arm before, so a job's timer with the loop's own delay (a 5 s hang-up
 * queued on a 5 s loop) stayed on real time (h196). An interval re-arms itself: what its callback
 * sets is never its re-arm.
 */
export function rearmsChainFromBeforeTheCall(from: number | undefined, callback: unknown, delay: unknown): boolean {
  if (!inTimerFromBeforeTheCall(from)) return false
  const link = executionAsyncResource() as NodeTimer
  if (link._onImmediate !== undefined) return callback === link._onImmediate
  if (link._repeat) return false
  return callback === link._onTimeout || (typeof delay === 'number' && delay === link._idleTimeout && sameChain(callback, link._onTimeout))
}

/**
 * Two callbacks of one chain: written alike (a new `() => sweep()` each tick; two bound functions,
 * whose source is not their target's, count so too, as before), or one naming the other (the chain
 * armed with `setTimeout(sweep, 300)` at load and re-armed with `setTimeout(() => sweep(), 300)`,
 * or the other way round). A job's timer names neither the loop nor is written like it. Asked only
 * of a timer set in a link's callback with the link's delay: never on a call's own path.
 */
function sameChain(a: unknown, b: unknown): boolean {
  if (typeof a !== 'function' || typeof b !== 'function') return false
  const sourceA = Function.prototype.toString.call(a)
  const sourceB = Function.prototype.toString.call(b)
  return sourceA === sourceB || names(a, sourceB) || names(b, sourceA)
}

/** `source` calls or passes `fn` by its name (`sweep` in `() => sweep()`, `this.sweep()`). */
function names(fn: { readonly name: string }, source: string): boolean {
  const name = fn.name
  if (name.length < 3 || name.startsWith('bound ') || !/^[\w$]+$/.test(name)) return false
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(source)
}

/** The async ids of the links run during the current installation (`linksSince`): their timers' callbacks are links too. */
const links = new Set<number>()
let linksSince: number | undefined

/** An async id no resource made before now has: the installation's mark for inTimerFromBeforeTheCall. */
export function asyncIdNow(): number {
  return new AsyncResource('CALLSPEC_CLOCK_INSTALLED', { requireManualDestroy: true }).asyncId()
}
