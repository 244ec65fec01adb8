import { toMermaid } from '../graph/mermaid.js'
import type { CoverageReport } from './compute.js'

/** The terminal summary: one line per menu (`Main menu: 1 ✓ 2 ✓ 3 ✗ timeout ✗ invalid ✗`), then totals. */
export function formatCoverage(report: CoverageReport): string {
  const lines = [`callspec menu coverage (${report.calls} calls)`]
  for (const m of report.menus) {
    const marks = m.expected.map((i) => `${i} ${m.covered.includes(i) ? '✓' : '✗'}`).join(' ')
    lines.push(`  ${m.node.label}: ${marks}`)
  }
  lines.push(`  menus ${report.nodes.covered}/${report.nodes.total} (${report.nodes.percent}%), inputs ${report.edges.covered}/${report.edges.total} (${report.edges.percent}%)`)
  return lines.join('\n')
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
    if (want !== undefined && report[kind].percent < want) {
      out.push(`ERROR: callspec menu coverage for ${kind === 'edges' ? 'inputs' : 'menus'} (${report[kind].percent}%) does not meet the threshold (${want}%)`)
    }
  }
  return out
}
