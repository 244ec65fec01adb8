import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { enablexApp, restClient, tts, type AppOptions, type EnableXEvent, type Rest } from './apps.js'

let platform: PlatformServer
beforeAll(async () => {
  platform = await startPlatform('enablex')
})
afterAll(() => platform.close())

const basic = (id: string, key: string) => `Basic ${Buffer.from(`${id}:${key}`).toString('base64')}`
const ts = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/)

describe('the fake REST API over loopback, without a call', () => {
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${platform.url}${path}`, { ...init, headers: { authorization: basic('id', 'key'), ...init.headers } }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      body: await r.json(),
    }))

  it('answers 401 without Basic credentials', async () => {
    const res = await fetch(`${platform.url}/voice/v1/call/abc`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="EnableX"')
    // The analyze route's error envelope, with no call to take the parties or the time from.
    expect(await res.json()).toEqual({ voice_id: 'abc', result: 401, msg: 'Unauthorized: missing Basic authentication' })
    const bearer = await get('/voice/v1/call/abc', { headers: { authorization: 'Bearer abc' } })
    // Another scheme is said as such (it said "invalid APP_ID or APP_KEY", credentials never read: helper-187).
    expect(bearer).toMatchObject({ status: 401, body: { result: 401, msg: 'Unauthorized: not Basic authentication (callspec: the request sent "Bearer …"; EnableX takes Authorization: Basic base64(APP_ID:APP_KEY))' } })
  })

  it('answers 404 for an unknown voice_id', async () => {
    expect(await get('/voice/v1/call/no-such-call/play', { method: 'PUT', body: '{}' })).toMatchObject({
      status: 404,
      body: { voice_id: 'no-such-call', playstate: 'failed', result: 404, msg: 'Call not found' },
    })
  })

  it('answers 404 for unknown routes, with a hint for the old plural routes', async () => {
    expect(await get('/voice/v1/calls/abc', { method: 'POST', body: '{}' })).toMatchObject({
      status: 404,
      body: { result: 404, msg: 'Route not found: POST /voice/v1/calls/abc (callspec: the v1 routes are /voice/v1/call/{voice_id}/…, singular "call")', state: 'failed' },
    })
    expect(await get('/voice/v1/call/abc/mute', { method: 'PUT' })).toMatchObject({ status: 404, body: { result: 404, msg: 'Route not found: PUT /voice/v1/call/abc/mute', state: 'failed' } })
  })

  it('answers 405 for a documented route called with another method', async () => {
    const res = await get('/voice/v1/call/abc/hold', { method: 'PUT', body: '{"hold":true}' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(res.body).toEqual({ voice_id: 'abc', status: 'failed', result: 405, msg: 'Method Not Allowed: PUT /voice/v1/call/abc/hold (callspec: this route takes POST)' })
  })

  it('answers 500 to a make-call no simulated call is waiting for', async () => {
    const body = { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' }
    expect(await get('/voice/v1/call', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).toMatchObject({
      status: 500,
      body: { result: 500, msg: 'Internal Server Error: no simulated call is waiting for this make-call request', state: 'failed' },
    })
  })

  it('answers 404 for an unknown recording', async () => {
    expect(await get('/voice/v1/recording/nope')).toEqual({ status: 404, headers: expect.anything(), body: { result: 404, msg: 'Recording File Not Found' } })
  })
})

/** Every state-dependent error of §2 and §4, in one call, as an app meets them. */
function erringApp(options: AppOptions) {
  const log: Record<string, { status: number; body: any }> = {}
  const note = (name: string) => (answer: { status: number; body: any }) => (log[name] = { status: answer.status, body: answer.body })
  const app = enablexApp(async (event: EnableXEvent, api: Rest) => {
    const call = `/call/${event.voice_id}`
    switch (event.playstate ?? event.state) {
      case 'incomingcall':
        note('transfer before bridge')(await api.call('PUT', `${call}/transfer`, { from: '14155550199', transfer_to: '14155550177' }))
        note('accept')(await api.call('PUT', `${call}/accept`))
        note('accept again')(await api.call('PUT', `${call}/accept`))
        note('unsupported voice')(await api.call('PUT', `${call}/play`, { text: 'Hi.', voice: 'robot' }))
        note('play')(await api.call('POST', `${call}/play`, tts('Welcome.', { prompt_ref: 'w' })))
        note('play pending')(await api.call('PUT', `${call}/play`, tts('Again.')))
        note('forward before bridge')(await api.call('PUT', `${call}/forward`, { from: '14155550199', to: '14155550188' }))
        note('hold before bridge')(await api.call('POST', `${call}/hold`, { hold: true }))
        note('recording before bridge')(await api.call('PUT', `${call}/recording`, { start: true }))
        note('analyze')(await api.call('GET', call))
        return
      case 'playfinished':
        note('connect from unknown number')(await api.call('PUT', `${call}/connect`, { from: '14155550000', to: '14155550142' }))
        note('connect from number without service')(await api.call('PUT', `${call}/connect`, { from: '14155550111', to: '14155550142' }))
        note('connect')(await api.call('PUT', `${call}/connect`, { from: '14155550199', to: '14155550142' }))
        return
      case 'bridged':
        note('play while bridged')(await api.call('PUT', `${call}/play`, tts('Hello?')))
        note('connect again')(await api.call('PUT', `${call}/connect`, { from: '14155550199', to: '14155550143' }))
        note('recording')(await api.call('PUT', `${call}/recording`, { start: true, recording_name: 'kept' }))
        note('recording again')(await api.call('PUT', `${call}/recording`, { start: true }))
        note('stop')(await api.call('PUT', `${call}/recording`, { stop: true }))
        note('stop again')(await api.call('PUT', `${call}/recording`, { stop: true }))
        note('reused name')(await api.call('PUT', `${call}/recording`, { start: true, recording_name: 'kept' }))
        return
      case 'completed':
        note('download')(await api.call('GET', `/../recording/${log.recording!.body.recording_id}`).catch(() => ({ status: 0, body: undefined })))
        note('hangup')(await api.call('DELETE', call))
        note('after hangup')(await api.call('PUT', `${call}/play`, tts('Gone.')))
        return
    }
  }, options)
  return Object.assign(app, { log })
}

const mounts = [
  { name: 'loopback (fetch)', client: 'fetch' as const, loopback: true },
  { name: 'nock interception (fetch)', client: 'fetch' as const, loopback: false },
  { name: 'nock interception (http.request)', client: 'http' as const, loopback: false },
]

describe.each(mounts)('state-dependent errors via $name', ({ client, loopback }) => {
  it('answers each documented error with its exact code and body, and runs the rest of the call', async () => {
    const app = erringApp({ client, appId: 'acme', appKey: 'secret', base: loopback ? () => platform.url : undefined })
    const call = await callTo(app, {
      platform: 'enablex',
      ...(loopback ? { api: platform } : {}),
      vendor: { appId: 'acme', appKey: 'secret', numbers: ['14155550199', '14155550111'], numbersWithoutService: ['14155550111'] },
      warnings: 'silent',
    })
      .fromCaller('+14155550100')
      .expectAction('accept')
      .expectAction('play', { text: 'Welcome.' })
      .expectAction('connect', { from: '14155550199' })
      .expectAction('recording', { start: true, recording_name: 'kept' })
      .expectAction('recording', { stop: true })
      .expectAction('hangup')

    const { log } = app
    const parties = { from: '14155550100', to: '14155550199' }
    const voice_id = app.seen[0]!.voice_id
    // A play before the accept now runs as EnableX's older docs have it (audit-94 F1: older-docs-inbound.test.ts); its 409 under strict is there.
    expect(log['transfer before bridge']).toEqual({ status: 409, body: { voice_id, status: 'failed', result: '409', msg: 'Call is not bridged yet', timestamp: ts } })
    expect(log.accept).toEqual({ status: 200, body: { voice_id, state: 'connected', ...parties, timestamp: ts } })
    expect(log['accept again']).toEqual({ status: 409, body: { voice_id, result: 409, msg: 'Call is already connected', state: 'failed', timestamp: ts } })
    expect(log['unsupported voice']).toEqual({ status: 406, body: { voice_id, ...parties, playstate: 'failed', result: 6117, msg: 'Voice not supported for text-to-speech conversion', timestamp: ts } })
    expect(log.play).toEqual({ status: 200, body: { voice_id, playstate: 'initiated', ...parties, timestamp: ts } })
    expect(log['play pending']).toEqual({ status: 408, body: { voice_id, ...parties, playstate: 'failed', result: 6114, msg: 'Play request pending', timestamp: ts } })
    for (const name of ['forward before bridge', 'hold before bridge', 'recording before bridge']) {
      expect(log[name]).toEqual({ status: 409, body: { voice_id, status: 'failed', result: '409', msg: 'Call is not bridged yet', timestamp: ts } })
    }
    expect(log.analyze).toEqual({ status: 200, body: { voice_id, state: 'IVR', direction: 'Inbound', ...parties, timestamp: ts } })
    expect(log['connect from unknown number']).toEqual({ status: 404, body: { voice_id, result: '6118', msg: 'Phone number not found for the service', state: 'failed', timestamp: ts } })
    expect(log['connect from number without service']).toEqual({ status: 404, body: { voice_id, result: '6110', msg: 'Application Not Found', state: 'failed', timestamp: ts } })
    expect(log.connect).toEqual({ status: 200, body: { voice_id, state: 'initiated', from: '14155550199', to: '14155550142', bridge_id: expect.any(String), timeStamp: ts } })
    expect(log['play while bridged']).toEqual({ status: 405, body: { voice_id, ...parties, playstate: 'failed', result: 6112, msg: "Call is in bridged mode, can't play media", timestamp: ts } })
    expect(log['connect again']).toEqual({ status: 409, body: { voice_id, result: 409, msg: 'Call is already bridged', state: 'failed', timestamp: ts } })
    expect(log.recording).toEqual({ status: 200, body: { status: 'success', ...parties, voice_id, recording_id: expect.any(String), msg: '', timeStamp: ts } })
    expect(log['recording again']).toEqual({ status: 408, body: { voice_id, status: 'failed', result: '408', msg: 'Call is already recording', timestamp: ts } })
    expect(log.stop).toMatchObject({ status: 200, body: { status: 'success', recording_id: log.recording!.body.recording_id } })
    expect(log['stop again']).toEqual({ status: 400, body: { voice_id, status: 'failed', result: '400', msg: 'Recording is not in progress', timestamp: ts } })
    expect(log['reused name']).toEqual({ status: 400, body: { voice_id, status: 'failed', result: '6119', msg: 'Failed to start recording on bridge', timestamp: ts } })
    expect(log.hangup).toEqual({ status: 200, body: { voice_id, state: 'success', ...parties, timeStamp: ts } })
    // A play's error, in the play route's envelope whatever its cause (audit-94 F6).
    expect(log['after hangup']).toEqual({ status: 404, body: { voice_id, ...parties, playstate: 'failed', result: 404, msg: 'Call not found or already disconnected', timestamp: ts } })
    // Refused requests are in the transcript with the vendor's answer.
    expect(call.print()).toMatch(/⇠ PUT \/voice\/v1\/call\/\{voice_id\}\/play +6114 Play request pending → 408/)
    // Refused once the call was over (the play after the hang-up): its rule's warning, not a leftover.
    expect(call.warnings.at(-1)).toMatch(/^turn 7: callspec answered the app's PUT \/voice\/v1\/call\/\{voice_id\}\/play with an error EnableX does not document: HTTP 404 "Call not found or already disconnected"/)
    // A reused recording_name: the docs say the request fails, not with what; the warning says the 400 / 6119 are callspec's (audit F7b).
    const reused = call.warnings.filter((w) => w.includes('6119'))
    expect(reused).toEqual([
      expect.stringMatching(
        /^turn \d+: EnableX answered the app's PUT \/voice\/v1\/call\/\{voice_id\}\/recording with an error: HTTP 400, result 6119 "Failed to start recording on bridge" — recording_name "kept" was used before: EnableX's docs say an existing name makes the request fail, not with what answer \(this HTTP 400 and result 6119 are callspec's\) \(rule enablex\/unique-recording-name\)$/,
      ),
    ])
    expect(reused[0]).not.toContain('Voice API error codes')
    expect(call.print()).toContain('6119 Failed to start recording on bridge — recording_name "kept" was used before')
  })
})

describe('recording download', () => {
  it('serves a finished recording as audio/wav', async () => {
    const auth = basic('id', 'key')
    let download: { status: number; type: string | null; body: string } | undefined
    const app = enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
      if (event.state === 'connected') await api.call('PUT', `${call}/connect`, { from: '14155550199', to: '14155550142' })
      if (event.state === 'bridged') await api.call('PUT', `${call}/recording`, { start: true })
      if (event.state === 'dtmfcollected') await api.call('PUT', `${call}/recording`, { stop: true })
      if (event.state === 'completed') {
        const id = api.answers.find((a) => a.path.endsWith('/recording'))!.body.recording_id
        const res = await fetch(`https://api.enablex.io/voice/v1/recording/${id}`, { headers: { authorization: auth } })
        download = { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
        await api.call('DELETE', call)
      }
    })
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('recording').pressDigits('1').expectAction('recording').expectAction('hangup')
    expect(download).toMatchObject({ status: 200, type: 'audio/wav', body: expect.stringMatching(/^RIFF.*WAVE/) })
  })
})

describe('credentials', () => {
  it('answers 401 to wrong credentials and fails the call, naming the refused request', async () => {
    const app = enablexApp((event, api) => api.call('PUT', `/call/${event.voice_id}/accept`), { appId: 'acme', appKey: 'wrong' })
    await expect(callTo(app, { platform: 'enablex', vendor: { appId: 'acme', appKey: 'secret' } }).expectAction('accept')).rejects.toThrow(
      /EnableX refused the app's PUT \/voice\/v1\/call\/[^ ]+\/accept: HTTP 401 \(Basic auth with APP_ID:APP_KEY\)/,
    )
    // In the accept route's error envelope, as every error on it (audit-94 F6).
    await expect.poll(() => app.answers[0]).toEqual({
      method: 'PUT',
      path: expect.stringMatching(/\/accept$/),
      status: 401,
      body: { voice_id: app.seen[0]!.voice_id, result: 401, msg: 'Unauthorized: invalid APP_ID or APP_KEY', state: 'failed', timestamp: ts },
    })
  })

  it('fails an outbound call whose make-call is refused, with the vendor answer', async () => {
    const rest = restClient({ appId: 'acme', appKey: 'wrong' })
    const trigger = () => rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' })
    await expect(callTo(enablexApp(() => {}), { platform: 'enablex', vendor: { appId: 'acme', appKey: 'secret' } }).startedBy(trigger).expectAction('make-call')).rejects.toThrow(
      /EnableX rejected the app's make-call request: HTTP 401 \{"result":401,"msg":"Unauthorized: invalid APP_ID or APP_KEY","state":"failed","timestamp":"[^"]+"\} \(this 401 and its msg are callspec's: EnableX documents no answer for bad credentials\)\n/,
    )
  })

  it('answers make-call from an unprovisioned number with 404 6118', async () => {
    const rest = restClient()
    const trigger = () => rest.call('POST', '/call', { from: '14155550000', to: '14155550123', event_url: 'https://app.example/event' })
    await expect(callTo(enablexApp(() => {}), { platform: 'enablex', vendor: { numbers: ['14155550199'] } }).startedBy(trigger).expectAction('make-call')).rejects.toThrow(/HTTP 404/)
    expect(rest.answers[0]).toEqual({ method: 'POST', path: '/call', status: 404, body: { result: '6118', msg: 'Phone number not found for the service', state: 'failed', timestamp: ts } })
  })
})
