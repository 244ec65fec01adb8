import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { reminderFailure } from './voxology-reminder.js'

/**
 * A request whose fields went in its query string, with no body (`PUT …/play?text=Hello&voice=…`,
 * axios' `params` where `data` was meant). The verdict stands (the vendor's reference sends them in
 * a JSON body), but the failure said only "play needs one of text, prompt_name or
 * text_to_speech_option", "(no body)", and printed the path without its query: the fields the app
 * sent showed nowhere (helper-187). It now prints the query and says where the fields go.
 */

const enablexAuth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

describe('EnableX: a play whose fields are in the query string', () => {
  it('prints the query, and says the fields go in the JSON body', async () => {
    const app = enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state !== 'connected') return
      await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/play?text=Hello&voice=female&language=en-US`, { method: 'PUT', headers: { authorization: enablexAuth } })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    const message = error.message.split('\n\nCall (')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')
    expect(message).toContain(
      `Request: PUT /voice/v1/call/{voice_id}/play?text=Hello&voice=female&language=en-US\n(no body)\n`,
    )
    expect(message.split('\n').at(-1)).toBe(
      `The request has no body, and its query string holds "text", "voice", "language": EnableX's reference sends this request's fields in a JSON body, and callspec's fake API reads none from the query string. Send them as the JSON body, with Content-Type: application/json.`,
    )
  })
})

describe('Voxology: a make-call whose fields are in the query string', () => {
  it('says the fields go in the JSON body, under the empty body', async () => {
    const error = await reminderFailure('https://api.voxolo.gy/v1/Dials/Connect?no=%2B17145551212&caller_id_no=%2B19495551212', { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' } })
    expect(error.message.split('\n\nCall (')[0]!.split('\n').slice(1)).toEqual([
      // The refusal under its rule, voxology/invalid-json (it named none: h203).
      '✖ the body is not valid JSON at line 1, column 1: Unexpected end of JSON input',
      "  → rule voxology/invalid-json (Voxology docs: Make Call (POST /v1/Dials/Connect), a JSON body (content-type: application/json); the 400 invalid_json is callspec's, Voxology documents no REST error format)",
      'Request body: (empty)',
      `The request has no body, and its query string holds "no", "caller_id_no": Voxology's reference sends this request's fields in a JSON body, and callspec's fake API reads none from the query string. Send them as the JSON body, with Content-Type: application/json.`,
    ])
  })
})
