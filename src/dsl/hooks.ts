/** Shared by every flow derived from one callTo(): any of them awaited counts for all. */
export interface FlowRoot {
  awaited: boolean
  readonly site: Error
}

type FlowCreatedHook = (root: FlowRoot) => void
let hook: FlowCreatedHook | undefined

/**
 * Lets a test-runner integration watch for flows that are never awaited (callspec/vitest uses
 * it), without the core importing any runner.
 */
export function onFlowCreated(fn: FlowCreatedHook | undefined): void {
  hook = fn
}

/** Whether a runner integration watches flows (then every root needs its call site). */
export const watchingFlows = (): boolean => hook !== undefined

export function flowCreated(root: FlowRoot): void {
  hook?.(root)
}

/** What a finished call leaves for a runner integration: its transcript and its warnings. */
export interface FinishedCall {
  readonly transcript: import('../session/transcript.js').Transcript
  readonly warnings: readonly string[]
  /** The flow failed (its error is thrown to the test). */
  readonly failed: boolean
}

type CallFinishedHook = (call: FinishedCall) => void
let finishedHook: CallFinishedHook | undefined

/** Lets a runner integration (or a project's own setup file) see every call once it is over. */
export function onCallFinished(fn: CallFinishedHook | undefined): void {
  finishedHook = fn
}

export function callFinished(call: FinishedCall): void {
  finishedHook?.(call)
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
let identity: (() => RunningTest | undefined) | undefined

export function identifyTests(fn: (() => RunningTest | undefined) | undefined): void {
  identity = fn
}

export const currentTest = (): RunningTest | undefined => identity?.()
