import { fileOfFirstFrame, readCallerFrames } from '../../utils/caller-frames.js'

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

/** Whether the code that called `entry` (a timer function) is Node's or undici's (see INFRASTRUCTURE). */
export function infrastructureCaller(entry: (...args: never[]) => unknown): boolean {
  const file = readCallerFrames(entry, 1, fileOfFirstFrame)
  if (typeof file !== 'string' || file === '') return false
  let verdict = verdicts.get(file)
  if (verdict === undefined) verdicts.set(file, (verdict = INFRASTRUCTURE.test(file)))
  return verdict
}
