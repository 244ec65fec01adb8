import { apiMissingOf } from '../errors/api-missing.js'
import type { ScenarioResult } from '../scenario/run.js'
import { EXIT } from './io.js'

/**
 * `callspec run`'s last line when every call of the run failed as it began because it needed
 * callspec's fake vendor API and the run served none (an EnableX app by URL, or a startedBy() call,
 * and no --api): the run could not start as written (exit 2), as `callspec explore` says of the
 * same mistake, not a failure of the app (audit-108: it exited 1, and no event was ever sent).
 * Told by the failures' data (errors/api-missing.ts), not their words. Undefined for any other run.
 */
export function apiNotServedLine(results: readonly ScenarioResult[]): string | undefined {
  if (results.length === 0) return undefined
  const platforms = new Set<string>()
  for (const result of results) {
    const platform = result.status === 'failed' ? apiMissingOf(result.error?.error) : undefined
    if (platform === undefined) return undefined
    platforms.add(platform)
  }
  const names = [...platforms].sort().join(' and ')
  return (
    `callspec run: no call could start: every call needs callspec's fake ${names} API, which this run does not serve: ` +
    `pass --api <port> (0: a free port) and point the app's ${names} base URL at the URL it prints (exit ${EXIT.usage}: the run could not start as written).`
  )
}
