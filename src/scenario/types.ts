import type { Limits, PartyBehaviour } from '../driver/types.js'
import type { RuleLevel } from '../validation/rules.js'

/** Where something is in a scenario file: 1-based line and column. */
export interface SourcePosition {
  file: string
  line: number
  column: number
}

/** An HTTP request to the app that makes it place an outbound call. */
export interface StartRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  headers?: Record<string, string>
  body?: unknown
}

/** One step of a scenario, in the order the call takes it. `at` is where the file wrote it. */
export type ScenarioStep = { at: SourcePosition } & (
  | { kind: 'expect'; action: string; match?: unknown }
  | { kind: 'expectHangup' }
  | { kind: 'press'; digits: string; bargeIn?: boolean; gapMs?: number }
  | { kind: 'say'; text: string; bargeIn?: boolean; recognised?: boolean }
  /** `ms`: that long; `untilTimeout`: until the platform's input timeout, once; neither: until the app acts. */
  | { kind: 'silent'; ms?: number; untilTimeout?: true }
  | { kind: 'hangup'; cause: 'caller' | 'network' }
  | { kind: 'heard'; prompt: string | RegExp }
)

/** One call, with every default of its file applied. */
export interface Scenario {
  name: string
  at: SourcePosition
  platform: string
  /** Base URL of the app (or undefined: the runner's --target / --app gives it). */
  target?: string
  webhookPath?: string
  seed?: number
  from?: string
  to?: string
  headers?: Record<string, string>
  vendor?: Record<string, unknown>
  unconsumed?: 'error' | 'warn' | 'ignore'
  /** callTo's limits (a file's, then the scenario's own keys over them). */
  limits?: Partial<Limits>
  /** callTo's `strict`: every rule an error, those callspec inferred too. */
  strict?: boolean
  /** callTo's `rules`: a level per rule id (a file's, then the scenario's own over them). */
  rules?: Record<string, RuleLevel>
  parties: Record<string, PartyBehaviour>
  answeredBy?: PartyBehaviour
  startedBy?: StartRequest
  steps: ScenarioStep[]
}

/** A parsed scenario file. */
export interface ScenarioFile {
  file: string
  scenarios: Scenario[]
}
