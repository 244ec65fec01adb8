/**
 * What vitest's worker state shows of the running test (vitest 4: `globalThis.__vitest_worker__`,
 * set in every test file's process before the file loads, no setup file needed). Read in one place;
 * which test a call is in is decided from it and the setup file's record (current-test.ts).
 */
export interface VitestWorkerState {
  config?: { testTimeout?: number; hookTimeout?: number }
  current?: VitestTask
}

/** What callspec reads of a vitest task (a test's own `Test`, or the suite or file it sits in). */
export interface VitestTask {
  type?: string
  name?: string
  fullTestName?: string
  concurrent?: boolean
  timeout?: number
  result?: { state?: string; startTime?: number; retryCount?: number; repeatCount?: number; hooks?: Partial<Record<string, string>>; errors?: readonly unknown[] }
  file?: { name?: string }
  suite?: VitestTask
  /** A suite's (or file's) tests and suites. */
  tasks?: readonly VitestTask[]
  /** A test's context (vitest defines it on the task, not enumerable). */
  context?: { onTestFinished?: unknown }
}

export const vitestWorker = (): VitestWorkerState | undefined => (globalThis as { __vitest_worker__?: VitestWorkerState }).__vitest_worker__

/**
 * The test the worker state shows, if a vitest test is running in this process (not a suite or a
 * hook's task). With concurrent tests, whichever started last: current-test.ts says when it is
 * this code's own.
 */
export function runningVitestTest(): VitestTask | undefined {
  const current = vitestWorker()?.current
  return current?.type === 'test' ? current : undefined
}

/** Which run of a test this is: a retry or a `repeats` run is another run of the same task. */
export const runOf = (task: VitestTask): string => `${task.result?.retryCount ?? 0}/${task.result?.repeatCount ?? 0}`
