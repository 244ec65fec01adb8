import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

/**
 * expectAction() while the caller is bridged waits for a request of the app's: the docs' voicemail
 * box starts its recording on the `bridged` event. An app that missed that event (it checks
 * `'Bridged'`) failed as "the caller is connected to …, and the call goes on until one of them
 * hangs up … let the conversation last with .staySilent(ms) instead of this step": advice to drop
 * the expectation, with nothing of the event the app was to act on (audit h181). say() and
 * expectHangup() on a bridged call keep that wording (step-while-bridged.test.ts).
 */
const missesBridged = () =>
  enablexApp(async (event, rest) => {
    const id = event.voice_id
    if (event.state === 'incomingcall') await rest.call('PUT', `/call/${id}/accept`)
    if (event.state === 'connected') await rest.call('PUT', `/call/${id}/connect`, { from: '14155550199', to: '14155550777' })
    if (event.state === 'Bridged') await rest.call('PUT', `/call/${id}/recording`, { start: true, recording_name: 'vm-1' })
  })

describe('EnableX: expectAction() while the caller is bridged', () => {
  it('an app that missed the bridged event is told of that event, not to drop the step', async () => {
    // A 10 s limit and room for it: with vitest's 5 s the limit was fitted to the time left (2.7 s
    // when the file loaded slowly), under twice the quiet grace, and waited out whole.
    const error = await failureOf(callTo(missesBridged(), { platform: 'enablex', limits: { appTimeoutMs: 10_000 } }).expectAction('accept').expectAction('connect').expectAction('recording'))
    expect(error.message.split('\n')[0]).toMatch(/^\[callspec\] turn 4, expectAction\('recording'\): the app's next REST request to EnableX after the "bridged" event \(turn 4\) never came: the app answered the "bridged" event with HTTP 200 and sent no request after it, then went quiet \(no request in flight, no timer, no I\/O callspec can see\)\.$/)
    expect(error.message).toContain('EnableX names it in state: "bridged"; an app that checks another field or spelling ignores it.')
    expect(error.message).toMatch(/\nThe step waited for the app's recording request, PUT \/voice\/v1\/call\/[^/]+\/recording\.\n/)
    expect(error.message).not.toContain('instead of this step')
  }, 15_000)
})
