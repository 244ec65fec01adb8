import type { Transcript } from '../session/transcript.js'

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

type CallFinishedHook = (transcript: Transcript, failure: unknown) => void
/**
 * Kept on globalThis: the coverage setup file may load its own copy of this module (another
 * bundle entry, or src/ next to dist/), and must still hear every call.
 */
const KEY = Symbol.for('callspec.callFinished')
const finished: Set<CallFinishedHook> = ((globalThis as Record<symbol, unknown>)[KEY] as Set<CallFinishedHook> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new Set<CallFinishedHook>()) as Set<CallFinishedHook>

/**
 * Calls `fn` with every call's transcript once its flow has run (passed or failed): menu coverage
 * collects them. Returns the function that stops watching.
 */
export function onCallFinished(fn: CallFinishedHook): () => void {
  finished.add(fn)
  return () => finished.delete(fn)
}

export function callFinished(transcript: Transcript, failure: unknown): void {
  for (const fn of finished) fn(transcript, failure)
}
