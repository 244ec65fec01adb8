import { graphToSvg } from '../graph/graph-svg.js'
import { pathOf } from '../graph/path.js'
import type { CallGraph } from '../graph/types.js'
import type { ReportSection } from '../report/html.js'
import { escapeXml } from '../report/sequence-svg.js'
import type { ScenarioResult } from '../scenario/run.js'
import { coverageByPlatform } from './by-platform.js'
import type { CoverageReport } from './compute.js'
import { coverageMermaid, coverageTotals, NOT_REACHED } from './format.js'

/**
 * Menu coverage of a scenario run, one report per platform (one IVR's graph never mixes with
 * another's). A graph saved by `callspec explore --graph` gives its platform's expected inputs.
 */
export function coverageOfRun(results: readonly ScenarioResult[], saved?: CallGraph, savedName?: string): Array<{ platform: string; report: CoverageReport }> {
  const paths = results.flatMap((r) => (r.transcript ? [{ platform: r.transcript.header.platform, path: pathOf(r.transcript, r.status === 'failed' ? r.error : undefined) }] : []))
  return coverageByPlatform(paths, saved, savedName).map(({ platform, report }) => {
    report.graph.platform = platform
    return { platform, report }
  })
}

/** The HTML report's panel: per menu the inputs exercised (✓) and not (✗), totals, and the graph drawn. */
export function coverageSection(platform: string, report: CoverageReport): ReportSection {
  const rows = report.menus.map(
    (m) =>
      `<tr><td>${escapeXml(m.node.label)}</td><td>${m.expected.map((input) => `<span class="${m.covered.includes(input) ? 'hit' : 'miss'}">${escapeXml(input)} ${m.covered.includes(input) ? '✓' : '✗'}</span>`).join(' ')}${m.reached ? '' : `<em class="miss">${escapeXml(NOT_REACHED)}</em>`}</td></tr>`,
  )
  const html = [
    '<style>.coverage td{padding:2px 12px 2px 0;vertical-align:top}.coverage .hit{color:#16a34a}.coverage .miss{color:#dc2626}</style>',
    `<p>${report.calls} call(s): ${coverageTotals(report)}. Solid green: inputs some call took; dashed red: inputs no call took (on an arrow listing several inputs, those no call took are in red). A red box is a failure of the app's (an error answer, a vendor rule broken); an amber one, of a scenario's own expectation (the app answered as the platform accepts, with something else than the scenario expected).</p>`,
    ...(report.warnings ?? []).map((w) => `<p style="color:#92400e"><strong>Warning:</strong> ${escapeXml(w)}</p>`),
    `<table class="coverage"><tr><th align="left">Menu</th><th align="left">Inputs</th></tr>${rows.join('')}</table>`,
    `<div class="diagram">${graphToSvg(report.graph, { covered: new Set(report.coveredEdges) })}</div>`,
    `<details><summary>Mermaid source</summary><pre>${escapeXml(coverageMermaid(report))}</pre></details>`,
  ].join('\n')
  return { title: `Menu coverage and call graph (${platform})`, html }
}
