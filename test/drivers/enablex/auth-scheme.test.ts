import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

/**
 * An accept sent with another auth scheme than Basic (`Authorization: Bearer <key>`, as Webex
 * Connect and 8x8 take it). The 401 said "Unauthorized: invalid APP_ID or APP_KEY", sending the
 * app's author to check credentials that were never read (helper-187): its msg now names the
 * scheme it got and the one EnableX takes.
 */
describe('EnableX: an accept sent with Bearer authentication', () => {
  it('fails with a 401 whose msg names the scheme sent and the one EnableX takes', async () => {
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization: 'Bearer my-app-key' } })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept'))
    expect(error.message.split('\n')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')).toBe(
      `[callspec] turn 1, expectAction('accept'): EnableX refused the app's PUT /voice/v1/call/{voice_id}/accept: HTTP 401 (Basic auth with APP_ID:APP_KEY): its Authorization header is not Basic credentials ("Bearer …"): EnableX takes Authorization: Basic base64(APP_ID:APP_KEY) (rule enablex/credentials).`,
    )
    expect(error.message).toContain(
      `"result":401,"msg":"Unauthorized: not Basic authentication (callspec: the request sent \\"Bearer …\\"; EnableX takes Authorization: Basic base64(APP_ID:APP_KEY))"`,
    )
    // The rule the 401 is by, enablex/credentials, with its source under the headline (it named none: h203).
    expect(error.message.split('\n')[1]).toBe("Rule enablex/credentials: EnableX docs: Voice API overview, Authorization: Basic base64(APP_ID:APP_KEY) (the 401 and its msg are callspec's).")
    expect(error.message).not.toContain('my-app-key')
  })
})
