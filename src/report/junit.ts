import { plainText } from './plain-text.js'
import { couldNotRun, failedThresholds, failureLine, printedCall, thresholdName, type RunSummary } from './summary.js'
import type { ScenarioResult } from '../scenario/run.js'
import type { ScenarioFileError } from '../scenario/scenario-error.js'

/** XML 1.0 forbids most control characters, even escaped: dropped, ANSI colour codes with them (plainText). */
const xmlText = (text: string) => plainText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Whole ms, so a suite's time is exactly the sum of its calls' as printed, and the whole's of its suites'. */
const seconds = (ms: number) => (ms / 1000).toFixed(3)
const wholeMs = (r: ScenarioResult) => Math.round(r.ms)

/**
 * JUnit XML as CI systems read it: a testsuite per scenario file, a testcase per call, the
 * failure's first line as its message and the whole transcript in <failure>. A call that found
 * no app listening is an <error> (the test could not run), as JUnit and its readers (Jenkins,
 * GitLab, Surefire) tell an exception from a failed assertion; so is an invalid scenario file, a
 * suite of its own, and a run that stopped (suite `callspec run`). Each `--coverage-threshold` is a
 * testcase of suite `callspec coverage`, a <failure> when not met (the run then exits 1). Times add up: a suite's is the
 * sum of its calls', the whole's the sum of the suites' (calls run at once, so the run's wall time
 * is less; the pretty and JSON reports give that one).
 */
export function junitReport(summary: RunSummary): string {
  const byFile = new Map<string, Array<{ result: ScenarioResult } | { skipped: Skipped }>>()
  const add = (file: string, entry: { result: ScenarioResult } | { skipped: Skipped }) => byFile.set(file, [...(byFile.get(file) ?? []), entry])
  for (const r of summary.results) add(r.scenario.at.file, { result: r })
  for (const s of summary.skipped ?? []) add(s.scenario.at.file, { skipped: s })
  const tally = (results: readonly ScenarioResult[]) => {
    const errors = results.filter(couldNotRun).length
    return { errors, failures: results.filter((r) => r.status === 'failed').length - errors, ms: results.reduce((t, r) => t + wholeMs(r), 0) }
  }
  const all = tally(summary.results)
  const invalid = summary.invalidFiles ?? []
  const stops = summary.stopped ? 1 : 0
  const skipped = summary.skipped?.length ?? 0
  const thresholds = summary.coverageThresholds ?? []
  const belowThreshold = failedThresholds(summary).length
  const timestamp = summary.startedAt.toISOString().slice(0, 19)
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // <testsuites> has no skipped attribute (junit-10.xsd): its tests count them, its suites say how many.
    `<testsuites name="callspec" tests="${summary.results.length + skipped + invalid.length + stops + thresholds.length}" failures="${all.failures + belowThreshold}" errors="${all.errors + invalid.length + stops}" time="${seconds(all.ms)}">`,
  ]
  if (summary.stopped) out.push(...stoppedSuite(summary.stopped, timestamp))
  for (const error of invalid) out.push(...invalidFileSuite(error, timestamp))
  if (thresholds.length) out.push(...coverageSuite(thresholds, timestamp))
  for (const [file, entries] of byFile) {
    const results = entries.flatMap((e) => ('result' in e ? [e.result] : []))
    // Skipped calls among the others in the file's order (a call cut off under way may come before one that finished).
    const lineOf = (e: (typeof entries)[number]) => ('result' in e ? e.result : e.skipped).scenario.at.line
    const sorted = results.length < entries.length ? [...entries].sort((a, b) => lineOf(a) - lineOf(b)) : entries
    const t = tally(results)
    out.push(`  <testsuite name="${xmlText(file)}" tests="${entries.length}" failures="${t.failures}" errors="${t.errors}" skipped="${entries.length - results.length}" time="${seconds(t.ms)}" timestamp="${timestamp}">`)
    for (const entry of sorted) {
      if ('skipped' in entry) {
        const s = entry.skipped
        out.push(`    <testcase name="${xmlText(s.scenario.name)}" classname="${xmlText(file)}" time="0.000">`, `      <skipped message="${xmlText(s.reason)}"/>`, '    </testcase>')
        continue
      }
      const r = entry.result
      const head = `    <testcase name="${xmlText(r.scenario.name)}" classname="${xmlText(file)}" time="${seconds(wholeMs(r))}"`
      if (r.status === 'passed') {
        out.push(`${head}>`, `      <system-out>${xmlText(r.transcript?.print() ?? '')}</system-out>`, '    </testcase>')
        continue
      }
      const first = failureLine(r)
      const element = couldNotRun(r) ? 'error' : 'failure'
      out.push(`${head}>`, `      <${element} message="${xmlText(first)}" type="${xmlText(r.error!.error.name)}">${xmlText(printedCall(r))}</${element}>`, '    </testcase>')
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}

type Skipped = NonNullable<RunSummary['skipped']>[number]

/**
 * What kept calls from running, as a suite of one testcase in <error>: the first line as the
 * message, the whole message inside. Without it a JUnit reader showed a run with no tests, or the
 * last run's report. Two causes:
 * - a scenario file that could not be read as written (its suite is the file, its calls could not
 *   run; the message says file:line:column);
 * - a run that stopped once its files were read (an app that exited, or never answered; no
 *   target): suite `callspec run`, testcase `run stopped`. The calls that finished before it keep
 *   their own suites; the ones it cut off with no result are there as <skipped> (RunSummary.skipped).
 */
function errorSuite(suite: string, testcase: string, error: { type: string; message: string }, timestamp: string): string[] {
  const name = xmlText(suite)
  return [
    `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${timestamp}">`,
    `    <testcase name="${xmlText(testcase)}" classname="${name}" time="0.000">`,
    `      <error message="${xmlText(error.message.split('\n')[0]!)}" type="${xmlText(error.type)}">${xmlText(error.message)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ]
}

const invalidFileSuite = (error: ScenarioFileError, timestamp: string) => errorSuite(error.at.file, 'invalid scenario file', { type: error.name, message: error.message }, timestamp)
const stoppedSuite = (stopped: NonNullable<RunSummary['stopped']>, timestamp: string) => errorSuite('callspec run', 'run stopped', stopped, timestamp)

/**
 * `--coverage-threshold`: suite `callspec coverage`, a testcase per threshold set (and platform),
 * a <failure> with the ERROR line's words for one not met, the coverage it measured for one met.
 * Without it a run that failed on its coverage alone (exit 1) had a JUnit report all green.
 */
function coverageSuite(thresholds: NonNullable<RunSummary['coverageThresholds']>, timestamp: string): string[] {
  const name = 'callspec coverage'
  const failures = thresholds.filter((t) => !t.met).length
  return [
    `  <testsuite name="${name}" tests="${thresholds.length}" failures="${failures}" errors="0" skipped="0" time="0.000" timestamp="${timestamp}">`,
    ...thresholds.flatMap((t) => [
      `    <testcase name="${xmlText(thresholdName(t, thresholds))}" classname="${name}" time="0.000">`,
      t.failure === null ? `      <system-out>${xmlText(t.summary)}</system-out>` : `      <failure message="${xmlText(t.failure)}" type="CoverageThreshold">${xmlText(t.failure)}</failure>`,
      '    </testcase>',
    ]),
    '  </testsuite>',
  ]
}
