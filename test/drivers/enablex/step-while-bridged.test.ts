import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

/**
 * A step that waits for more while the caller talks to a party the app connected them to (newcomer
 * audit helper-180: `.expectAction('connect').say('hello agent')`). Nothing of the app's is due, so
 * the call goes on until one of them hangs up: the failure says that, names the party and the step
 * that ends the test there, as a Webex Connect PATCH's does. Before, it blamed the app: "the app's
 * next REST request to EnableX after the "bridged" event … never came … an app that checks
 * another field or spelling ignores it".
 */
/** Accepts, connects the caller to `to`, and with `recording` starts a recording under that name once bridged. */
const agentApp = (to = '14155550142', recording?: string) =>
  enablexApp(async (event, rest) => {
    const id = event.voice_id
    if (event.state === 'incomingcall') await rest.call('PUT', `/call/${id}/accept`)
    if (event.state === 'connected') await rest.call('PUT', `/call/${id}/connect`, { from: '14155550199', to })
    if (event.state === 'bridged' && recording) await rest.call('PUT', `/call/${id}/recording`, { start: true, recording_name: recording })
  })

const connected = /^\[callspec\] turn 4, say\("hello agent"\): the platform never listened for speech: the caller is connected to \+14155550142, and the call goes on until one of them hangs up \(nothing else is scheduled\)\. To end the test there, let the conversation last with \.staySilent\(ms\) instead of this step/

describe('EnableX: a step waiting while the caller is bridged', () => {
  it('say() on a bridged call says the caller is connected, not that the app sent nothing', async () => {
    const error = await failureOf(callTo(agentApp(), { platform: 'enablex' }).expectAction('accept').expectAction('connect').staySilent(5000).say('hello agent'))
    expect(error.message).toMatch(connected)
    expect(error.message).not.toContain('never came')
    expect(error.message).not.toContain('ignores it')
  })

  it('expectHangup() on a bridged call says the same of the app', async () => {
    const error = await failureOf(callTo(agentApp(), { platform: 'enablex' }).expectAction('accept').expectAction('connect').staySilent(5000).expectHangup())
    expect(error.message.split('\n')[0]).toMatch(/the app neither hung up nor did anything else: the caller is connected to \+14155550142, and the call goes on until one of them hangs up/)
  })

  it('a request the app does send while bridged is still waited for', async () => {
    const app = agentApp('14155550142', 'agent-1')
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('recording').staySilent(1000)
    expect(call.events).toContain('started')
  })
})

describe('EnableX: after a recording on the bridge has started', () => {
  it('say() says the caller is connected, not that the app ignored the started event', async () => {
    const app = agentApp('14155550777', 'vm-1')
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('recording').say('please call me back'))
    expect(error.message.split('\n')[0]).toMatch(/say\("please call me back"\): the platform never listened for speech: the caller is connected to \+14155550777/)
  })
})
