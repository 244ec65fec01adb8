import { counts, printedCall, type RunSummary } from './summary.js'
import type { ScenarioResult } from '../scenario/run.js'

/** XML 1.0 forbids most control characters, even escaped: drop them (ANSI colour codes included). */
const xmlText = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/\x1b\[[0-9;]*m/g, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

const seconds = (ms: number) => (ms / 1000).toFixed(3)

/**
 * JUnit XML as CI systems read it: a testsuite per scenario file, a testcase per call, the
 * failure's first line as its message and the whole transcript in <failure>.
 */
export function junitReport(summary: RunSummary): string {
  const byFile = new Map<string, ScenarioResult[]>()
  for (const r of summary.results) byFile.set(r.scenario.at.file, [...(byFile.get(r.scenario.at.file) ?? []), r])
  const c = counts(summary)
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="callspec" tests="${c.total}" failures="${c.failed}" errors="0" time="${seconds(summary.ms)}">`,
  ]
  for (const [file, results] of byFile) {
    const failed = results.filter((r) => r.status === 'failed').length
    const time = results.reduce((t, r) => t + r.ms, 0)
    out.push(`  <testsuite name="${xmlText(file)}" tests="${results.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(time)}" timestamp="${summary.startedAt.toISOString().slice(0, 19)}">`)
    for (const r of results) {
      const head = `    <testcase name="${xmlText(r.scenario.name)}" classname="${xmlText(file)}" time="${seconds(r.ms)}"`
      if (r.status === 'passed') {
        out.push(`${head}>`, `      <system-out>${xmlText(r.transcript?.print() ?? '')}</system-out>`, '    </testcase>')
        continue
      }
      const first = r.error!.message.split('\n')[0] ?? 'failed'
      out.push(`${head}>`, `      <failure message="${xmlText(first)}" type="${xmlText(r.error!.error.name)}">${xmlText(printedCall(r))}</failure>`, '    </testcase>')
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}
