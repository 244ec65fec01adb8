/**
 * A call still running when its test ends (the other call of a Promise.all rejected first, a
 * then() never awaited) is stopped there. Measured before: it held the app's clock until its own
 * bounds ran out, the next test's call waited 3.2 s of its 5 s for its turn, and a then() whose
 * app never answered passed green.
 */
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { runNestedVitest } from '../helpers/nested-vitest.js'

const W = { platform: 'webex-connect' } as const

/**
 * Runs a fixture file in a vitest of its own (its tests fail by design); its output. That run loads
 * the built callspec (dist/) where it is fresh, else the sources: test/helpers/nested-vitest.ts.
 */
function vitestRun(fixture: string): string {
  const { status, output } = runNestedVitest('test/clock/left-running/vitest.config.ts', { env: { FIXTURE: fixture } })
  expect(status, output).toBe(1)
  return output
}

describe('a call left running by its test', () => {
  // Tests that fail by design run in a vitest of their own (left-running/), whose output is read.
  it('is stopped at its end: a test that passed otherwise fails with it, a failed one is not piled on, the next call does not wait', { timeout: 60_000 }, () => {
    const output = vitestRun('left-running.fixture.ts')
    const failureOf = (test: string) => output.slice(output.indexOf(`FAIL  left-running.fixture.ts > ${test}\n`)).split('⎯⎯⎯')[0]!
    // .then() never awaited, its app never answering: it passed green, checking nothing.
    expect(failureOf('then() with no await: the test ends while its call waits for the app')).toContain(
      "CallspecError: [callspec] turn 2, expectAction('PLAY'): the test that started this call ended while the call was still running (a call not awaited, or one of several when another failed first), so callspec stopped it here",
    )
    // The other call of a Promise.all: its test failed with the first rejection, and only that.
    const all = failureOf('Promise.all: one call fails at once, the other is left running')
    expect(all).toContain("FlowAssertionError: [callspec] turn 1, expectAction('REJECT'): expected action REJECT, got ANSWER")
    expect(all).not.toContain('the test that started this call ended')
    // The next test's call found the clock free (before: it waited 3.2 s behind the hanging call).
    // Three: the two left running are stopped, neither waits for the other (helper-20: the test
    // lasted the hanging call's whole bound, or failed with "Hook timed out").
    const three = failureOf('Promise.all of three: one fails at once, two are left running')
    expect(three).toContain("FlowAssertionError: [callspec] turn 1, expectAction('REJECT')")
    expect(three).not.toContain('Hook timed out')
    // Vitest may print two spaces before a slow test's time (a passing one over 300 ms, below).
    expect(output).toMatch(/× Promise\.all of three: one fails at once, two are left running +\d{1,3}ms\n/)
    // The next test's call found the clock free (before: it waited 3.2 s behind the hanging call).
    // Its own bound (1.5 s) is the point; 371 ms at load ~12 printed as 'right after  371ms'.
    expect(output).toMatch(/✓ the next test's call, right after +\d+ms/)
    // An async helper's call: the TypeError (with callspec's hint) is the test's one failure.
    expect(failureOf('an async helper: the flow it returns has started, and chaining on its Promise throws')).toContain('TypeError: menu(...).expectAction is not a function')
    expect(output).toContain('Tests  4 failed | 1 passed (5)')
    expect(output).not.toContain('Serialized Error')
    // The stopped calls' own rejections are not reported again as unhandled (helper-21).
    expect(output).not.toMatch(/Unhandled (Rejection|Errors)/)
  })

  it("is tied to the test that started it, even the file's first call, which loads for a while first", { timeout: 60_000 }, () => {
    // Measured before (helper-20): it was tied to whichever test ran once it had loaded: B failed,
    // or, with B shorter, nothing failed at all.
    const output = vitestRun('first-call.fixture.ts')
    expect(output).toMatch(/× A: starts the first call of the file with then\(\) and no await, and ends at once/)
    expect(output).toMatch(/✓ B: an innocent test that takes a while/)
    expect(output).toContain("FAIL  first-call.fixture.ts > A: starts the first call of the file with then() and no await, and ends at once\nCallspecError: [callspec] ")
  })
})

describe('concurrent tests', () => {
  it('a call left running is stopped at the end of its own test, and a never-awaited one fails its own test', { timeout: 60_000 }, () => {
    // Measured before, with vitest's worker state showing whichever concurrent test started last:
    // A passed green, B's call waited 3.5 s behind A's, and the never-awaited check failed D, not C.
    const output = vitestRun('concurrent.fixture.ts')
    const failureOf = (test: string) => output.slice(output.indexOf(`FAIL  concurrent.fixture.ts > concurrent tests > ${test}\n`)).split('⎯⎯⎯')[0]!
    expect(failureOf('A: then() with no await, its app never answering after ANSWER; A ends while its call waits')).toContain(
      "CallspecError: [callspec] turn 2, expectAction('PLAY'): the test that started this call ended while the call was still running (a call not awaited, or one of several when another failed first), so callspec stopped it here",
    )
    expect(output).toMatch(/✓ B: a call behind A's on the app clock runs as soon as A ends/)
    expect(failureOf('C: a call never awaited, in a test that ends at once')).toContain(
      'Error: [callspec] callTo(…) was created but never awaited, so the call never ran. Add `await` in front of it.',
    )
    expect(output).toMatch(/✓ D: an innocent test that runs until A ends, started last/)
    expect(output).toContain('Tests  2 failed | 2 passed (4)')
    expect(output).not.toMatch(/Unhandled (Rejection|Errors)/)
  })

  describe.concurrent('side by side', () => {
    // An app by URL, in this process: its own timers are real, so its answer takes 300 ms of real time.
    let server: Server
    let url = ''
    beforeAll(async () => {
      const slow = answering({ action: 'PLAY', audio: [tts('Hi.')] })
      server = createServer((req, res) => setTimeout(() => slow(req, res), 300))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('a call still running when another concurrent test ends is not stopped', async () => {
      const call = await callTo(url, W).expectAction('ANSWER').expectAction('PLAY')
      expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
    })

    it('(the other test, which ends first)', async () => {
      await new Promise((resolve) => setTimeout(resolve, 100))
    })
  })
})
