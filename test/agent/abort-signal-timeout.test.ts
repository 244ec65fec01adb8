/**
 * An app under callspec/agent that guards a pause with `AbortSignal.timeout(1000)`: the guard runs on
 * the call's clock, as the pause does, and aborts it at 1 s, as in production and as for an app in
 * the test's process (test/clock/interception.test.ts). Measured before (audit h194): the signal
 * kept Node's real timer, so the 3 s pause on the call's clock always won and the app played its
 * result at 3 s, `app timer 3 s → play`.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent } from './spawn-app.js'

const held = appUnderAgent('enablex', 'test/agent/fixtures/abort-signal-timeout-app.mjs')

describe('callspec/agent: AbortSignal.timeout() on the call clock', () => {
  it('aborts a 3 s pause at 1 s of the call, as in production', { timeout: 20_000 }, async () => {
    const call = await callTo(held.app.url, { platform: 'enablex', api: held.platform, appClock: held.agent })
      .expectAction('accept')
      .expectAction('play')
      .expectAction('hangup')
    expect(call).toHavePlayed('Sorry, that took too long.')
    expect(call.print()).toMatch(/app timer 1 s → play/)
    expect(call.print()).not.toContain('app timer 3 s → play')
  })
})
