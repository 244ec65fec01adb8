/**
 * Audit H8b: an in-process app that answers a webhook and then throws (res.end() then an
 * exception, or a second res.end(): "write after end"). Before, the call failed as "no answer to …
 * an uncaught exception", on the next webhook's turn over the in-memory transport and on the
 * answered turn over TCP; a throw in the listener itself, caught by the in-memory socket, did not
 * fail the call at all. Now both transports fail the turn the app answered, saying it answered and
 * then threw, with the error. The exceptions are uncaught over TCP (as in production), so the
 * cases run in a vitest of their own (app-crashes/) whose output is read here.
 */
import { describe, expect, it } from 'vitest'
import { runCrashFixture } from './app-crashes/run-fixture.js'

describe('an app that answers a webhook, then throws', () => {
  it('fails the answered turn on both transports, with the error, and the runner still reports it', { timeout: 60_000 }, () => {
    const { output } = runCrashFixture('answered-then-threw.fixture')
    for (const transport of ['memory', 'tcp']) {
      for (const test of ['listener-throw', 'end-throw', 'end-twice', 'listener-reject', 'end-async']) expect(output, output).toMatch(new RegExp(`✓ [^\\n]*H8b-${transport}-${test}: `))
    }
    expect(output).toContain('Tests  10 passed (10)')
    // Nothing swallowed that escaped before: the uncaught ones are still reported (the in-memory
    // socket catches a throw in the listener itself, as it always has, so that one is not).
    expect(output).toContain('Uncaught Exception ⎯⎯⎯⎯⎯\nError: boom after the answer\n')
    expect(output).toContain('Uncaught Exception ⎯⎯⎯⎯⎯\nError: write after end\n')
    // audit-81: a rejection after the answer, which left the call green, is reported as ever too.
    expect(output).toContain('Uncaught Exception ⎯⎯⎯⎯⎯\nError: rejected after the answer\n')
    expect(output).toContain('Uncaught Exception ⎯⎯⎯⎯⎯\nError: async audit failed after the answer\n')
    expect(output).toContain('Errors  9 errors')
  })
})
