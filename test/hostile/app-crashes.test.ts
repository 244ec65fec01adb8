/**
 * An in-process app that throws while handling a webhook, outside its listener's synchronous run:
 * in `req.on('end')`, in `process.nextTick`, or an `async` listener that rejects. Measured before
 * (audit F3): the exception escaped to the test runner as uncaught, and the turn failed 3.4 s
 * later with "the app never answered". Now the turn fails at once with the app's error, worded as
 * for a synchronous throw; the runner still reports the exception (in production it crashes the
 * app), so the cases run in a vitest of their own (app-crashes/) whose output is read here.
 */
import { describe, expect, it } from 'vitest'
import { runCrashFixture } from './app-crashes/run-fixture.js'

describe('an app that crashes asynchronously while handling a webhook', () => {
  it("fails the turn at once with the error, blames no other test's call, and leaves no listener", { timeout: 60_000 }, () => {
    const { output, status } = runCrashFixture('app-crashes.fixture')
    // Each case's own assertions: the message, under 1 s, the listeners on `process` as before.
    for (const test of ['F3-end', 'F3-tick', 'F3-async', 'F3-later-turn', 'OWN-waiting', 'OWN-rejection', 'OWN-idle', 'OTHER-call', 'OTHER-throw']) {
      expect(output, output).toMatch(new RegExp(`✓ [^\\n]*${test}: `))
    }
    expect(output).toContain('Tests  9 passed (9)')
    // Nothing is swallowed: the runner reports each error as uncaught, the app's and the test's own.
    for (const error of [
      'Error: cannot route ACCEPTED',
      'Error: tick boom',
      'TypeError: async listener boom',
      'Error: turn 3 boom',
      "Error: the test's own boom",
      "Error: the test's own idle boom",
      "Error: another test's boom",
    ]) {
      expect(output).toContain(`Uncaught Exception ⎯⎯⎯⎯⎯\n${error}\n`)
    }
    // Raised again as an uncaught exception if callspec's listener saw it, else reported as is.
    expect(output).toMatch(/(Uncaught Exception|Unhandled Rejection) ⎯⎯⎯⎯⎯\nError: the test's own rejection\n/)
    expect(output).toContain('Errors  8 errors')
    expect(status).toBe(1)
  })

  it("does not blame a call for a timer an earlier call's app left pending, handed back to real time, that throws (helper-135)", { timeout: 60_000 }, () => {
    const { output, status } = runCrashFixture('handed-back-throw.fixture')
    expect(output, output).toMatch(/✓ [^\n]*HB-first: /)
    expect(output, output).toMatch(/✓ [^\n]*HB-next: /)
    // Not swallowed: the runner reports it, and callspec says whose timer it was.
    expect(output).toContain('Uncaught Exception ⎯⎯⎯⎯⎯\nError: late boom from the first app\n')
    expect(output).toContain(
      '[callspec] an app timer set during "HB-first: the app answers, hangs up, and leaves a timer that throws 300 ms later" (a 300 ms timeout), left pending when that call ended and handed back to real time, threw: the uncaught error below is that timer\'s, not the app\'s of any call running now.',
    )
    expect(status).toBe(1)
  })

  it("follows Node's --unhandled-rejections mode: under warn and none an unhandled rejection does not end the app", { timeout: 120_000 }, () => {
    // 'throw', the default, is the other test's; 'strict' raises the rejection before any listener.
    for (const mode of ['strict', 'warn', 'none']) {
      const { output } = runCrashFixture('rejection-modes.fixture', { CRASH_MODE: mode, NODE_OPTIONS: `--unhandled-rejections=${mode}` })
      expect(output, output).toMatch(new RegExp(`✓ [^\\n]*MODE-${mode}: `))
      // The runner reports the rejection under every mode: callspec changes nothing of that.
      expect(output).toMatch(/(Uncaught Exception|Unhandled Rejection) ⎯⎯⎯⎯⎯\nError: audit log down\n/)
    }
  })
})
