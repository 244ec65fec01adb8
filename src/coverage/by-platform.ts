import type { CallPath } from '../graph/path.js'
import type { CallGraph } from '../graph/types.js'
import { computeCoverage, type CoverageReport } from './compute.js'
import { staleGraphWarnings } from './stale-graph.js'

/**
 * Menu coverage per platform, each platform's calls measured on their own (one IVR's graph never
 * mixes with another's); a graph saved by `callspec explore --graph` counts for its platform's
 * calls. By platform name, so the report reads the same every run (in the order the platforms'
 * calls first came, two test files run at once swapped them: a flaky test of this one); none for no
 * call. `callspec run --coverage` and the vitest reporter both measure so.
 */
export function coverageByPlatform(paths: ReadonlyArray<{ platform: string; path: CallPath }>, saved?: CallGraph, savedName = 'the saved graph'): Array<{ platform: string; report: CoverageReport }> {
  const byPlatform = new Map<string, CallPath[]>()
  for (const { platform, path } of paths) {
    const runs = byPlatform.get(platform)
    if (runs) runs.push(path)
    else byPlatform.set(platform, [path])
  }
  const platforms = [...byPlatform.keys()].sort()
  return platforms.map((platform) => {
    const report = computeCoverage(byPlatform.get(platform)!, saved?.platform === platform ? saved : undefined)
    const warnings = saved ? staleGraphWarnings(platform, report, saved, platforms, savedName) : []
    return { platform, report: warnings.length > 0 ? { ...report, warnings } : report }
  })
}
