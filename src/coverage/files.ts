import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CoverageReport } from './compute.js'
import { coverageMermaid } from './format.js'

/** Writes `<name>.json` (the report) and `<name>.mmd` (its flowchart) into `dir`: the vitest reporter's files and `callspec run --coverage`'s. */
export function writeCoverageFiles(dir: string, report: CoverageReport, name = 'menu-coverage'): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`)
  writeFileSync(join(dir, `${name}.mmd`), `${coverageMermaid(report)}\n`)
}
