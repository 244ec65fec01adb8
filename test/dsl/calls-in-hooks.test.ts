/**
 * A call made in a hook is fitted to the hook's timeout (vitest's hookTimeout), not the test's: a
 * common shape is one call in beforeAll and several tests asserting on it. With a 20 s testTimeout
 * and a 2 s hookTimeout, a call in beforeAll to an app that never answered was fitted to the 20 s,
 * and the file failed with vitest's bare "Hook timed out in 2000ms", no transcript.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering } from '../helpers/webex-apps.js'

// Set before the hooks below are registered: vitest reads a hook's timeout as it registers it.
vi.setConfig({ hookTimeout: 2_000, testTimeout: 20_000 })

/** Answers ACCEPTED, then holds its answer to ANSWERED for good. */
const neverAnswersPlay = answering(() => {})
const callThatHangs = () => callTo(neverAnswersPlay, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY')
const failureOf = (call: PromiseLike<unknown>): PromiseLike<string> => call.then(() => 'passed', (error: unknown) => (error as Error).message)

describe('the file loads the driver first', () => {
  // The first call in a file loads the driver and its libraries: not inside the 2 s hooks below.
  it('a call that passes', async () => {
    await callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()
  })
})

describe('a call in beforeAll', () => {
  let message = ''
  let took = 0
  beforeAll(async () => {
    const started = performance.now()
    message = await failureOf(callThatHangs())
    took = performance.now() - started
  })

  it("fails in callspec's words, fitted to end before the hook's 2 s timeout", () => {
    expect(message).toContain("expectAction('PLAY'): no answer to ANSWERED")
    expect(message).toContain("fitted to end before the beforeAll hook's 2 s timeout")
    expect(took).toBeLessThan(2_000)
  })
})

describe('a call in beforeEach', () => {
  let message = ''
  beforeEach(async () => {
    message = await failureOf(callThatHangs())
  })

  it("is fitted to the hook's timeout too", () => {
    expect(message).toContain("fitted to end before the beforeEach hook's 2 s timeout")
  })
})

describe('a call in afterAll', () => {
  it('runs after this test', () => {})

  // Asserted in the hook itself: nothing runs after it. A failed expect here fails the file.
  afterAll(async () => {
    expect(await failureOf(callThatHangs())).toContain("fitted to end before the afterAll hook's 2 s timeout")
  })
})

describe('a call in the test itself', () => {
  it("is still fitted to the test's timeout", async () => {
    const message = await failureOf(
      callTo(neverAnswersPlay, { platform: 'webex-connect', warnings: 'silent', limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER').expectAction('PLAY'),
    )
    expect(message).toContain("expectAction('PLAY'): no answer to ANSWERED")
    expect(message).not.toContain('hook')
  })
})
