import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { VALID } from '../drivers/8x8/cases.js'
import { eightByEightApp, hangup } from '../drivers/8x8/apps.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { reminderFailure } from './voxology-reminder.js'

/**
 * A request body the app compressed (`Content-Encoding: gzip`, `deflate`, `br`). No vendor callspec
 * plays documents taking one. Refused as not JSON, it failed the call under the vendor's documented
 * invalid-JSON rule (8x8/invalid-json, webex-connect/invalid-json) or as callspec's refusal, for a
 * point no vendor made (helper-205). The fake APIs now decode it, as the servers in front of such an
 * API plausibly do, and warn under `<platform>/compressed-body` (inferred); strict refuses it 415,
 * callspec's answer. Bytes that do not decode are refused naming the encoding; a body that inflates
 * past the cap is refused 413, never inflated whole. A coding callspec does not decode (`zstd`) is
 * read as sent, and refused naming it (helper-187).
 */

const enablexAuth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
const PLAY = JSON.stringify({ text: 'Hello', voice: 'female', language: 'en-US' })
const AUTH8 = { authorization: 'Bearer key_test', 'content-type': 'application/json' }
const PATH8 = '/api/v1/subaccounts/acme_voice/callflows'

/** The failure up to the call's transcript, the call's id and the server's port made constant. */
const explanation = (message: string) =>
  message
    .split('\n\nCall (')[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:{port}')

/** What each warning says after "the body came compressed (Content-Encoding: …)". */
const decoded = (vendor: string, encoding: string, rule: string) =>
  `the body came compressed (Content-Encoding: ${encoding}), and ${vendor} documents no compressed request body; callspec decoded it and read it as sent uncompressed, as the servers in front of such an API plausibly do (callspec's inference: the platform may refuse it instead; send it uncompressed to be sure) (rule ${rule}, inferred)`

/** An EnableX app that accepts, then sends its play as `send` writes it to `base`. */
const enablexPlayer = (base: () => string, encoding: string, body: Uint8Array) =>
  enablexApp(async (event, rest) => {
    if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state !== 'connected') return
    await fetch(`${base()}/voice/v1/call/${event.voice_id}/play`, {
      method: 'PUT',
      headers: { authorization: enablexAuth, 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    })
  }, { base })

describe('by URL (startPlatform): a compressed body is decoded, with a warning of the rule callspec inferred', () => {
  const platforms: PlatformServer[] = []
  afterAll(() => Promise.all(platforms.map((p) => p.close())))
  const serve = async (name: Parameters<typeof startPlatform>[0]) => {
    const platform = await startPlatform(name)
    platforms.push(platform)
    return platform
  }

  it('8x8: a gzip Send Callflow runs (it failed under 8x8/invalid-json, the docs’ -1001)', async () => {
    const platform = await serve('8x8')
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    const place = () => fetch(`${platform.url}${PATH8}`, { method: 'POST', headers: { ...AUTH8, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(VALID)) })
    const call = await callTo(listener, { platform: '8x8', api: platform, warnings: 'silent' }).startedBy(place).expectAction('makeCall').expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([`the app's Send Callflow request: ${decoded('8x8', 'gzip', '8x8/compressed-body')}`])
  })

  it('8x8 under strict: refused 415, the failure led by callspec’s inference', async () => {
    const platform = await serve('8x8')
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    const place = () => fetch(`${platform.url}${PATH8}`, { method: 'POST', headers: { ...AUTH8, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(VALID)) })
    const error = await failureOf(callTo(listener, { platform: '8x8', api: platform, strict: true }).startedBy(place).expectAction('makeCall'))
    const said = explanation(error.message)
    expect(said).toContain(
      `[callspec] expectAction('makeCall'): callspec refused the app's Send Callflow request by a rule it inferred, not one 8x8 documents: 8x8/compressed-body, at error under strict: true (rules: { '8x8/compressed-body': 'warn' } warns instead, 'off' ignores it): HTTP 415 {"sessionStatus":"NOT_CREATED","callFlowRequestId":"{voice_id}","statusCode":415,"statusMessage":"Unsupported Content-Encoding: send the request body uncompressed"} (the refusal and this answer are callspec's inference: 8x8 does not document refusing this callflow)\n` +
        '✖ the body came compressed (Content-Encoding: gzip), and 8x8 documents no compressed request body\n',
    )
    expect(said).not.toContain('-1001')
  })

  it('EnableX: a gzip play plays', async () => {
    const platform = await serve('enablex')
    const app = enablexPlayer(() => platform.url, 'gzip', gzipSync(PLAY))
    const call = await callTo(app, { platform: 'enablex', api: platform, warnings: 'silent' }).expectAction('accept').expectAction('play', { text: 'Hello' })
    expect(call.warnings.map(explanation)).toEqual([`turn 2: the app's play request (PUT /voice/v1/call/{voice_id}/play): ${decoded('EnableX', 'gzip', 'enablex/compressed-body')}`])
  })

  it('EnableX: a body sent plain under Content-Encoding: gzip fails naming the encoding, not as "not JSON"', async () => {
    const platform = await serve('enablex')
    const app = enablexPlayer(() => platform.url, 'gzip', Buffer.from(PLAY))
    const error = await failureOf(callTo(app, { platform: 'enablex', api: platform, limits: { appTimeoutMs: 1_000 } }).expectAction('accept').expectAction('play'))
    expect(explanation(error.message)).toContain(
      `  • PUT http://127.0.0.1:{port}/voice/v1/call/{voice_id}/play → HTTP 400 {"error":"request body could not be decoded as Content-Encoding: gzip (incorrect header check); callspec's fake API decodes a compressed body before reading it as JSON, and this one is not gzip data"} (its body did not decode as gzip; the platform documents no compressed request body: this 400 and its body are callspec's)\n` +
        `Check how the app compresses its request bodies: the bytes are not in the coding its Content-Encoding header names (or send the body uncompressed, with no Content-Encoding header).`,
    )
    expect(error.message).not.toContain('not JSON')
  })

  it('EnableX: a gzip body that inflates past the cap is refused 413, unread past it', async () => {
    const platform = await serve('enablex')
    // 6 MB of JSON, a few KB sent: the decoded size is held to the 5 MB cap as a plain body's is.
    const bomb = gzipSync(JSON.stringify({ text: 'x'.repeat(6 * 1024 * 1024) }))
    expect(bomb.length).toBeLessThan(64 * 1024)
    const app = enablexPlayer(() => platform.url, 'gzip', bomb)
    const error = await failureOf(callTo(app, { platform: 'enablex', api: platform, limits: { appTimeoutMs: 1_000 } }).expectAction('accept').expectAction('play'))
    expect(explanation(error.message)).toContain(
      `HTTP 413 {"error":"request body too large (more than 5242880 bytes once decoded from gzip); callspec's fake API reads at most 5242880 bytes (startPlatform option maxBodyBytes)"}`,
    )
  })

  it('Webex Connect: a deflate make-call places the call (it was refused 7000 Invalid JSON)', async () => {
    const platform = await serve('webex-connect')
    const app = async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      let text = ''
      for await (const chunk of req) text += chunk
      if (req.url === '/call-me') {
        const placed = await fetch(`${platform.url}/v1/voice/calls`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'deflate', authorization: 'key', 'idempotency-key': 'k-1' },
          body: deflateSync(JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550101', callbackUrl: `http://${req.headers.host}/events` })),
        })
        res.writeHead(placed.status, { 'content-type': 'application/json' })
        return res.end(await placed.text())
      }
      const { event } = JSON.parse(text || '{}') as { event?: string }
      const action = event === 'ANSWERED' ? { action: 'PLAY', audio: [{ type: 'TTS', text: 'Hello.' }] } : event === 'PLAYED' ? { action: 'HANGUP' } : undefined
      res.writeHead(200, { 'content-type': action ? 'application/json' : 'text/plain' })
      res.end(action ? JSON.stringify(action) : '')
    }
    const call = await callTo(app, { platform: 'webex-connect', webhookPath: '/events', api: platform, warnings: 'silent' })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST', body: {} }))
      .toNumber('+14155550101')
      .expectAction('PLAY', { audio: [{ text: 'Hello.' }] })
      .expectHangup()
    expect(call.warnings).toEqual([`the app's make-call request: ${decoded('Webex Connect', 'deflate', 'webex-connect/compressed-body')}`])
  })

  it('Voxology: a br make-call places the call', async () => {
    const platform = await serve('voxology')
    const express = (await import('express')).default
    const app = express()
    app.post('/remind', async (_req, res) => {
      const r = await fetch(`${platform.url}/v1/Dials/Connect`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json', 'content-encoding': 'br' },
        body: brotliCompressSync(JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } })),
      })
      res.status(r.status).end()
    })
    app.post('/flow', (_req, res) => res.json({ actions: [{ type: 'SAY', params: { text: 'Hello.' } }, { type: 'HANGUP' }] }))
    const call = await callTo(app, { platform: 'voxology', webhookPath: '/flow', api: platform, warnings: 'silent' })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
      .toNumber('+17145551212')
      .expectAction('SAY')
    expect(call.warnings).toEqual([`the app's make-call request: ${decoded('Voxology', 'br', 'voxology/compressed-body')}`])
  })
})

describe('in process (fetch to the vendor host): decoded alike', () => {
  it('EnableX: a gzip play plays, with the warning', async () => {
    const app = enablexPlayer(() => 'https://api.enablex.io', 'gzip', gzipSync(PLAY))
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play', { text: 'Hello' })
    expect(call.warnings.map(explanation)).toEqual([`turn 2: the app's play request (PUT /voice/v1/call/{voice_id}/play): ${decoded('EnableX', 'gzip', 'enablex/compressed-body')}`])
  })

  // h208: a client whose every request carries the header (an axios instance's default headers)
  // sends it on a DELETE with no body; there is nothing to decode, and it was refused 400 "could not
  // be decoded as Content-Encoding: gzip (unexpected end of file)", failing a correct hang-up.
  it('EnableX: a hang-up with no body under Content-Encoding: gzip hangs up, with no warning', async () => {
    const app = enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state !== 'connected') return
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}`, { method: 'DELETE', headers: { authorization: enablexAuth, 'content-encoding': 'gzip' } })
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectHangup()
    expect(call.warnings).toEqual([])
  })

  it('EnableX: a coding callspec does not decode (zstd) fails naming it, and prints no bytes', async () => {
    const app = enablexPlayer(() => 'https://api.enablex.io', 'zstd', gzipSync(PLAY))
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    expect(explanation(error.message)).toBe(
      `[callspec] turn 2, expectAction('play'): the app's PUT /voice/v1/call/{voice_id}/play has a body that is not JSON: it came with Content-Encoding: zstd, and callspec's fake API reads a request body as sent, without decoding it (EnableX documents no compressed request body; callspec's inference): send the body uncompressed (no Content-Encoding header).\n` +
        `Request: PUT /voice/v1/call/{voice_id}/play\n` +
        `(zstd-encoded: not shown)\n` +
        `Answer: HTTP 400 {"voice_id":"{voice_id}","from":"14155550100","to":"14155550199","playstate":"failed","result":400,"msg":"Invalid JSON body","timestamp":"2026-03-02T09:00:00.000Z"} (this 400 and its msg are callspec's: EnableX documents no answer for a body that is not JSON)`,
    )
  })

  it('Voxology: a make-call in a coding callspec does not decode (compress) fails naming it', async () => {
    const error = await reminderFailure('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json', 'content-encoding': 'compress' },
      body: brotliCompressSync(JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } })),
    })
    expect(error.message.split('\n\nCall (')[0]).toBe(
      `[callspec] expectAction('SAY'): Voxology rejected the app's make-call request: HTTP 400 {"error":"invalid_json","message":"the body is not valid JSON: it came with Content-Encoding: compress, which callspec's fake API does not decode"} (Voxology documents no REST error format: this status and body are callspec's)\n` +
        `Request body: (compress-encoded: not shown)\n` +
        `The request body is not JSON: it came with Content-Encoding: compress, and callspec's fake API reads a request body as sent, without decoding it (Voxology documents no compressed request body; callspec's inference): send the body uncompressed (no Content-Encoding header)`,
    )
  })
})
