/**
 * An app under callspec/agent whose event loop blocks (a timer's synchronous work): the agent's
 * waits for its replies, at their defaults, are fitted to end before the test's timeout, so the
 * failure is callspec's, naming the turn, not the runner's bare "Test timed out in 5000ms"
 * (helper-135 finding 3: the 5 s and 10 s waits were not fitted). The wait is said with what it is
 * made of: "(10000 ms by default, …)" alone read as contradicting the 5 000 ms the docs give
 * quietTimeoutMs.
 */
import { describe, expect, it } from 'vitest'
import { appUnderAgent, greetingCallFailure } from './spawn-app.js'

describe('callspec/agent: the app blocks its event loop for longer than the test may run', () => {
  const held = appUnderAgent('webex-connect', 'test/agent/fixtures/timer-on-answered-app.mjs', { TIMER_DOES: 'block' })

  it("fails with callspec's message before the test's 5 s timeout", { timeout: 5_000 }, async () => {
    const started = performance.now()
    const error = await greetingCallFailure(held)
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(error?.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 2, expectHangup\(\): .*the app under callspec\/agent \(pid \d+\) did not answer (quiet|fire)\(\) within \d+ ms \(10000 ms by default, quietTimeoutMs 5000 \+ replyTimeoutMs 5000, fitted to end before the test's 5 s timeout\): its event loop may be blocked/,
    )
  })
})
