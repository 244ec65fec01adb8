import { isInProcess } from '../transport/index.js'
import type { FlowConfig } from './flow-config.js'

/**
 * The call runs an in-process app's timers on its own clock (fake timers in this process): by
 * default for an app in this process, unless `appClock: false`, a clock handle of callspec/agent,
 * or time paced by the wall clock. Read where the clock is made (run-flow.ts) and where the app's
 * requests are watched for it (api-channel.ts), so the two never disagree.
 */
export function runsInProcessClock(config: FlowConfig): boolean {
  const { appClock, time } = config.options
  if (appClock === false) return false
  // `true` (a JavaScript test meaning "on") is the default; an agent handle is a clock of its own.
  if (appClock !== undefined && appClock !== true) return false
  if (time !== undefined && time !== 'virtual') return false
  return isInProcess(config.target)
}
