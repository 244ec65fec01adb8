import { toMermaid } from '../graph/mermaid.js'
import type { CoverageReport } from './compute.js'

/** The terminal summary: one line per menu (`Main menu: 1 ✓ 2 ✓ 3 ✗ timeout ✗ invalid ✗`), then totals. */
export function formatCoverage(report: CoverageReport): string {
  const lines = [`callspec menu coverage (${report.calls} ${report.calls === 1 ? 'call' : 'calls'})`]
  for (const m of report.menus) {
    const marks = m.expected.map((i) => `${i} ${m.covered.includes(i) ? '✓' : '✗'}`).join(' ')
    lines.push(`  ${m.node.label}: ${marks}${m.reached ? '' : NOT_REACHED}`)
  }
  lines.push(`  ${coverageTotals(report)}`)
  for (const w of report.warnings ?? []) lines.push(`  WARNING: ${w}`)
  return lines.join('\n')
}

/**
 * After a menu only a saved graph knows, which no call of the run got to: its ✗s are a prompt
 * never played, not inputs left untried at a menu the suite reaches (h201: the two read alike).
 */
export const NOT_REACHED = ' (never reached: no call heard this prompt)'

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
  /** Least % of menu inputs exercised: the report's `inputs`. */
  inputs?: number
  /** Least % of menus reached: the report's `menus`. */
  menus?: number
  /** `inputs`, by the graph's name for them (a menu's inputs are its edges). */
  edges?: number
  /** `menus`, by the graph's name for them (nodes). */
  nodes?: number
}

/** One threshold set, checked: `failure` says how it was not met (the ERROR line's words), null when it was. */
export interface ThresholdResult {
  metric: 'inputs' | 'menus'
  threshold: number
  percent: number
  met: boolean
  failure: string | null
  /** One line either way: the failure, or that it was met (`… for menus (100%) meets the threshold (100%)`). */
  summary: string
}

/** Each threshold set (inputs, then menus), met or not. */
export function thresholdResults(report: CoverageReport, thresholds: CoverageThresholds): ThresholdResult[] {
  const out: ThresholdResult[] = []
  for (const kind of ['edges', 'nodes'] as const) {
    const metric = kind === 'edges' ? 'inputs' : 'menus'
    const want = thresholds[metric] ?? thresholds[kind]
    if (want === undefined) continue
    const percent = report[kind].percent
    let failure: string | null = null
    if (want > 0 && report.nodes.total === 0) failure = `callspec menu coverage for ${metric}: ${NO_MENU}, so the threshold (${want}%) is not met`
    else if (percent < want) failure = `callspec menu coverage for ${metric} (${percent}%) does not meet the threshold (${want}%)`
    out.push({ metric, threshold: want, percent, met: failure === null, failure, summary: failure ?? `callspec menu coverage for ${metric} (${percent}%) meets the threshold (${want}%)` })
  }
  return out
}

/** The messages of every threshold not met (empty: all met), worded like vitest's own. */
export function checkThresholds(report: CoverageReport, thresholds: CoverageThresholds): string[] {
  return thresholdResults(report, thresholds).flatMap((t) => (t.failure === null ? [] : [`ERROR: ${t.failure}`]))
}
