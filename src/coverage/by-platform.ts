import type { CallPath } from '../graph/path.js'
import type { CallGraph } from '../graph/types.js'
import { computeCoverage, type CoverageReport } from './compute.js'

/**
 * Menu coverage per platform, each platform's calls measured on their own (one IVR's graph never
 * mixes with another's); a graph saved by `callspec explore --graph` counts for its platform's
 * calls. In the order the platforms first come; none for no call. `callspec run --coverage` and
 * the vitest reporter both measure so.
 */
export function coverageByPlatform(paths: ReadonlyArray<{ platform: string; path: CallPath }>, saved?: CallGraph): Array<{ platform: string; report: CoverageReport }> {
  const byPlatform = new Map<string, CallPath[]>()
  for (const { platform, path } of paths) {
    const runs = byPlatform.get(platform)
    if (runs) runs.push(path)
    else byPlatform.set(platform, [path])
  }
  return [...byPlatform].map(([platform, runs]) => ({ platform, report: computeCoverage(runs, saved?.platform === platform ? saved : undefined) }))
}
