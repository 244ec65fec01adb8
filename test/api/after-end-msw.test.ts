import https from 'node:https'
import { BatchInterceptor } from '@mswjs/interceptors'
import { ClientRequestInterceptor } from '@mswjs/interceptors/ClientRequest'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp, tts } from '../drivers/enablex/apps.js'

/** The test's own msw (setupServer() is these interceptors) answers a vendor host after the call, before callspec's after-end answer. */
const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

const viaFetch = (id: string) =>
  fetch(`https://api.enablex.io/voice/v1/call/${id}/play`, { method: 'PUT', headers: { authorization: auth }, body: JSON.stringify(tts('ghost')) }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }))
const viaHttps = (id: string) =>
  new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = https.request(`https://api.enablex.io/voice/v1/call/${id}/play`, { method: 'PUT', headers: { authorization: auth } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end(JSON.stringify(tts('ghost')))
  })

it("the test's own msw mock of the vendor host answers the app's late request, as before", async () => {
  for (const client of [viaFetch, viaHttps]) {
    // Set up before the call, as setupServer().listen() in a beforeAll: callspec's interception goes over it during the call.
    const theirs = new BatchInterceptor({ name: 'test-msw', interceptors: [new FetchInterceptor(), new ClientRequestInterceptor()] })
    theirs.on('request', ({ request, controller }) => {
      if (request.url.startsWith('https://api.enablex.io/')) controller.respondWith(Response.json({ theirs: true }, { status: 202 }))
    })
    theirs.apply()
    try {
      let settle!: (answer: unknown) => void
      const afterEnd = new Promise((resolve) => (settle = resolve))
      const app = enablexApp(async (event, api) => {
        if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
        if (event.state === 'connected') return api.call('PUT', `/call/${event.voice_id}/play`, tts('Goodbye.', { prompt_ref: 'bye' }))
        if (event.playstate !== 'playfinished') return
        await api.call('DELETE', `/call/${event.voice_id}`)
        setTimeout(() => client(event.voice_id).then(settle, (error: unknown) => settle({ error: String(error) })), 50)
      })
      await callTo(app, { platform: 'enablex', vendor: { appId: 'app-id', appKey: 'app-key' } }).expectAction('accept').expectAction('play').expectAction('hangup')
      expect(await afterEnd, client.name).toEqual({ status: 202, body: { theirs: true } })
    } finally {
      theirs.dispose()
    }
  }
})
