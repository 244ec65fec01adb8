import type { CallFlow } from '../dsl/call-flow.js'
import type { CallOptions } from '../dsl/flow-config.js'
import type { AnyDriver } from '../driver/types.js'
import type { CallGraph } from '../graph/types.js'
import type { WrittenStep } from '../scenario/written-steps.js'
import type { Transcript } from '../session/transcript.js'
import type { AppTarget } from '../transport/types.js'

/** One thing the explorer's caller does at a listening point. */
export type ProbeInput =
  | { kind: 'digits'; value: string; invalid?: boolean }
  | { kind: 'speech'; value: string; invalid?: boolean }
  | { kind: 'silence' }
  | { kind: 'hangup' }

export interface ExploreOptions<P extends string = string> extends Omit<CallOptions<P>, 'unconsumed'> {
  /** Sets the call up before the first input: `.fromCaller()`, `.startedBy()`, `.withParty()`… */
  setup?: (flow: CallFlow<AnyDriver>) => CallFlow<AnyDriver>
  /**
   * Entries that need a real value, per prompt: the key is a `/regexp/flags` or a plain
   * (case-insensitive) piece of the prompt, the value what to press (`'1234#'`) or say; several
   * values are tried in turn. Matched against the prompt as the caller heard it, and with numbers
   * folded to `#` (the graph's prompt); a hint that matched no prompt is listed in
   * `ExploreResult.unmatchedHints`.
   */
  hints?: Record<string, string | readonly string[]>
  /** Most calls placed in all (default 300). */
  maxCalls?: number
  /** Most inputs in one path (default 8). */
  maxDepth?: number
  /** Real milliseconds the exploration may take (default 60 000); in a test, never past the share of its timeout explore() fits to. */
  timeLimitMs?: number
  /** Keys tried at a one-key menu (default `0123456789*#`). */
  keys?: string
  /** Seed of every call the explorer places (default 1): one seed, so each finding replays. */
  seed?: number
  /** Calls run at once (default 1: apps that keep per-call state in one map, and vendor APIs answered in this process, are safest one call at a time). */
  concurrency?: number
  /** Times a timeout or invalid entry is repeated before a retry loop counts as endless (default 8). */
  loopRepeats?: number
}

/** One call the explorer placed: the inputs, what came back, and where it ended in the graph. */
export interface Probe {
  inputs: ProbeInput[]
  transcript: Transcript | undefined
  failure: unknown
  /** Node ids along the path, from `start`. */
  nodes: string[]
  /** The graph's edge labels along the path (`call`, then one per input; folded keys read `invalid`). */
  edges: string[]
  /** The seed the call ran with. */
  seed: number
}

/** What `callspec explore` loads from a module's default export, and what an emitted suite imports. */
export interface ExploreConfig<P extends string = string> {
  /** The app (in-process) or its base URL. */
  target: AppTarget
  options: ExploreOptions<P>
}

export type FindingKind = 'app-error' | 'endless-loop' | 'dead-end' | 'ignored-input' | 'repeated-prompt' | 'transfer'

export interface Finding {
  kind: FindingKind
  /** What a tester must look at, in one or two sentences. */
  message: string
  /** The node it is about. */
  node: string
  /** The caller's inputs that reach it, from the start of the call, as DSL steps. */
  steps: string[]
  seed: number
  /** The same inputs as data: what a scenario file's steps say (`- press: "1"`, `- silent: timeout`…). */
  inputs: ProbeInput[]
  /** A chain that replays it: paste into a test. */
  repro: string
  /**
   * Its call as a scenario file's steps, where there are several inputs: the inputs, with the
   * actions the app sent before each expected by name, so that each input waits for the app's
   * answer to the one before (the report's `scenario (callspec run)`).
   */
  scenarioSteps?: WrittenStep[]
}

export interface ExploreStats {
  calls: number
  menus: number
  nodes: number
  edges: number
  /** Inputs on the longest path explored. */
  depth: number
  /** Real milliseconds the exploration took. */
  wallMs: number
  /**
   * What stopped it early, if a bound did. `testTimeout`: in a test runner, the exploration is
   * fitted to the test's timeout (as callTo()'s waits are), and the time left was too short for
   * another call.
   */
  stoppedBy?: 'maxCalls' | 'timeLimitMs' | 'testTimeout'
  /** Menus not expanded because they lie at maxDepth. */
  unexpanded: number
  /** Menus at which every input was tried (fewer than `menus` when a bound stopped the exploration). */
  explored?: number
}

export interface ExploreResult {
  platform: string
  seed: number
  graph: CallGraph
  findings: Finding[]
  /**
   * The calls' warnings, each once: rules at warn, not findings. Each names its rule and what it
   * rests on (`inferred: …` for callspec's own reading where the vendor is silent).
   */
  warnings: string[]
  /**
   * The hint keys that matched no prompt reached, as heard or normalised: never entered. Optional,
   * so that a result built by other code (this type is exported) still type-checks without it.
   */
  unmatchedHints?: string[]
  stats: ExploreStats
  /** Every distinct path explored to its end (a hang-up, transfer, failure or a known menu). */
  paths: Probe[]
}

export type { AppTarget }
