import { warningDetail } from '../session/warning-groups.js'
import { transcriptToMermaid } from './mermaid.js'
import { counts, failureLine, markOf, type RunSummary } from './summary.js'

/** Machine-readable results: one object per call, with its transcript as printed and as a diagram. */
export function jsonReport(summary: RunSummary): string {
  return `${JSON.stringify(
    {
      startedAt: summary.startedAt.toISOString(),
      ms: Math.round(summary.ms),
      ...counts(summary),
      // Files that could not be read as written: the run stopped before any call (exit 2).
      invalidFiles: (summary.invalidFiles ?? []).map((e) => ({ file: e.at.file, line: e.at.line, column: e.at.column, message: e.message })),
      // Why the run stopped once its files were read (exit 2), else null: `calls` holds the ones it
      // left with no result too (status "skipped", and why: `reason`), each in its place.
      stopped: summary.stopped ? { message: summary.stopped.message } : null,
      // --coverage-threshold: each threshold set, per platform; `met: false` (with `failure`, the
      // ERROR line's words) for one the run did not meet, which fails it (exit 1). [] with none set.
      coverageThresholds: (summary.coverageThresholds ?? []).map((t) => ({ platform: t.platform, metric: t.metric, threshold: t.threshold, percent: t.percent, met: t.met, failure: t.failure })),
      calls: inRunOrder([
        ...summary.results.map((r) => ({
          name: r.scenario.name,
          file: r.scenario.at.file,
          line: r.scenario.at.line,
          platform: r.scenario.platform,
          status: r.status,
          ms: Math.round(r.ms),
          seed: r.seed ?? null,
          events: r.transcript?.events() ?? [],
          prompts: r.transcript?.prompts() ?? [],
          durationMs: r.transcript?.duration ?? null,
          // A result built without warnings (older code, a tool of the user's own) has none.
          warnings: r.warnings ?? [],
          // The same, as data: the turn, the rule each cites and whether callspec inferred it (helper-124's audit: a dashboard had to parse "(inferred").
          warningDetails: (r.warnings ?? []).map(warningDetail),
          // `headline`: what a dashboard shows in one line (the message also holds the transcript).
          // `unreachable`: the address nothing listened at (the app could not be reached), else null.
          failure: r.error ? { headline: failureLine(r), message: r.error.message, at: r.error.at ?? null, turn: r.error.turn ?? null, unreachable: r.error.unreachable ?? null } : null,
          transcript: r.transcript?.print(markOf(r)) ?? null,
          mermaid: r.transcript ? transcriptToMermaid(r.transcript, markOf(r)) : null,
        })),
        ...(summary.skipped ?? []).map(({ scenario, reason }) => ({
          name: scenario.name,
          file: scenario.at.file,
          line: scenario.at.line,
          platform: scenario.platform,
          status: 'skipped' as const,
          reason,
          ms: 0,
          seed: null,
          events: [],
          prompts: [],
          durationMs: null,
          warnings: [],
          warningDetails: [],
          failure: null,
          transcript: null,
          mermaid: null,
        })),
      ]),
    },
    null,
    2,
  )}\n`
}

/**
 * The calls file by file (in the order the run first reached each), line by line within a file, as
 * JUnit lists them: the results come in the run's order and the skipped after them, so a file's
 * skipped calls would otherwise follow every other file's.
 */
function inRunOrder<T extends { file: string; line: number }>(calls: T[]): T[] {
  const files = [...new Set(calls.map((c) => c.file))]
  return calls.map((call, i) => ({ call, i })).sort((a, b) => files.indexOf(a.call.file) - files.indexOf(b.call.file) || a.call.line - b.call.line || a.i - b.i).map(({ call }) => call)
}
