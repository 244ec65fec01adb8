/**
 * audit-86 finding 7: an app under callspec/agent whose process ended as one of its timers fired
 * left a blank line in the transcript ("0.7s ·", the timer line never written) and the failure
 * said "[callspec]" twice. The call still fails at once, saying the process is gone.
 */
import { describe, expect, it } from 'vitest'
import { appUnderAgent, greetingCallFailure } from './spawn-app.js'

describe('callspec/agent: the app process exits from a timer while its greeting plays', () => {
  const held = appUnderAgent('webex-connect', 'test/agent/fixtures/timer-on-answered-app.mjs', { TIMER_DOES: 'exit' })

  it('fails the call saying the process is gone, with no blank transcript line and one [callspec]', async () => {
    const error = await greetingCallFailure(held)
    expect(error?.message).toMatch(/^\[callspec\] turn 2, expectHangup\(\): .*the app process \(pid \d+\) closed the channel: it exited or crashed \(see its output\)/)
    expect(error!.message.match(/\[callspec\]/g)).toHaveLength(1)
    expect(error!.message).not.toMatch(/^\s+[\d.]+s\s+·\s*$/m)
  }, 30_000)
})
