import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'

/**
 * In process, a request body that never ends is bounded as startPlatform() bounds it: answered
 * 408 ten seconds after the request came, and listed by the call that waited for it. (A file of
 * its own: a body left unfinished by another test's call would be answered 408 during this one.)
 */

const enablexAuth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
const neverEnding = () => new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"callflow":')) })
const explanation = (message: string) => message.split('\n\nCall (')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')

describe('in process: the bound startPlatform() has', () => {
  it('EnableX: a body that never ends is answered 408 ten seconds after the request came', { timeout: 30_000 }, async () => {
    let answer: unknown
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      const res = await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization: enablexAuth }, body: neverEnding(), duplex: 'half' } as RequestInit)
      answer = { status: res.status, body: await res.json() }
    })
    const started = performance.now()
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 11_000 } }).expectAction('accept'))
    const unfinished = `{"error":"request body did not finish within 10000 ms of the request (12 bytes came); callspec's fake API stopped waiting for it"}`
    // The wait ends at the refusal or at its bound, whichever the app's quiet lets come first: the list is the same.
    expect(explanation(error.message)).toContain(
      `\nWhat the fake vendor API received instead, since this call started:\n` +
        `  • PUT https://api.enablex.io/voice/v1/call/{voice_id}/accept → HTTP 408 ${unfinished} (its body did not finish; the platform documents no such wait: this 408 and its body are callspec's)\n` +
        `Check how the app sends its request bodies: callspec's fake API reads one of at most 5242880 bytes by default, and waits 10 s at most for it to end (startPlatform() options maxBodyBytes and bodyTimeoutMs).`,
    )
    expect(answer).toEqual({ status: 408, body: JSON.parse(unfinished) })
    expect(performance.now() - started).toBeGreaterThan(10_000)
  })
})
