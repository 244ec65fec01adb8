/**
 * audit-81 finding 5: an app by URL that calls the fake API (startPlatform) after its call ended
 * got no notice, where an app in this process gets a console warning (after-end.test.ts). Now the
 * fake API server warns too, once, for a request on a call that no call in progress took. Driven
 * over real HTTP: the app by URL, its REST requests to the loopback fake API.
 */
import { once } from 'node:events'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../src/index.js'

let platform: PlatformServer
let server: Server
const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
const say = (text: string) => ({ text, voice: 'female', language: 'en-US' })
let settle!: (status: number) => void
const afterEnd = new Promise<number>((resolve) => (settle = resolve))

/** A REST request to the fake API, as an app in another process sends it; resolves with the status. */
const api = (method: string, path: string, body?: unknown) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${platform.url}/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })

beforeAll(async () => {
  platform = await startPlatform('enablex')
  // Accepts, plays, hangs up; 100 ms after it hears the call ended, plays once more.
  server = createServer((req, res) => {
    let text = ''
    req.on('data', (c) => (text += c))
    req.on('end', () => {
      res.end()
      const event = JSON.parse(text) as { voice_id: string; state?: string; playstate?: string }
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') void api('PUT', `${call}/accept`)
      if (event.state === 'connected') void api('PUT', `${call}/play`, { ...say('Goodbye.'), prompt_ref: 'bye' })
      if (event.playstate === 'playfinished') void api('DELETE', call)
      if (event.state === 'disconnected') setTimeout(() => void api('PUT', `${call}/play`, say('too late')).then(settle), 100)
    })
  }).listen(0, '127.0.0.1')
  await once(server, 'listening')
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await platform.close()
})

it('a request after the call ended is answered as before, and warned of once, as in process', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/event`
    await callTo(url, { platform: 'enablex', api: platform, warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(warn).not.toHaveBeenCalled()
    expect(await afterEnd).toBe(404)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(
      new RegExp(
        `^\\[callspec\\] the app sent PUT ${platform.url}/voice/v1/call/[^/]+/play about a call no call in progress has \\(its call had ended, or the id is wrong\\)\\. ` +
          `callspec's fake API answered it HTTP 404 \\{.*\\}\\. No call took it, so nothing failed on it: check what the app does after the call ends \\(a timer, a late clean-up\\)\\. Later requests like it are answered alike, without this notice\\.$`,
      ),
    )
  } finally {
    warn.mockRestore()
  }
})
