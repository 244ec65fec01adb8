/**
 * What vitest's worker state shows of the running test (vitest 4: `globalThis.__vitest_worker__`,
 * set in every test file's process before the file loads, no setup file needed). Read in one place:
 * the limits fit the test's timeout from it (resolve-limits.ts), and the never-awaited check
 * without the setup file registers on the test's onTestFinished (unawaited-without-setup.ts).
 */
export interface VitestWorkerState {
  config?: { testTimeout?: number }
  current?: { type?: string; timeout?: number; result?: { startTime?: number }; context?: { onTestFinished?: unknown } }
}

export const vitestWorker = (): VitestWorkerState | undefined => (globalThis as { __vitest_worker__?: VitestWorkerState }).__vitest_worker__

/** The running test (not a suite or a hook's task), if a vitest test is running in this process. */
export function runningVitestTest(): VitestWorkerState['current'] | undefined {
  const current = vitestWorker()?.current
  return current?.type === 'test' ? current : undefined
}
