/**
 * A vendor host written fully qualified, with its trailing dot (`https://api.enablex.io.`), is the
 * same host to DNS and to the vendor. The interceptor looked it up as written: an intercepted
 * EnableX call's requests to it matched no vendor host, went around the fake API to the network
 * with the app's credentials, and the call failed on "check the API base URL" (audit h208:
 * ENOTFOUND here, the real vendor wherever DNS resolves).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp } from '../drivers/enablex/apps.js'

describe('a vendor host written with its trailing dot', () => {
  it("is answered by the call's fake API, as the host it names", async () => {
    const app = enablexApp(
      async (event, rest) => {
        if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
        if (event.state === 'connected') await rest.call('PUT', `/call/${event.voice_id}/play`, { text: 'Hello.', voice: 'female', language: 'en-US' })
      },
      { base: () => 'https://api.enablex.io.' },
    )
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { text: 'Hello.' }).hangUp()
    expect(call.actions.map((a) => a.name)).toEqual(['accept', 'play'])
  })
})
