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
