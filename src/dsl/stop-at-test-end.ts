import { CallspecError } from '../errors/callspec-error.js'
import { testFinishedHook } from '../utils/current-test.js'

/** A call's link to the end of the vitest test that started it. */
export interface TestEndStop {
  /** Aborted when the test ends with the call still running: every wait of the call ends then. */
  readonly signal: AbortSignal
  /** The call is over (passed, or failed with `failure`), its teardown done: nothing left to stop. */
  ended(failure?: unknown): void
}

/**
 * A call still running when the test that started it ends is stopped there: the sibling of a
 * `Promise.all` whose other call rejected first, or a call in a test that timed out. Left running
 * it held the app's clock for the rest of its bounds, and the next test's call waited for its turn
 * (measured: 3.2 s of a 5 s test, behind a call to an app that never answered), its own waits
 * fitted to the little time that test then had left. The test's end waits for the stopped call's
 * teardown, so the next test starts with the clock free. A test that had not failed otherwise
 * fails with the stopped call's failure: it checked nothing of that call (measured: a
 * `.then(call => expect(call)…)` left unawaited, to an app that never answered, passed green).
 * Outside a vitest test (module scope, beforeAll), nothing is stopped; nor in a concurrent test
 * without the callspec/vitest setup file, whose own end callspec cannot tell (current-test.ts).
 */
export function stopAtTestEnd(): TestEndStop | undefined {
  const onTestFinished = testFinishedHook()
  if (!onTestFinished) return undefined
  const stopper = new AbortController()
  let over = false
  let finish!: (failure: unknown) => void
  const finished = new Promise<unknown>((resolve) => (finish = resolve))
  try {
    onTestFinished(async (context) => {
      if (over) return
      stopper.abort(new CallspecError(STOPPED))
      const failure = await finished
      // A test that failed already (the Promise.all's first rejection, a timeout) says enough; a
      // call that got to its end all the same (nothing left to wait on when stopped) failed nothing.
      if (failure !== undefined && context?.task?.result?.state !== 'fail') throw failure
    })
  } catch {
    return undefined
  }
  return {
    signal: stopper.signal,
    ended(failure) {
      over = true
      finish(failure)
    },
  }
}

const STOPPED =
  'the test that started this call ended while the call was still running (a call not awaited, or one of several when another failed first), ' +
  "so callspec stopped it here: left running, it would hold the app's clock and the next test's call would wait for it. " +
  'Await every call; with several at once, Promise.allSettled shows how each one ended.'
