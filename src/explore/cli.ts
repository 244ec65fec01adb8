/**
 * `callspec explore <config module | base URL>`: explores the IVR, prints what it found, and
 * writes the graph (--graph, --mermaid) and a regression suite (--emit, --emit-scenarios) when asked.
 */
import { dirname, relative, resolve } from 'node:path'
import { CALL_OPTION_WORDS } from '../cli/call-option-words.js'
import { pathToFileURL } from 'node:url'
import { apiMissingOf } from '../errors/api-missing.js'
import { unreachableOf } from '../errors/unreachable.js'
import { toMermaid } from '../graph/mermaid.js'
import { apiHint, needsVendorApi, startPlatformApis, type PlatformApis } from '../cli/platform-apis.js'
import { outputFileProblem, writeOutputFile } from '../cli/report-paths.js'
import { enterCommand, writtenAs } from '../dsl/phrasing.js'
import { optionDuration } from '../scenario/duration.js'
import { E164_SOURCE } from '../scenario/value-forms.js'
import { ArgsError, readArgs, type ValueWords } from '../cli/read-args.js'
import { drivers } from '../index.js'
import { cliDidYouMeanPlatform } from '../utils/closest-platform.js'
import { callerNumbersOf, callerSetup, type CallerNumbers } from './caller-numbers.js'
import { toVitestSuite } from './emit.js'
import { toScenarioFile } from './emit-scenarios.js'
import { readVendorOptions } from './vendor-option.js'
import { checkCallOptions, checkVendorShapes } from '../dsl/check-options.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { formatExploreReport } from './report.js'
import { OPTION_OF, stoppedLine } from './stopped-line.js'
import type { ExploreConfig, ExploreOptions, ExploreResult } from './types.js'

export const EXPLORE_USAGE = `Usage:
  callspec explore <config.js | http://host:port/path> [options]

  <config.js>   a module whose default export is { target, options } (an ExploreConfig)
  <URL>         an IVR running anywhere; give --platform (and --webhook-path if not the default)

Options:
  --platform <p>          webex-connect | 8x8 | enablex | voxology (URL targets; overrides the config)
  --webhook-path <path>   where the platform posts
  --from <e164>           the caller's number, for an app that answers by it (URL targets;
                          default +14155550100)
  --to <e164>             the number dialled (URL targets; default +14155550199)
  --api <port>            serve callspec's fake of the platform's REST API on this loopback port,
                          for an app by URL that drives its calls through it (EnableX): start the
                          app with its vendor base URL there first (a fixed port: the app must
                          know it before it starts), e.g. ENABLEX_API_URL=http://127.0.0.1:9999/voice/v1
  --hint </re/=value>     what to enter at a matching prompt, e.g. --hint '/PIN/i=1234#' (repeatable)
  --vendor <key=value>    an option of the platform simulation, as under a scenario file's vendor:,
                          e.g. --vendor encrypt=true (repeatable). A text option's value (appId,
                          serviceKey, menuTerminator…) is the text typed; any other is read as
                          YAML (true/false, [a, b], {k: v}), but a number or boolean YAML would
                          write back otherwise stays the text typed: 0012345, +14155550100, 0x1F
                          and 1e3 are strings, 12 and 1.5 numbers; quote to keep any as text
  --max-calls <n>         most calls in all (300)
  --max-depth <n>         most inputs in one path (8)
  --time-limit <time>     real time budget, such as 90s or 2m (60s; a bare number is ms): the
                          calls' waits fit in it, and a call still running when it ends is stopped
  --seed <n>              seed of the exploration (1)
  --graph <file.json>     save the explored graph (menu coverage reads it as the expected inputs)
  --mermaid <file.mmd>    save the graph as a Mermaid flowchart
  --emit <file.test.ts>   write the explored paths as a vitest suite, one test per distinct path
  --callspec-import <s>   how the emitted suite imports callspec (default 'callspec')
  --emit-scenarios <file.yaml>
                          write the explored paths as a scenario file for callspec run, one call
                          per distinct path (any target: the app may be in any language)`

const EXPLORE_OPTIONS = {
  platform: { type: 'string' },
  'webhook-path': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  api: { type: 'string' },
  hint: { type: 'string', multiple: true },
  vendor: { type: 'string', multiple: true },
  'max-calls': { type: 'string' },
  'max-depth': { type: 'string' },
  'time-limit': { type: 'string' },
  seed: { type: 'string' },
  graph: { type: 'string' },
  mermaid: { type: 'string' },
  emit: { type: 'string' },
  'callspec-import': { type: 'string' },
  'emit-scenarios': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** What each option that takes a value takes, for the error when it is given none (read-args.ts). */
const EXPLORE_VALUES: ValueWords<typeof EXPLORE_OPTIONS> = {
  ...CALL_OPTION_WORDS,
  api: 'a port number',
  hint: "/re/=value, such as '/PIN/i=1234#'",
  vendor: 'key=value, such as legacyPlayInput=true',
  'max-calls': 'a whole number ≥ 1',
  'max-depth': 'a whole number ≥ 1',
  'time-limit': 'a duration such as 90s',
  seed: 'a whole number',
  graph: 'a file',
  mermaid: 'a file',
  emit: 'a file',
  'callspec-import': 'a module specifier',
  'emit-scenarios': 'a file',
}

type Explore = (target: ExploreConfig['target'], options: ExploreOptions) => Promise<ExploreResult>

/** Where the command writes (process.stdout / process.stderr, or a test's sink). */
interface Out {
  write(text: string): unknown
}

export async function exploreCommand(argv: string[], explore: Explore, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  let parsed
  try {
    parsed = readArgs(argv, EXPLORE_OPTIONS, EXPLORE_VALUES, EXPLORE_USAGE)
  } catch (error) {
    // An unknown option named with the one meant, an option given no value, in callspec run's and dial's words (read-args.ts).
    if (!(error instanceof ArgsError)) throw error
    err.write(`callspec explore: ${error.message}\nRun callspec explore --help for the options.\n`)
    return 2
  }
  const { values, positionals } = parsed
  const source = positionals[0]
  // Usage mistakes are found before the exploration, which may take minutes.
  const usage = (message: string) => {
    err.write(`callspec explore: ${message}\nRun callspec explore --help for the options.\n`)
    return 2
  }
  if (values.help) {
    out.write(`${EXPLORE_USAGE}\n`)
    return 0
  }
  // Said in one line, as callspec run says a missing file: the whole usage on stderr named no mistake.
  if (!source) return usage(`name what to explore: the app's URL with its platform (callspec explore http://127.0.0.1:8000 --platform webex-connect), or a config module`)
  const isUrl = /^https?:\/\//i.test(source)
  const whole = (name: string, min: number): number | undefined => {
    const text = values[name as 'max-calls']
    if (text === undefined) return undefined
    const n = Number(text)
    if (text.trim() === '' || !Number.isInteger(n) || n < min) throw new ExploreUsage(`--${name} is a whole number${min > 0 ? ` ≥ ${min}` : ''}, got ${JSON.stringify(text)}`)
    return n
  }
  const api = values.api === undefined ? undefined : Number(values.api)
  if (values.api !== undefined && (values.api.trim() === '' || !Number.isInteger(api) || api! < 0 || api! > 65535)) {
    return usage(`--api is a port number, such as 9999, got ${JSON.stringify(values.api)}`)
  }
  // callspec run --api 0 hands the free port to the app it starts (--start); explore starts none.
  if (api === 0) return usage('--api 0 would pick a free port that the app, started before callspec explore, cannot know: give a fixed port, such as --api 9999, and start the app with its vendor base URL there (http://127.0.0.1:9999).')
  let numbers: { maxCalls?: number; maxDepth?: number; timeLimitMs?: number; seed?: number }
  try {
    const timeLimitMs = values['time-limit'] === undefined ? undefined : optionDuration('--time-limit', values['time-limit'], '90s, 2m or 500ms (a bare number is ms)', 'over before a call could finish')
    if (typeof timeLimitMs === 'string') throw new ExploreUsage(timeLimitMs)
    numbers = { maxCalls: whole('max-calls', 1), maxDepth: whole('max-depth', 1), timeLimitMs, seed: whole('seed', -Infinity) }
  } catch (error) {
    if (error instanceof ExploreUsage) return usage(error.message)
    throw error
  }
  // A file written at the end that cannot be is said now, not after minutes of exploring.
  for (const option of ['graph', 'mermaid', 'emit', 'emit-scenarios'] as const) {
    const file = values[option]
    const problem = file === undefined ? undefined : outputFileProblem(`--${option}`, file, process.cwd())
    if (problem) return usage(problem)
  }
  // A config module says its caller in its setup(), which its emitted suite replays: a number given
  // here would be in the exploration and not in that suite.
  if (!isUrl && (values.from !== undefined || values.to !== undefined)) {
    return usage(`--${values.from !== undefined ? 'from' : 'to'} is for a URL target: a config module sets the call's numbers in its options' setup, (call) => call.fromCaller('+14155550100').toNumber('+14155550199'), which its replays and --emit's suite run too.`)
  }
  for (const option of ['from', 'to'] as const) {
    const number = values[option]
    if (number !== undefined && !E164.test(number)) return usage(`--${option} is a phone number in E.164 form such as +14155550100, got ${JSON.stringify(number)}`)
  }
  if (values.emit && isUrl) return usage('--emit needs a config module (the suite imports it); save one with { target, options }, or use --emit-scenarios with a URL.')
  // A platform callspec has not is a slip in the command, said in its words (exit 2), not callTo()'s
  // rejection of every call (h201: `[callspec] callTo() needs { platform }…`, exit 1).
  if (values.platform !== undefined && !Object.hasOwn(drivers, values.platform)) {
    const platforms = Object.keys(drivers)
    return usage(`unknown --platform ${JSON.stringify(values.platform)}: one of ${platforms.join(', ')}${cliDidYouMeanPlatform(values.platform, platforms)}`)
  }
  let config: ExploreConfig
  if (isUrl) {
    if (!values.platform) return usage(`a URL target needs --platform: one of ${Object.keys(drivers).join(', ')}`)
    config = { target: source, options: { platform: values.platform } }
  } else {
    try {
      const mod = (await import(pathToFileURL(resolve(source)).href)) as { default?: ExploreConfig }
      if (!mod.default?.target || !mod.default.options) throw new Error('its default export is not { target, options }')
      config = mod.default
    } catch (error) {
      err.write(`callspec explore: cannot load ${source}: ${(error as Error).message}\n`)
      return 2
    }
  }
  const callerNumbers: CallerNumbers | undefined = values.from !== undefined || values.to !== undefined ? { ...(values.from !== undefined && { from: values.from }), ...(values.to !== undefined && { to: values.to }) } : undefined
  const hints: Record<string, string> = { ...(config.options.hints as Record<string, string> | undefined) }
  for (const h of values.hint ?? []) {
    const at = h.lastIndexOf('=')
    if (at <= 0) return usage(`--hint takes prompt=value, e.g. '/PIN/i=1234#'; got ${JSON.stringify(h)}`)
    hints[h.slice(0, at)] = h.slice(at + 1)
  }
  const vendorGiven = readVendorOptions(values.vendor ?? [], drivers[(values.platform ?? config.options.platform) as keyof typeof drivers]?.textOptions)
  if ('error' in vendorGiven) return usage(vendorGiven.error)
  const vendorOptions = values.vendor?.length ? { ...(config.options.vendor as Record<string, unknown> | undefined), ...vendorGiven.vendor } : undefined
  if (vendorOptions) {
    // A misspelt option or a value the platform has not is said now, in this command's words, not
    // as every call's failure after the exploration (callTo() checks the same, check-options.ts).
    const driver = drivers[(values.platform ?? config.options.platform) as keyof typeof drivers]
    // The values' shapes need the driver's zod shapes, loaded with its heavy half (as a call loads it).
    await driver?.load?.()
    try {
      checkCallOptions({ vendor: vendorOptions }, driver)
      if (driver) checkVendorShapes({ vendor: vendorOptions }, driver)
    } catch (error) {
      if (!(error instanceof CallspecUsageError)) throw error
      return usage(`--vendor: ${error.message.replace(/^\[callspec\] /, '')}`)
    }
  }
  const given: ExploreOptions = {
    ...config.options,
    ...(values.platform && { platform: values.platform }),
    ...(vendorOptions && { vendor: vendorOptions }),
    ...(values['webhook-path'] && { webhookPath: values['webhook-path'] }),
    ...(callerNumbers && { setup: callerSetup(callerNumbers) }),
    hints,
    ...(numbers.maxCalls !== undefined && { maxCalls: numbers.maxCalls }),
    ...(numbers.maxDepth !== undefined && { maxDepth: numbers.maxDepth }),
    ...(numbers.timeLimitMs !== undefined && { timeLimitMs: numbers.timeLimitMs }),
    ...(numbers.seed !== undefined && { seed: numbers.seed }),
  }
  // By URL its calls' hints name this command's options (dsl/phrasing.ts); a config module's are its TypeScript.
  const options = isUrl ? writtenAs(given, 'callspec explore') : given
  let apis: PlatformApis | undefined
  if (api !== undefined) {
    try {
      apis = await startPlatformApis([options.platform], api)
    } catch (error) {
      err.write(`callspec explore: --api ${api}: cannot serve the fake ${options.platform} API there: ${(error as Error).message}\n`)
      return 2
    }
    err.write(`${apis.describe()}\n`)
    options.api = apis.of(options.platform)
  }
  // Not one call could be set up (an app by URL that needs the fake vendor API, and no --api): a
  // mistake in how callspec was run, not a finding about the app (audit-76 M3: it exited 0).
  const couldNotStart = (setup: string) => {
    // By URL the failure already says how (--api); a config module's says startPlatform(), which it may not want.
    const hint = !isUrl && api === undefined && needsVendorApi(options.platform) ? `\n${apiHint('callspec explore', options.platform)}` : ''
    err.write(`callspec explore: no call could start, so nothing was explored: ${setup}${hint}\n`)
    return 2
  }
  let result: ExploreResult
  // Marked as this command's, a config module's exploration too: its time limit is --time-limit (explore.ts).
  const leaveCommand = enterCommand('callspec explore')
  try {
    result = await explore(config.target, options)
  } catch (error) {
    // explore() rejects when every call lacked the fake vendor API (told by data: errors/api-missing.ts).
    if (apiMissingOf(error) !== undefined) return couldNotStart(startOfCall(error) ?? (error as Error).message.split('\n')[0]!)
    err.write(`callspec explore: ${(error as Error).message}\n`)
    return 1
  } finally {
    leaveCommand()
    await apis?.close()
  }
  const vendor = plainData(options.vendor)
  // By URL, the app is likely in another language: each finding's scenario file comes first.
  // The rule levels too: a strict exploration's app-error by a rule callspec inferred replays as one.
  const rules = plainData(options.rules) as Record<string, string> | undefined
  const where = {
    ...(isUrl && { target: source }),
    ...(options.webhookPath && { webhookPath: options.webhookPath }),
    ...callerNumbers,
    ...(vendor && { vendor }),
    ...(options.strict !== undefined && { strict: options.strict }),
    ...(rules && { rules }),
  }
  out.write(`${formatExploreReport(result, { ...where, scenarioFirst: isUrl, setup: options.setup !== undefined && callerNumbersOf(options.setup) === undefined })}\n`)
  // Not one call reached the app (nothing listens there): that is no exploration of it.
  const unreachable = result.paths.length > 0 && result.paths.every((p) => unreachableOf(p.failure) !== undefined) ? unreachableOf(result.paths[0]!.failure) : undefined
  if (unreachable !== undefined) {
    err.write(`callspec explore: no call reached the app: nothing listens at ${unreachable}. Is the app running, and is ${source} its address?\n`)
    return 1
  }
  // Not one call could be set up for another reason (its setup failed): said as above.
  const setup = result.paths.length > 0 && result.paths.every((p) => startOfCall(p.failure)) ? startOfCall(result.paths[0]!.failure) : undefined
  if (setup !== undefined) return couldNotStart(setup)
  const save = async (file: string, text: string, what: string) => {
    await writeOutputFile(resolve(file), text)
    out.write(`${what} written to ${file}\n`)
  }
  if (values.graph) await save(values.graph, `${JSON.stringify(result.graph, null, 2)}\n`, 'graph')
  if (values.mermaid) await save(values.mermaid, `${toMermaid(result.graph)}\n`, 'flowchart')
  if (values['emit-scenarios']) {
    let text: string
    try {
      text = toScenarioFile(result, where)
    } catch (error) {
      // Every path failed: the findings above say why; a file `callspec run` rejects helps no one.
      err.write(`callspec explore: --emit-scenarios ${values['emit-scenarios']}: ${(error as Error).message}\n`)
      return 1
    }
    await save(values['emit-scenarios'], text, 'scenario file')
  }
  if (values.emit) {
    let configImport = relative(dirname(resolve(values.emit)), resolve(source)).replace(/\\/g, '/').replace(/\.ts$/, '.js')
    if (!configImport.startsWith('.')) configImport = `./${configImport}`
    await save(values.emit, toVitestSuite(result, { configImport, callspecImport: values['callspec-import'] }), 'suite')
  }
  // Not one call made (a bound ran out before the first: `--time-limit 0.5ms`): nothing was
  // explored, and "no findings" with exit 0 passed a CI job that checked nothing (audit h212).
  if (result.stats.calls === 0) {
    const by = result.stats.stoppedBy ? `: ${OPTION_OF[result.stats.stoppedBy]} ran out before the first call. Raise ${OPTION_OF[result.stats.stoppedBy]}.` : '.'
    err.write(`callspec explore: no call was made, so nothing was explored${by}\n`)
    return 1
  }
  // Last, so the end of the output says the report is of part of the IVR; still exit 0: it ran.
  const stopped = stoppedLine(result.stats, options)
  if (stopped) out.write(`${stopped}\n`)
  return 0
}

class ExploreUsage extends Error {}

const E164 = new RegExp(E164_SOURCE)

/** What stopped a call before its first webhook (its setup: `[callspec] start of call: …`), or undefined. */
function startOfCall(failure: unknown): string | undefined {
  const first = failure instanceof Error ? failure.message.split('\n')[0]! : ''
  return /^\[callspec\] start of call: /.test(first) ? first.replace(/^\[callspec\] start of call: (\[callspec\] )?/, '') : undefined
}

/** `value` if it survives JSON unchanged (a scenario file holds data, not functions), else undefined. */
function plainData(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  try {
    const text = JSON.stringify(value)
    const copy = JSON.parse(text) as Record<string, unknown>
    return JSON.stringify(copy) === text && Object.keys(copy).length > 0 ? copy : undefined
  } catch {
    return undefined
  }
}
