import { warningLines } from '../session/warning-groups.js'
import { plainText } from './plain-text.js'
import { counts, failureLine, location, type RunSummary } from './summary.js'

/** Distinct warnings shown under a passed call, as a call prints them at most (session/warnings.ts). */
const MAX_WARNINGS = 20

/** For a person at a terminal or in a CI log: one line per call, then each failure's transcript. */
export function prettyReport(summary: RunSummary, options: { color?: boolean } = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text)
  // A passed call's warnings go under its line: the report is the one place a run shows them.
  // A failed call's message already lists them, above its transcript.
  const warned = (warnings: readonly string[]) => warningLines(warnings, MAX_WARNINGS, '  ⚠ ', 'the json report has them all').map((w) => paint(33, plainText(w)))
  const lines = summary.results.flatMap((r) =>
    r.status === 'passed'
      ? [`${paint(32, '✔')} ${plainText(r.scenario.name)} ${paint(2, `(${location(r)}, ${Math.round(r.ms)} ms)`)}`, ...warned(r.warnings ?? [])]
      : [`${paint(31, '✖')} ${plainText(r.scenario.name)} ${paint(2, `(${location(r)})`)}`],
  )
  // A run that stopped: the calls it left with no result, and why.
  for (const { scenario, reason } of summary.skipped ?? []) lines.push(`${paint(2, '○')} ${plainText(scenario.name)} ${paint(2, `(${scenario.at.file}:${scenario.at.line}) skipped: ${reason}`)}`)
  const failures = summary.results.filter((r) => r.status === 'failed')
  for (const [i, r] of failures.entries()) {
    // The app's text, as it sent it, may hold its own escape codes: only callspec's colours reach the terminal.
    lines.push('', paint(31, `── Failure ${i + 1}/${failures.length}: ${plainText(r.scenario.name)} ──`), plainText(r.error!.message))
  }
  lines.push('', countsLine(summary, paint))
  return `${lines.join('\n')}\n`
}

/** `1 failed, 2 passed, 3 call(s) in 0.4 s`: the run's last line. */
function countsLine(summary: RunSummary, paint: (code: number, text: string) => string = (_, text) => text): string {
  const c = counts(summary)
  // A run that stopped (exit 2) is not "all passed", though every call that ran did: before, an app
  // that exited once its last call passed printed "all passed" above the stop (QA-163 Q5).
  const verdict = c.failed ? paint(31, `${c.failed} failed`) : summary.stopped ? paint(33, 'run stopped') : c.skipped ? paint(33, 'none failed') : paint(32, 'all passed')
  return `${verdict}, ${c.passed} passed, ${c.skipped ? `${c.skipped} skipped, ` : ''}${c.total} call(s) in ${(summary.ms / 1000).toFixed(1)} s`
}

/**
 * The run in a few lines, for the terminal when every report went to a file (`--reporter
 * html:calls.html` alone): each failed call's headline, then the counts. Without it such a run
 * printed only "html report written" and exited 1, with no word of what failed (newcomer audit-155 N9).
 */
export function runInBrief(summary: RunSummary): string {
  const failed = summary.results.filter((r) => r.status === 'failed').map((r) => `  ✖ ${plainText(r.scenario.name)} (${location(r)}): ${plainText(failureLine(r).replace(/^\[callspec\] /, ''))}`)
  return `${['callspec run: ' + countsLine(summary), ...failed].join('\n')}\n`
}
