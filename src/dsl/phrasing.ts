import type { CallOptions } from './flow-config.js'

/**
 * Marks the options of a flow the callspec command built: from a scenario file (`callspec run`,
 * scenario/compile.ts), or for `callspec explore` and `callspec dial`. The flow is the same
 * CallFlow a TypeScript test builds, but its reader writes YAML or types at a prompt, often for an
 * app in another language: a hint that says `.pressDigits(…)` or `callTo(app, { webhookPath })`
 * tells them nothing they can write (audit qa-68). A symbol key: no user's options can carry it by
 * accident, and the option types (what autocompletes) do not show it. Its value: the command.
 */
export const WRITTEN_AS: unique symbol = Symbol('callspec.writtenAs')
export type CallspecCommand = 'callspec run' | 'callspec explore' | 'callspec dial'
/** A scenario file run by vitest (scenario/vitest.ts) is a scenario file with no command around it. */
export type WrittenAs = CallspecCommand | 'scenario file'

/** How a hint names a step or a setting: the way the user wrote the call. */
export interface Phrasing {
  /** Written as a scenario file's steps (callspec run, and what dial records): not TypeScript. */
  readonly scenarioFile: boolean
  /** The command that runs the call, if the callspec command does. */
  readonly command: CallspecCommand | undefined
  /** The step that takes an action: `.expectAction('PLAY')` / `- expect: PLAY`. */
  expect(action: string): string
  /** The step that answers a prompt with digits, speech, or either. */
  input(kind: 'digits' | 'speech' | 'either'): string
  /** A call option: `unconsumed: 'ignore'` / `unconsumed: ignore`. */
  option(name: string, value: string): string
  /** The step that lets the call go on with the caller silent: `.staySilent(ms)` / `a \`- silent: …\` step`. */
  readonly silent: string
}

const typescript: Phrasing = {
  scenarioFile: false,
  command: undefined,
  expect: (action) => `.expectAction('${action}')`,
  input: (kind) => (kind === 'either' ? '.pressDigits(…) or .say(…)' : kind === 'speech' ? '.say(…)' : '.pressDigits(…)'),
  option: (name, value) => `${name}: '${value}'`,
  silent: '.staySilent(ms)',
}

const scenarioSteps = (written: WrittenAs): Phrasing => ({
  scenarioFile: true,
  command: written === 'scenario file' ? undefined : written,
  expect: (action) => `a \`- expect: ${action}\` step`,
  input: (kind) => (kind === 'either' ? 'a `- press: "…"` or `- say: "…"` step' : kind === 'speech' ? 'a `- say: "…"` step' : 'a `- press: "…"` step'),
  option: (name, value) => `${name}: ${value}`,
  silent: 'a `- silent: …` step',
})

const byWriting = new Map<WrittenAs, Phrasing>((['callspec run', 'callspec explore', 'callspec dial', 'scenario file'] as const).map((w) => [w, scenarioSteps(w)]))

export const phrasingOf = (options: CallOptions): Phrasing => byWriting.get((options as { [WRITTEN_AS]?: WrittenAs })[WRITTEN_AS]!) ?? typescript

/** `options` marked as written by `written` (the callspec command, or a scenario file). */
export const writtenAs = <O extends object>(options: O, written: WrittenAs): O => Object.assign(options, { [WRITTEN_AS]: written })

/**
 * The callspec command this process runs, while it runs (`callspec run` sets it): what a note
 * written deep in a call (the session's, which has no options to read phrasingOf from) may say
 * the command's reader can do. A process that runs the command runs no TypeScript calls of its
 * own beside it (an --app module is an app), so the TypeScript wording is kept everywhere else.
 */
let commandOfProcess: CallspecCommand | undefined

export const runningCommand = (): CallspecCommand | undefined => commandOfProcess

/** Marks `command` as running until the function it returns is called (the command's end). */
export function enterCommand(command: CallspecCommand): () => void {
  const before = commandOfProcess
  commandOfProcess = command
  return () => {
    commandOfProcess = before
  }
}
