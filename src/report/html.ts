import { warningLines } from '../session/warning-groups.js'
import { transcriptToMermaid } from './mermaid.js'
import { escapeXml, transcriptToSvg } from './sequence-svg.js'
import { counts, failedThresholds, failuresFirst, location, markOf, printedCall, type RunSummary } from './summary.js'

/**
 * Extra panels other features add to the report (menu coverage, an explored call graph): each
 * gets a titled section above the calls. `html` is trusted markup (inline SVG or a table).
 */
export interface ReportSection {
  title: string
  html: string
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb}
header{padding:16px 24px;background:#111827;color:#fff}header h1{margin:0;font-size:20px}
.counts span{margin-right:16px}.bad{color:#fca5a5}.good{color:#86efac}
main{padding:16px 24px}section.call{background:#fff;border:1px solid #e5e7eb;border-left:6px solid #16a34a;border-radius:6px;margin:0 0 16px;padding:8px 16px}
section.call.failed{border-left-color:#dc2626}section.call.skipped{border-left-color:#9ca3af}section.call h2{font-size:16px;margin:8px 0}
.meta{color:#6b7280;font-size:12px}pre{background:#f3f4f6;padding:8px;overflow:auto;font-size:12px;white-space:pre}
.diagram{overflow:auto}details>summary{cursor:pointer;color:#374151}
ul.warnings{margin:6px 0;padding-left:0;list-style:none;color:#92400e;font-size:12px}ul.warnings li{margin:2px 0}`

/**
 * One static page for a run: counts, then every call (failures first) with its transcript and
 * its sequence diagram as inline SVG. No script, no stylesheet or font to fetch: it opens from
 * disk, offline, and can be attached to a CI run as a single file.
 */
export function htmlReport(summary: RunSummary, sections: readonly ReportSection[] = []): string {
  const c = counts(summary)
  const ordered = failuresFirst(summary.results)
  const calls = ordered.map((r, i) => {
    const mark = markOf(r)
    const diagram = r.transcript ? transcriptToSvg(r.transcript, mark) : '<p>(no call took place: see the failure above)</p>'
    const mermaid = r.transcript ? transcriptToMermaid(r.transcript, mark) : ''
    return `<section class="call ${r.status}" id="call-${i + 1}">
<h2>${r.status === 'failed' ? '✖' : '✔'} ${escapeXml(r.scenario.name)}</h2>
<div class="meta">${escapeXml(location(r))} · ${escapeXml(r.scenario.platform)}${r.seed !== undefined ? ` · seed ${r.seed}` : ''}${r.transcript ? ` · ${(r.transcript.duration / 1000).toFixed(1)} s virtual` : ''} · ${Math.round(r.ms)} ms</div>
${warnedList(r.status === 'passed' ? (r.warnings ?? []) : [])}${r.status === 'failed' || !r.transcript ? `<pre class="transcript">${escapeXml(printedCall(r))}</pre>` : `<details><summary>Transcript</summary><pre class="transcript">${escapeXml(printedCall(r))}</pre></details>`}
<div class="diagram">${diagram}</div>
${mermaid ? `<details><summary>Mermaid source</summary><pre>${escapeXml(mermaid)}</pre></details>` : ''}
</section>`
  })
  // Calls a stop left with no result: neither passed nor failed, each with why.
  const skipped = (summary.skipped ?? []).map(
    ({ scenario, reason }) =>
      `<section class="call skipped"><h2>○ ${escapeXml(scenario.name)}</h2>\n<div class="meta">${escapeXml(`${scenario.at.file}:${scenario.at.line}`)} · ${escapeXml(scenario.platform)} · skipped</div>\n<p>${escapeXml(reason)}</p></section>`,
  )
  // The run's panels (menu coverage, the call graph) after the failed calls, before the passed:
  // failures first, as the page promises (audit-122: four platforms' panels put them screens down).
  const extra = sections.map((s) => `<section class="extra"><h2>${escapeXml(s.title)}</h2>${s.html}</section>`)
  const failedCount = ordered.filter((r) => r.status === 'failed').length
  // An invalid file stopped the run before any call: the page says so, not "all passed, 0 calls".
  const invalid = (summary.invalidFiles ?? []).map(
    (e) => `<section class="call failed invalid"><h2>✖ ${escapeXml(e.at.file)}: invalid scenario file</h2><pre>${escapeXml(e.message)}</pre></section>`,
  )
  // The run stopped once its files were read: why, above the calls that finished before it.
  const stopped = summary.stopped ? [`<section class="call failed stopped"><h2>✖ The run stopped</h2><pre>${escapeXml(summary.stopped.message)}</pre></section>`] : []
  // --coverage-threshold not met: the run failed (exit 1), though every call may have passed.
  const belowThreshold = failedThresholds(summary)
  const coverage = belowThreshold.length
    ? [`<section class="call failed coverage"><h2>✖ Menu coverage below its threshold</h2><pre>${escapeXml(belowThreshold.map((t) => t.failure).join('\n'))}</pre></section>`]
    : []
  const title = invalid.length
    ? `${invalid.length} invalid file(s)`
    : `${summary.stopped ? 'run stopped, ' : ''}${coverage.length ? 'coverage below threshold, ' : ''}${c.failed ? `${c.failed} failed` : summary.stopped ? `${c.passed} passed` : 'all passed'}${c.skipped ? `, ${c.skipped} skipped` : ''} (${c.total} calls)`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>callspec: ${title}</title>
<style>${STYLE}</style></head>
<body><header><h1>callspec report</h1><div class="counts">${invalid.length ? `<span class="bad">${invalid.length} invalid file(s)</span>` : ''}${stopped.length ? '<span class="bad">run stopped</span>' : ''}${coverage.length ? '<span class="bad">coverage below threshold</span>' : ''}<span class="${c.failed || invalid.length || stopped.length || coverage.length ? 'bad' : 'good'}">${c.failed} failed</span><span>${c.passed} passed</span>${c.skipped ? `<span>${c.skipped} skipped</span>` : ''}<span>${c.total} calls</span><span>${(summary.ms / 1000).toFixed(1)} s</span><span>${escapeXml(summary.startedAt.toISOString())}</span></div></header>
<main>${[...stopped, ...invalid, ...coverage].join('\n')}
${[...calls.slice(0, failedCount), ...extra, ...calls.slice(failedCount), ...skipped].join('\n')}
</main></body></html>
`
}

/** Distinct warnings shown under a passed call, as the pretty report lists them (a failed call's message holds them). */
const MAX_WARNINGS = 20

/**
 * A passed call's warnings, in view under its title (audit h124: they were only in the folded
 * transcript, so a call with one looked like any other): amber, never red, each naming its rule
 * and what it rests on, "inferred: …" for a rule callspec inferred.
 */
function warnedList(warnings: readonly string[]): string {
  const lines = warningLines(warnings, MAX_WARNINGS, '', 'the json report has them all')
  return lines.length ? `<ul class="warnings">${lines.map((w) => `<li>${w.startsWith('  …') ? escapeXml(w.trim()) : `⚠ ${escapeXml(w)}`}</li>`).join('')}</ul>\n` : ''
}
