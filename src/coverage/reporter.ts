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
  /** The last run's report, for programmatic use. */
  report: CoverageReport | undefined

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
      const paths = readPaths(dir)
      const report = computeCoverage(paths, this.#graph)
      this.report = report
      const out = resolve(this.options.outputDir ?? 'callspec-coverage')
      writeCoverageFiles(out, report)
      write(`\n${formatCoverage(report)}\n  written to ${out}/menu-coverage.{json,mmd}\n`)
      const failures = checkThresholds(report, this.options.thresholds ?? {})
      if (failures.length > 0) {
        write(`${failures.join('\n')}\n`)
        process.exitCode = 1
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
      delete process.env[COVERAGE_DIR_ENV]
    }
  }
}

function readPaths(dir: string): CallPath[] {
  const paths: CallPath[] = []
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line) paths.push((JSON.parse(line) as { path: CallPath }).path)
    }
  }
  return paths
}
