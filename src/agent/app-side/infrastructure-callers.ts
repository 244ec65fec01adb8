/**
 * Callers whose timers keep real time in the app's process: Node's own code (its bundled undici,
 * behind the global `fetch`) and undici from node_modules. Their timers are the HTTP client's
 * bookkeeping (undici's 499 ms tick for its connection and body timeouts), not the app's: on the
 * call's clock they fired while the app awaited a slow backend, and a tick took the blame for the
 * answer (measured: `1.2s · app timer 499 ms → its answer to ANSWERED` for a 1.5 s lookup by fetch,
 * and a line for each tick before it). The app in the test's process has the same rule
 * (fake-timers-install.ts INFRASTRUCTURE); the agent's process has no mocks or callspec to tell apart.
 */
const INFRASTRUCTURE = /^node:internal[\\/]|[\\/]node_modules[\\/]undici[\\/]/

/** Per file (a file's verdict never changes, and a Map costs less than the regex). */
const verdicts = new Map<string, boolean>()

/** The file of the frame that called `entry` (the function the caller called). */
const fileOfFirstFrame = (_error: Error, frames: NodeJS.CallSite[]): string => frames[0]?.getFileName() ?? ''

/** Whether the code that called `entry` (a timer function) is Node's or undici's (see INFRASTRUCTURE). */
export function infrastructureCaller(entry: (...args: never[]) => unknown): boolean {
  const limit = Error.stackTraceLimit
  const prepare = Error.prepareStackTrace
  Error.stackTraceLimit = 1
  Error.prepareStackTrace = fileOfFirstFrame
  const holder: { stack?: unknown } = {}
  Error.captureStackTrace(holder, entry)
  // Read while our prepareStackTrace is in place: V8 formats the stack on first access.
  const file = holder.stack
  Error.prepareStackTrace = prepare
  Error.stackTraceLimit = limit
  if (typeof file !== 'string' || file === '') return false
  let verdict = verdicts.get(file)
  if (verdict === undefined) verdicts.set(file, (verdict = INFRASTRUCTURE.test(file)))
  return verdict
}
