import { apiMissingOf } from '../errors/api-missing.js'
import type { AppTarget } from '../transport/types.js'
import { shareServer } from './shared-server.js'
import { Explorer, type CallToFn } from './explorer.js'
import { graphFindings, verifyLoops } from './findings.js'
import type { ExploreOptions, ExploreResult } from './types.js'

/** Binds the explorer to the registry's callTo (as index.ts binds callTo to the drivers). */
export function createExplore(callTo: CallToFn) {
  /**
   * Drives the IVR systematically, breadth-first: at every listening point it tries each key, a
   * wrong entry, silence until the timeout and a hang-up, one call each, and reports the call graph
   * with what a tester must look at.
   * @example const result = await explore(app, { platform: 'webex-connect', hints: { '/PIN/i': '1234#' } })
   */
  return async function explore<P extends string>(target: AppTarget, options: ExploreOptions<P>): Promise<ExploreResult> {
    const shared = await shareServer(target)
    const ex = new Explorer(callTo, shared.target, options as ExploreOptions)
    let loops
    try {
      await ex.run()
      // Every call failed as it began for want of the fake vendor API (an app by URL that drives its
      // calls through it, and no api): the exploration was run wrong and nothing of the app was
      // explored, so it rejects with that error, as callTo() does, rather than report it as a
      // finding of the app ("[app-error] The call fails", audit-108). Told by data (errors/api-missing.ts).
      const [first] = ex.probes
      if (first && ex.probes.every((p) => apiMissingOf(p.failure) !== undefined)) throw first.failure
      loops = await verifyLoops(ex)
    } finally {
      await shared.close()
    }
    const findings = [...graphFindings(ex), ...loops]
    for (const p of ex.probes) ex.relabel(p)
    const paths = ex.probes.filter((p) => !ex.probes.some((q) => q !== p && q.inputs.length > p.inputs.length && p.inputs.every((i, k) => q.inputs[k] === i)))
    return { platform: options.platform, seed: ex.seed, graph: ex.builder.graph(), findings, warnings: [...ex.warnings], unmatchedHints: ex.unmatchedHints(), stats: ex.stats(), paths }
  }
}
