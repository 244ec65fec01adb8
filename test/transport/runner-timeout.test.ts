import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { resolveLimits, runnerBudgetMs } from '../../src/dsl/resolve-limits.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'

const silent = () => webexApp(() => () => {}) // never answers

describe("callspec's waits end before vitest's test timeout", () => {
  // The first call in a file loads (and, run from source, transforms) the modules callspec loads on
  // first use: 0.75-0.8 s of the 1.5 s test below on a loaded machine, where it then timed out.
  // The built package takes ~40 ms; the budget under test is the wait's, not the file's cold start.
  beforeAll(async () => {
    await callTo(webexApp(() => ({ action: 'HANGUP' })), { platform: 'webex-connect' }).expectAction('HANGUP')
  })

  it('a hung app in a test with a 1,500 ms timeout fails with callspec’s message and transcript, not the runner’s', { timeout: 1_500 }, async () => {
    // Were callspec's wait longer than the test's timeout, vitest would fail this test with
    // "Test timed out in 1500ms" before any assertion below ran.
    const error = await failureOf(callTo(silent(), { platform: 'webex-connect', seed: 5 }).expectAction('ANSWER'))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within \d+ ms \(limits\.responseTimeoutMs, 6000 ms by default, fitted to end before the test's 1\.5 s timeout\): the app never answered\./)
    expect(error.message).toContain('Call (webex-connect, inbound')
    expect(error.message).toContain('Replay this exact call with { seed: 5 }.')
  })

  it('a later call in the same test gets only what is left of the budget', { timeout: 2_000 }, async () => {
    const first = Number(/within (\d+) ms/.exec((await failureOf(callTo(silent(), { platform: 'webex-connect' }))).message)![1])
    const second = Number(/within (\d+) ms/.exec((await failureOf(callTo(silent(), { platform: 'webex-connect' }))).message)![1])
    expect(first).toBeLessThanOrEqual(1_400)
    expect(second).toBeLessThan(first)
    expect(second).toBeLessThan(2_000 - first)
  })

  it('reads the running test’s timeout from vitest’s worker state', { timeout: 2_345 }, () => {
    const budget = runnerBudgetMs()!
    expect(budget).toBeLessThanOrEqual(2_345)
    expect(budget).toBeGreaterThan(2_000)
    expect(resolveLimits(undefined).responseTimeoutMs).toBeLessThanOrEqual(Math.floor(2_345 * 0.7))
  })

  it('explicit limits are the user’s, untouched', () => {
    expect(resolveLimits({ responseTimeoutMs: 30_000, maxBodyBytes: 10 })).toMatchObject({ responseTimeoutMs: 30_000, maxBodyBytes: 10 })
  })

  it('outside vitest the defaults stay under the common 5,000 ms test timeout', () => {
    const g = globalThis as { __vitest_worker__?: unknown }
    const state = g.__vitest_worker__
    try {
      delete g.__vitest_worker__
      expect(runnerBudgetMs()).toBeUndefined()
      expect(resolveLimits(undefined)).toEqual({
        responseTimeoutMs: 4_000,
        appTimeoutMs: 4_000,
        maxTurns: 500,
        maxVirtualMs: 4 * 3600_000,
        maxBodyBytes: 8 * 1024 * 1024,
      })
    } finally {
      g.__vitest_worker__ = state
    }
  })
})
