import type { Transcript } from '../session/transcript.js'
import { processShared } from '../utils/process-shared.js'
import { failIfNeverAwaited } from './unawaited-without-setup.js'

/** Shared by every flow derived from one callTo(): any of them awaited counts for all. */
export interface FlowRoot {
  awaited: boolean
  /** Where callTo() ran, when it was taken (create-call-to.ts): only for a call seeded by its line. */
  readonly site: Error | undefined
  /**
   * The flow written last from this callTo(), as written (`callTo(…, { platform: 'webex-connect' })
   * .expectAction('ANSWER')`): what the never-awaited report names. Read only then.
   */
  written: ((flow: object) => string) | undefined
  /** That flow (see `written`). */
  latest: object | undefined
}

type FlowCreatedHook = (root: FlowRoot) => void

/**
 * What the runner integration registers, one per process: the setup file (ESM) must hear the flows
 * of a copy a CommonJS helper `require`d too (audit-111: its never-awaited check said the setup
 * file was missing, and its seeds followed the line, not the test).
 */
const runner = processShared('runnerHooks', () => ({ hook: undefined as FlowCreatedHook | undefined, identity: undefined as (() => RunningTest | undefined) | undefined }))

/**
 * Lets a test-runner integration watch for flows that are never awaited (callspec/vitest uses
 * it), without the core importing any runner.
 */
export function onFlowCreated(fn: FlowCreatedHook | undefined): void {
  runner.hook = fn
}

export function flowCreated(root: FlowRoot): void {
  if (runner.hook) runner.hook(root)
  else failIfNeverAwaited(root, false)
}

/** What a finished call leaves for a runner integration: its transcript, warnings and failure. */
export interface FinishedCall {
  readonly transcript: Transcript
  readonly warnings: readonly string[]
  /** The flow failed (its error is thrown to the test). */
  readonly failed: boolean
  /** The error the flow failed with, if it did. */
  readonly failure: unknown
}

type CallFinishedHook = (call: FinishedCall) => void
/**
 * Kept on globalThis: the coverage setup file may load its own copy of this module (another
 * bundle entry, or src/ next to dist/), and must still hear every call.
 */
const finished = processShared('callFinished', () => new Set<CallFinishedHook>())

/**
 * Calls `fn` with every call once its flow has run (passed or failed): menu coverage and the
 * examples' transcript checks collect them. Returns the function that stops watching.
 */
export function onCallFinished(fn: CallFinishedHook): () => void {
  finished.add(fn)
  return () => finished.delete(fn)
}

export function callFinished(call: FinishedCall): void {
  for (const fn of finished) fn(call)
}

/**
 * The running test, or undefined outside one: `name` (file and full name) and `scope`, an object
 * that lives as long as this run of the test. A runner integration sets it so default seeds follow
 * the test, not its line: adding a line above a test, or moving it, leaves its calls (and their
 * snapshots) unchanged, and a retry or a watch-mode re-run counts its calls from 1 again.
 */
export interface RunningTest {
  readonly name: string
  readonly scope: object
}
export function identifyTests(fn: (() => RunningTest | undefined) | undefined): void {
  runner.identity = fn
}

export const currentTest = (): RunningTest | undefined => runner.identity?.()
