/**
 * A call in beforeAll has the hook's time (vitest's hookTimeout), where the test's is shorter: an
 * app that answers after 1.2 s of real time (a slow lookup) passes there. Before, the call was
 * fitted to the 1 s testTimeout and failed waiting ~500 ms for the answer.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { answering, sendAction } from '../helpers/webex-apps.js'

vi.setConfig({ hookTimeout: 8_000, testTimeout: 1_000 })

describe('a call in beforeAll, with a hookTimeout longer than the testTimeout', () => {
  let outcome = ''
  beforeAll(async () => {
    const slowToPlay = answering((res: Parameters<typeof sendAction>[0]) => {
      realTimers.setTimeout(() => sendAction(res, { action: 'HANGUP' }), 1_200)
    })
    outcome = await callTo(slowToPlay, { platform: 'webex-connect', warnings: 'silent' })
      .expectAction('ANSWER')
      .expectHangup()
      .then(() => 'passed', (error: unknown) => (error as Error).message)
  })

  it('has the time the hook has', () => {
    expect(outcome).toBe('passed')
  })
})
