import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { accepting, enablexApp, tts, type EnableXEvent } from './apps.js'

const events = (seen: EnableXEvent[]) => seen.map((e) => e.playstate ?? e.state)

/**
 * The caller hanging up (a hangUp() step, or the end of the test) comes after what the platform
 * had due at that instant: `connected` after an accept, a recording's `started`. Those events went
 * out after `disconnected` (helper-21), and an app that played on `connected` got a 404.
 */
describe('events keep their order when the caller hangs up', () => {
  it('sends connected before disconnected when the test ends right after the accept', async () => {
    const app = accepting(tts('Hello.'))
    const call = await callTo(app, { platform: 'enablex', unconsumed: 'ignore' }).expectAction('accept')
    expect(call.events).toEqual(['incomingcall', 'connected', 'disconnected'])
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'disconnected'])
    // The app's play on connected is taken: the call was connected when it came.
    expect(app.answers.map((a) => a.status)).toEqual([200, 200])
    expect(call.warnings).toEqual([])
  })

  it('sends a recording started before its completed and the call disconnected', async () => {
    const app = enablexApp(async (event, api) => {
      const id = event.voice_id
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${id}/accept`)
      if (event.state === 'connected') return api.call('PUT', `/call/${id}/connect`, { from: '14155550199', to: '14155550142' })
      if (event.state === 'bridged') return api.call('PUT', `/call/${id}/recording`, { start: true })
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('recording').hangUp()
    expect(call.events).toEqual(['incomingcall', 'connected', 'bridging', 'bridged', 'started', 'completed', 'disconnected'])
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'bridging', 'bridged', 'started', 'completed', 'disconnected'])
  })
})
