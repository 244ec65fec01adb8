import { realDateNow } from '../clock/real-timers.js'
import { runnerBudgetMs, withBudgetCap, type TimeBound } from '../dsl/resolve-limits.js'
import { phrasingOf, runningCommand } from '../dsl/phrasing.js'
import { formatDelay } from '../utils/span.js'
import { apiMissingOf } from '../errors/api-missing.js'
import { testFinishedHook } from '../utils/current-test.js'
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
    const fit = explorationFit(options.timeLimitMs, (runningCommand() ?? phrasingOf(options as ExploreOptions).command) === 'callspec explore')
    const capped = <T>(run: () => Promise<T>) => withBudgetCap(fit.endsAt, run, fit.bound)
    const onTestEnd = testFinishedHook()
    const shared = await shareServer(target)
    let closing: Promise<void> | undefined
    const close = () => (closing ??= shared.close())
    const ex = new Explorer(callTo, shared.target, options as ExploreOptions, fit)
    let over = false
    // The test ended with the exploration still running (the runner's timeout, or a test that did
    // not await it): no call starts after it, the call running is stopped by its own hook
    // (stop-at-test-end.ts), and the loopback server is closed here, as the exploration's promise,
    // waiting on that stopped call, never settles. Measured before (audit H3): a TCPServerWrap
    // handle still open 8 s after the timed-out test.
    try {
      onTestEnd?.(async () => {
        if (over) return
        ex.stopAtTestEnd()
        await close()
      })
    } catch {
      // A test already over: nothing to stop at its end.
    }
    let loops
    try {
      await capped(() => ex.run())
      // Every call failed as it began for want of the fake vendor API (an app by URL that drives its
      // calls through it, and no api): the exploration was run wrong and nothing of the app was
      // explored, so it rejects with that error, as callTo() does, rather than report it as a
      // finding of the app ("[app-error] The call fails", audit-108). Told by data (errors/api-missing.ts).
      const [first] = ex.probes
      if (first && ex.probes.every((p) => apiMissingOf(p.failure) !== undefined)) throw first.failure
      loops = await capped(() => verifyLoops(ex))
    } finally {
      over = true
      await close()
    }
    const findings = [...graphFindings(ex), ...loops]
    for (const p of ex.probes) ex.relabel(p)
    const paths = ex.probes.filter((p) => !ex.probes.some((q) => q !== p && q.inputs.length > p.inputs.length && p.inputs.every((i, k) => q.inputs[k] === i)))
    return { platform: options.platform, seed: ex.seed, graph: ex.builder.graph(), findings, warnings: [...ex.warnings.values()], unmatchedHints: ex.unmatchedHints(), stats: ex.stats(), paths }
  }
}

/** Share of the test's time left the exploration's calls may run in (callTo()'s runnerDeadline takes as much). */
const SHARE = 0.75
/** Real ms always left after the exploration's calls for stopping, closing its server and building the report. */
const RESERVE_MS = 500
/** Real ms a call needs to be worth starting: with less, its waits would be too short to tell a slow app from a dead one. */
const MIN_CALL_MS = 500

/**
 * The end the exploration's calls fit to. In a test runner: a share of the test's time left, or
 * timeLimitMs if sooner. Before (audit H3), explore() ran under its 60 s timeLimitMs whatever the
 * test's timeout: against a menu whose keys hang, each key's call waited its share of the test's
 * time and the next began, until vitest's bare "Test timed out in 5000ms", with no result.
 * Outside one (`callspec explore`, a script), timeLimitMs less the same reserve, named as the bound
 * the calls' failures quote. Before, timeLimitMs was only checked between calls: a hung key's call
 * started near the end waited its whole limits.responseTimeoutMs past it (6 s by default, as long
 * as a config's limits said), and a call's fitted waits said nothing of the limit.
 */
function explorationFit(timeLimitMs = 60_000, cli = false): { endsAt: number; minCallMs: number; by: 'timeLimitMs' | 'testTimeout'; bound?: TimeBound } {
  const budget = runnerBudgetMs()
  if (budget === undefined) {
    const ms = Math.max(0, timeLimitMs - RESERVE_MS)
    const option = cli ? '--time-limit' : 'timeLimitMs'
    const bound: TimeBound = {
      name: `the exploration's ${formatDelay(timeLimitMs)} time limit (${option})`,
      raise: `Raise ${option}`,
      raiseHow: `Raise ${option}`,
      before: 'before the exploration runs out of time',
      cutWait: `callspec cut its wait to fit that time limit: to wait longer, raise ${option}`,
    }
    return { endsAt: realDateNow() + ms, minCallMs: Math.min(MIN_CALL_MS, ms / 4), by: 'timeLimitMs', bound }
  }
  const share = Math.max(0, Math.min(Math.floor(budget * SHARE), budget - RESERVE_MS))
  const by = timeLimitMs <= share ? 'timeLimitMs' : 'testTimeout'
  const ms = Math.min(timeLimitMs, share)
  // A test shorter than a few seconds still gets its calls: a quarter of the time is enough to start one.
  return { endsAt: realDateNow() + ms, minCallMs: Math.min(MIN_CALL_MS, ms / 4), by }
}
