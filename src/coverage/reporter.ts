/**
 * vitest reporter (`callspec/coverage/reporter`): menu coverage of every call the run placed,
 * printed at the end and written as JSON and a Mermaid flowchart; thresholds fail the run as
 * vitest's own coverage thresholds do. Use with the `callspec/coverage/setup` setup file.
 * @example reporters: ['default', ['callspec/coverage/reporter', { thresholds: { inputs: 80 }, graph: 'ivr.graph.json' }]]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CallPath } from '../graph/path.js'
import { readSavedGraph } from '../graph/saved-graph.js'
import type { CallGraph } from '../graph/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { coverageByPlatform } from './by-platform.js'
import { computeCoverage, type CoverageReport } from './compute.js'
import { writeCoverageFiles } from './files.js'
import { checkThresholds, formatCoverage, type CoverageThresholds } from './format.js'
import { checkReporterOptions } from './reporter-options.js'
import { COVERAGE_DIR_ENV } from './shared.js'

export interface CoverageReporterOptions {
  thresholds?: CoverageThresholds
  /** A graph saved by `callspec explore --graph`: its menus and inputs are what must be covered. */
  graph?: string
  /** Where menu-coverage.json and menu-coverage.mmd go (default `callspec-coverage`). */
  outputDir?: string
  /** Where the summary goes (default stdout). */
  write?: (text: string) => void
}

export default class CallspecCoverageReporter {
  #dir: string | undefined
  #graph: CallGraph | undefined
  /** The last run's report, for programmatic use: its first platform's, when calls ran on several (see `reports`). */
  report: CoverageReport | undefined
  /** The last run's report for each platform its calls ran on. */
  reports: Array<{ platform: string; report: CoverageReport }> = []

  constructor(readonly options: CoverageReporterOptions = {}) {}

  onInit(): void {
    // Read before any test runs: a misspelt option, a wrong path or file fails the run at once, not after the suite.
    checkReporterOptions(this.options)
    if (this.options.graph) {
      try {
        this.#graph = readSavedGraph(resolve(this.options.graph))
      } catch (error) {
        throw new CallspecUsageError(`[callspec] the coverage reporter's graph option: ${(error as Error).message}`)
      }
    }
    this.#dir = mkdtempSync(join(tmpdir(), 'callspec-coverage-'))
    process.env[COVERAGE_DIR_ENV] = this.#dir
  }

  onTestRunEnd(): void {
    const dir = this.#dir
    if (!dir) return
    const write = this.options.write ?? ((text: string) => process.stdout.write(text))
    try {
      const measured = coverageByPlatform(readPaths(dir), this.#graph, `the coverage reporter's graph ${this.options.graph}`)
      // No call at all: one empty report, which says so.
      const runs = measured.length > 0 ? measured : [{ platform: this.#graph?.platform ?? 'unknown', report: computeCoverage([], this.#graph) }]
      this.reports = runs
      this.report = runs[0]?.report
      const out = resolve(this.options.outputDir ?? 'callspec-coverage')
      // One report per platform, as `callspec run --coverage` gives: menus of two platforms'
      // apps are not one IVR, and the same prompt on each read as one menu listed twice.
      for (const { platform, report } of runs) {
        const name = runs.length > 1 ? `menu-coverage-${platform}` : 'menu-coverage'
        writeCoverageFiles(out, report, name)
        write(`\n${formatCoverage(report)}${runs.length > 1 ? ` [${platform}]` : ''}\n  written to ${out}/${name}.{json,mmd}\n`)
        const failures = checkThresholds(report, this.options.thresholds ?? {})
        if (failures.length > 0) {
          write(`${failures.map((f) => (runs.length > 1 ? `${f} [${platform}]` : f)).join('\n')}\n`)
          process.exitCode = 1
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
      delete process.env[COVERAGE_DIR_ENV]
    }
  }
}

function readPaths(dir: string): Array<{ platform: string; path: CallPath }> {
  const paths: Array<{ platform: string; path: CallPath }> = []
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue
      const { platform, path } = JSON.parse(line) as { platform?: string; path: CallPath }
      paths.push({ platform: platform ?? 'unknown', path })
    }
  }
  return paths
}
