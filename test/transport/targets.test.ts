import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

const hangupApp = () => answering({ action: 'PLAY', audio: [tts('Goodbye.')] })

const run = (target: Parameters<typeof callTo>[0]) =>
  callTo(target, { platform: 'webex-connect', webhookPath: '/voice' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')

describe('callTo() reaches the app however it is given', () => {
  it('a Node request listener (Express, Koa callback)', async () => {
    const call = await run(hangupApp())
    expect(call).toHavePlayed('Goodbye.')
  })

  it('an http.Server that is not listening yet: callspec listens and closes it', async () => {
    const server = createServer(hangupApp())
    await run(server)
    expect(server.listening).toBe(false)
  })

  it('an http.Server that already listens: used as it is and left open', async () => {
    const server = createServer(hangupApp())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    await run(server)
    expect(server.listening).toBe(true)
    await new Promise((r) => server.close(r))
  })

  it('a fetch-style app (Hono)', async () => {
    const app = new Hono()
    const paths: string[] = []
    app.post('/voice', async (c) => {
      paths.push(new URL(c.req.url).pathname)
      const event = await c.req.json<{ event: string }>()
      if (event.event === 'ACCEPTED') return c.json({ action: 'ANSWER' })
      if (event.event === 'ANSWERED') return c.json({ action: 'PLAY', audio: [tts('Hello from Hono.')] })
      if (event.event === 'PLAYED') return c.json({ action: 'HANGUP' })
      return c.body(null, 200)
    })
    const call = await run(app)
    expect(call).toHavePlayed('Hello from Hono.')
    expect(paths[0]).toBe('/voice')
  })

  it('a base URL of a server running anywhere (here: another server in this process)', async () => {
    const server = createServer(hangupApp())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const call = await callTo(`http://127.0.0.1:${port}/voice`, { platform: 'webex-connect' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectAction('HANGUP')
    expect(call.transcript.entries[0]).toMatchObject({ request: { url: `http://127.0.0.1:${port}/voice` } })
    await new Promise((r) => server.close(r))
  })

  it('misuse says what to pass instead', () => {
    expect(() => callTo(3000 as never, { platform: 'webex-connect' })).toThrow(
      "[callspec] callTo() needs an app or a base URL, got number. Did you pass the port instead of `http://127.0.0.1:3000`?",
    )
    expect(() => callTo('localhost:3000', { platform: 'webex-connect' })).toThrow(/is not an http\(s\) URL/)
    expect(() => callTo(hangupApp(), { platform: 'twilio' as never })).toThrow(/needs \{ platform \}, one of: 'webex-connect'/)
  })
})
