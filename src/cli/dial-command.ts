import { resolve } from 'node:path'
import { CALL_OPTION_WORDS } from './call-option-words.js'
import { createInterface } from 'node:readline'
import { callTo, drivers } from '../index.js'
import { scenarioYamlText } from '../explore/scenario-yaml.js'
import type { AnyCallTo } from '../scenario/compile.js'
import { parseDuration } from '../scenario/duration.js'
import { scenarioSteps } from '../scenario/written-steps.js'
import { DialSession, type DialStep } from './dial-session.js'
import { startPlatformApis, type PlatformApis } from './platform-apis.js'
import { writtenAs } from '../dsl/phrasing.js'
import { EXIT, type Command } from './io.js'
import { readArgs, type ValueWords } from './read-args.js'
import { apiMissingOf } from '../errors/api-missing.js'
import { foundNoApp } from './no-call-reached.js'
import { outputFileProblem, writeOutputFile } from './report-paths.js'

const USAGE = `Usage: callspec dial <target url> --platform <name> [options]

An interactive call: the prompts appear as the caller would hear them, you type what the caller
does, and the transcript scrolls. When the call ends, the equivalent scenario file is printed,
ready to save as a regression test.

At the caller> prompt:
  1234#            press keys (0-9, *, #)
  any words        say them (speech)
  (Enter)          stay silent until the app does something
  /wait 10s        stay silent for a while
  /hangup          hang up (Ctrl-D too) and print the scenario

Options:
  --platform <name>       ${Object.keys(drivers).join(', ')}
  --webhook-path <path>   Where the platform posts (default per platform)
  --from <e164>           The caller's number (default +14155550100)
  --to <e164>             The number dialled (default +14155550199)
  --seed <n>              Seed of the call (default 1)
  --api <port>            Serve callspec's fake of the platform's REST API on this loopback port,
                          for an app that drives its calls through it (EnableX): start the app
                          with its vendor base URL there first (a fixed port: the app must know
                          it before it starts), e.g. ENABLEX_API_URL=http://127.0.0.1:9999/voice/v1
  --save <file>           Also write the scenario file there

Each input replays the call from its start (same seed), so the app must answer the same call
the same way; an app that keeps state across calls may drift.`

const DIAL_OPTIONS = {
  platform: { type: 'string' },
  'webhook-path': { type: 'string' },
  from: { type: 'string', default: '+14155550100' },
  to: { type: 'string', default: '+14155550199' },
  seed: { type: 'string', default: '1' },
  save: { type: 'string' },
  api: { type: 'string' },
} as const

/** What each option that takes a value takes, for the error when it is given none (read-args.ts). */
const DIAL_VALUES: ValueWords<typeof DIAL_OPTIONS> = {
  ...CALL_OPTION_WORDS,
  seed: 'a whole number',
  save: 'a file',
  api: 'a port number',
}

export const dialCommand: Command = {
  summary: 'Make an interactive call to an app from the terminal',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = readArgs(argv, DIAL_OPTIONS, DIAL_VALUES, USAGE)
    const [target] = positionals
    const platform = values.platform
    const problem =
      !target || positionals.length > 1 || !/^https?:\/\//.test(target)
        ? 'give the app’s URL, such as http://127.0.0.1:8000'
        : !platform || !(platform in drivers)
          ? `--platform is one of ${Object.keys(drivers).join(', ')}`
          : values.seed?.trim() === '' || !Number.isInteger(Number(values.seed))
            ? '--seed is an integer'
            : values.api !== undefined && (values.api.trim() === '' || !Number.isInteger(Number(values.api)) || Number(values.api) < 0 || Number(values.api) > 65535)
              ? `--api is a port number, such as 9999, got ${JSON.stringify(values.api)}`
              : values.api !== undefined && Number(values.api) === 0
                ? '--api 0 would pick a free port that the app, started before callspec dial, cannot know: give a fixed port, such as --api 9999, and start the app with its vendor base URL there (http://127.0.0.1:9999)'
                : undefined
    // A --save file that cannot be written is said now, not after the whole call (audit-122 finding 2).
    const unsaveable = problem === undefined && values.save !== undefined ? outputFileProblem('--save', values.save, io.cwd) : undefined
    if (problem || unsaveable) {
      io.err.write(`callspec dial: ${problem ?? unsaveable}\nRun callspec dial --help for the options.\n`)
      return EXIT.usage
    }
    let apis: PlatformApis | undefined
    if (values.api !== undefined) {
      try {
        apis = await startPlatformApis([platform!], Number(values.api))
      } catch (error) {
        io.err.write(`callspec dial: --api ${values.api}: cannot serve the fake ${platform} API there: ${(error as Error).message}\n`)
        return EXIT.usage
      }
      io.err.write(`${apis.describe()}\n`)
    }
    try {
      return await dial(target!, platform!, values, apis, io)
    } finally {
      await apis?.close()
    }
  },
}

interface DialValues {
  'webhook-path'?: string
  from?: string
  to?: string
  seed?: string
  save?: string
}

/** The call itself, once the options are read (and the fake vendor API served, with --api). */
async function dial(target: string, platform: string, values: DialValues, apis: PlatformApis | undefined, io: Parameters<Command['run']>[1]): Promise<number> {
  const api = apis?.of(platform)
  // Its calls' hints name dial's options and a scenario file's steps (dsl/phrasing.ts).
  const options = writtenAs({ platform, seed: Number(values.seed), unconsumed: 'ignore' as const, ...(values['webhook-path'] ? { webhookPath: values['webhook-path'] } : {}), ...(api && { api }) }, 'callspec dial')
  let session: DialSession
  try {
    session = new DialSession(() => (callTo as unknown as AnyCallTo)(target, options).fromCaller(values.from!).toNumber(values.to!))
  } catch (error) {
    io.err.write(`callspec dial: ${(error as Error).message}\n`)
    return EXIT.usage
  }
  const print = (lines: string[]) => lines.length && io.out.write(`${lines.join('\n')}\n`)
  io.out.write(`Calling ${target} on ${platform} from ${values.from} to ${values.to}. Type keys, words, Enter to wait, /hangup to end.\n`)

  /** Why the last step was not taken. */
  let refused: unknown
  const take = async (input: DialStep | undefined): Promise<boolean> => {
    try {
      // The call's start (no input yet) lets it run until the app first acts: an app that accepts
      // through the vendor's API may do so after the first webhook's turn (a cold one did), and the
      // first key typed went in while the call still rang (audit-122 finding 3).
      print(await (input === undefined ? session.waitForApp() : input.kind === 'hangup' ? session.hangUp() : session.step(input)))
    } catch (error) {
      refused = error
      const [headline = '', ...rest] = (error as Error).message.split('\n')
      const first = input === undefined ? headline.replace(OPENING_WAIT, `$1${OPENING_WAIT_NAME}: `) : headline
      // The hint under the headline, if one comes before what the message adds after it: the request
      // sent (its body said nothing at the prompt), the transcript, the replay line.
      const ends = rest.findIndex((l) => l.startsWith('Request sent:') || l.startsWith('Call (') || l.startsWith('Replay'))
      const hint = (ends === -1 ? rest : rest.slice(0, ends)).find((l) => l.trim() !== '')
      io.out.write(`  ✖ ${first}${hint && !hint.startsWith(' ') ? `\n    ${hint}` : ''}\n  (that step was not taken)\n`)
      return false
    }
    // After an action with nothing to hear (ANSWER…), wait for the app's next one, as a caller would.
    for (let i = 0; i < 3 && session.needsWaiting(); i++) {
      try {
        print(await session.waitForApp())
      } catch {
        break
      }
    }
    return true
  }

  // An app by URL that drives the call through the vendor's API, and no --api: the failure says to give it (audit-76 M3).
  if (!(await take(undefined))) return couldNotStart(refused) ? EXIT.usage : EXIT.failed
  const input = io.in ?? process.stdin
  // No readline echo of our own: a terminal echoes what is typed; a pipe shows nothing.
  const lines = createInterface({ input, terminal: false })
  const ask = () => {
    if (!session.ended) io.out.write('caller> ')
  }
  ask()
  for await (const raw of lines) {
    const input = readInput(raw.trim())
    if (typeof input === 'string') io.out.write(`  ${input}\n`)
    else await take(input)
    if (session.ended) break
    ask()
  }
  lines.close()
  if (!session.ended) {
    // The end of the input (Ctrl-D, the end of a pipe) is the caller hanging up.
    io.out.write('\n')
    await take({ kind: 'hangup' })
  }
  const yaml = scenarioYaml(session.steps, session.heard, { platform, seed: options.seed, webhookPath: values['webhook-path'], from: values.from!, to: values.to!, target })
  io.out.write(`\n# ── the equivalent scenario file ──\n${yaml}`)
  if (values.save) {
    try {
      // Its directories made, as a report's are (an unwritable path was refused before the call).
      await writeOutputFile(resolve(io.cwd, values.save), yaml)
    } catch (error) {
      io.err.write(`callspec dial: could not write the scenario file to ${values.save}: ${(error as Error).message} (it is printed above)\n`)
      return EXIT.failed
    }
    io.err.write(`callspec: scenario written to ${values.save}\n`)
  }
  return EXIT.ok
}

/**
 * The call could not start as dialled: it needed the fake vendor API and no --api served it, or it
 * found no app at the target (nothing listened, or the host was not found), by the rule `callspec
 * run` exits 2 with (no-call-reached.ts, api-not-served.ts): the set-up failed, not the app
 * (audit-108's left-over: dial exited 1). Told by the failure's data, not its words.
 */
function couldNotStart(error: unknown): boolean {
  const transcript = (error as { transcript?: { entries: readonly object[] } } | undefined)?.transcript
  return apiMissingOf(error) !== undefined || foundNoApp({ transcript, error }) !== undefined
}

/**
 * The headline of a failure in dial's opening wait (the call rings and the app answers, before the
 * person at the keyboard types anything): DialSession plays it as a `staySilent()` step, and the
 * headline named that TypeScript method, a step no one took (helper-137 finding 04). Said in the
 * caller's terms instead.
 */
const OPENING_WAIT = /^(\[callspec\] (?:turn \d+, )?)staySilent\(\): /
const OPENING_WAIT_NAME = "dial's opening wait (before any input)"

/** A line at the caller> prompt as a step, or a message when it is not one. */
function readInput(line: string): DialStep | string {
  if (line === '' || line === '/wait') return { kind: 'silent' }
  if (/^[0-9*#]+$/.test(line)) return { kind: 'press', digits: line }
  if (line === '/hangup' || line === '/quit' || line === '/exit') return { kind: 'hangup' }
  if (line.startsWith('/wait ')) {
    const ms = parseDuration(line.slice(6))
    return ms === undefined ? `/wait takes a duration such as 10s or 500ms` : { kind: 'silent', ms }
  }
  if (line.startsWith('/say ')) return { kind: 'say', text: line.slice(5) }
  if (line.startsWith('/')) return `unknown command ${line}: keys (1234#), words to say, Enter to wait, /wait 10s, /hangup`
  return { kind: 'say', text: line }
}

export function scenarioYaml(steps: readonly DialStep[], heard: readonly string[], call: { platform: string; seed: number; webhookPath?: string | undefined; from: string; to: string; target: string }): string {
  const out = scenarioSteps(steps, heard)
  const doc = {
    platform: call.platform,
    target: call.target,
    ...(call.webhookPath ? { webhookPath: call.webhookPath } : {}),
    from: call.from,
    to: call.to,
    seed: call.seed,
    steps: out,
  }
  return `# Recorded with callspec dial. Add match: to an expect step to check the action's fields.\n${scenarioYamlText(doc)}`
}
