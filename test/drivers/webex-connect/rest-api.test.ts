import https from 'node:https'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

const valid = {
  callerId: '+14155550199',
  dialedNumber: '+14155550123',
  callbackUrl: 'https://app.example/voice',
}
const headers = { authorization: 'Bearer key', 'content-type': 'application/json', 'idempotency-key': 'k-1' }

describe('the fake Webex Connect REST API on loopback: documented error answers', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('webex-connect')
  })
  afterAll(() => platform.close())

  const post = async (body: unknown, h: Record<string, string> = headers) => {
    const res = await fetch(`${platform.url}/v1/voice/calls`, {
      method: 'POST',
      headers: h,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }

  it.each([
    ['no Authorization', valid, { 'content-type': 'application/json', 'idempotency-key': 'a' }, 401, '7002', 'Service key missing'],
    ['a form body', valid, { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, 400, '7004', 'Invalid parameter - : contentType'],
    ['unparsable JSON', '{"callerId":', headers, 400, '7000', 'Invalid JSON'],
    ['no Idempotency-Key', valid, { authorization: 'key', 'content-type': 'application/json' }, 400, '7003', 'Mandatory parameter missing: Idempotency-Key'],
    ['an Idempotency-Key over 64 characters', valid, { ...headers, 'idempotency-key': 'x'.repeat(65) }, 400, '7004', 'Invalid parameter: Idempotency-Key'],
    ['no callerId', { ...valid, callerId: undefined }, headers, 400, '7003', 'Mandatory parameter missing: callerId'],
    ['a dialedNumber that is not E.164', { ...valid, dialedNumber: '0044 1234' }, headers, 400, '7004', 'Invalid parameter: dialedNumber'],
    ['a callbackUrl that is not a URL', { ...valid, callbackUrl: 'voice' }, headers, 400, '7004', 'Invalid parameter: callbackUrl'],
    ['a negative recordCallSeconds', { ...valid, recordCallSeconds: -1 }, headers, 400, '7004', 'Invalid parameter: recordCallSeconds'],
  ])('%s', async (_, body, h, status, code, message) => {
    expect(await post(body, h)).toEqual({ status, body: { code, message } })
  })

  it('an unknown field is not a documented rejection: dropped and accepted by default (7006 here: no call waits; see inferred-rules.test.ts)', async () => {
    expect(await post({ ...valid, callbackURL: 'https://x.example' }, { ...headers, 'idempotency-key': 'typo' })).toEqual({
      status: 503,
      body: { code: '7006', message: 'Internal error occurred: no simulated call is waiting for this make-call request' },
    })
  })

  it('a valid request with no simulated call waiting for it → 503 7006', async () => {
    expect(await post(valid, { ...headers, 'idempotency-key': 'nobody-waits' })).toEqual({
      status: 503,
      body: { code: '7006', message: 'Internal error occurred: no simulated call is waiting for this make-call request' },
    })
  })

  it('an unknown session → 404 with no body', async () => {
    const res = await fetch(`${platform.url}/v1/voice/calls/nope`, { headers: { authorization: 'key' } })
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('')
  })
})

/** An app that places a call with whichever HTTP client the test gives it. */
const SERVICE_KEY_RULE =
  '  → rule webex-connect/service-key (Webex Connect docs: Voice API v1, Authorization: <service key or JWT>; common API error codes, 7002 Service key missing, 7001 Authentication failed)'

function dialler(send: (body: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>) {
  const responses: Array<{ status: number; body: string }> = []
  const app = webexApp((event) => {
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Your order has shipped.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
  const place = async (key = 'order-42', extra: object = {}) => {
    responses.push(await send(JSON.stringify({ ...valid, correlationId: 'order-42', ...extra }), { ...headers, 'idempotency-key': key }))
  }
  return { app, place, responses }
}

const viaFetch = async (body: string, h: Record<string, string>) => {
  const res = await fetch('https://api.us.webexconnect.io/v1/voice/calls', { method: 'POST', headers: h, body })
  return { status: res.status, body: await res.text() }
}

const viaHttpsRequest = (body: string, h: Record<string, string>) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request('https://api.eu.webexconnect.io/v1/voice/calls', { method: 'POST', headers: h }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })

describe('outbound calls through the intercepted vendor host (in-process apps)', () => {
  it.each([
    ['fetch', viaFetch],
    ['https.request', viaHttpsRequest],
  ])('answers a %s client with 202 QUEUED and runs the call', async (name, client) => {
    const { app, place, responses } = dialler(client)
    const call = await callTo(app, { platform: 'webex-connect' })
      .startedBy(() => place(`key-${name}`))
      .expectAction('PLAY', { audio: [{ text: /shipped/ }] })
      .expectHangup()

    expect(responses[0]!.status).toBe(202)
    expect(JSON.parse(responses[0]!.body)).toEqual({ sessionId: expect.any(String), status: 'QUEUED' })
    expect(call.transcript.header.parties).toMatchObject({ direction: 'outbound', from: '+14155550199', to: '+14155550123' })
    const answered = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'ANSWERED')
    expect(JSON.parse((answered as { request: { body: string } }).request.body)).toMatchObject({
      sessionId: JSON.parse(responses[0]!.body).sessionId,
      correlationId: 'order-42',
    })
  })

  it('stops intercepting when the flow is over', async () => {
    const { app, place } = dialler(viaFetch)
    await callTo(app, { platform: 'webex-connect' }).startedBy(() => place('once')).expectAction('PLAY')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('takes a JSON body whose Content-Type is written in another case, with parameters (media types are case-insensitive; h130 F2)', async () => {
    const { app, place, responses } = dialler((body, h) => viaFetch(body, { ...h, 'content-type': 'Application/JSON; charset=UTF-8' }))
    const call = await callTo(app, { platform: 'webex-connect' }).startedBy(() => place('ct-case')).expectAction('PLAY').expectAction('HANGUP').expectHangup()
    expect(responses.map((r) => r.status)).toEqual([202])
    expect(call.events).toEqual(['ANSWERED', 'PLAYED', 'DROPPED'])
  })

  it('rejects a reused Idempotency-Key with 409', async () => {
    const { app, place, responses } = dialler(viaFetch)
    await callTo(app, { platform: 'webex-connect' })
      .startedBy(async () => {
        await place('same-key')
        await place('same-key')
      })
      .expectAction('PLAY')
    expect(responses.map((r) => r.status)).toEqual([202, 409])
    expect(JSON.parse(responses[1]!.body)).toEqual({ code: '7004', message: 'Invalid parameter: Idempotency-Key (duplicate request)' })
  })

  it('fails the flow with the vendor error when the app sends a wrong service key', async () => {
    const { app, place } = dialler(viaFetch)
    const flow = callTo(app, { platform: 'webex-connect', vendor: { serviceKey: 'the-real-key' } }).startedBy(() => place('k-403'))
    await expect(flow).rejects.toThrow(
      // The docs' own sample pairs 403 with 7001: no note that the status is callspec's.
      `Webex Connect rejected the app's make-call request: HTTP 403 {"code":"7001","message":"Authentication failed."}\n✖ 7001 Authentication failed.\n${SERVICE_KEY_RULE}\nRequest body:`,
    )
  })

  // h203: the refusals before the body is checked named no rule, where every other refusal names
  // the rule a user looks up in the behaviour notes.
  it('a make-call with no service key fails listing 7002 under rule webex-connect/service-key', async () => {
    const { app } = dialler(viaFetch)
    const { authorization: _, ...unsigned } = headers
    const flow = callTo(app, { platform: 'webex-connect' }).startedBy(() => viaFetch(JSON.stringify(valid), { ...unsigned, 'idempotency-key': 'k-7002' }))
    await expect(flow).rejects.toThrow(
      `Webex Connect rejected the app's make-call request: HTTP 401 {"code":"7002","message":"Service key missing"} (Webex Connect documents code 7002 and its message; HTTP 401 with it is callspec's reading: the docs list the statuses their errors come with, and pair one with a code only in their 403 7001 sample)\n✖ 7002 Service key missing\n${SERVICE_KEY_RULE}\nRequest body:`,
    )
  })

  it('a make-call whose body is not JSON fails listing 7000 under rule webex-connect/invalid-json', async () => {
    const { app } = dialler(viaFetch)
    const flow = callTo(app, { platform: 'webex-connect' }).startedBy(() => viaFetch('{"callerId":', { ...headers, 'idempotency-key': 'k-7000' }))
    await expect(flow).rejects.toThrow(
      `Webex Connect rejected the app's make-call request: HTTP 400 {"code":"7000","message":"Invalid JSON"} (Webex Connect documents code 7000 and its message; HTTP 400 with it is callspec's reading: the docs list the statuses their errors come with, and pair one with a code only in their 403 7001 sample)\n✖ 7000 Invalid JSON\n  → rule webex-connect/invalid-json (Webex Connect docs: common API error codes, 7000 Invalid JSON)\nRequest body: {"callerId":`,
    )
  })

  it('fails the flow on a documented code, saying its HTTP status is callspec\'s reading', async () => {
    const { app, place } = dialler(viaFetch)
    // A dialedNumber that is not E.164: 7004, documented; the docs pair no status with it.
    const flow = callTo(app, { platform: 'webex-connect' }).startedBy(() => place('k-7004', { dialedNumber: '555-0142' }))
    await expect(flow).rejects.toThrow(
      /^\[callspec\] [^\n]*Webex Connect rejected the app's make-call request: HTTP 400 \{"code":"7004",[^\n]*\} \(Webex Connect documents code 7004 and its message; HTTP 400 with it is callspec's reading: the docs list the statuses their errors come with, and pair one with a code only in their 403 7001 sample\)\n/,
    )
  })

  it('fails within the bound when the app never places the call', async () => {
    const app = answering({ action: 'HANGUP' })
    const flow = callTo(app, { platform: 'webex-connect', limits: { appTimeoutMs: 100 } }).startedBy(() => undefined)
    await expect(flow).rejects.toThrow(/waited 100 ms \(limits.appTimeoutMs\) for the app's make-call request \(POST \/v1\/voice\/calls\), and it never came\./)
  })

  it('fails when the trigger itself throws', async () => {
    const app = answering({ action: 'HANGUP' })
    const flow = callTo(app, { platform: 'webex-connect' }).startedBy(() => {
      throw new Error('reminder service offline')
    })
    await expect(flow).rejects.toThrow(/startedBy\(\) failed before the app's make-call request .*: reminder service offline/)
  })

  it('says how to test an app outside the process', async () => {
    const flow = callTo('http://127.0.0.1:9', { platform: 'webex-connect' }).startedBy(() => undefined)
    await expect(flow).rejects.toThrow(/start one with `const platform = await startPlatform\('webex-connect'\)`/i)
  })
})

describe('outbound calls through a loopback platform (apps configured with its URL)', () => {
  it('serves make-call and the call-status API of the live call', async () => {
    const platform = await startPlatform('webex-connect')
    let statusSeen: unknown
    const app = webexApp((event) => {
      if (event.event === 'ANSWERED') {
        return (res: import('node:http').ServerResponse) => {
          void fetch(`${platform.url}/v1/voice/calls/${event.sessionId}`, { headers: { authorization: 'key' } })
            .then((r) => r.json())
            .then((status) => {
              statusSeen = status
              res.setHeader('content-type', 'application/json')
              res.end(JSON.stringify({ action: 'HANGUP' }))
            })
        }
      }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', api: platform })
      .startedBy(() => fetch(`${platform.url}/v1/voice/calls`, { method: 'POST', headers, body: JSON.stringify(valid) }))
      .expectHangup()
    await platform.close()
    expect(statusSeen).toMatchObject({ status: 'ANSWERED', callerId: '+14155550199', dialedNumber: '+14155550123', durationSeconds: 0 })
    expect(call.transcript.entries.filter((e) => e.kind === 'api').map((e) => (e as { name: string }).name)).toEqual([
      'POST /v1/voice/calls',
      expect.stringMatching(/^GET \/v1\/voice\/calls\/[0-9a-f-]+$/),
    ])
  })
})

describe('nock isolation', () => {
  it("a user's own nock scope on 127.0.0.1 does not catch callspec's webhooks", async () => {
    const scope = nock(/127\.0\.0\.1/).persist().post(/.*/).reply(500, 'intercepted')
    try {
      const call = await callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect' }).expectAction('ANSWER').expectHangup()
      expect(call).toHaveHungUp()
    } finally {
      scope.persist(false)
      nock.cleanAll()
    }
  })
})
