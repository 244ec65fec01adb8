/**
 * The end of an in-process call waits for the app to go quiet: turns of the event loop in which
 * nothing new happens. Two calm turns end it when no socket of this process moved a byte in the
 * second and no real immediate is queued after it; otherwise up to three, as before. These tests
 * pin both sides: the two-turn end, and what still gets its turns (a real immediate hopping on,
 * a request of the app's to a server in the test's process on its way over loopback).
 */
import { createServer, request, type Server, type ServerResponse } from 'node:http'
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realTimers } from '../../src/clock/real-timers.js'
import { callTo } from '../../src/index.js'
import { answering, sendAction, tts, webexApp } from '../helpers/webex-apps.js'

/** Turns of the event loop while `run` runs: an unref'ed real immediate queued again at each (one Node does not list, so the count leaves the settling as it is). */
async function turnsDuring(run: () => PromiseLike<unknown>): Promise<number> {
  let turns = 0
  let counting = true
  const count = () => {
    turns++
    if (counting) realTimers.setImmediate(count).unref()
  }
  realTimers.setImmediate(count).unref()
  await run()
  counting = false
  return turns
}

const menuCall = (app: Parameters<typeof callTo>[0]) =>
  callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')

describe("the settling at the end of an in-process call", () => {
  it('takes two turns of the event loop when nothing moved and nothing is queued (three before)', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } })
    await menuCall(app)
    const turns = await turnsDuring(() => menuCall(app))
    expect(turns).toBe(2)
  })

  it("gives a chain of real immediates its turns: work the app does three hops after its last answer is done when the call resolves", async () => {
    // A library's own setImmediate, kept from before the call's clock was installed (real time).
    const { setImmediate: keptImmediate } = realTimers
    let done = false
    const app = answering({ action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } }, (event) => (res: ServerResponse) => {
      sendAction(res, { action: 'HANGUP' })
      if (event.event === 'COLLECTED_DIGITS') keptImmediate(() => keptImmediate(() => keptImmediate(() => (done = true))))
    })
    await menuCall(app)
    expect(done).toBe(true)
  })

  describe("a request of the app's to a server in the test's process, sent after its last answer", () => {
    let stub: Server
    let stubUrl = ''
    beforeAll(async () => {
      stub = createServer((_req, res) => res.end('ok'))
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve))
      stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/log`
    })
    afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())))

    it('has its answer by the time the call resolves', async () => {
      let logged = false
      const app = webexApp((event) => {
        if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
        if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } }
        if (event.event !== 'COLLECTED_DIGITS') return undefined
        return (res: ServerResponse) => {
          sendAction(res, { action: 'HANGUP' })
          // A call log kept over HTTP, on a connection of its own (agent: false): connect, request, answer.
          const req = request(stubUrl, { method: 'POST', agent: false }, (answer) => {
            answer.resume()
            answer.on('end', () => (logged = true))
          })
          req.end('{"call":"done"}')
        }
      })
      await menuCall(app)
      expect(logged).toBe(true)
    })
  })

  describe("an exchange of the app's with a TCP server in the test's process, begun with its last answer", () => {
    const received: string[] = []
    const server = createTcpServer((socket) => {
      socket.on('data', (data) => {
        received.push(String(data))
        if (String(data) === 'hello') socket.write('ack')
      })
    })
    let appSocket: Socket
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      appSocket = connect((server.address() as AddressInfo).port, '127.0.0.1')
      await new Promise((resolve) => appSocket.once('connect', resolve))
    })
    afterAll(async () => {
      appSocket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })

    for (const transport of ['memory', 'tcp'] as const) {
      it(`is over by the time the call resolves (${transport}): the app's hello, the server's ack, neither a request callspec sees`, async () => {
        let acked = false
        const app = answering({ action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } }, (event) => (res: ServerResponse) => {
          if (event.event === 'COLLECTED_DIGITS') {
            appSocket.once('data', () => (acked = true))
            appSocket.write('hello')
          }
          sendAction(res, { action: 'HANGUP' })
        })
        await callTo(app, { platform: 'webex-connect', warnings: 'silent', transport }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
        expect(received.at(-1)).toBe('hello')
        expect(acked).toBe(true)
      })
    }
  })
})
