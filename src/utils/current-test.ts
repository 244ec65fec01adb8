import { runningVitestTest, type VitestTask } from './vitest-worker.js'

/**
 * Which vitest test this code runs in, asked in one place: the stop of a call its test left
 * running (stop-at-test-end.ts), the never-awaited check (unawaited-without-setup.ts), the waits
 * and deadline fitted to the test's timeout (resolve-limits.ts) and the default seed (the
 * callspec/vitest setup file, through identifyTests).
 *
 * vitest's worker state shows one test per process: with `describe.concurrent` or
 * `test.concurrent`, whichever started last. Read there, a call made after an `await` in test A
 * was seeded from test B's name (its ids then depended on which test started last), fitted to B's
 * timeout, and its checks ran at B's end. The setup file runs each test that may run beside others
 * inside an AsyncLocalStorage holding that test, and hands its reader here (followTests): the store
 * follows the async chain back to the test that started it. No AsyncLocalStorage here: on Node 20
 * it turns on promise hooks, which cost every await in the process, and a suite with no
 * concurrent test needs none.
 */
let recorded: (() => VitestTask | undefined) | undefined

/** Registered by the callspec/vitest setup file: the test its AsyncLocalStorage holds, if any. */
export function followTests(read: (() => VitestTask | undefined) | undefined): void {
  recorded = read
}

/**
 * The test this code runs in: the setup file's record, else the worker state's test when no other
 * can be running beside it, else none (outside a test; a concurrent test without the setup file).
 */
export function currentVitestTest(): VitestTask | undefined {
  const own = recorded?.()
  if (own) return own
  const shown = runningVitestTest()
  return shown && !shown.concurrent ? shown : undefined
}

/**
 * The test whose async context this code runs in, as the setup file's AsyncLocalStorage holds it
 * (only tests that may run beside others are held there), else undefined: never the worker state's guess.
 */
export const testOfContext = (): VitestTask | undefined => recorded?.()

/**
 * For the waits fitted to the test's time, which need only an estimate: the test this code runs
 * in, else (a concurrent test without the setup file) the one that started last, as before.
 */
export const testToFitTo = (): VitestTask | undefined => currentVitestTest() ?? runningVitestTest()

/**
 * A test vitest may run at the same time as others, which the worker state cannot tell apart:
 * concurrent itself, or inside a concurrent suite (a `describe.sequential` in one runs beside
 * that suite's concurrent siblings).
 */
export function mayRunAlongside(test: VitestTask): boolean {
  for (let task: VitestTask | undefined = test; task; task = task.suite) if (task.concurrent) return true
  return false
}

/** vitest's onTestFinished; the handler gets the test's context (its task's result: pass or fail). */
export type OnTestFinished = (fn: (context?: { task?: { result?: { state?: string } } }) => void | Promise<void>) => void

/** The `context.onTestFinished` of the test this code runs in, if callspec can tell which it is. */
export function testFinishedHook(): OnTestFinished | undefined {
  const on = currentVitestTest()?.context?.onTestFinished
  return typeof on === 'function' ? (on as OnTestFinished) : undefined
}
