/**
 * An app under callspec/agent that bounds its retries by elapsed time (p-retry 7's `maxRetryTime`,
 * measured with performance.now()) and times its work with process.hrtime: both read the call's
 * clock, as `Date` does and as for an app in the test's process
 * (test/drivers/enablex/retry-budget.test.ts). Measured before (helper-189): performance.now() kept
 * real time in the app's process, the budget never ran down while the backoffs (1 s, 2 s, 4 s, 8 s)
 * ran on the call's clock, and the caller heard 15 s of silence then "Hello Ann. That took 0 s.",
 * where production says "Our systems are busy." 3.1 s after connected.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent } from './spawn-app.js'

const held = appUnderAgent('enablex', 'test/agent/fixtures/retry-budget-app.mjs')

describe('callspec/agent: performance.now() and hrtime on the call clock', () => {
  it('gives up after 3 s of the call and times the lookup in call time, as in production', async () => {
    const call = await callTo(held.app.url, { platform: 'enablex', api: held.platform, appClock: held.agent })
      .expectAction('accept')
      .expectAction('play')
      .expectAction('hangup')
    expect(call).toHavePlayed('Our systems are busy. That took 3.1 s.')
    // Three lookups of 100 ms, backoffs of 1 s and of the 1.8 s left: the third failure is past the budget.
    expect(call.print()).toMatch(/app timer 1 s → nothing sent to the platform[\s\S]*app timer 1\.8 s → nothing sent to the platform/)
  })
})
