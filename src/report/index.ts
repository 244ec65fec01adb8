/** Reporters for scenario runs: pretty text, JUnit XML, JSON and a self-contained HTML page. */
import { htmlReport, type ReportSection } from './html.js'
import { jsonReport } from './json.js'
import { junitReport } from './junit.js'
import { prettyReport } from './pretty.js'
import type { RunSummary } from './summary.js'

export { htmlReport, jsonReport, junitReport, prettyReport }
export { transcriptToMermaid } from './mermaid.js'
export { transcriptToSvg } from './sequence-svg.js'
export type { ReportSection, RunSummary }

export const REPORTERS = {
  pretty: (s: RunSummary) => prettyReport(s),
  junit: junitReport,
  json: jsonReport,
  html: (s: RunSummary, sections?: readonly ReportSection[]) => htmlReport(s, sections),
} as const

export type ReporterName = keyof typeof REPORTERS
