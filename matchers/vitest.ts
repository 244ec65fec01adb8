/**
 * Setup entry: add 'callspec/vitest' to test.setupFiles (or import it) to register the matchers
 * and the transcript snapshot serializer, to seed each call from its test's name, to fail tests
 * that create a call but never await it, and to tell concurrent tests' calls apart.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { afterAll, afterEach, aroundEach, beforeEach, expect, type RunnerTestCase } from 'vitest'
import { CallFlow, drivers, identifyTests, isCallResult, onFlowCreated } from '../src/index.js'
import * as matchers from './index.js'
import { explainFlowMethodOnPromise } from './async-helper-hint.js'
import { watchUnlistedJobs } from '../src/clock/unlisted-jobs.js'
import { watchHttpAnswers } from '../src/clock/http-answers.js'
import { routeTimerModules } from '../src/clock/timer-modules.js'
import { followCapturedRequests } from '../src/api/captured-requests.js'
import { guardVendorHostsFromSetup } from '../src/api/vendor-guard.js'
import { failIfNeverAwaited, neverAwaitedOutsideTests } from '../src/dsl/unawaited-without-setup.js'
import { currentVitestTest, followTests, mayRunAlongside } from '../src/utils/current-test.js'
import { runOf, vitestWorker, type VitestTask } from '../src/utils/vitest-worker.js'
import { testBodyEnded } from '../src/utils/running-hook.js'

// A type-only re-export: it carries the `vitest` augmentation into dist/vitest.d.ts without a
// runtime import of a file that has no runtime code (which the bundler would warn about).
export type { CallspecMatchers } from './types.js'

expect.extend(matchers)

// node:timers and node:timers/promises on the call's clock before the app's modules load, so a
// pause they capture at load (`const sleep = promisify(setTimeout)`) is the one that follows it.
// Not awaited (this file is also built as CommonJS): the exports are replaced synchronously; a
// call waits for the rest, and reports a failure of it.
void routeTimerModules()?.catch(() => {})
// The same for the crypto, zlib and DNS functions whose jobs hold the call's clock
// (`const hash = promisify(pbkdf2)` at load counts its jobs too).
watchUnlistedJobs()
// undici's requests from here, so an answer still coming from one the app began at load is known.
watchHttpAnswers()
// http(s).request and get captured by the app at load (`const { request } = require('https')`, as
// EnableX's Node samples do) reach callspec's fake API during a call, as the module's own do.
followCapturedRequests()
// Every platform's vendor hosts are answered by callspec from here on, before any test file's
// modules load: an app that fetches a token or a config from the vendor as it loads (or in a
// beforeAll) gets callspec's 404 saying so, not the real vendor with its credentials (measured:
// ENOTFOUND after ~25 ms here, the credentials sent where there is a network). A test's own nock or
// msw mock still answers first: the guard is on tls.connect (src/api/vendor-guard.ts).
guardVendorHostsFromSetup(Object.values(drivers).flatMap((driver) => driver.vendorOrigins))

// expect(call).toMatchSnapshot() stores the printed transcript: readable, and the same every run.
expect.addSnapshotSerializer({
  test: (value: unknown) => isCallResult(value),
  serialize: (value: unknown) => (value as { print(): string }).print(),
})

// Each test that may run beside others (concurrent, or in a concurrent suite) runs inside this
// store, which follows its async chain: a call is stopped at its own test's end, fitted to its
// timeout and seeded from its name, where vitest's worker state shows whichever test started last
// (src/utils/current-test.ts). Registered in a setup file, aroundEach wraps every test of every
// file (nested and concurrent suites, isolated or not), its beforeEach and afterEach hooks and its
// body included. Only those tests: on Node 20 the store turns on promise hooks for the
// rest of the process, and the worker state is right for a test that runs alone. Measured in a
// vitest worker: a bare await took 46 ns without, 130 ns with; a callspec call to an in-process
// app the same 2.9 ms either way, but an app's or a suite's own promise-heavy code pays it.
const tests = new AsyncLocalStorage<RunnerTestCase>()
followTests(() => tests.getStore())
aroundEach(async (runTest, context) => {
  if (mayRunAlongside(context.task)) await tests.run(context.task, runTest)
  else await runTest()
})

// Default seeds follow the test's file path relative to the root and its full name (the same on
// every machine), calls counted per run of the test (attemptScope).
identifyTests(() => {
  const test = currentVitestTest()
  return test && { name: `${test.file?.name} > ${test.fullTestName ?? test.name}`, scope: attemptScope(test) }
})

/**
 * One object per run of a test: a retry (or a `repeats` run) counts its calls from 1 again, so it
 * replays the ids and times of the run before it. vitest keeps the test's context across retries:
 * counted per context, as they were, a retry's calls were seeded as #3 and #4 where the run before
 * had #1 and #2 (test/dsl/results.test.ts), so their ids, times and snapshots differed.
 */
const attempts = new WeakMap<object, { run: string; scope: object }>()
function attemptScope(test: VitestTask): object {
  const key = test.context ?? test
  const run = runOf(test)
  let attempt = attempts.get(key)
  if (attempt?.run !== run) attempts.set(key, (attempt = { run, scope: {} }))
  return attempt.scope
}

/**
 * Runs of tests that created a call (attemptScope): only their failures get the async-helper hint.
 * Any test's `x.say is not a function` had it (audit-111: in files that never use callspec).
 */
const madeCalls = new WeakSet<object>()

beforeEach((context) => {
  context.onTestFailed(({ task }) => {
    if (!madeCalls.has(attemptScope(task))) return
    for (const error of task.result?.errors ?? []) explainFlowMethodOnPromise(error, Object.getOwnPropertyNames(CallFlow.prototype))
  })
})

// Past here (a file's afterEach runs after the test's suites' own, and any hook that runs after it
// is marked running), what runs in the test's name with no hook running is its onTestFinished and
// onTestFailed handlers: vitest times each by hookTimeout, and so callspec fits a call made in one
// (src/utils/running-hook.ts).
afterEach((context) => testBodyEnded(context.task))

// A call created in a hook or at a file's top level and never awaited fails the file at its end: no
// test's end is there to say so (src/dsl/unawaited-without-setup.ts). Registered first, it runs
// after the file's own afterAll hooks (vitest runs them last-registered first).
afterAll(() => {
  // The worker state shows the file's task in its afterAll (vitest 4 gives a hook's first argument to fixtures).
  const neverRan = neverAwaitedOutsideTests(vitestWorker()?.current)
  if (neverRan) throw neverRan
})

// The test's own onTestFinished (current-test.ts), not vitest's global one: in concurrent tests
// that one is the hook of whichever test started last.
onFlowCreated((root) => {
  const test = currentVitestTest()
  if (test) madeCalls.add(attemptScope(test))
  failIfNeverAwaited(root, true)
})
