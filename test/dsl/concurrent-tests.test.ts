/**
 * Calls in concurrent tests belong to their own test, with the callspec/vitest setup file (this
 * project's config loads it). Measured before: vitest's worker state shows whichever concurrent
 * test started last, and the setup file's beforeEach the last one to start, so a call made after
 * an `await` was seeded from another test's name (all three tests of the first group below got the
 * last one's) and fitted to another test's timeout (A's wait took B's time, and A failed with
 * vitest's bare "Test timed out"). How a call left running by a concurrent test is stopped:
 * test/clock/left-running.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { seedFrom } from '../../src/utils/random.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tickingApp, tts, webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
const FILE = 'test/dsl/concurrent-tests.test.ts'
const silent = () => webexApp(() => () => {}) // never answers
const waitOf = (error: Error) => Number(/no complete answer within (\d+) ms \(limits\.responseTimeoutMs(\)|, 6000 ms by default, fitted to end before the test's [\d.]+ s timeout\))/.exec(error.message)?.[1])

describe('default seeds', () => {
  const app = answering({ action: 'PLAY', audio: [tts('Hello.')] })
  /** A turn a test waits for, and gives the next test once its calls are done. */
  const turn = () => {
    let done!: () => void
    return { came: new Promise<void>((resolve) => (done = resolve)), done }
  }
  const [second, first] = [turn(), turn()]
  /** After `before`, a call whose seed and ids must come from its own test, whatever ran first. */
  const seededAfter = async (before: Promise<void>, test: string, after: () => void) => {
    await before
    try {
      const call = await callTo(app, W).expectAction('ANSWER').hangUp()
      expect(call.seed).toBe(seedFrom(`${FILE} > default seeds > concurrent tests > ${test}#1`))
      // The ids and times the app reads follow the seed: the same call replayed with it gets the same.
      const replay = await callTo(app, { ...W, seed: call.seed }).expectAction('ANSWER').hangUp()
      expect(call.webhooks.map((w) => w.body)).toEqual(replay.webhooks.map((w) => w.body))
    } finally {
      after()
    }
  }

  // Started in this order, they call in the other (the last one first). Turns, not pauses: the
  // timer globals are on the clock of whichever in-process call is running (docs/time.md).
  describe.concurrent('concurrent tests', () => {
    it('come from the test they are in: first to start, last to call', () => seededAfter(second.came, 'come from the test they are in: first to start, last to call', () => {}))
    it('come from the test they are in: second to start and to call', () => seededAfter(first.came, 'come from the test they are in: second to start and to call', second.done))
    it('come from the test they are in: last to start, first to call', () => seededAfter(Promise.resolve(), 'come from the test they are in: last to start, first to call', first.done))
  })
})

describe('waits fitted to the test’s timeout', () => {
  describe.concurrent('concurrent tests with timeouts of their own', () => {
    it('A, 1,500 ms, started first: its wait ends before its own timeout', { timeout: 1_500 }, async () => {
      // Fitted to B's 5 s it waited past A's end, which vitest reported as "Test timed out in 1500ms".
      expect(waitOf(await failureOf(callTo(silent(), { ...W, warnings: 'silent' }).expectAction('ANSWER')))).toBeLessThanOrEqual(1_050)
    })

    it('B, 5,000 ms, started last: its wait is fitted to its own time, after waiting its turn behind A’s call', { timeout: 5_000 }, async () => {
      expect(waitOf(await failureOf(callTo(silent(), { ...W, warnings: 'silent' }).expectAction('ANSWER')))).toBeGreaterThan(1_500)
    })
  })
})

// Apart from the above: two concurrent suites side by side run at the same time, their calls in turns.
describe('the deadline of a call that keeps moving', () => {
  describe.concurrent('concurrent tests with timeouts of their own', () => {
    // 4 s: the margin the deadline leaves (a quarter) holds on a loaded machine too; not vitest's
    // default 5 s, which this test would read with the other one over.
    it("names its own test's timeout and comes before it", { timeout: 4_000 }, async () => {
      const started = performance.now()
      const error = await failureOf(callTo(tickingApp(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup())
      callOver()
      expect(error.message.split('\n')[0]).toMatch(/ with the test's 4 s timeout near: is the app looping\?/)
      expect(performance.now() - started).toBeLessThan(4_000)
    })

    // Running until the call above is over. Not a pause: the timer globals belong to the process,
    // on the clock of whichever in-process call is running (docs/time.md, Concurrent calls).
    let callOver!: () => void
    const over = new Promise<void>((resolve) => (callOver = resolve))

    it('(another test, with a longer timeout, started last)', { timeout: 10_000 }, () => over)
  })
})
