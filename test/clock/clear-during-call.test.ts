/**
 * What the app clears while a call holds the clock goes to the clock it was set on: a real timer
 * the app set before the call (at load, or in an earlier test) is cleared for real, a timer set
 * during the call on the call's clock, by its handle or by its number. The clear functions tell
 * Node's own timer objects by their class (fake-timers-install.ts, onFakeClock).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { webexConnectScenario } from '../bench/scenarios/webex-connect.js'

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('clearing timers while a call holds the clock', () => {
  it('clears a real timeout, interval and immediate set before the call, and call-clock timers by handle and by number', async () => {
    const fired: string[] = []
    // Real timers, set before the call; long enough not to fire before the first webhook clears them.
    const before = { timeout: setTimeout(() => fired.push('timeout'), 2_000), interval: setInterval(() => fired.push('interval'), 2_000) }
    let immediate: NodeJS.Immediate | undefined
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      if (!immediate) {
        // Set while the call holds the clock: the call's own, each cleared at once.
        immediate = setImmediate(() => fired.push('call immediate'))
        clearImmediate(immediate)
        const byNumber = setTimeout(() => fired.push('call timeout by number'), 10)
        clearTimeout(Number(byNumber))
        const byHandle = setInterval(() => fired.push('call interval by handle'), 10)
        clearInterval(byHandle)
        clearTimeout(before.timeout)
        clearInterval(before.interval)
      }
      webexConnectScenario.listener(req, res)
    }
    const call = await callTo(listener, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')

    expect(call.print()).not.toContain('still pending when the call ended')
    await realSleep(2_100)
    expect(fired).toEqual([])
  }, 10_000)
})
