/**
 * One error body per route, as EnableX documents it, whatever the error's cause (audit-94 F6):
 * play "Error body shape: {"voice_id","from","to","playstate":"failed","result":<code>,"msg","timestamp"}";
 * make-call "Error: {"result": 1234, "msg": "description of the error", "state": "failed", "timestamp": "…"}".
 * Where the msg is callspec's own ("Mandatory parameter missing: X"), the failure says so, once.
 */
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { enablexApp, tts } from './apps.js'

const ts = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/)
const parties = { from: '14155550100', to: '14155550199' }
const count = (text: string, part: string) => text.split(part).length - 1

/** Accepts, then sends `request` on connected. */
const sending = (request: (id: string) => Promise<unknown>) =>
  enablexApp(async (event, api) => {
    if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state === 'connected') await request(event.voice_id)
  })

describe('play errors: {voice_id, from, to, playstate: "failed", result, msg, timestamp}', () => {
  it('a play with a bad body: the envelope, and the failure says once that the msg is callspec\'s wording', async () => {
    const app = sending((id) => app.rest.call('PUT', `/call/${id}/play`, { text: 'Hi', language: 'en-US' }))
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play'))
    const voice_id = app.seen[0]!.voice_id
    expect(app.answers[1]).toEqual({ method: 'PUT', path: `/call/${voice_id}/play`, status: 400, body: { voice_id, ...parties, playstate: 'failed', result: 400, msg: 'Mandatory parameter missing: voice', timestamp: ts } })
    const NOTE = ' (the msg is callspec\'s wording: EnableX documents HTTP 400, result 400 on play only as "Media Request Failed", and no message naming a field)'
    expect(error.message).toMatch(/\nAnswer: HTTP 400 \{"voice_id":"[^"]+","from":"14155550100","to":"14155550199","playstate":"failed","result":400,"msg":"Mandatory parameter missing: voice","timestamp":"[^"]+"\} \(the msg is callspec's wording/)
    expect(count(error.message, NOTE)).toBe(1)
  })

  it('a play whose body is not JSON, or with wrong credentials: the same envelope', async () => {
    const bad = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') await fetch(`https://api.enablex.io/voice/v1/call/${event.voice_id}/play`, { method: 'PUT', headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}`, 'content-type': 'application/json' }, body: '{"text":' }).then(async (r) => api.answers.push({ method: 'PUT', path: 'play', status: r.status, body: await r.json() }))
    })
    const notJson = await failureOf(callTo(bad, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play'))
    expect(bad.answers[1]).toMatchObject({ status: 400, body: { voice_id: bad.seen[0]!.voice_id, ...parties, playstate: 'failed', result: 400, msg: 'Invalid JSON body', timestamp: ts } })
    expect(notJson.message).toContain("(this 400 and its msg are callspec's: EnableX documents no answer for a body that is not JSON)")

    const wrongKey = enablexApp((event, api) => (event.state === 'incomingcall' ? api.call('PUT', `/call/${event.voice_id}/play`, tts('Hi.')) : undefined))
    const denied = await failureOf(callTo(wrongKey, { platform: 'enablex', warnings: 'silent', vendor: { appId: 'app-id', appKey: 'other' } }).expectAction('play'))
    expect(wrongKey.answers[0]).toMatchObject({ status: 401, body: { voice_id: wrongKey.seen[0]!.voice_id, ...parties, playstate: 'failed', result: 401, msg: 'Unauthorized: invalid APP_ID or APP_KEY', timestamp: ts } })
    expect(denied.message).toContain("(this 401 and its msg are callspec's: EnableX documents no answer for bad credentials)")
  })

  it('a play on an outbound call still ringing (callspec\'s 409): the same envelope', async () => {
    const app = enablexApp(() => undefined)
    const trigger = async () => {
      const placed = await app.rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' })
      await app.rest.call('PUT', `/call/${placed.body.voice_id}/play`, tts('Too early.'))
    }
    await callTo(app, { platform: 'enablex', unconsumed: 'ignore', warnings: 'silent' }).startedBy(trigger).expectAction('make-call')
    const voice_id = app.answers[0]!.body.voice_id
    expect(app.answers[1]).toEqual({ method: 'PUT', path: `/call/${voice_id}/play`, status: 409, body: { voice_id, from: '14155550199', to: '14155550123', playstate: 'failed', result: 409, msg: 'Call is not connected', timestamp: ts } })
  })

  it('validate() gives the play envelope too (no call: no voice_id, parties or time)', () => {
    expect(validate('enablex', 'play', { text: 'Hi' }).vendorError?.body).toEqual({ playstate: 'failed', result: 400, msg: 'Mandatory parameter missing: voice' })
  })
})

describe('make-call errors: {result, msg, state: "failed", timestamp}', () => {
  const placing = (body: object, options: object = {}) => {
    const app = enablexApp(() => undefined)
    return { app, flow: callTo(app, { platform: 'enablex', warnings: 'silent', ...options }).startedBy(() => app.rest.call('POST', '/call', body)).expectAction('make-call') }
  }

  it('a body missing a field: the envelope, and the failure says once that the answer is callspec\'s', async () => {
    const { app, flow } = placing({ from: '14155550199', event_url: 'https://app.example/event' })
    const error = await failureOf(flow)
    expect(app.answers[0]).toEqual({ method: 'POST', path: '/call', status: 400, body: { result: 400, msg: 'Mandatory parameter missing: to', state: 'failed', timestamp: ts } })
    const NOTE = " (this HTTP 400, its result and msg are callspec's inference: EnableX documents no validation errors)"
    expect(error.message).toMatch(/^\[callspec\] expectAction\('make-call'\): EnableX rejected the app's make-call request: HTTP 400 \{"result":400,"msg":"Mandatory parameter missing: to","state":"failed","timestamp":"[^"]+"\} \(this HTTP 400/)
    expect(count(error.message, NOTE)).toBe(1)
  })

  it('a documented 6118: the envelope, with no wording note', async () => {
    const { app, flow } = placing({ from: '14155550000', to: '14155550123', event_url: 'https://app.example/event' }, { vendor: { numbers: ['14155550199'] } })
    const error = await failureOf(flow)
    expect(app.answers[0]).toEqual({ method: 'POST', path: '/call', status: 404, body: { result: '6118', msg: 'Phone number not found for the service', state: 'failed', timestamp: ts } })
    expect(error.message).not.toContain("callspec's")
  })
})
