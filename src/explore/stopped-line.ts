import { formatDelay } from '../utils/span.js'
import type { ExploreStats } from './types.js'

/** The `callspec explore` option that sets each bound explore() may be stopped by. */
export const OPTION_OF: Record<NonNullable<ExploreStats['stoppedBy']>, string> = {
  timeLimitMs: '--time-limit',
  maxCalls: '--max-calls',
  testTimeout: "the test's timeout",
}

/**
 * The last line of `callspec explore`'s report when a bound stopped it (stats.stoppedBy), in the
 * command's own option names: which bound, after how many calls and how long, and how much of the
 * IVR it left untried. Before, the only word of it was ", stopped by timeLimitMs" on the first line
 * (an explore() option name a CLI user never wrote), and the report read as the whole IVR's.
 */
export function stoppedLine(stats: ExploreStats, limits: { timeLimitMs?: number; maxCalls?: number }): string | undefined {
  if (!stats.stoppedBy) return undefined
  const option = OPTION_OF[stats.stoppedBy]
  const value = stats.stoppedBy === 'timeLimitMs' ? ` ${formatDelay(limits.timeLimitMs ?? 60_000)}` : stats.stoppedBy === 'maxCalls' ? ` ${limits.maxCalls ?? 300}` : ''
  const untried = stats.explored === undefined ? 0 : stats.menus - stats.explored
  const left = untried > 0 ? `${untried} of ${stats.menus} menus not fully explored, the inputs left untried there not checked` : `all ${stats.menus} menus reached were explored, but not every path`
  return `callspec explore: stopped by ${option}${value} after ${stats.calls} calls in ${formatDelay(Math.round(stats.wallMs))}: ${left}. Raise ${option} to explore further.`
}
