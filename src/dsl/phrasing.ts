import type { CallOptions } from './flow-config.js'

/**
 * Marks the options of a flow compiled from a scenario file (scenario/compile.ts). The flow is the
 * same CallFlow a TypeScript test builds, but its reader writes YAML, often for an app in another
 * language: a hint that says `.pressDigits(…)` or `callTo(app, { webhookPath })` tells them
 * nothing they can write (audit qa-68). A symbol key: no user's options can carry it by accident,
 * and the option types (what autocompletes) do not show it.
 */
export const SCENARIO_FILE: unique symbol = Symbol('callspec.scenarioFile')

/** How a hint names a step or a setting: the way the user wrote the call. */
export interface Phrasing {
  readonly scenarioFile: boolean
  /** The step that takes an action: `.expectAction('PLAY')` / `- expect: PLAY`. */
  expect(action: string): string
  /** The step that answers a prompt with digits, speech, or either. */
  input(kind: 'digits' | 'speech' | 'either'): string
  /** A call option: `unconsumed: 'ignore'` / `unconsumed: ignore`. */
  option(name: string, value: string): string
}

const typescript: Phrasing = {
  scenarioFile: false,
  expect: (action) => `.expectAction('${action}')`,
  input: (kind) => (kind === 'either' ? '.pressDigits(…) or .say(…)' : kind === 'speech' ? '.say(…)' : '.pressDigits(…)'),
  option: (name, value) => `${name}: '${value}'`,
}

const scenarioFile: Phrasing = {
  scenarioFile: true,
  expect: (action) => `a \`- expect: ${action}\` step`,
  input: (kind) => (kind === 'either' ? 'a `- press: "…"` or `- say: "…"` step' : kind === 'speech' ? 'a `- say: "…"` step' : 'a `- press: "…"` step'),
  option: (name, value) => `${name}: ${value}`,
}

export const phrasingOf = (options: CallOptions): Phrasing => ((options as { [SCENARIO_FILE]?: true })[SCENARIO_FILE] ? scenarioFile : typescript)
