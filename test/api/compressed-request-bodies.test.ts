import { gzipSync, brotliCompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { reminderFailure } from './voxology-reminder.js'

/**
 * A request body the app compressed (`Content-Encoding: gzip`, `br`). No vendor callspec plays
 * documents taking one, and the fake API reads a body as sent, so it is refused as not JSON, the
 * answer callspec's, as before. The failure said only "not JSON at line 1, column 1, where it
 * reads \x1f�\b…: Unexpected token '\x1f'" and printed the compressed bytes (helper-187): it now
 * names the encoding, whose reading it is, and what to change, and shows no bytes.
 */

const enablexAuth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
const PLAY = JSON.stringify({ text: 'Hello', voice: 'female', language: 'en-US' })

/** The failure up to the call's transcript, the call's id made constant. */
const explanation = (message: string) =>
  message.split('\n\nCall (')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')

describe('EnableX: a play whose body is gzip-compressed', () => {
  it('fails naming the encoding, not a JSON syntax error at its first byte, and prints no compressed bytes', async () => {
    const app = enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state !== 'connected') return
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/play`, {
        method: 'PUT',
        headers: { authorization: enablexAuth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(PLAY),
      })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    expect(explanation(error.message)).toBe(
      `[callspec] turn 2, expectAction('play'): the app's PUT /voice/v1/call/{voice_id}/play has a body that is not JSON: it came with Content-Encoding: gzip, and callspec's fake API reads a request body as sent, without decoding it (EnableX documents no compressed request body; callspec's inference): send the body uncompressed (no Content-Encoding header).\n` +
        `Request: PUT /voice/v1/call/{voice_id}/play\n` +
        `(gzip-encoded: not shown)\n` +
        `Answer: HTTP 400 {"voice_id":"{voice_id}","from":"14155550100","to":"14155550199","playstate":"failed","result":400,"msg":"Invalid JSON body","timestamp":"2026-03-02T09:00:00.000Z"} (this 400 and its msg are callspec's: EnableX documents no answer for a body that is not JSON)`,
    )
  })
})

describe('Voxology: a make-call whose body is brotli-compressed', () => {
  it('fails naming the encoding, and prints no compressed bytes', async () => {
    const error = await reminderFailure('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json', 'content-encoding': 'br' },
      body: brotliCompressSync(JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } })),
    })
    expect(error.message.split('\n\nCall (')[0]).toBe(
      `[callspec] expectAction('SAY'): Voxology rejected the app's make-call request: HTTP 400 {"error":"invalid_json","message":"the body is not valid JSON: it came with Content-Encoding: br, which callspec's fake API does not decode"} (Voxology documents no REST error format: this status and body are callspec's)\n` +
        `Request body: (br-encoded: not shown)\n` +
        `The request body is not JSON: it came with Content-Encoding: br, and callspec's fake API reads a request body as sent, without decoding it (Voxology documents no compressed request body; callspec's inference): send the body uncompressed (no Content-Encoding header)`,
    )
  })
})
