/**
 * An EnableX app whose incomingcall handler accepts, then waits for `connected` before answering
 * (an SDK-style accept() that resolves once the call is up). callspec sends webhooks one at a time,
 * so `connected` waits behind that answer: the call cannot go on. It failed after the whole real
 * wait (7 s) as "the app never answered", hinting that a branch returns without answering
 * (helper-136 finding 5); it now fails within a second, saying what held what.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

const AUTH = `Basic ${Buffer.from('my-app-id:my-app-key').toString('base64')}`
const enablex = (method: string, path: string) => fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: AUTH } })

function sdkStyleApp() {
  const connected = new Map<string, () => void>()
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', async () => {
      const { voice_id: id, state } = JSON.parse(body) as { voice_id: string; state?: string }
      if (state === 'incomingcall') {
        const up = new Promise<void>((resolve) => connected.set(id, resolve))
        await enablex('PUT', `/call/${id}/accept`)
        await up
        return void res.end()
      }
      res.end()
      if (state === 'connected') connected.get(id)?.()
    })
  }
}

describe("an app that holds its answer to incomingcall until connected", () => {
  it('fails in a second or two, saying connected waits behind that answer', async () => {
    const started = performance.now()
    const failure = await failureOf(callTo(sdkStyleApp(), { platform: 'enablex' }).expectAction('accept').hangUp())
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(failure.message).toContain(
      "[callspec] turn 1, expectAction('accept'): no answer to incomingcall (POST http://app.callspec.local/event): the app holds its answer to incomingcall with nothing of its own pending (no timer, no request in flight, no I/O callspec can see), while the platform's next event (connected) is due. " +
        "callspec sends the platform's webhooks one at a time, each once the app has answered the one before, so connected waits behind this answer and the call cannot go on. " +
        'If the app waits for connected before answering incomingcall, answer incomingcall first and act after.',
    )
    expect(failure.message).not.toContain('does a branch of the handler return without answering')
  })
})
