import type { ThresholdResult } from '../coverage/format.js'
import type { ScenarioResult } from '../scenario/run.js'
import type { ScenarioFileError } from '../scenario/scenario-error.js'
import type { Scenario } from '../scenario/types.js'
import type { SequenceMark } from './sequence.js'
import { apiMissingOf } from '../errors/api-missing.js'

/** Everything a reporter needs about one run. */
export interface RunSummary {
  results: ScenarioResult[]
  /**
   * Scenario files that could not be read as written: the run stopped before any call (exit 2),
   * and the reports a machine reads (JUnit, JSON, HTML) say so rather than being empty or stale.
   */
  invalidFiles?: readonly ScenarioFileError[]
  /**
   * Why the run stopped (exit 2) once its files were read: an app started with `--start` that
   * exited or never answered, a scenario with no target, …. `results` then holds only the calls
   * that finished before it; the reports a machine reads show it as an error, as they do an
   * invalid file. (`type`: the error's name; `message`: the whole of it, the app's output too.)
   */
  stopped?: { type: string; message: string }
  /**
   * The calls of a run that stopped (`stopped`) which have no result: not started when it stopped,
   * or, interrupted, cut off under way. The reports list each as skipped, with `reason`, so CI
   * shows every call of the run, none as passed.
   */
  skipped?: ReadonlyArray<{ scenario: Scenario; reason: string }>
  /**
   * `--coverage-threshold`: each threshold set, per platform, met or not. One not met fails the run
   * (exit 1) with every call passed: the reports a machine reads say so (JUnit: a `callspec
   * coverage` suite, a testcase per threshold), or CI showed a green run for a red job.
   */
  coverageThresholds?: ReadonlyArray<ThresholdResult & { platform: string }>
  /** Real ms the run took. */
  ms: number
  startedAt: Date
}

/** A failed call's headline: the first line of its message (the rest is its transcript). */
export const failureLine = (r: ScenarioResult): string => r.error?.message.split('\n')[0] ?? ''

/**
 * A call that never reached the app: nothing listened at its address. JUnit counts it as an error,
 * not a failure: the test could not run, rather than the app doing the wrong thing. Read from the
 * error's data (`unreachable`), not its words: a reworded message must not turn a dead app into
 * a failed assertion in CI.
 */
export const appUnreachable = (r: ScenarioResult) => r.status === 'failed' && r.error?.unreachable !== undefined

/**
 * A call that could not run: it never reached the app (appUnreachable), or it needed callspec's
 * fake vendor API and the run served none (no --api: errors/api-missing.ts). JUnit counts it as an
 * error, as `callspec run` exits 2 for a run of such calls: the set-up failed, not the app.
 */
export const couldNotRun = (r: ScenarioResult) => appUnreachable(r) || (r.status === 'failed' && apiMissingOf(r.error?.error) !== undefined)

/** `total` is every call of the run: passed, failed and skipped (as JUnit's `tests` counts them). */
export const counts = (s: RunSummary) => {
  const failed = s.results.filter((r) => r.status === 'failed').length
  const skipped = s.skipped?.length ?? 0
  return { total: s.results.length + skipped, failed, passed: s.results.length - failed, skipped }
}

/** Failures first, then by file and position, so a report opens on what needs attention. */
export const failuresFirst = (results: ScenarioResult[]) =>
  [...results].sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed') || a.scenario.at.file.localeCompare(b.scenario.at.file) || a.scenario.at.line - b.scenario.at.line)

/** The failing turn and the reason, for marking a transcript or a diagram. */
export function markOf(result: ScenarioResult): SequenceMark | undefined {
  const error = result.error
  if (!error?.turn) return undefined
  return { turn: error.turn, reason: failureLine(result).replace(/^\[callspec\] turn \d+, /, '') }
}

/** The transcript as the DSL prints it: a failure's own message already holds it. */
export function printedCall(result: ScenarioResult): string {
  if (result.error) return result.error.message
  return result.transcript?.print() ?? ''
}

export const location = (r: ScenarioResult) => `${r.scenario.at.file}:${r.scenario.at.line}`

/** The thresholds a run did not meet (`--coverage-threshold`). */
export const failedThresholds = (s: RunSummary) => (s.coverageThresholds ?? []).filter((t) => !t.met)

/** A threshold's name in a report: `menu coverage: inputs ≥ 80%`, with its platform when the run had several. */
export function thresholdName(t: NonNullable<RunSummary['coverageThresholds']>[number], all: NonNullable<RunSummary['coverageThresholds']>): string {
  const platforms = new Set(all.map((x) => x.platform))
  return `menu coverage: ${t.metric} ≥ ${t.threshold}%${platforms.size > 1 ? ` [${t.platform}]` : ''}`
}
