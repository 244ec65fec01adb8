import { nextTurn, realTimers } from '../clock/real-timers.js'
import { unhandledRejectionsMode } from '../utils/unhandled-rejections-mode.js'

/**
 * Resolves once Node has reported the unhandled rejections pending now, and any the process.nextTick
 * callbacks and microtasks queued so far go on to make, without a turn of the event loop.
 *
 * Node reports a rejection left unhandled ('unhandledRejection', or the uncaught exception it is
 * raised as) only when its queue of nextTick callbacks is empty and the microtasks have drained
 * (processTicksAndRejections in lib/internal/process/task_queues.js, the same in Node 20, 22 and
 * 24). A promise rejected here, unhandled, is reported at that very point, after every rejection
 * pending before it and in the same pass as any made meanwhile: its report is the wait's end. Its
 * 'unhandledRejection' event is taken out in process.emit (see passMarkersBy), so no listener, the
 * test runner's included, ever sees it.
 *
 * The in-memory transport waited a real turn of the event loop instead (setImmediate), which on
 * this project's machine cost ~20 µs of every webhook (`npm run bench`: the app's clock cost 85-131
 * µs a Webex Connect call in process with it, 19 µs without; docs/performance.md). What that turn
 * ran besides is the app's real macrotasks (its immediates and timers, and I/O already ready):
 * callers use this only while the app's timers are on the call's clock, where its immediates and
 * timers do not run in a real turn anyway.
 *
 * A real turn still, where a marker could not be reported as said: under `--unhandled-rejections=strict`
 * Node raises every rejection as an uncaught exception before any listener (the marker's would fail
 * the test), and inside a domain it goes to the domain's 'error' listeners instead of process.emit.
 */
export function rejectionsReported(): Promise<void> {
  if (unhandledRejectionsMode === 'strict' || (process as { domain?: unknown }).domain) return nextTurn()
  if (!passing(process.emit)) passMarkersBy(process.emit)
  return new Promise<void>((resolve) => {
    const marker = Promise.reject(MARKER)
    // Never reported in this pass (an uncaught exception ended Node's processing of the queues; the
    // next macrotask's resumes it): one real turn, as before, then the wait ends anyway. A marker
    // reported later is still taken out.
    const turn = realTimers.setImmediate(() => {
      waiting.delete(marker)
      resolve()
    })
    waiting.set(marker, () => {
      waiting.delete(marker)
      realTimers.clearImmediate(turn)
      resolve()
    })
  })
}

/**
 * Every marker's reason: an Error that says what it is, should something ever show it (something
 * that replaced process.emit without passing 'unhandledRejection' on).
 */
const MARKER_TEXT =
  "callspec's marker for Node's report of unhandled rejections, not an error of the app's: something replaced process.emit without passing its 'unhandledRejection' events on"

/**
 * What every copy of callspec in the process shares (a monorepo's two versions; a second instance
 * of its modules after vi.resetModules() where vitest runs callspec's source): the marker, the markers not yet reported with
 * what ends their wait, and the process.emit wrappers put in place. Each copy's own once took the
 * other's wrapper for a stranger's and wrapped it again, so calls alternating between two copies
 * grew the chain by one wrapper a call, until process.emit overflowed the stack.
 */
interface SharedMarkers {
  marker: Error
  waiting: Map<Promise<never>, () => void>
  wrappers: WeakSet<object>
}
const SHARED = Symbol.for('callspec.rejection-markers')
const shared: SharedMarkers = ((process as unknown as Record<symbol, SharedMarkers | undefined>)[SHARED] ??= {
  marker: Object.assign(new Error(MARKER_TEXT), { stack: `Error: ${MARKER_TEXT}` }),
  waiting: new Map(),
  wrappers: new WeakSet(),
})
const MARKER = shared.marker
const waiting = shared.waiting

/** callspec's process.emit (any copy's), while one is in place. */
const passing = (emit: typeof process.emit) => shared.wrappers.has(emit)

/**
 * process.emit, with the markers' 'unhandledRejection' events taken out (answered as handled, so
 * Node neither warns nor raises them) and every other event passed on to `emit` as it came. A new
 * one whenever process.emit is no longer callspec's: something that restores the one it wrapped
 * (signal-exit does, on unload) must not leave the markers to the test runner's listeners.
 */
function passMarkersBy(emit: typeof process.emit): void {
  const passMarkers = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'unhandledRejection' && args[0] === MARKER) {
      waiting.get(args[1] as Promise<never>)?.()
      return true
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  }
  process.emit = passMarkers as typeof process.emit
  // What process.emit reads back as (the same function, unless something stands over the property).
  shared.wrappers.add(passMarkers).add(process.emit)
}
