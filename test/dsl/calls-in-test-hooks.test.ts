/**
 * A call made in an onTestFinished or onTestFailed handler is timed by vitest as a hook is (each
 * handler has the config's hookTimeout, from when it starts), not by the test's timeout, most of
 * which the test has used by then. Before, callspec fitted such a call to what was left of the
 * test's timeout: with a 1 s testTimeout and a test that ran 0.8 s, a call whose app answered after
 * 0.5 s of real time failed, where vitest gave the handler 3 s.
 */
import { describe, expect, it, onTestFailed, onTestFinished, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { answering, sendAction } from '../helpers/webex-apps.js'
import { runNestedVitest } from '../helpers/nested-vitest.js'

vi.setConfig({ hookTimeout: 3_000, testTimeout: 1_000 })

/** Answers ACCEPTED with ANSWER, then ANSWERED with HANGUP after `ms` of real time (a slow lookup). */
const slowToHangUp = (ms: number) => answering((res: Parameters<typeof sendAction>[0]) => void realTimers.setTimeout(() => sendAction(res, { action: 'HANGUP' }), ms))
const neverAnswersPlay = answering(() => {})
const outcomeOf = (call: PromiseLike<unknown>): PromiseLike<string> => call.then(() => 'passed', (error: unknown) => (error as Error).message)
const realSleep = (ms: number) => new Promise((resolve) => realTimers.setTimeout(resolve, ms))

describe('the file loads the driver first', () => {
  // The first call in a file loads the driver and its libraries: not inside the timings below.
  it('a call that passes', async () => {
    await callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()
  }, 10_000)
})

describe('a call in onTestFinished, after the test used most of its 1 s', () => {
  const outcomes: string[] = []
  it('registers the handler, then works 0.8 s', async () => {
    onTestFinished(async () => {
      outcomes.push(await outcomeOf(callTo(slowToHangUp(500), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()))
    })
    await realSleep(800)
  })

  it('had the handler\'s time (hookTimeout), not what was left of the test\'s', () => {
    expect(outcomes).toEqual(['passed'])
  })
})

describe('a call in onTestFinished to an app that never answers', () => {
  const outcomes: string[] = []
  it('registers the handler', () => {
    onTestFinished(async () => {
      const started = performance.now()
      const message = await outcomeOf(callTo(neverAnswersPlay, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY'))
      outcomes.push(message, String(performance.now() - started < 3_000))
    })
  })

  it("fails in callspec's words, naming the handler's timeout", () => {
    expect(outcomes[0]).toContain("expectAction('PLAY'): no answer to ANSWERED")
    expect(outcomes[0]).toContain("fitted to end before the onTestFinished handler's 3 s timeout")
    expect(outcomes[1]).toBe('true')
  })
})

describe('a call in onTestFailed', () => {
  const outcomes: string[] = []
  // The test fails on purpose, and is retried once to pass: vitest runs onTestFailed for the failed attempt.
  let attempt = 0
  it('registers the handler, then works 0.8 s and fails once', { retry: 1 }, async () => {
    attempt++
    if (attempt > 1) return
    onTestFailed(async () => {
      outcomes.push(await outcomeOf(callTo(slowToHangUp(500), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()))
    })
    await realSleep(800)
    throw new Error('the first attempt fails on purpose')
  })

  it('had the handler\'s time too', () => {
    expect(outcomes).toEqual(['passed'])
  })
})

describe("a call in the test's body stays fitted to the test's timeout", () => {
  const messages: string[] = []
  const hungCall = async () => messages.push(await outcomeOf(callTo(neverAnswersPlay, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY')))

  // expect.soft marks the test failed while its body runs: the body is not over.
  let attempt = 0
  it('after an expect.soft failed (the first attempt; the retry passes)', { retry: 1 }, async () => {
    attempt++
    if (attempt > 1) return
    expect.soft('a soft failure').toBe('on purpose')
    await hungCall()
  })

  // A `repeats` run shows the run before's passed state while its body runs.
  it('in a repeats run after the first', { repeats: 1 }, async ({ task }) => {
    if (task.result?.repeatCount === 1) await hungCall()
  })

  it("names the test's timeout, not a handler's", () => {
    expect(messages).toHaveLength(2)
    for (const message of messages) {
      expect(message).toContain("expectAction('PLAY'): no answer to ANSWERED")
      expect(message).toContain("fitted to end before the test's 1 s timeout")
    }
  })
})

describe('without the setup file', () => {
  // A passed test's state alone says its body ended: run in a vitest of its own without
  // callspec/vitest in setupFiles (test/helpers/nested-vitest.ts), its exit code and output read.
  it("a call in onTestFinished has the handler's time too", { timeout: 60_000 }, () => {
    const { status, output } = runNestedVitest('test/dsl/test-handlers/no-setup.config.ts')
    expect(output).toContain('Tests  3 passed (3)')
    expect(status).toBe(0)
  })
})
