/**
 * Audit H3 (the packed tarball, /tmp/h162 findings): explore() ran under its own 60 s timeLimitMs
 * whatever the test's timeout. Against a menu whose keys are never answered, each key's call
 * waited its share of the test's time, the next call began after it, and the test ended in
 * vitest's bare "Test timed out in 5000ms" (no result, no finding); the loopback server explore()
 * put the app on stayed listening after it (a TCPServerWrap handle 8 s later).
 */
import { beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { callTo, explore } from '../../src/index.js'
import { openHandles, settledHandles } from '../transport/handles.js'
import { hangingMenu } from './fixtures/hanging-menu.js'

describe('explore() fits under the test\'s timeout', () => {
  // The file's first call loads the driver and its libraries (a few hundred ms): not in the 2 s tests.
  beforeAll(async () => void (await callTo(hangingMenu(), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').catch(() => {})), 10_000)

  it('returns before the test\'s 2 s timeout, stopped by it, the hung key a finding, its server closed', { timeout: 2_000 }, async () => {
    const before = openHandles()
    const t0 = Date.now()
    const result = await explore(hangingMenu(), { platform: 'webex-connect', warnings: 'silent' })
    const ms = Date.now() - t0
    expect(result.stats.stoppedBy).toBe('testTimeout')
    const hung = result.findings.find((f) => f.kind === 'app-error')
    expect(hung?.steps).toEqual(["pressDigits('0')"])
    expect(hung?.message).toMatch(/^The call fails: \[callspec\] turn \d+, .*fitted to end before the test's 2 s timeout/)
    expect(ms).toBeLessThan(1_800)
    expect(await settledHandles(before)).toEqual(before)
  })

  it('a timeLimitMs shorter than the test\'s time is what its calls fit to', { timeout: 5_000 }, async () => {
    const t0 = Date.now()
    const result = await explore(hangingMenu(), { platform: 'webex-connect', warnings: 'silent', timeLimitMs: 600 })
    expect(result.stats.stoppedBy).toBe('timeLimitMs')
    // Before, the first hung key's call waited its share of the test's 5 s (3.5 s) past the 600 ms.
    expect(Date.now() - t0).toBeLessThan(1_200)
  })

  let beforeAbort: string[] = []
  // A wait the user set is not fitted (limits.responseTimeoutMs: 10 s): the runner's timeout ends the test.
  /** Why that test failed, as the runner said it (it.fails passes on any failure: the message is asserted below). */
  let failedWith: string | undefined
  it.fails('the runner times the test out mid-exploration (a wait the user set)', { timeout: 1_000 }, async () => {
    onTestFailed(({ task }) => void (failedWith = task.result?.errors?.map((e) => e.message).join('\n')))
    beforeAbort = openHandles()
    await explore(hangingMenu(), { platform: 'webex-connect', warnings: 'silent', limits: { responseTimeoutMs: 10_000 } })
  })

  it('…and the exploration\'s server is closed at that test\'s end', async () => {
    expect(failedWith).toMatch(/^Test timed out in 1000ms\./)
    // Bounded: settledHandles polls for at most 500 ms. Before, the server stayed listening for good.
    expect(await settledHandles(beforeAbort)).toEqual(beforeAbort)
  })
})
