import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'
import { enablexApp, tts } from '../drivers/enablex/apps.js'

/**
 * An EnableX app's request about its call after that call ended (an earlier test's app still at
 * work), arriving while a Webex Connect call is in progress: no EnableX call is, so callspec
 * answers it on the host it keeps off the network, as about a call that no longer exists. It is
 * that ended call's, listed apart in the Webex call's failure, never as what the fake API received
 * "instead" of the Webex app's own request. Seen in a whole-suite run (Node 24): a late DELETE from
 * another file's EnableX app, listed among the Webex make-call test's refusals (which the headline
 * counts as the app's request refused), and as sent to a host callspec does not answer (the network).
 */
const API = 'https://api.us.webexconnect.io/v1/voice/calls'
const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

describe("an ended EnableX call's late request during a Webex Connect call", () => {
  it('is listed apart as about a call that had ended, not as a refusal of the Webex app', async () => {
    let voiceId = ''
    const enablex = enablexApp(async (event, api) => {
      voiceId = event.voice_id
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') return api.call('PUT', `/call/${event.voice_id}/play`, tts('Goodbye.', { prompt_ref: 'bye' }))
      if (event.playstate === 'playfinished') return api.call('DELETE', `/call/${event.voice_id}`)
    })
    await callTo(enablex, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('hangup')

    const late: number[] = []
    const place = async () => {
      // The EnableX app's late hang-up, then the Webex app's make-call sent as GET (a refusal of its own).
      late.push((await fetch(`https://api.enablex.io/voice/v1/call/${voiceId}`, { method: 'DELETE', headers: { authorization: auth } })).status)
      await (await fetch(API, { headers: { authorization: 'ServiceKey' } })).text()
    }
    const error = await failureOf(callTo(webexApp(() => ({ action: 'HANGUP' })), { platform: 'webex-connect', warnings: 'silent' }).startedBy(place).expectAction('HANGUP'))
    expect(late).toEqual([404])
    const message = error.message.split('\n\nCall (')[0]!
    const instead = message.slice(message.indexOf('What the fake vendor API received instead'), message.indexOf('The fake vendor API also received'))
    expect(instead).toContain(`GET ${API} → HTTP 405`)
    expect(instead).not.toContain('api.enablex.io')
    // callspec answered it: it did not go to the network.
    expect(message).not.toContain("hosts callspec does not answer")
    expect(message).toContain(
      `The fake vendor API also received requests about calls that had already ended, since this call started (not this call's):\n` +
        `  • DELETE https://api.enablex.io/voice/v1/call/${voiceId} → HTTP 404`,
    )
  })
})
