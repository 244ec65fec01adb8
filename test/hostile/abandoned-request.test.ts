/**
 * An in-process app that begins a REST request to the fake vendor API and abandons it mid-body
 * (destroys the request after writing part of its body, or aborts a fetch whose body stream is
 * still open). The fake API knows at once (the request's body read ends "aborted"), but callspec
 * used to wait out the whole of limits.appTimeoutMs (4 s by default) before failing. Now, as after
 * a refused request, the call fails once the app has gone quiet after abandoning it (a short
 * grace), still listing the abandoned request.
 */
import https from 'node:https'
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { contained, failureOf } from './harness.js'

const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

/** The failure's explanation (up to the call's transcript), with the call's id made constant. */
const explanation = (message: string) =>
  message.split('\n\nCall (')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')

const ABANDONED =
  `[callspec] turn 1, expectAction('accept'): the app's next REST request to EnableX after the "incomingcall" event (turn 1) never came: the app abandoned a request mid-body (below), and went quiet after it (no request in flight, no timer, no I/O callspec can see).\n` +
  `The app's requests that came but whose body did not finish, since this call started (the fake vendor API answers a request once its body has ended):\n` +
  `  • PUT https://api.enablex.io/voice/v1/call/{voice_id}/accept: the app abandoned it mid-body (%BYTES% of its body had come)\n` +
  `The request itself came: check how the app sends its body (a stream it never closes, a Content-Length above the bytes it writes, a request it destroys or aborts).`

describe('an app that abandons its REST request mid-body', () => {
  // The file's first call loads the driver and the interception: not part of any time measured here.
  beforeAll(async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
    })
    await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
  })

  it('EnableX, https.request destroyed after part of its body: fails without waiting out limits.appTimeoutMs', async () => {
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      const req = https.request(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization: auth, 'content-length': '1000' } })
      req.on('error', () => {})
      req.write('{"x":', () => req.destroy())
    })
    const error = await contained(1_000, () => failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')))
    expect(explanation(error.message)).toBe(ABANDONED.replace('%BYTES%', '0 bytes'))
  })

  it('EnableX, a fetch aborted while its body stream is open: the same', async () => {
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      const aborting = new AbortController()
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"x":'))
          // Once the fake API has read what came, in real time: an app timer would wait on the
          // call's clock, which the request in flight holds (for the 2 s of traffic.ts's patience).
          realTimers.setTimeout(() => aborting.abort(), 50)
        },
      })
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization: auth }, body, duplex: 'half', signal: aborting.signal } as RequestInit).catch(() => {})
    })
    const error = await contained(1_000, () => failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept')))
    expect(explanation(error.message)).toBe(ABANDONED.replace("%BYTES%", "5 bytes"))
  })
})
