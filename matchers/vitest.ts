/**
 * Setup entry: add 'callspec/vitest' to test.setupFiles (or import it) to register the matchers
 * and the transcript snapshot serializer, to seed each call from its test's name, and to fail
 * tests that create a call but never await it.
 */
import { beforeEach, expect, onTestFinished } from 'vitest'
import { CallFlow, identifyTests, isCallResult, onFlowCreated, type RunningTest } from '../src/index.js'
import * as matchers from './index.js'
import { explainFlowMethodOnPromise } from './async-helper-hint.js'
import { watchThreadPool } from '../src/clock/thread-pool-jobs.js'
import { routeTimerModules } from '../src/clock/timer-modules.js'
import { failIfNeverAwaited } from '../src/dsl/unawaited-without-setup.js'

// A type-only re-export: it carries the `vitest` augmentation into dist/vitest.d.ts without a
// runtime import of a file that has no runtime code (which the bundler would warn about).
export type { CallspecMatchers } from './types.js'

expect.extend(matchers)

// node:timers and node:timers/promises on the call's clock before the app's modules load, so a
// pause they capture at load (`const sleep = promisify(setTimeout)`) is the one that follows it.
// Not awaited (this file is also built as CommonJS): the exports are replaced synchronously; a
// call waits for the rest, and reports a failure of it.
void routeTimerModules()?.catch(() => {})
// The same for the crypto and zlib functions whose thread-pool jobs hold the call's clock
// (`const hash = promisify(pbkdf2)` at load counts its jobs too).
watchThreadPool()

// expect(call).toMatchSnapshot() stores the printed transcript: readable, and the same every run.
expect.addSnapshotSerializer({
  test: (value: unknown) => isCallResult(value),
  serialize: (value: unknown) => (value as { print(): string }).print(),
})

let running: RunningTest | undefined
identifyTests(() => running)

beforeEach((context) => {
  // The file path relative to the project root and the full test name: the same on every machine.
  running = { name: `${context.task.file.name} > ${context.task.fullTestName ?? context.task.name}`, scope: context }
  context.onTestFinished(() => {
    running = undefined
  })
  context.onTestFailed(({ task }) => {
    for (const error of task.result?.errors ?? []) explainFlowMethodOnPromise(error, Object.getOwnPropertyNames(CallFlow.prototype))
  })
})

onFlowCreated((root) => failIfNeverAwaited(root, true, onTestFinished))
