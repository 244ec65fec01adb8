import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}
const closed = (server: Server) => new Promise((resolve) => server.close(resolve))

describe('a URL target that fails to answer says whether anything still listens there', () => {
  it('the app died mid-call: "nothing listens at 127.0.0.1:PORT any more: did the app crash?"', async () => {
    const server = createServer()
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      // The process dies on turn 2: its port closes and the request's connection with it.
      return (res: import('node:http').ServerResponse) => {
        server.close()
        server.closeAllConnections()
        res.socket?.destroy()
      }
    })
    server.on('request', app)
    const port = await listening(server)
    const started = performance.now()
    const error = await failureOf(
      callTo(`http://127.0.0.1:${port}`, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY', { audio: [{ type: 'TTS', text: 'Hi.' }] }),
    )
    expect(performance.now() - started).toBeLessThan(4_000)
    expect(error.message).toContain(
      `[callspec] turn 2, expectAction('PLAY', { audio: [{ type: "TTS", text: "Hi." }] }): no answer to ANSWERED (POST http://127.0.0.1:${port}/): nothing listens at 127.0.0.1:${port} any more: did the app crash? (the connection closed before a response came back)`,
    )
  })

  it('the app is dying, its port still open a moment after the connection dropped: still "did the app crash?"', async () => {
    // A process exiting closes its connections and its listening socket in turn, not at once
    // (measured under load: a crashed app's port still took the probe's connection, and the
    // failure said "the app is up but dropped this request"). Here the port closes 50 ms after.
    const server = createServer()
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      return (res: import('node:http').ServerResponse) => {
        res.socket?.destroy()
        setTimeout(() => {
          server.close()
          server.closeAllConnections()
        }, 50)
      }
    })
    server.on('request', app)
    const port = await listening(server)
    const error = await failureOf(callTo(`http://127.0.0.1:${port}`, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain(`nothing listens at 127.0.0.1:${port} any more: did the app crash? (the connection closed before a response came back)`)
  })

  it('the app dropped one request but is still up: says so', async () => {
    const server = createServer(webexApp(() => (res: import('node:http').ServerResponse) => res.socket?.destroy()))
    const port = await listening(server)
    const error = await failureOf(callTo(`http://127.0.0.1:${port}`, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message).toContain(`(127.0.0.1:${port} still accepts connections: the app is up but dropped this request)`)
    await closed(server)
  })

  it('nothing ever listened there: "is the app running?"', async () => {
    const server = createServer()
    const port = await listening(server)
    await closed(server)
    // By the name localhost, which no other test calls: what callspec remembers answering is kept
    // per origin for the process, and the unit tests share one (isolate: false). By 127.0.0.1, the
    // port the OS picked had once been another test's app that answered: "did the app crash?".
    const error = await failureOf(callTo(`http://localhost:${port}/voice`, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message).toContain(`no answer to ACCEPTED (POST http://localhost:${port}/voice): nothing listens at localhost:${port}: is the app running? (connection refused)`)
  })
})
