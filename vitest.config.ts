import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Test files that need a fresh module state of their own (the rest share their worker's, as the
 * large-suite recipe in docs/recipes.md runs a user's suite):
 * - a `vi.mock()` of a callspec module, which cannot reach a module another file already loaded;
 * - what callspec says once per process (the after-call vendor-host warning, what a printed
 *   warning is), asserted said;
 * - @mswjs/interceptors' per-process instances: a file that imported nock (which applies them)
 *   leaves them running, and a later file's own msw interceptors join nock's instead of their own;
 * - request-bodies.test.ts's by-URL request the app destroys 100 ms after its first bytes: once a
 *   file that imported nock ran first in the worker, the request reaches startPlatform()'s server
 *   only after nock's own listeners let it pass (asynchronously), which sometimes takes longer, and
 *   the server never sees it (measured 1 run in 5; 1 in 3 before the in-process fix). An
 *   https.request to a vendor host is answered beneath nock now (test/api/abandoned-with-nock.test.ts);
 * - started-by-bounded.test.ts, whose trigger answered 500 fails at once only when nothing is
 *   pending in the process: a connection an earlier file left awaiting a reply may be the app's, and
 *   holds the wait to limits.appTimeoutMs (measured: 1,403 ms against its 700 ms bound, once in a
 *   clean-clone run of the whole suite; it passed alone 4 runs of 4).
 */
const ISOLATED = [
  'test/transport/keep-alive.test.ts',
  'test/api/after-end.test.ts',
  'test/api/after-end-msw.test.ts',
  // Imports an app module that sends vendor requests as it loads, and asserts the once-per-process warning.
  'test/api/vendor-host-guard-before-calls.test.ts',
  // The vendor-host guard's warnings over plain http, asserted said (once per process).
  'test/api/plain-http-vendor-host.test.ts',
  'test/clock/app-http-clients.test.ts',
  'test/clock/interception.test.ts',
  'test/api/request-bodies.test.ts',
  'test/hostile/abandoned-request.test.ts',
  'test/rules/warnings-explained-once.test.ts',
  'test/dsl/started-by-bounded.test.ts',
  // Says once per process that overlapping calls took turns, asserted said: an earlier file in the
  // worker that overlapped calls had said it (measured: [] once, on Node 24 in a clean clone).
  'test/clock/turns-notice.test.ts',
  // An app that answered and sent nothing fails fast only when no request of any kind reached
  // callspec since the event (the request log is the process's), and no timer an earlier call
  // handed back is pending; a failed request to another host ends such a wait as the app's giving
  // up. In a worker shared with other files, an earlier file's app still at work moved or ended
  // those waits (measured in a clean-clone run: a stray crm.acme.test lookup ended
  // overlapping-calls' fitted wait early; expect-action-while-bridged waited the whole limit).
  'test/hostile/answered-then-quiet.test.ts',
  // The same quiet check, through `callspec run` in this process: in a fresh-clone run of the whole
  // suite it waited the whole 10 s limit once, where alone it fails after its 300 ms grace.
  'test/cli/scenario-quiet-grace.test.ts',
  'test/clock/overlapping-calls.test.ts',
  'test/drivers/enablex/expect-action-while-bridged.test.ts',
  // "Nothing of the app's was pending" reads the process's sockets, thread-pool jobs and requests
  // in flight, so a mock's timer fires, and the hint is given, only when nothing else is: in a
  // worker shared with other files an earlier file's leftovers counted (measured: a run of the whole
  // suite on the tree, both files failing there, a 30 s nock pause held 1.5 s of real time and the
  // hint missing; each passes alone, 3 runs under load, and with its neighbours of that run in one worker).
  'test/clock/mock-timer-texts.test.ts',
  'test/dsl/forgotten-answer-hint.test.ts',
]

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // The callspec/vitest setup file registers the matchers, as a user's config would.
    setupFiles: ['./matchers/vitest.ts', './test/helpers/load-drivers.ts'],
    // Many test files wait in real time (a hung app's bounded wait, a child process's exit), so
    // one worker more than the cores keeps them busy: on 2 cores, measured one run each on the idle
    // machine, the whole suite took 484 s with 3 workers (CPU 175% of 200%) against 567 s with 2
    // (139%), and 2 had taken 115 s for the unit tests against 193 s with vitest's default of 1.
    // CALLSPEC_TEST_WORKERS sets another count: vitest's own --maxWorkers fails with these projects
    // ("Projects "examples" and "package" have different 'maxWorkers'").
    maxWorkers: Number(process.env.CALLSPEC_TEST_WORKERS) || availableParallelism() + 1,
    projects: [
      // Each worker keeps its modules from one file to the next (docs/recipes.md, Large suites):
      // measured, the unit tests took 330 s in fresh module graphs, most of it loading them again.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/package/**', ...ISOLATED], isolate: false } },
      { extends: true, test: { name: 'unit-isolated', include: ISOLATED } },
      // The examples also check every call's transcript is in time order and warning-free (test/rules).
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts'], setupFiles: ['./test/rules/examples-setup.ts'], isolate: false } },
      // consumer/: the files of a user's project, run by consumer.test.ts inside a copy of it.
      { test: { name: 'package', include: ['test/package/**/*.test.ts'], exclude: ['test/package/consumer/**'] } },
    ],
  },
})
