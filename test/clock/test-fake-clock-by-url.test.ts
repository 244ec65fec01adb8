/**
 * A test that turned on vi.useFakeTimers() and reaches an app of its own process by URL: the app's
 * 1 s pause is pending on the test's fake clock, which nothing advances while callspec waits
 * (callspec drives it only for an app passed itself). The failure said "the app never answered",
 * nothing more (helper-136 finding 13); it now says what holds the answer.
 */
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** Answers ANSWERED after a 1 s pause on whatever clock `setTimeout` is. */
const pausingApp = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return (res: ServerResponse) => void setTimeout(() => res.setHeader('content-type', 'application/json').end(JSON.stringify({ action: 'PLAY', audio: [tts('Hello.')] })), 1_000)
    return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
  })

afterEach(() => {
  vi.useRealTimers()
})

describe("an app of this process reached by URL, its pause on the test's fake clock", () => {
  it('fails saying the test clock holds a timer and how to drive it', async () => {
    vi.useFakeTimers()
    const server = createServer(pausingApp()).listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const failure = await failureOf(callTo(url, { platform: 'webex-connect', limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER').expectAction('PLAY'))
      expect(failure.message).toContain("expectAction('PLAY'): no answer to ANSWERED")
      // Its count holds the app's pause and whatever else of the process's set a timer on that clock.
      expect(failure.message).toMatch(
        /\nHint: the test's own fake clock \(vi\.useFakeTimers\(\)\) has timers pending \(\d+\), and nothing advances it while callspec waits\. An app of this process reached by URL runs its timers there; callspec drives that clock only for an app passed itself: callTo\(app, …\) instead of its URL, or real timers for this test\./,
      )
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
