import { resolve } from 'node:path'
import { CALL_OPTION_WORDS } from './call-option-words.js'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { coverageOfRun, coverageSection } from '../coverage/html-section.js'
import { writeCoverageFiles } from '../coverage/files.js'
import { formatCoverage, thresholdResults, type CoverageThresholds } from '../coverage/format.js'
import { isCallspecError } from '../errors/callspec-error.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import type { CallGraph } from '../graph/types.js'
import { readSavedGraph } from '../graph/saved-graph.js'
import { callTo, drivers } from '../index.js'
import { REPORTERS, type ReporterName, type ReportSection } from '../report/index.js'
import { plainText } from '../report/plain-text.js'
import { runInBrief } from '../report/pretty.js'
import { failureLine, type RunSummary } from '../report/summary.js'
import type { AnyCallTo } from '../scenario/compile.js'
import { optionDuration } from '../scenario/duration.js'
import { realNow } from '../clock/real-timers.js'
import { emptyShardLine } from './empty-shard.js'
import { terminalWidth } from './terminal-width.js'
import { filesReadBeside, findScenarioFiles, loadScenarioFiles, parseShard, shardOf } from '../scenario/load.js'
import { runScenario, type ScenarioResult } from '../scenario/run.js'
import { invalidFilesOf } from '../scenario/scenario-error.js'
import type { Scenario, ScenarioFile } from '../scenario/types.js'
import type { AppTarget } from '../transport/types.js'
import { classifyTarget } from '../transport/app-target.js'
import { EXIT, type CliIo, type Command } from './io.js'
import { startPlatformApis, type PlatformApis } from './platform-apis.js'
import { mapPool } from './pool.js'
import { reportFileProblems, writeOutputFile } from './report-paths.js'
import { didYouMeanName } from '../validation/did-you-mean.js'
import { linesAskedFor, readGrep, selectScenarios, splitLine } from './select-scenarios.js'
import { scenarioPlatforms } from '../scenario/platforms.js'
import { cliDidYouMeanPlatform } from '../utils/closest-platform.js'
import { defaultScenarioSeed } from '../scenario/default-seed.js'
import { EXIT_GRACE_MS, START_SETTLE_MS, startApp, type StartedApp } from './start-app.js'
import { waitOnHint } from './wait-on-hint.js'
import { lastOutputLine } from './output-tail.js'
import { neverReachedApp, noCallReachedLine, reachedApp } from './no-call-reached.js'
import { apiNotServedLine } from './api-not-served.js'
import { fileTargetHint } from './file-target-hint.js'
import { optionsWithoutValue, readArgs, type ValueWords } from './read-args.js'
import { enterCommand } from '../dsl/phrasing.js'
import { givenToACall } from '../session/app-crashes.js'
import { errorHead } from '../utils/error-head.js'
import { syntaxErrorAt } from './syntax-error-at.js'
import { AppCalledExit, trapProcessExit } from './app-exit.js'

const USAGE = `Usage: callspec run <files or globs…> [options]

Runs scenario files (YAML or JSON) against an app and reports each call. A file
given as file.yaml:12 runs only the scenario that holds line 12.
Exits 0 when every call passed, 1 when any failed, 2 when the run could not start
or go on (bad arguments, an invalid scenario file, an app that never answered or
that exited), 130 or 143 when interrupted (SIGINT, SIGTERM). The junit, json and html
reports are written even so: the calls that finished, the ones the stop left with no
result as skipped, and why the run stopped as an error.

Options:
  --target <url>          Base URL of the app (overrides each file's target:)
  --app <module>          A module whose default export (or export "app") is the app:
                          a request listener, an http.Server or a { fetch } app
  --platform <name>       Platform for files that do not say (${Object.keys(drivers).join(', ')})
  --concurrency <n>       Calls at once (default 4)
  --reporter <name[:file]> pretty (default), junit, json or html; repeat for several;
                          with :file the report is written there instead of stdout
  --start <command>       Start the app first (in a shell); stopped when the run ends
  --wait-on <url>         With --start: wait until this URL answers (any HTTP status);
                          its origin is the target of files with none of their own
  --wait-timeout <time>   With --wait-on: how long to wait for it (default 30s)
  --api <port>            Serve callspec's fake of each platform's REST API on loopback, from
                          this port on (0: free ports), for an app that drives its calls through
                          it (EnableX) or places them (make-call): point the app's vendor base URL
                          there; --start gets it as CALLSPEC_<PLATFORM>_API_URL (CALLSPEC_API_URL)
  --grep <regex>          Run only the scenarios whose name matches (a regular expression)
  --shard <i/n>           Run only shard i of n (files dealt round-robin, sorted by path)
  --seed <n|random>       Give every call other ids (sessionId…), derived from n:
                          a server that keeps per-call state across runs sees new calls; random
                          draws n and prints it (a scenario's own seed: still wins)
  --strict                Every rule an error, those callspec inferred where the vendor is silent
                          too (they warn by default): a scenario's own strict: still wins
  --coverage              Print the run's menu coverage and write it to callspec-coverage/
                          (menu-coverage.json and a Mermaid flowchart, menu-coverage.mmd)
  --coverage-dir <dir>    Where --coverage writes (implies --coverage)
  --coverage-graph <file.json>
                          A graph saved by callspec explore --graph: its menus and inputs are
                          what must be covered (implies --coverage)
  --coverage-threshold <inputs|menus>=<percent>
                          Fail the run below this coverage (implies --coverage); repeatable
  -h, --help              This help

The html report always includes the menu coverage and the call graph of the run.

Examples:
  callspec run 'scenarios/**/*.yaml' --target http://127.0.0.1:8000
  callspec run scenarios/*.yaml --start "python3 app.py" --wait-on http://127.0.0.1:8000/health \\
    --reporter pretty --reporter junit:reports/junit.xml --reporter html:reports/calls.html`

/** Panels other features add to the HTML report: menu coverage and the call graph of the run, by default. */
export const reportSections: Array<(results: readonly ScenarioResult[], graph: CallGraph | undefined, graphName?: string) => ReportSection | ReportSection[] | undefined> = [
  (results, graph, graphName) => coverageOfRun(results, graph, graphName).map(({ platform, report }) => coverageSection(platform, report)),
]

export const runCommand: Command = {
  summary: 'Run scenario files against an app',
  usage: USAGE,
  async run(argv, io) {
    let options: ReturnType<typeof readOptions>
    try {
      options = readOptions(argv)
    } catch (error) {
      // Bad arguments: no call runs (exit 2), but the junit, json and html reports the arguments
      // asked for, as far as they can be read, are written with the error, so CI finds a report.
      const message = (error as Error).message
      usageError(io, message)
      await report({ results: [], stopped: { type: 'CallspecUsageError', message }, ms: 0, startedAt: new Date() }, reportersIn(argv), io, undefined)
      return EXIT.usage
    }
    if (options.help) {
      io.out.write(`${USAGE}\n`)
      return EXIT.ok
    }
    let app: StartedApp | undefined
    let apis: PlatformApis | undefined
    // Once the files are read, a run that stops (exit 2) still writes the reports CI reads: the
    // calls that finished (by scenario index), and why it stopped.
    let filesRead = false
    /** The calls began (the --start app was ready): an exit of the app from then on is during the run. */
    let callsBegan = false
    let clock = { startedAt: new Date(), began: realNow() }
    /** The run's calls, once the files are read: those with no result when it stops are skipped. */
    let scenarios: Scenario[] = []
    const finished: ScenarioResult[] = []
    /** The calls under way, by scenario index: the ones an interrupt cuts off. */
    const underWay = new Map<number, Scenario>()
    /** The calls the --start app's exit cut off under way, each with its failing step's headline: the stop's message names them. */
    const cutByExit: Array<{ scenario: Scenario; headline: string }> = []
    let reported = false
    // Ctrl-C (SIGINT) or a CI job cancelled (SIGTERM): no further call starts, the --start app and
    // the fake APIs stop, and the reports say what finished, which calls the signal cut off, and
    // that it stopped the run; then the exit code of a process ended by that signal (130, 143).
    const interrupt = new AbortController()
    /** With --app: gives process.exit back (app-exit.ts), before callspec exits itself. */
    let releaseExit: (() => void) | undefined
    // A second signal while the stop waits for the app (at most a few seconds): SIGKILL to it, and exit now.
    const onSignal = (signal: NodeJS.Signals) => {
      const code = signal === 'SIGINT' ? 130 : 143
      if (interrupt.signal.aborted) {
        releaseExit?.()
        process.exit(code)
      }
      stopAtOnce(`interrupted (${signal})`, 'Interrupted', code)
    }
    // An --app's uncaught exception or unhandled rejection: a test runner reports these (vitest
    // does), and the CLI is the runner here. Before, it had no listener, and the first one ended
    // the process with a raw stack and no report (audit-81). When a call took the error (it failed
    // with it: app-crashes.ts), the run goes on; else the run stops, as the app would have.
    const onUncaught = (error: unknown) => {
      if (givenToACall(error)) return
      stopAtOnce(`an uncaught exception that no call was waiting on (in production it crashes the app): ${errorHead(error)}`, 'UncaughtException', EXIT.usage)
    }
    /** Stops the run now: no further call starts, and the reports say what finished and what the stop cut off. */
    const stopAtOnce = (why: string, type: string, code: number) => {
      if (interrupt.signal.aborted) return
      interrupt.abort()
      // What had finished when the signal came: a call under way then is cut off, even if stopping
      // the app makes it fail a moment later.
      const results = finished.filter((r) => r !== undefined)
      const cut = [...underWay.values()]
      const skipped = skippedCalls()
      void (async () => {
        try {
          await Promise.all([app?.stop(), apis?.close()])
          if (filesRead && !reported) {
            reported = true
            const notStarted = skipped.length - cut.length
            const message = `${why}: ${results.length} of ${scenarios.length} calls finished${
              cut.length ? `; cut off, no result: ${cut.map((s) => `${s.at.file}:${s.at.line} ${JSON.stringify(s.name)}`).join(', ')}` : ''
            }${notStarted ? `; ${notStarted} not started` : ''}`
            await stopRun(io, message, { results, stopped: { type, message }, skipped, ms: realNow() - clock.began, startedAt: clock.startedAt }, options.reporters)
          }
        } finally {
          releaseExit?.()
          process.exit(code)
        }
      })()
    }
    /**
     * The calls with no result: under way, cut off by an interrupt, or not started when the run
     * stopped. Each is listed as skipped in the reports, with why, rather than left out.
     */
    const skippedCalls = () => {
      const exit = callsBegan ? app?.exited() : undefined
      // The --start app exited during the run: each call not run says so, with its last line of output (the whole tail is the stop's message).
      const lastLine = lastOutputLine(app?.output() ?? '')
      const notRun = exit ? `not run: the app (--start) ${exit} before it started${lastLine ? `; its last output: ${JSON.stringify(plainText(lastLine))}` : ''}` : 'not run: the run stopped before it started'
      return scenarios.flatMap((scenario, i) => (finished[i] !== undefined ? [] : [{ scenario, reason: underWay.has(i) ? 'cut off under way when the run stopped: no result' : notRun }]))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    process.on('uncaughtException', onUncaught)
    // The calls' notes name what a file and this command can do (dsl/phrasing.ts).
    const leaveCommand = enterCommand('callspec run')
    try {
      const matched = await findScenarioFiles(options.patterns.map((p) => p.pattern), io.cwd)
      // Where the reports go, before any call runs (report-paths.ts): the others are written with why the run stopped.
      const badReports = reportFileProblems(options.reporters, io.cwd, matched)
      if (badReports.length > 0) {
        const message = badReports.map((p) => p.message).join('; ')
        const fine = options.reporters.filter((r) => !badReports.some((p) => p.reporter === r))
        return await stopRun(io, message, { results: [], stopped: { type: 'CallspecUsageError', message }, ms: 0, startedAt: clock.startedAt }, fine)
      }
      const files = shardOf(matched, options.shard)
      if (files.length === 0) {
        // The reports CI reads are written, with no test; the pretty one would say "all passed".
        const quiet = options.reporters.filter((r) => r.name !== 'pretty')
        const written = await report({ results: [], ms: 0, startedAt: clock.startedAt }, quiet, io, undefined)
        const stdoutTaken = quiet.some((r) => r.file === undefined)
        ;(stdoutTaken ? io.err : io.out).write(`${emptyShardLine(options.shard, matched.length)}\n`)
        return written ? EXIT.ok : EXIT.usage
      }
      const { lines, lengths } = await linesAskedFor(options.patterns, io.cwd)
      let suites: ScenarioFile[]
      try {
        suites = await loadScenarioFiles(files, scenarioPlatforms(), { cwd: io.cwd, ...(options.platform ? { platform: options.platform } : {}) })
      } catch (error) {
        const invalidFiles = invalidFilesOf(error)
        if (!invalidFiles) throw error
        // No call runs (exit 2, as before), but the reports CI reads are written, each invalid file in
        // them, and the calls of the files that were fine as skipped.
        const skipped = filesReadBeside(error).flatMap((file) => file.scenarios.map((scenario) => ({ scenario, reason: 'not run: other scenario files are invalid' })))
        return await stopRun(io, (error as Error).message, { results: [], invalidFiles, skipped, ms: realNow() - clock.began, startedAt: clock.startedAt }, options.reporters)
      }
      filesRead = true
      scenarios = selectScenarios(
        suites.flatMap((s) => s.scenarios),
        { lines, lengths, grep: options.grep },
      )
      const runSeed = options.seed
      if (runSeed) {
        // Before any call: a CI log shows how to repeat the run even if it is cut short.
        if (runSeed.drawn) io.err.write(`callspec run: --seed random drew ${runSeed.value}: pass --seed ${runSeed.value} to repeat this run's ids\n`)
        scenarios = scenarios.map((s) => (s.seed !== undefined ? s : { ...s, seed: defaultScenarioSeed(s.at.file, s.name, runSeed.value) }))
      }
      if (options.strict) scenarios = scenarios.map((s) => (s.strict !== undefined ? s : { ...s, strict: true }))
      // An --app shares this process: its process.exit, as it loads or during a call, stops the run
      // saying so (app-exit.ts), where it ended callspec with no word and no report.
      const appName = options.app
      if (appName !== undefined) {
        releaseExit = trapProcessExit(io.cwd, (exit) => {
          if (callsBegan) stopAtOnce(`the app (--app ${appName}) ${exit.called} during the run, which stopped there (in production that ends the app: the platform's next webhook finds nothing listening)`, 'AppExited', EXIT.usage)
        })
      }
      const appModule = appName !== undefined ? await loadApp(appName, io.cwd) : undefined
      // Read before any call runs: a graph that cannot be read stops the run at once.
      const graph = options.coverage?.graph ? readGraph(resolve(io.cwd, options.coverage.graph)) : undefined
      // How the coverage's warnings name the graph: as the user gave it.
      const graphName = options.coverage?.graph ? `--coverage-graph ${options.coverage.graph}` : undefined
      const targetOf = (s: Scenario): AppTarget | undefined => options.target ?? appModule ?? s.target ?? options.defaultTarget
      const missing = scenarios.find((s) => targetOf(s) === undefined)
      if (missing) throw usage(`${missing.at.file}:${missing.at.line}: scenario ${JSON.stringify(missing.name)} has no target: pass --target <url> or --app <module>, or add target: to the file`)
      if (options.api !== undefined) {
        apis = await startPlatformApis(scenarios.map((s) => s.platform), options.api)
        io.err.write(`${apis.describe()}\n`)
      }
      if (options.start) {
        app = startApp(options.start, options.waitOn, options.waitTimeoutMs, io.cwd, apis?.env)
        await app.ready
      }

      clock = { startedAt: new Date(), began: realNow() }
      callsBegan = true
      /** The --start app answered (--wait-on, or a call's request): a call it refuses from then on found it gone, not yet to come. */
      let appAnswered = options.waitOn !== undefined
      /** The one wait, shared by the calls, to learn whether an app never seen to answer exited (see appExitFor). */
      let startSettled: Promise<unknown> | undefined
      /**
       * How the --start app exited, when call `ran` could not reach it; undefined if it still runs.
       * Refused before the app was ever seen to answer: an app that crashes as it loads takes longer
       * to exit than EXIT_GRACE_MS, and the same run had its calls failed or skipped by chance
       * (audit-86); so it waits for the exit, at most START_SETTLE_MS, less if the app listens.
       */
      const appExitFor = async (started: StartedApp, ran: ScenarioResult): Promise<string | undefined> => {
        if (!appAnswered && neverReachedApp(ran)) await (startSettled ??= started.exitedOrListening(ran.error!.unreachable!, START_SETTLE_MS))
        return started.exitedWithin(EXIT_GRACE_MS)
      }
      const progress = new Progress(io, scenarios.length)
      const runAll = (signal?: AbortSignal) =>
        mapPool(
          scenarios,
          options.concurrency,
          async (s, i): Promise<ScenarioResult | undefined> => {
            if (app) {
              // An app that exited a moment ago (after the previous call's last answer, say) may not be
              // seen yet: a turn of the event loop through its poll phase, where the exit comes in, and
              // a call that would find nothing listening is not started (skipped, as the ones after it).
              for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
              if (app.exited()) return undefined
            }
            progress.started(s)
            underWay.set(i, s)
            const ran = await runScenario(s, quietCallTo, targetOf(s)!, apis?.of(s.platform), 'callspec run')
            // The app could not be reached: did the --start app exit? Waited for here, so that no
            // further call starts before its exit is seen (each would only find nothing listening).
            const exit = app && ran.error?.unreachable !== undefined ? await appExitFor(app, ran) : undefined
            if (reachedApp(ran)) appAnswered = true
            underWay.delete(i)
            // Its first request refused, the call started after the app had exited: it never ran, and
            // is skipped as the calls after it are (skippedCalls), not failed as a connection failure.
            if (exit && neverReachedApp(ran)) return undefined
            const result = exit ? failedAsAppExited(ran, exit) : ran
            if (exit && ran.error) cutByExit.push({ scenario: s, headline: failureLine(ran).replace(/^\[callspec\] /, '') })
            progress.finished(result)
            finished[i] = result
            return result
          },
          signal ? AbortSignal.any([signal, interrupt.signal]) : interrupt.signal,
        )
      // A started app that exits stops the run: its calls would test whatever else answers. The
      // calls that finished before are kept (`finished`) for the reports the stop writes.
      // (A call is left with no result only once the app has exited, and whileRunning then throws.)
      const results = (await (app ? app.whileRunning(runAll, () => callsUnderWay(cutByExit), (all) => cutByExit.length === 0 && all.every((r) => r !== undefined)) : runAll()).finally(() => progress.done())).filter((r) => r !== undefined)
      // Interrupted: the signal's handler writes the reports and exits; the calls it cut off end here too.
      if (interrupt.signal.aborted) return await untilExit()
      // Measured before the reports are written: a threshold not met fails the run, and they say so.
      const coverage = options.coverage ? measureCoverage(results, graph, options.coverage.thresholds, graphName) : undefined
      const coverageThresholds = coverage?.flatMap(({ platform, thresholds }) => thresholds.map((t) => ({ ...t, platform }))) ?? []
      const summary: RunSummary = { results, ...(coverageThresholds.length ? { coverageThresholds } : {}), ms: realNow() - clock.began, startedAt: clock.startedAt }
      reported = true
      const reportsWritten = await report(summary, options.reporters, io, graph, graphName)
      // Every report went to a file: the terminal still hears what failed.
      if (!options.reporters.some((r) => r.file === undefined)) io.err.write(runInBrief(summary))
      const coverageFailed = coverage ? reportCoverage(coverage, options.coverage!.dir, options.reporters, io) : false
      if (app && results.some((r) => r.status === 'failed') && app.output()) {
        io.err.write(`\nThe app's last output (--start):\n${plainText(app.output())}\n`)
      }
      const hint = app && !options.waitOn ? await waitOnHint(results.map((r) => r.error)) : undefined
      if (hint) io.err.write(`\n${hint}\n`)
      const targetHint = app && !options.target && options.defaultTarget ? fileTargetHint(results, options.defaultTarget) : undefined
      if (targetHint) io.err.write(`\n${targetHint}\n`)
      // Not one call reached the app (nothing listened, or its host was not found), or could start
      // without the fake vendor API (no --api): the run could not go on as written (exit 2), so a CI
      // job can tell "app down" or "run wrong" from "a call failed" (audit qa-68, audit-108).
      const couldNot = noCallReachedLine(results, hint !== undefined || targetHint !== undefined) ?? apiNotServedLine(results)
      if (couldNot) {
        io.err.write(`\n${couldNot}\n`)
        return EXIT.usage
      }
      if (!reportsWritten) {
        io.err.write(`\ncallspec run: a report could not be written (see above; exit ${EXIT.usage}).\n`)
        return EXIT.usage
      }
      return results.some((r) => r.status === 'failed') || coverageFailed ? EXIT.failed : EXIT.ok
    } catch (error) {
      if (interrupt.signal.aborted) return await untilExit()
      if (!(isCallspecError(error) || error instanceof TypeError)) throw error
      const { message, name } = error as Error
      if (reported) return usageError(io, message, false)
      // Stopped (no scenario file matched, no target, an app that exited or never answered): the
      // reports hold the calls that finished (none cut off by the stop counts as passed: it has
      // no result, or the failure the app's exit caused), the ones it left with no result as
      // skipped, and why the run stopped.
      const results = finished.filter((r) => r !== undefined)
      return await stopRun(io, message, { results, stopped: { type: name, message }, skipped: skippedCalls(), ms: realNow() - clock.began, startedAt: clock.startedAt }, options.reporters)
    } finally {
      releaseExit?.()
      leaveCommand()
      process.removeListener('SIGINT', onSignal)
      process.removeListener('SIGTERM', onSignal)
      process.removeListener('uncaughtException', onUncaught)
      await app?.stop()
      await apis?.close()
      // A daemon the command forked once it listened (QA-163 Q1) outlives the stop and holds the
      // port, and the next run meets "another process holds that port": said now, the exit code kept.
      const left = await app?.leftRunning()
      if (left) io.err.write(`callspec run: ${left}\n`)
    }
  },
}

/** A call under way when the --start app exited: its failure says so, not only that nothing listened. */
function failedAsAppExited(result: ScenarioResult, exit: string): ScenarioResult {
  if (!result.error) return result
  const [first, ...rest] = result.error.message.split('\n')
  const message = [`${first} The app (--start) ${exit} during this call.`, ...rest].join('\n')
  return { ...result, error: { ...result.error, message } }
}

/**
 * The calls the --start app's exit cut off, for the stop's message: each by name and file:line,
 * with its failing step's headline (`turn 4, pressDigits('1234#'): …`). Before, stderr said only
 * that the app exited; which call and step it cut off was in the junit and html reports alone.
 */
function callsUnderWay(cut: ReadonlyArray<{ scenario: Scenario; headline: string }>): string | undefined {
  const lines = [...cut].sort((a, b) => a.scenario.at.file.localeCompare(b.scenario.at.file) || a.scenario.at.line - b.scenario.at.line).map(({ scenario, headline }) => `${JSON.stringify(plainText(scenario.name))} (${scenario.at.file}:${scenario.at.line}), ${plainText(headline)}`)
  if (lines.length === 0) return undefined
  return lines.length === 1 ? `The call under way: ${lines[0]}` : `The calls under way:\n${lines.map((l) => `  ${l}`).join('\n')}`
}

/**
 * The command's calls print no warnings (warnings: 'silent'): the reports show each call's
 * warnings with the call (ScenarioResult.warnings), and printed too they came out a second time on
 * stderr, in between the pretty report's lines. (The notice that calls to an --app took turns on
 * its clock goes too: the command chose the concurrency, and the docs say so.)
 */
const quietCallTo: AnyCallTo = (target, options) => (callTo as unknown as AnyCallTo)(target, { ...options, warnings: 'silent' })

const OPTIONS = {
  target: { type: 'string' },
  app: { type: 'string' },
  platform: { type: 'string' },
  concurrency: { type: 'string', default: '4' },
  reporter: { type: 'string', multiple: true },
  start: { type: 'string' },
  'wait-on': { type: 'string' },
  'wait-timeout': { type: 'string' },
  api: { type: 'string' },
  shard: { type: 'string' },
  grep: { type: 'string' },
  seed: { type: 'string' },
  strict: { type: 'boolean' },
  coverage: { type: 'boolean' },
  'coverage-dir': { type: 'string' },
  'coverage-graph': { type: 'string' },
  'coverage-threshold': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const

/** What each option that takes a value takes, for the error when it is given none (read-args.ts). */
const VALUE_OF: ValueWords<typeof OPTIONS> = {
  target: 'a URL',
  app: 'a module',
  platform: CALL_OPTION_WORDS.platform,
  concurrency: 'a whole number ≥ 1',
  reporter: 'a reporter: pretty, junit, json or html, with :file or not',
  start: 'a command',
  'wait-on': 'a URL',
  'wait-timeout': 'a duration such as 30s',
  api: 'a port number',
  shard: 'i/n, such as 1/3',
  grep: 'a regular expression',
  seed: 'a whole number or random',
  'coverage-dir': 'a directory',
  'coverage-graph': 'a graph file',
  'coverage-threshold': 'inputs=<percent> or menus=<percent>',
}

/** `--reporter junit:junit.xml` → { name: 'junit', file: 'junit.xml' }; undefined for a reporter callspec has not. */
function readReporter(spec: string): { name: ReporterName; file: string | undefined } | undefined {
  const [name, ...rest] = spec.split(':')
  return Object.hasOwn(REPORTERS, name!) ? { name: name as ReporterName, file: rest.length ? rest.join(':') : undefined } : undefined
}

/**
 * The reports that arguments which are not right ask for, as far as they can be read: an unknown
 * option or a bad value elsewhere leaves each `--reporter` that names a reporter; one callspec
 * has not is left out, and so is stdout when several reporters asked for it.
 */
function reportersIn(argv: string[]): Array<{ name: ReporterName; file: string | undefined }> {
  let specs: unknown[]
  // An option given no value does not take the option after it as one (that may be a --reporter).
  const dangling = new Set(optionsWithoutValue(argv, VALUE_OF).map((m) => m.index))
  try {
    specs = [parseArgs({ args: argv.filter((_, i) => !dangling.has(i)), allowPositionals: true, strict: false, options: OPTIONS }).values.reporter ?? []].flat()
  } catch {
    return []
  }
  const reporters = specs.flatMap((spec) => (typeof spec === 'string' ? (readReporter(spec) ?? []) : []))
  const toStdout = reporters.filter((r) => r.file === undefined).length
  // Not pretty: the message on stderr is that report (as when a run stops, stopRun).
  return reporters.filter((r) => r.name !== 'pretty' && (r.file !== undefined || toStdout === 1))
}

function readOptions(argv: string[]) {
  const { values, positionals } = readArgs(argv, OPTIONS, VALUE_OF, USAGE)
  if (values.help) return { help: true } as never as ReturnType<typeof parse>
  return parse()

  function parse() {
    if (positionals.length === 0) throw usage('name the scenario files to run, e.g. callspec run "scenarios/**/*.yaml"')
    if (values.target && values.app) throw usage('give --target or --app, not both')
    if (values.platform && !(values.platform in drivers)) {
      const platforms = Object.keys(drivers)
      throw usage(`unknown --platform ${JSON.stringify(values.platform)}: one of ${platforms.join(', ')}${cliDidYouMeanPlatform(values.platform, platforms)}`)
    }
    const concurrency = Number(values.concurrency)
    if (!Number.isInteger(concurrency) || concurrency < 1) throw usage(`--concurrency is a whole number ≥ 1, got ${JSON.stringify(values.concurrency)}`)
    const waitTimeoutMs = optionDuration('--wait-timeout', values['wait-timeout'] ?? '30s', '30s', 'over before an app could start')
    if (typeof waitTimeoutMs === 'string') throw usage(waitTimeoutMs)
    if (values['wait-on'] && !values.start) throw usage('--wait-on needs --start (the command that starts the app)')
    // Like --wait-on: an option that would change nothing is a mistake to say, not to ignore.
    if (values['wait-timeout'] !== undefined && !values['wait-on']) throw usage('--wait-timeout needs --wait-on (the URL to wait for, with --start)')
    const api = values.api === undefined ? undefined : Number(values.api)
    if (api !== undefined && (!Number.isInteger(api) || api < 0 || api > 65535)) throw usage(`--api is a port number (0 for free ports), got ${JSON.stringify(values.api)}`)
    const target = values.target
    if (target !== undefined && !/^https?:\/\//.test(target)) throw usage(`--target is a URL such as http://127.0.0.1:8000, got ${JSON.stringify(target)}`)
    // The default, for a file with no target: of its own: a file's own one was overridden (audit-122:
    // files for other apps, each with its target:, went to the --start app, and failed blaming webhookPath).
    const defaultTarget = target === undefined && !values.app && values['wait-on'] ? new URL(values['wait-on']).origin : undefined
    const unknownReporter = (name: string) => usage(`unknown --reporter ${JSON.stringify(name)}${didYouMeanName(name, Object.keys(REPORTERS))}: one of ${Object.keys(REPORTERS).join(', ')}`)
    const reporters = (values.reporter ?? ['pretty']).map((spec) => readReporter(spec) ?? throwError(unknownReporter(spec.split(':')[0]!)))
    if (reporters.filter((r) => r.file === undefined).length > 1) throw usage('only one reporter can write to stdout: give the others a file (--reporter junit:junit.xml)')
    const thresholds: CoverageThresholds = {}
    for (const spec of values['coverage-threshold'] ?? []) {
      const match = /^(edges|nodes|inputs|menus)=(\d+(?:\.\d+)?)%?$/.exec(spec)
      if (!match || Number(match[2]) > 100) throw usage(`--coverage-threshold is inputs=<percent> or menus=<percent>, such as inputs=80; got ${JSON.stringify(spec)}`)
      thresholds[match[1] === 'inputs' || match[1] === 'edges' ? 'edges' : 'nodes'] = Number(match[2])
    }
    const seed = values.seed === undefined ? undefined : values.seed === 'random' ? 1 + Math.floor(Math.random() * (2 ** 31 - 2)) : Number(values.seed)
    // Number('') is 0: an empty --seed= (a shell variable unset) ran seeded 0 with no word.
    if (seed !== undefined && (values.seed!.trim() === '' || !Number.isSafeInteger(seed))) throw usage(`--seed is a whole number or random, got ${JSON.stringify(values.seed)}`)
    const wantsCoverage = values.coverage === true || values['coverage-dir'] !== undefined || values['coverage-graph'] !== undefined || values['coverage-threshold'] !== undefined
    return {
      help: false,
      coverage: wantsCoverage ? { dir: values['coverage-dir'] ?? 'callspec-coverage', thresholds, graph: values['coverage-graph'] } : undefined,
      patterns: positionals.map(splitLine),
      grep: readGrep(values.grep),
      target,
      defaultTarget,
      app: values.app,
      platform: values.platform,
      concurrency,
      reporters,
      start: values.start,
      waitOn: values['wait-on'],
      waitTimeoutMs,
      api,
      shard: values.shard ? parseShard(values.shard) : { index: 1, count: 1 },
      seed: seed === undefined ? undefined : { value: seed, drawn: values.seed === 'random' },
      strict: values.strict === true,
    }
  }
}

async function loadApp(module: string, cwd: string): Promise<AppTarget> {
  let loaded: Record<string, unknown>
  try {
    loaded = (await import(pathToFileURL(resolve(cwd, module)).href)) as Record<string, unknown>
  } catch (error) {
    const hint = /\.(c|m)?tsx?$/.test(module) ? ' (a TypeScript module needs a loader: run callspec with tsx, or build it to .js)' : ''
    const at = error instanceof SyntaxError ? syntaxErrorAt(resolve(cwd, module), module) : ''
    if (error instanceof AppCalledExit) throw usage(`cannot load --app ${module}: it ${error.called} as it loaded (its output above may say why)`)
    throw usage(`cannot load --app ${module}${hint}: ${(error as Error).message}${at}`)
  }
  if (loaded.default === undefined && loaded.app === undefined) throw usage(`--app ${module} exports neither default nor app`)
  // Checked here, before any call: each call failed on it, blamed on a scenario's line in callTo()'s
  // words, and the run exited 1 as if the IVR had failed (helper-137: the module `callspec explore`
  // took, passed to run). A module whose default export is such a config may export its app as `app`.
  let refused: { which: string; value: unknown; error: CallspecUsageError } | undefined
  for (const [which, value] of [['default export', loaded.default], ['export `app`', loaded.app]] as const) {
    if (value === undefined) continue
    try {
      classifyTarget(value)
      return value as AppTarget
    } catch (error) {
      if (!(error instanceof CallspecUsageError)) throw error
      refused ??= { which, value, error }
    }
  }
  const { which, value, error } = refused!
  const why = isExploreConfig(value)
    ? 'it is a `callspec explore` config ({ target, options }). Export the app beside it (`export const app = …`: --app takes that one), or run the app and pass its URL with --target'
    : error.message.replace(/^\[callspec\] callTo\(\) (needs an app or a base URL, )?/, '')
  throw usage(`--app ${module}: its ${which} is not an app callspec can call: ${why}`)
}

/** What `callspec explore <module>` takes: `{ target, options: { platform } }`. */
const isExploreConfig = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'target' in value && typeof (value as { options?: { platform?: unknown } }).options?.platform === 'string'

/**
 * Writes each report; false when one could not be written (said on stderr, with why: the others
 * are still written, and the run exits 2, so CI finds no stale file and no silent gap).
 */
async function report(summary: RunSummary, reporters: ReadonlyArray<{ name: ReporterName; file: string | undefined }>, io: CliIo, graph: CallGraph | undefined, graphName?: string): Promise<boolean> {
  const wantsHtml = reporters.some((r) => r.name === 'html')
  const sections = wantsHtml ? reportSections.flatMap((make) => make(summary.results, graph, graphName) ?? []) : []
  let written = true
  for (const { name, file } of reporters) {
    const text = name === 'pretty' ? REPORTERS.pretty(summary) : name === 'html' ? REPORTERS.html(summary, sections) : REPORTERS[name](summary)
    if (file === undefined) {
      io.out.write(text)
      continue
    }
    const path = resolve(io.cwd, file)
    try {
      await writeOutputFile(path, text)
      io.err.write(`callspec: ${name} report written to ${file}\n`)
    } catch (error) {
      written = false
      io.err.write(`callspec run: could not write the ${name} report to ${file}: ${(error as Error).message}\n`)
    }
  }
  return written
}

/** `--coverage`: the menu coverage of the run, per platform, each threshold set checked. */
function measureCoverage(results: readonly ScenarioResult[], graph: CallGraph | undefined, thresholds: CoverageThresholds, graphName?: string) {
  return coverageOfRun(results, graph, graphName).map(({ platform, report }) => ({ platform, report, thresholds: thresholdResults(report, thresholds) }))
}

/**
 * `--coverage`: the menu coverage of the run, per platform, printed after the report (on stderr
 * when stdout carries a machine-readable report) and written as JSON and a Mermaid flowchart.
 * Returns whether a threshold was not met (the run then fails, as vitest's thresholds do).
 */
function reportCoverage(
  runs: ReturnType<typeof measureCoverage>,
  coverageDir: string,
  reporters: ReadonlyArray<{ name: ReporterName; file: string | undefined }>,
  io: CliIo,
): boolean {
  const stdoutTaken = reporters.some((r) => r.file === undefined && r.name !== 'pretty')
  const say = (text: string) => (stdoutTaken ? io.err : io.out).write(text)
  const dir = resolve(io.cwd, coverageDir)
  let failed = false
  for (const { platform, report, thresholds } of runs) {
    const name = runs.length > 1 ? `menu-coverage-${platform}` : 'menu-coverage'
    writeCoverageFiles(dir, report, name)
    const problems = thresholds.flatMap((t) => (t.failure === null ? [] : [`ERROR: ${t.failure}`]))
    say(`\n${formatCoverage(report)}${runs.length > 1 ? ` [${platform}]` : ''}\n  written to ${coverageDir}/${name}.{json,mmd}\n${problems.map((p) => `${p}\n`).join('')}`)
    failed ||= problems.length > 0
  }
  if (runs.length === 0) say('\ncallspec menu coverage: no call got far enough to have a transcript\n')
  return failed
}

function readGraph(file: string): CallGraph {
  try {
    return readSavedGraph(file)
  } catch (error) {
    throw usage(`--coverage-graph ${(error as Error).message}`)
  }
}

/** On a terminal: one line, rewritten in place. Elsewhere (CI logs, pipes): nothing. */
class Progress {
  #done = 0
  #failed = 0
  constructor(
    readonly io: CliIo,
    readonly total: number,
  ) {}
  started(s: Scenario) {
    this.#draw(s.name)
  }
  finished(r: ScenarioResult) {
    this.#done++
    if (r.status === 'failed') this.#failed++
    this.#draw(r.scenario.name)
  }
  done() {
    if (this.io.err.isTTY) this.io.err.write('\r\x1b[K')
  }
  #draw(name: string) {
    if (!this.io.err.isTTY) return
    const line = `[${this.#done}/${this.total}] ✔ ${this.#done - this.#failed} ✖ ${this.#failed}  ${name}`
    this.io.err.write(`\r\x1b[K${line.slice(0, terminalWidth(this.io.err.columns) - 1)}`)
  }
}

/**
 * The run stopped (exit 2) after its files were read: the message on stderr, then the junit, json
 * and html reports, with what stopped it (invalid files, or `stopped`) as an error: without them a
 * JUnit reader saw a run with no tests, or the last run's report. The pretty one only when calls
 * finished before the stop (their lines, failures and the skipped: before, stdout was empty and
 * those calls were in the files alone), written before the message, which then ends the output;
 * with none, the message is that report, said once.
 */
async function stopRun(io: CliIo, message: string, summary: RunSummary, reporters: ReadonlyArray<{ name: ReporterName; file: string | undefined }>): Promise<number> {
  const pretty = summary.results.length > 0 ? reporters.filter((r) => r.name === 'pretty') : []
  await report(summary, pretty, io, undefined)
  usageError(io, message, false)
  await report(summary, reporters.filter((r) => r.name !== 'pretty'), io, undefined)
  return EXIT.usage
}

/** Never settles: the process exits from the interrupt's handler, once it has written the reports. */
const untilExit = () => new Promise<never>(() => {})

const usage = (message: string) => new CallspecUsageError(message)
const throwError = (error: Error): never => {
  throw error
}

function usageError(io: CliIo, message: string, showHelp = true): number {
  io.err.write(`callspec run: ${message}\n${showHelp ? 'Run callspec run --help for the options.\n' : ''}`)
  return EXIT.usage
}
