import type { CallFlow } from '../dsl/call-flow.js'
import type { CallResult } from '../dsl/call-result.js'
import type { AnyDriver } from '../driver/types.js'
import type { TranscriptEntry } from '../session/types.js'
import type { WrittenStep } from '../scenario/written-steps.js'
import { quotedPrompt } from '../utils/quoted-prompt.js'

/** What the person at the keyboard did, or what the app was seen to do: a scenario step. */
export type DialStep = WrittenStep

const END_OF_TEST = '(end of test)'

/**
 * An interactive call built on the declarative DSL: every input replays the call from the start
 * (same seed, so the same call) with the steps so far plus the new one, and what the app did
 * after it becomes the next `expect` steps. The steps are therefore exactly a scenario file.
 */
export class DialSession {
  readonly steps: DialStep[] = []
  #shown = 0
  ended: string | undefined
  /** Prompts the caller heard in the latest run (a prompt cut off at its start is not among them). */
  heard: readonly string[] = []

  constructor(readonly start: () => CallFlow<AnyDriver>) {}

  /** Runs the call with `input` added; returns the new transcript lines, or throws the DSL's error. */
  async step(input: DialStep | undefined): Promise<string[]> {
    const steps = input ? [...this.steps, input] : [...this.steps]
    let call = await build(this.start(), steps)
    // Keys or words the app has not answered yet: the platform is still taking them (EnableX gathers
    // keys until a 2 s pause). The caller waits until the app has answered (the platform listens at
    // a new point, or the call ends): the next keys typed would otherwise join the same entry ("7",
    // then "1", reached the app as "71": audit-76 V1).
    if ((input?.kind === 'press' || input?.kind === 'say') && call.actions.length <= this.steps.filter((s) => s.kind === 'expect').length) {
      call = await build(this.start(), steps).untilListening()
    }
    if (input) this.steps.push(input)
    this.heard = call.prompts
    const entries = visible(call)
    const lines = entries.slice(this.#shown).flatMap(format)
    this.#shown = entries.length
    const seen = this.steps.filter((s) => s.kind === 'expect').length
    for (const action of call.actions.slice(seen)) this.steps.push({ kind: 'expect', action: action.name, prompts: action.prompts.map((p) => p.text) })
    const end = call.end
    if (end && !(input?.kind === 'hangup') && !endedByTest(call)) {
      this.steps.push({ kind: 'expectHangup' })
      this.ended = `call ended by ${end.by}: ${end.reason}`
    } else if (input?.kind === 'hangup') {
      this.ended = end ? `call ended by ${end.by}: ${end.reason}` : 'hung up'
    }
    if (this.ended) lines.push(`  ■ ${this.ended}`)
    return lines
  }

  /**
   * After an action with nothing to hear (ANSWER, a transfer), lets the call run until the app acts
   * again, as a caller would, and records that action as the next `expect`: not as a `silent` step,
   * since the caller did nothing (a scenario's `expect` waits for the app's next action itself).
   * Only when the app does nothing more is the wait a silence.
   */
  async waitForApp(): Promise<string[]> {
    const probe = await build(this.start(), [...this.steps, { kind: 'silent' }])
    const next = probe.actions[this.steps.filter((s) => s.kind === 'expect').length]
    return this.step(next ? { kind: 'expect', action: next.name, prompts: next.prompts.map((p) => p.text) } : { kind: 'silent' })
  }

  /**
   * The caller hangs up (`/hangup`, Ctrl-D, the end of piped input): the call replayed with a
   * hang-up after the steps so far. A hang-up is always possible, so it is recorded even when that
   * replay fails; then the lines say why instead, as a warning, not as a step not taken.
   */
  async hangUp(): Promise<string[]> {
    try {
      return await this.step({ kind: 'hangup' })
    } catch (error) {
      const first = (error as Error).message.split('\n')[0]!
      this.steps.push({ kind: 'hangup' })
      this.ended = 'hung up'
      const drifted = !/hangUp\(/.test(first)
      return [
        `  ☎ hangs up`,
        `  ⚠ the replay of the call to its hang-up failed: ${first}`,
        ...(drifted
          ? [`    Each input replays the call from its start with the same seed (the same sessionId): an app that keeps state across calls answers the replay differently. Check the recorded file against a restarted app.`]
          : []),
        `  ■ ${this.ended}`,
      ]
    }
  }

  /** After an action with nothing to hear (ANSWER, a transfer), let the call run until the app acts again. */
  needsWaiting(): boolean {
    const last = this.steps.at(-1)
    return !this.ended && last?.kind === 'expect' && last.prompts.length === 0
  }
}

function build(flow: CallFlow<AnyDriver>, steps: readonly DialStep[]): CallFlow<AnyDriver> {
  for (const s of steps) {
    if (s.kind === 'expect') flow = flow.expectAction(s.action)
    else if (s.kind === 'press') flow = flow.pressDigits(s.digits)
    else if (s.kind === 'say') flow = flow.say(s.text)
    else if (s.kind === 'silent') flow = flow.staySilent(s.ms)
    else if (s.kind === 'hangup') flow = flow.hangUp()
    else flow = flow.expectHangup()
  }
  return flow
}

const endedByTest = (call: CallResult) => call.transcript.entries.some((e) => e.kind === 'caller' && e.text.includes(END_OF_TEST))

/** The transcript up to the hang-up the DSL adds when a flow ends with the call live. */
function visible(call: CallResult): TranscriptEntry[] {
  const entries = call.transcript.entries.filter((e) => e.kind !== 'heard')
  const cut = entries.findIndex((e) => e.kind === 'caller' && e.text.includes(END_OF_TEST))
  return cut === -1 ? entries : entries.slice(0, cut)
}

const time = (ms: number) => `${(ms / 1000).toFixed(1)}s`.padStart(7)

function format(e: TranscriptEntry): string[] {
  switch (e.kind) {
    case 'event':
      return [`${time(e.at)}  → ${e.name} ${e.summary}`.trimEnd()]
    case 'action':
      return [`${' '.repeat(7)}  ← ${e.action.name} ${e.action.summary}`.trimEnd(), ...e.action.prompts.map((p) => `${' '.repeat(7)}  ♪ ${quotedPrompt(p.text)}`)]
    case 'api':
      return [`${time(e.at)}  ⇠ ${e.name} → ${e.status}`]
    case 'caller':
      return [`${time(e.at)}  ☎ ${e.text}`]
    case 'note':
      return [`${time(e.at)}  · ${e.text}`]
    case 'warning':
      return [`${time(e.at)}  ⚠ ${e.text}`]
    case 'heard':
      return []
  }
}
