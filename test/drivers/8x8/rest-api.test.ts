import https from 'node:https'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, validate, type PlatformServer } from '../../../src/index.js'
import { CallflowCreatedSchema } from '../../../drivers/8x8/index.js'
import { capture, eightByEightApp, hangup, makeCall, say } from './apps.js'
import { STATUS_CASES, VALID } from './cases.js'

const AUTH = { authorization: 'Bearer key_test', 'content-type': 'application/json' }
const PATH = '/api/v1/subaccounts/acme_voice/callflows'

describe('the fake 8x8 Send Callflow API on loopback: documented answers', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('8x8')
  })
  afterAll(() => platform.close())

  const post = async (body: unknown, headers: Record<string, string> = AUTH, path = PATH) => {
    const res = await fetch(`${platform.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
    return { status: res.status, body: await res.json() }
  }
  const notCreated = (statusCode: number, statusMessage: string) => ({
    sessionStatus: 'NOT_CREATED',
    callFlowRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    statusCode,
    statusMessage,
  })

  it.each(STATUS_CASES.map(([label, ...rest]) => [`${label} → ${rest[2]}`, ...rest] as const))('%s', async (_, body, status, code, message) => {
    const answer = await post(body)
    expect(answer).toEqual({ status, body: notCreated(code, message) })
    // validate() predicts the very same answer.
    expect(validate('8x8', 'callflow', body).vendorError).toEqual({ status, code, message })
  })

  it('unparsable JSON → 400 -1001', async () => {
    expect(await post('{"callflow": [')).toEqual({ status: 400, body: notCreated(-1001, 'Invalid JSON request body') })
  })

  it.each([
    ['no Authorization header', { 'content-type': 'application/json' }],
    ['a Basic credential', { ...AUTH, authorization: 'Basic a2V5Og==' }],
    ['an empty bearer', { ...AUTH, authorization: 'Bearer ' }],
  ])('%s → 401', async (_, headers) => {
    expect(await post(VALID, headers)).toEqual({ status: 401, body: notCreated(401, 'Authentication header not found or token invalid') })
  })

  it('a subaccount id outside the documented pattern → 404', async () => {
    expect(await post(VALID, AUTH, '/api/v1/subaccounts/x/callflows')).toEqual({ status: 404, body: notCreated(404, 'SubAccount not found by Id : x') })
  })

  it('checks auth before the subaccount, and both before the body', async () => {
    expect((await post('not json', { 'content-type': 'application/json' }, '/api/v1/subaccounts/x/callflows')).status).toBe(401)
    expect((await post('not json', AUTH, '/api/v1/subaccounts/x/callflows')).status).toBe(404)
  })

  it('a valid request with no simulated session waiting → 503', async () => {
    expect(await post(VALID)).toEqual({
      status: 503,
      body: notCreated(503, 'callspec: no simulated session is waiting for this callflow (start the flow with .startedBy())'),
    })
  })

  it('an unknown route → 404 naming it', async () => {
    const res = await fetch(`${platform.url}/api/v1/subaccounts/acme_voice/speech-profiles`, { headers: AUTH })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ statusCode: 404, statusMessage: 'Not found: GET /api/v1/subaccounts/acme_voice/speech-profiles is not an 8x8 route callspec simulates' })
  })
})

/** An app that starts a reminder session with the HTTP client the test gives it. */
function dialler(send: (body: string) => Promise<{ status: number; body: string }>, body: object = VALID) {
  const responses: Array<{ status: number; body: any }> = []
  const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
  const place = async () => {
    const res = await send(JSON.stringify(body))
    responses.push({ status: res.status, body: JSON.parse(res.body) })
  }
  return { app: listener, place, responses, received }
}

const viaFetch = (origin: string) => async (body: string) => {
  const res = await fetch(`${origin}${PATH}`, { method: 'POST', headers: AUTH, body })
  return { status: res.status, body: await res.text() }
}

const viaHttpsRequest = (origin: string) => (body: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request(`${origin}${PATH}`, { method: 'POST', headers: AUTH }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })

describe('sessions started through the intercepted vendor hosts (in-process apps)', () => {
  it.each([
    ['fetch', 'https://voice.8x8.com', viaFetch],
    ['https.request', 'https://voice.8x8.com', viaHttpsRequest],
    ['fetch (legacy host)', 'https://voice.wavecell.com', viaFetch],
    ['https.request (legacy host)', 'https://voice.wavecell.com', viaHttpsRequest],
  ])('answers a %s client on %s with CREATED and runs the session', async (_, origin, client) => {
    const { app, place, responses, received } = dialler(client(origin))
    const call = await callTo(app, { platform: '8x8' })
      .startedBy(place)
      .expectAction('makeCall', { params: { destination: '+6512345678' } })
      .expectAction('say', { params: { text: /test Voice Message/ } })
      .expectAction('hangup')

    const [answer] = responses
    expect(answer).toEqual({
      status: 200,
      body: { sessionId: expect.any(String), sessionStatus: 'CREATED', callFlowRequestId: expect.any(String), statusCode: 1, statusMessage: 'Created' },
    })
    expect(CallflowCreatedSchema.safeParse(answer!.body).success).toBe(true)
    // The session id in the answer is the one every webhook carries; numbers gain their +.
    expect(received.at(-1)!.body.payload).toMatchObject({ sessionId: answer!.body.sessionId, subAccountId: 'acme_voice' })
    expect(call.transcript.header.parties).toEqual({ direction: 'outbound', from: '+6512341234', to: '+6512345678' })
    expect(call.transcript.entries[0]).toMatchObject({ kind: 'api', name: `POST ${PATH}`, summary: 'CREATED', status: 200 })
  })

  it('echoes validUntil', async () => {
    const { app, place, responses } = dialler(viaFetch('https://voice.8x8.com'), { ...VALID, validUntil: '2099-07-03T05:59:32.226Z' })
    await callTo(app, { platform: '8x8' }).startedBy(place).expectAction('makeCall').expectAction('say').expectAction('hangup')
    expect(responses[0]!.body).toMatchObject({ sessionStatus: 'CREATED', validUntil: '2099-07-03T05:59:32.226Z' })
  })

  it('stops intercepting when the flow is over', async () => {
    const { app, place } = dialler(viaFetch('https://voice.8x8.com'))
    await callTo(app, { platform: '8x8' }).startedBy(place).expectAction('makeCall').expectAction('say').expectAction('hangup')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('gives the same seed the same ids', async () => {
    const run = async () => {
      const { app, place, responses, received } = dialler(viaFetch('https://voice.8x8.com'))
      await callTo(app, { platform: '8x8', seed: 42 }).startedBy(place).expectAction('makeCall').expectAction('say').expectAction('hangup')
      return { answer: responses[0]!.body, webhooks: received.map((r) => r.body) }
    }
    expect(await run()).toEqual(await run())
  })

  it.each([
    ['an API key other than vendor.apiKey', { apiKey: 'key_live' }, VALID, 401, 'Authentication header not found or token invalid'],
    ['a subaccount other than vendor.subAccountId', { subAccountId: 'other_account' }, VALID, 404, 'SubAccount not found by Id : acme_voice'],
    ['a sayAndCapture with no VCA webhook configured (vcaPath: null)', { vcaPath: null }, { callflow: [makeCall('6512341234', '6512345678'), capture('Press 1')] }, -1004, 'DTMF callback url not provided'],
    ['a source that is not whitelisted', { allowedSources: ['+6568332048'] }, VALID, -1014, 'Source or caller ID is not allowed'],
    ['a voice profile the subaccount does not have', { voiceProfiles: ['en-GB-Emma'] }, VALID, -1002, 'Speech profile or language parameter invalid'],
  ])('fails the flow with the vendor answer for %s', async (_, vendor, body, code, message) => {
    const { app, place, responses } = dialler(viaFetch('https://voice.8x8.com'), body)
    const flow = callTo(app, { platform: '8x8', vendor }).startedBy(place)
    await expect(flow).rejects.toThrow(`8x8 rejected the app's Send Callflow request: HTTP ${code < 0 ? 422 : code} {"sessionStatus":"NOT_CREATED","callFlowRequestId":`)
    await expect(flow).rejects.toThrow(`"statusCode":${code},"statusMessage":"${message}"}`)
    // 8x8 documents the negative codes, not the HTTP status each comes with (its samples show 400 with -1007, 422 with -1013): the failure says the 422 is callspec's.
    if (code < 0) await expect(flow).rejects.toThrow(`"statusMessage":"${message}"} (8x8 documents the statusCode and its message; HTTP 422 for it is callspec's inference: the docs show 400 only with -1007 and 422 only with -1013)`)
    expect(responses[0]!.body).toMatchObject({ sessionStatus: 'NOT_CREATED', statusCode: code, statusMessage: message })
  })

  it('fails when the app dials another number than toNumber()', async () => {
    const { app, place } = dialler(viaFetch('https://voice.8x8.com'))
    const flow = callTo(app, { platform: '8x8' }).startedBy(place).toNumber('+6599999999')
    await expect(flow).rejects.toThrow("the app's callflow dials +6512345678, but the test expects toNumber('+6599999999').")
  })

  it('fails within the bound when the app never starts the session', async () => {
    const { app } = dialler(viaFetch('https://voice.8x8.com'))
    const flow = callTo(app, { platform: '8x8', limits: { appTimeoutMs: 100 } }).startedBy(() => undefined)
    await expect(flow).rejects.toThrow(
      /waited 100 ms \(limits.appTimeoutMs\) for the app's Send Callflow request \(POST \/api\/v1\/subaccounts\/\{subAccountId\}\/callflows\), and it never came\./,
    )
  })
})

describe('sessions started through a loopback platform (apps configured with its URL)', () => {
  it('answers CREATED and runs the session', async () => {
    const platform = await startPlatform('8x8')
    try {
      const { app, place, responses } = dialler(viaFetch(platform.url), { callflow: [makeCall('6512341234', '6512345678'), say('Your parcel arrives today.')] })
      const call = await callTo(app, { platform: '8x8', api: platform })
        .startedBy(place)
        .expectAction('makeCall')
        .expectAction('say', { params: { text: 'Your parcel arrives today.' } })
        // The callflow ran out: the platform asks the app, which hangs up.
        .expectAction('hangup')
      expect(responses[0]).toMatchObject({ status: 200, body: { sessionStatus: 'CREATED', statusCode: 1 } })
      expect(call.events).toEqual(['CALL_ACTION', 'SESSION_SUMMARY'])
    } finally {
      await platform.close()
    }
  })
})
