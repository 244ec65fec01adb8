import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { accepting, enablexApp, tts } from './apps.js'

const menu = tts('Press 1.', { dtmf: true, prompt_ref: 'menu' })
const LIMITS = { appTimeoutMs: 300 }
const BODY = (fields: string) => new RegExp(`\\n\\{"voice_id":"[^"]+",${fields},"timestamp":"[^"]+"\\}\\n`)

/** When callspec gives up waiting for the app's next request, it shows the last event's body (helper-21 item 7). */
describe('an app that ignores an event: the failure shows the event it was sent', () => {
  it('shows the body of a digitcollected the app checked in state, and says the name is in playstate', async () => {
    const app = accepting(menu, (event, api) => (event.state === 'digitcollected' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined))
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: LIMITS }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup'))
    expect(error.message).toContain('for the app\'s next REST request to EnableX after the "digitcollected" event (turn 4), and it never came.\nThe last event the app was sent (turn 4):\n')
    expect(error.message).toMatch(BODY('"from":"14155550100","to":"14155550199","playstate":"digitcollected","digit":"1","digits":"1","prompt_ref":"menu"'))
    expect(error.message).toContain('EnableX names it in playstate: "digitcollected" (it has no state); an app that checks another field or spelling ignores it.\n')
  })

  it('shows the incomingcall an app checked as IncomingCall, after saying the call still rings', async () => {
    const app = enablexApp((event, api) => (event.state === 'IncomingCall' ? api.call('PUT', `/call/${event.voice_id}/accept`) : undefined))
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: LIMITS }).expectAction('accept'))
    expect(error.message).toMatch(/where calls arrive connected\)\.\nThe last event the app was sent \(turn 1\):\n/)
    expect(error.message).toMatch(BODY('"state":"incomingcall","from":"14155550100","to":"14155550199","channel_id":"[^"]+"'))
    expect(error.message).toContain('EnableX names it in state: "incomingcall"; an app that checks another field or spelling ignores it.\n')
  })
})

/** EnableX's sources name a menu's keys `digit` (API reference, sample) and `digits` (IVR guide) (helper-21 item 6). */
describe('the field a menu result carries its keys in', () => {
  it('sends digitcollected with both digit and digits, so an app reading the IVR guide\'s digits works', async () => {
    const app = accepting(menu, (event, api) => (event.playstate === 'digitcollected' && event.digits === '1' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    expect(app.seen[3]).toMatchObject({ playstate: 'digitcollected', digit: '1', digits: '1' })
  })

  it('sends dtmfcollected with digit only, and a failure after it says so', async () => {
    const app = enablexApp(async (event, api) => {
      const id = event.voice_id
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${id}/accept`)
      if (event.state === 'connected') return api.call('PUT', `/call/${id}/connect`, { from: '14155550199', to: '14155550142' })
      if (event.state === 'dtmfcollected' && event.digits === '5') return api.call('DELETE', `/call/${id}`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: LIMITS }).expectAction('accept').expectAction('connect').pressDigits('5').expectAction('hangup'))
    expect(error.message).toMatch(BODY('"state":"dtmfcollected","digit":"5"'))
    expect(error.message).toContain("Its keys are in digit only: the IVR guide's digits is a menu's field (digitcollected); EnableX shows only digit here.")
  })
})
