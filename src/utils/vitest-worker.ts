/**
 * What vitest's worker state shows of the running test (vitest 4: `globalThis.__vitest_worker__`,
 * set in every test file's process before the file loads, no setup file needed). Read in one place:
 * the limits fit the test's timeout from it (resolve-limits.ts); the never-awaited check without
 * the setup file (unawaited-without-setup.ts) and the stop of a call its test left running
 * (stop-at-test-end.ts) register on the test's onTestFinished.
 */
export interface VitestWorkerState {
  config?: { testTimeout?: number }
  current?: { type?: string; concurrent?: boolean; timeout?: number; result?: { startTime?: number }; context?: { onTestFinished?: unknown } }
}

export const vitestWorker = (): VitestWorkerState | undefined => (globalThis as { __vitest_worker__?: VitestWorkerState }).__vitest_worker__

/** The running test (not a suite or a hook's task), if a vitest test is running in this process. */
export function runningVitestTest(): VitestWorkerState['current'] | undefined {
  const current = vitestWorker()?.current
  return current?.type === 'test' ? current : undefined
}

/** vitest's onTestFinished; the handler gets the test's context (its task's result: pass or fail). */
export type OnTestFinished = (fn: (context?: { task?: { result?: { state?: string } } }) => void | Promise<void>) => void

/**
 * The running test's `context.onTestFinished`. None for a concurrent test: the worker state then
 * shows whichever test started last, and a hook registered there would run when that one ends.
 */
export function testFinishedHook(): OnTestFinished | undefined {
  const test = runningVitestTest()
  const on = test?.concurrent ? undefined : test?.context?.onTestFinished
  return typeof on === 'function' ? (on as OnTestFinished) : undefined
}
