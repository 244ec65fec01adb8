import { toMermaid } from '../graph/mermaid.js'
import type { CoverageReport } from './compute.js'

/** The terminal summary: one line per menu (`Main menu: 1 ✓ 2 ✓ 3 ✗ timeout ✗ invalid ✗`), then totals. */
export function formatCoverage(report: CoverageReport): string {
  const lines = [`callspec menu coverage (${report.calls} calls)`]
  for (const m of report.menus) {
    const marks = m.expected.map((i) => `${i} ${m.covered.includes(i) ? '✓' : '✗'}`).join(' ')
    lines.push(`  ${m.node.label}: ${marks}`)
  }
  lines.push(`  ${coverageTotals(report)}`)
  return lines.join('\n')
}

const NO_MENU = 'no menu reached: no call got to a point where the platform listened for input'

/** `menus 3/3 (100%), inputs 5/9 (55.6%)`; never `0/0 (100%)`, which would read as all covered. */
export function coverageTotals(report: CoverageReport): string {
  if (report.nodes.total === 0) return NO_MENU
  return `menus ${report.nodes.covered}/${report.nodes.total} (${report.nodes.percent}%), inputs ${report.edges.covered}/${report.edges.total} (${report.edges.percent}%)`
}

/** The flowchart with the covered paths solid and the others dashed. */
export function coverageMermaid(report: CoverageReport): string {
  return toMermaid(report.graph, { covered: new Set(report.coveredEdges) })
}

export interface CoverageThresholds {
  /** Least % of menu inputs (edges) exercised. */
  edges?: number
  /** Least % of menus reached. */
  nodes?: number
}

/** The messages of every threshold not met (empty: all met), worded like vitest's own. */
export function checkThresholds(report: CoverageReport, thresholds: CoverageThresholds): string[] {
  const out: string[] = []
  for (const kind of ['edges', 'nodes'] as const) {
    const want = thresholds[kind]
    const what = kind === 'edges' ? 'inputs' : 'menus'
    if (want !== undefined && want > 0 && report.nodes.total === 0) {
      out.push(`ERROR: callspec menu coverage for ${what}: ${NO_MENU}, so the threshold (${want}%) is not met`)
    } else if (want !== undefined && report[kind].percent < want) {
      out.push(`ERROR: callspec menu coverage for ${what} (${report[kind].percent}%) does not meet the threshold (${want}%)`)
    }
  }
  return out
}
