/**
 * When the app can reach the platform only through its answers to webhooks (no platform API in
 * play), callspec does not wait for it to go quiet mid-call: only before the flow resolves. Where
 * an API is in play, it waits before every move of time, as docs/time.md says. Observed through
 * an app clock that counts the waits, on real calls over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import type { AppClock } from '../../src/clock/app-clock.js'
import { startPlatform } from '../../src/index.js'
import { webexConnectScenario } from '../bench/scenarios/webex-connect.js'

/**
 * An app clock with no timers of its own that counts how often callspec waits for the app to go
 * quiet before it moves on (a wait raced against a webhook's answer passes `stop` and is not one).
 */
function countingClock(): AppClock & { waits: number } {
  return {
    kind: 'in-process',
    waits: 0,
    start: async () => {},
    next: async () => undefined,
    fire: async () => [],
    async quiet(stop?: () => boolean) {
      if (!stop) this.waits++
    },
    stop: async () => {},
  }
}

/** Answer, a one-key menu, hang up: the bench's minimal Webex Connect app. */
const webexApp = webexConnectScenario.listener

const flow = (options: { api?: Awaited<ReturnType<typeof startPlatform>> }, clock: AppClock) =>
  callTo(webexApp, { platform: 'webex-connect', appClock: clock, ...options }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')

describe('waiting for the app to go quiet', () => {
  it('answers only: once, after the last webhooks, when the app ended the call, however many times time moved', async () => {
    const clock = countingClock()
    const call = await flow({}, clock)
    expect(call.transcript.entries.filter((e) => e.kind === 'event').length).toBeGreaterThanOrEqual(4)
    expect(clock.waits).toBe(1)
  })

  it('answers only, the call live when the test stops: before the caller hangs up, and after the last webhooks', async () => {
    const clock = countingClock()
    const call = await callTo(webexApp, { platform: 'webex-connect', appClock: clock }).expectAction('ANSWER').expectAction('PLAY')
    expect(call.transcript.end?.by).toBe('caller')
    expect(clock.waits).toBe(2)
  })

  it('with a platform API in play: before every move of time and every caller input as well', async () => {
    const platform = await startPlatform('webex-connect')
    try {
      const clock = countingClock()
      await flow({ api: platform }, clock)
      expect(clock.waits).toBeGreaterThanOrEqual(5)
    } finally {
      await platform.close()
    }
  })
})
