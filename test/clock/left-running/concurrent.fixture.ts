import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
let aEnded: number | undefined

// Started in this order: vitest's worker state shows D (the last) while A's and C's calls are made.
describe.concurrent('concurrent tests', () => {
  // 12 s for ANSWERED (in 15 s), not 4: the file's first call loads callspec from source, and beside
  // two busy loops and other test files (load ~12) 4 s ran out ('expected [] to include ANSWERED').
  it('A: then() with no await, its app never answering after ANSWER; A ends while its call waits', { timeout: 15_000 }, async () => {
    const app = webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : () => {}))
    void callTo(app, W)
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .then((call) => expect(call).toHavePlayed('Hello'))
    await vi.waitFor(() => expect(app.seen.map((e) => e.event)).toContain('ANSWERED'), { timeout: 12_000 })
    aEnded = performance.now()
  })

  // 15 s as A's: B's call waits its turn behind A's until A ends (5.6 s once at load ~12).
  it("B: a call behind A's on the app clock runs as soon as A ends", { timeout: 15_000 }, async () => {
    const call = await callTo(answering({ action: 'PLAY', audio: [tts('Hi.')] }), W).expectAction('ANSWER').expectAction('PLAY')
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
    // Left running past A's end, A's call held the clock for its whole wait (3.5 s, fitted to the
    // last test's 5 s), and B's call ran after it.
    expect(performance.now() - aEnded!).toBeLessThan(1_000)
  })

  it('C: a call never awaited, in a test that ends at once', async () => {
    await Promise.resolve()
    callTo(answering({ action: 'HANGUP' }), W).expectAction('ANSWER')
  })

  // Not a pause (the timer globals are on the clock of whichever in-process call is running).
  it('D: an innocent test that runs until A ends, started last', { timeout: 15_000 }, async () => {
    await vi.waitFor(() => expect(aEnded).toBeDefined(), { timeout: 12_000 })
  })
})
