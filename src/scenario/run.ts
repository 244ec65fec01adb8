import type { CallResult } from '../dsl/call-result.js'
import type { PlatformServer } from '../dsl/flow-config.js'
import type { CallspecCommand } from '../dsl/phrasing.js'
import { matches } from '../dsl/match.js'
import { FlowAssertionError } from '../errors/flow-assertion-error.js'
import { unreachableOf } from '../errors/unreachable.js'
import { describeUnheard, unheardPrompt, unheardPrompts } from '../report/unheard-prompt.js'
import type { Transcript } from '../session/transcript.js'
import type { AppTarget } from '../transport/types.js'
import { nearMissText } from '../utils/near-miss-text.js'
import { compileScenario, scenarioStepOf, type AnyCallTo } from './compile.js'
import { textMeantAsPattern } from './text-meant-as-pattern.js'
import type { Scenario, ScenarioStep, SourcePosition } from './types.js'
import { quotedPrompt } from '../utils/quoted-prompt.js'
import { realNow } from '../clock/real-timers.js'

/** What one scenario did: the call (passed or not), the failure, and where in the file it was. */
export interface ScenarioResult {
  scenario: Scenario
  status: 'passed' | 'failed'
  /** Real milliseconds the call took to run. */
  ms: number
  /** The transcript, when the call got far enough to have one. */
  transcript?: Transcript
  /** Seed the call ran with (replays it exactly). */
  seed?: number
  /**
   * The call's warnings (`call.warnings`), for the reports: a run prints none of its own.
   * runScenario always sets it; a result built by a tool of your own, or by code from before
   * results held warnings, may leave it out, and the reports read that as none.
   */
  warnings?: readonly string[]
  error?: ScenarioFailure
}

export interface ScenarioFailure {
  /** The whole message, as the DSL prints it, with the file position of the failing step. */
  message: string
  /** The step of the file that failed, when one did. */
  at?: SourcePosition
  /** The turn the failure is marked at in the transcript. */
  turn?: number
  /** The app could not be reached: the address (host:port) where nothing listened. */
  unreachable?: string
  /** The error itself, for a runner (vitest) that shows its own view. */
  error: Error
}

/** Runs one scenario against `target` and never throws: failures come back as data. */
export async function runScenario(scenario: Scenario, callTo: AnyCallTo, target: AppTarget, api?: PlatformServer, command?: CallspecCommand): Promise<ScenarioResult> {
  // Real time: a call (this one, or another scenario's running alongside) puts performance.now() on its clock.
  const began = realNow()
  let call: CallResult | undefined
  try {
    call = await compileScenario(scenario, callTo, target, api, command)
    checkHeard(scenario, call)
    return { scenario, status: 'passed', ms: realNow() - began, transcript: call.transcript, seed: call.seed, warnings: call.warnings }
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown))
    const transcript = (error as { transcript?: Transcript }).transcript ?? call?.transcript
    const at = failingStep(scenario, error)
    const where = at ? `${at.file}:${at.line}:${at.column}` : `${scenario.at.file}:${scenario.at.line}:${scenario.at.column}`
    // The failing turn as the flow's error carries it (run-flow.ts), not read back from its headline.
    const turn = (error as { markTurn?: number }).markTurn
    const unreachable = unreachableOf(error)
    return {
      scenario,
      status: 'failed',
      ms: realNow() - began,
      ...(transcript ? { transcript, seed: transcript.header.seed } : {}),
      // A flow's failure holds the warnings given up to it; a `heard` step fails a call that ran through.
      warnings: (error as { warnings?: readonly string[] }).warnings ?? call?.warnings ?? [],
      error: {
        message: `${withPatternHint(error, at && scenarioStepAt(scenario, at))}\n    at ${where} (scenario ${JSON.stringify(scenario.name)})`,
        ...(at ? { at } : {}),
        ...(turn !== undefined ? { turn } : {}),
        ...(unreachable !== undefined ? { unreachable } : {}),
        error,
      },
    }
  }
}

/** The step of the file that failed: a `heard` step names itself, a flow's failure its step's index. */
function failingStep(scenario: Scenario, error: Error): SourcePosition | undefined {
  const explicit = (error as { scenarioStep?: SourcePosition }).scenarioStep
  if (explicit) return explicit
  const index = (error as { stepIndex?: number }).stepIndex
  return index === undefined ? undefined : scenarioStepOf(scenario, index)?.at
}

const scenarioStepAt = (scenario: Scenario, at: SourcePosition) => scenario.steps.find((s) => s.at === at)

/** An `expect` whose `match` has text that is inside the action's value: the hint goes under the message's first line. */
function withPatternHint(error: Error, step: ScenarioStep | undefined): string {
  const { actual } = error as { actual?: unknown }
  if (step?.kind !== 'expect' || step.match === undefined || !error.message.includes(' did not match: ')) return error.message
  const hint = textMeantAsPattern(actual, step.match)
  if (!hint) return error.message
  const [first, ...rest] = error.message.split('\n')
  return [first, hint, ...rest].join('\n')
}

/** `heard` steps: the caller heard a prompt matching each, at some point of the call. */
function checkHeard(scenario: Scenario, call: CallResult): void {
  for (const step of scenario.steps) {
    if (step.kind !== 'heard') continue
    if (call.prompts.some((p) => matches(p, step.prompt))) continue
    // On lines of their own, under a first line that says the failure whole: a report that shows only
    // the first line (JUnit's message) read `… never heard it. Prompts heard:` and stopped (h201).
    // `(none)` as toHavePlayed says it.
    const heard = call.prompts.length === 0 ? 'Prompts heard: (none)' : `Prompts heard:\n${call.prompts.map((p) => `  ♪ ${quotedPrompt(p)}`).join('\n')}`
    const { why, hint } = whyNotHeard(call, step.prompt)
    // Prompts the app played that the caller heard none of (a hang-up as they began) are not among
    // those heard: without them, "Prompts heard: (none)" sent the reader looking for a missing PLAY
    // when the app had played one, with other words than the step's (h201).
    const cut = [...unheardPrompts(call.transcript)].filter((u) => !matches(u.prompt.text, step.prompt))
    const cutList = cut.length === 0 ? '' : `\nPlayed, but cut off before the caller heard any of it:\n${cut.map((u) => `  ${describeUnheard(u).replace(/, before the caller heard any of it$/, '')}`).join('\n')}`
    const error = new FlowAssertionError(
      // The replay line every other failure ends with (run-flow.ts), in the file's words (audit h186: a heard step's had none).
      `[callspec] heard(${String(typeof step.prompt === 'string' ? JSON.stringify(step.prompt) : step.prompt)}): ${why}\n${heard}${cutList}${hint}\n\n${call.print()}\nReplay this exact call with seed: ${call.seed} in its scenario.`,
      call.prompts,
      String(step.prompt),
    )
    throw Object.assign(error, { transcript: call.transcript, scenarioStep: step.at })
  }
}

/** Why a `heard` step failed (a prompt played but cut off before it began), and a hint under the prompts heard (text meant as a pattern). */
function whyNotHeard(call: CallResult, prompt: string | RegExp): { why: string; hint: string } {
  const unheard = unheardPrompt(call.transcript, (text) => matches(text, prompt))
  if (unheard) {
    const wait = unheard.byCaller ? ' A `silent` step as long as the prompt (`silent: 10s`) before `hangup` lets it play.' : ''
    return { why: `the app played it, but the caller never heard it: ${describeUnheard(unheard)}.${wait}`, hint: '' }
  }
  const inside = typeof prompt === 'string' ? (call.prompts.map((p) => textMeantAsPattern(p, prompt)).find(Boolean) ?? nearMissText(prompt, call.prompts, true)) : undefined
  return { why: 'the caller never heard it.', hint: inside ? `\n${inside}` : '' }
}
