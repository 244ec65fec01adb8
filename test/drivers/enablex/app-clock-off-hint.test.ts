import { describe, expect, it, onTestFinished } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

/** audit-86: a wait for the app's next request that its own real-time timer outlasts said nothing of its timers. */
describe('an in-process app with appClock: false whose own timer outlasts the wait', () => {
  it('says its timers run in real time with appClock: false, and to raise the limit or leave the clock on', async () => {
    // The real-time timer outlives the call: cleared at the test's end, so its accept never lands in a later test's call.
    const timers: NodeJS.Timeout[] = []
    onTestFinished(() => timers.forEach(clearTimeout))
    const app = enablexApp((event, api) => {
      if (event.state === 'incomingcall') timers.push(setTimeout(() => void api.call('PUT', `/call/${event.voice_id}/accept`).catch(() => {}), 800))
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', appClock: false, limits: { appTimeoutMs: 300 } }).expectAction('accept'))
    expect(error.message).toContain(
      "and it never came. With appClock: false the app's own timers run in real time: if it waits that long on purpose (a delay, a poll), raise limits.appTimeoutMs, or leave appClock on so they follow the call's clock.\n",
    )
  })

  it('with the app clock on, the same app is accepted at virtual +0.8 s, and no such hint is needed', async () => {
    const app = enablexApp((event, api) => {
      if (event.state === 'incomingcall') setTimeout(() => void api.call('PUT', `/call/${event.voice_id}/accept`).catch(() => {}), 800)
      if (event.state === 'connected') return api.call('DELETE', `/call/${event.voice_id}`)
    })
    const call = await callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('hangup')
    expect(call.print()).toMatch(/0\.8s .*accept/)
  })
})
