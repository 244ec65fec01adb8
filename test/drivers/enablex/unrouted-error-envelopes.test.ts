/**
 * The answers of the fake EnableX API to a request no route or no call takes: an unknown
 * route (404), a route called with another method (405), an unknown voice_id (404). Each is in the
 * error envelope EnableX documents (shared/vendors/enablex.md): the route's own where the path names
 * one (play `{voice_id, from, to, playstate: "failed", result, msg, timestamp}`, connect / accept
 * `{…, state: "failed"}`, transfer / hold / recording `{…, status: "failed"}`, §2.1–§2.10), else
 * the general `{result, msg, state: "failed", timestamp}` (§1, §2.1). Fields with no value (no call
 * to take the parties or the time from) are left out, as validate() leaves them. callspec's own
 * words in a msg (a hint) are marked `callspec:`. Before: `{result, msg}` or `{result, msg,
 * voice_id}` on every route. Over HTTP, by loopback and by interception.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

let platform: PlatformServer
beforeAll(async () => {
  platform = await startPlatform('enablex')
})
afterAll(() => platform.close())

const auth = `Basic ${Buffer.from('id:key').toString('base64')}`
const ts = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/)
const send = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, allow: res.headers.get('allow'), body: await res.json() }
}

describe('an unknown route: 404 in the general envelope {result, msg, state: "failed"}', () => {
  it('a call route EnableX does not have', async () => {
    expect(await send('PUT', '/voice/v1/call/abc/mute')).toEqual({ status: 404, allow: null, body: { result: 404, msg: 'Route not found: PUT /voice/v1/call/abc/mute', state: 'failed' } })
  })

  it('the old plural routes, the hint marked as callspec\'s', async () => {
    expect(await send('POST', '/voice/v1/calls/abc', {})).toEqual({
      status: 404,
      allow: null,
      body: { result: 404, msg: 'Route not found: POST /voice/v1/calls/abc (callspec: the v1 routes are /voice/v1/call/{voice_id}/…, singular "call")', state: 'failed' },
    })
  })

  it('a call route a letter off, the hint marked as callspec\'s', async () => {
    expect((await send('PUT', '/voice/v1/call/abc/accpet')).body).toEqual({
      result: 404,
      msg: 'Route not found: PUT /voice/v1/call/abc/accpet (callspec: did you mean PUT /voice/v1/call/{voice_id}/accept?)',
      state: 'failed',
    })
  })
})

describe("a route called with another method: 405 in that route's envelope", () => {
  it('hold with PUT: the hold envelope {voice_id, status: "failed", result, msg}', async () => {
    expect(await send('PUT', '/voice/v1/call/abc/hold', { hold: true })).toEqual({
      status: 405,
      allow: 'POST',
      body: { voice_id: 'abc', status: 'failed', result: 405, msg: 'Method Not Allowed: PUT /voice/v1/call/abc/hold (callspec: this route takes POST)' },
    })
  })

  it('play with DELETE: the play envelope {voice_id, playstate: "failed", result, msg}', async () => {
    expect((await send('DELETE', '/voice/v1/call/abc/play')).body).toEqual({
      voice_id: 'abc',
      playstate: 'failed',
      result: 405,
      msg: 'Method Not Allowed: DELETE /voice/v1/call/abc/play (callspec: this route takes PUT or POST)',
    })
  })

  it('make-call with GET: the make-call envelope {result, msg, state: "failed"}', async () => {
    expect(await send('GET', '/voice/v1/call')).toEqual({ status: 405, allow: 'POST', body: { result: 405, msg: 'Method Not Allowed: GET /voice/v1/call (callspec: this route takes POST)', state: 'failed' } })
  })

  it('the call itself with PUT: the hang-up envelope {voice_id, result, msg}', async () => {
    expect(await send('PUT', '/voice/v1/call/abc', {})).toEqual({
      status: 405,
      allow: 'GET, DELETE',
      body: { voice_id: 'abc', result: 405, msg: 'Method Not Allowed: PUT /voice/v1/call/abc (callspec: this route takes GET or DELETE)' },
    })
  })
})

describe("an unknown voice_id: 404 in the route's envelope", () => {
  it('play, accept and hang-up each in their own', async () => {
    expect(await send('PUT', '/voice/v1/call/no-such-call/play', { text: 'Hi', voice: 'female' })).toEqual({
      status: 404,
      allow: null,
      body: { voice_id: 'no-such-call', playstate: 'failed', result: 404, msg: 'Call not found' },
    })
    expect((await send('PUT', '/voice/v1/call/no-such-call/accept')).body).toEqual({ voice_id: 'no-such-call', result: 404, msg: 'Call not found', state: 'failed' })
    expect((await send('DELETE', '/voice/v1/call/no-such-call')).body).toEqual({ voice_id: 'no-such-call', result: 404, msg: 'Call not found' })
  })
})

describe('a 405 on a live call: the envelope carries the call\'s parties and time', () => {
  it('POST …/accept (the route takes PUT)', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('POST', `/call/${event.voice_id}/accept`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept'))
    const voice_id = app.seen[0]!.voice_id
    expect(app.answers[0]).toEqual({
      method: 'POST',
      path: `/call/${voice_id}/accept`,
      status: 405,
      body: { voice_id, result: 405, msg: `Method Not Allowed: POST /voice/v1/call/${voice_id}/accept (callspec: this route takes PUT)`, state: 'failed', timestamp: ts },
    })
    // The failure's list of refused requests shows the body as the app got it (shortened there).
    expect(error.message).toContain(`→ HTTP 405 {"voice_id":"${voice_id}","result":405,"msg":"Method Not Allowed: POST /voice/v1/call/${voice_id}/accept (callspec: this route takes PUT)","state":"fa`)
  })
})
