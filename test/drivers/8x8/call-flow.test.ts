import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { callTo, type CallResult } from '../../../src/index.js'
import { appHosts, servedByApp } from '../../../drivers/8x8/audio.js'
import { capture, eightByEightApp, hangup, makeCall, say } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'
const AGENT = '+6531589338'

/** An app that asks one question, then answers what `next` says for the digits. */
function menu(params: object = {}, next: (dtmf: string | null, payload: any) => object = (d) => ({ callflow: [say(`You chose ${d}`), hangup] })) {
  return eightByEightApp((p) =>
    p.callStatus === 'CALL_RECEIVED' ? { clientActionId: 'menu', callflow: [capture('Press 1 for sales or 2 for support', params)] } : next(p.eventData?.dtmf ?? null, p),
  )
}
const inbound = (listener: ReturnType<typeof menu>['listener'], vendor: object = {}) =>
  callTo(listener, { platform: '8x8', vendor }).fromCaller(CALLER).toNumber(VN)
const vcas = (received: ReturnType<typeof menu>['received']) => received.filter((r) => r.body.eventType === 'CALL_ACTION').map((r) => r.body.payload)
const notes = (call: CallResult) => call.transcript.entries.flatMap((e) => (e.kind === 'note' ? [e.text] : []))
/** The fileUrl of 8x8's own playFile example (§3.4): a file on a host that is not the app's. */
const VENDOR_FILE = 'https://sample-videos.com/audio/mp3/wave.mp3'

describe('the call-action webhook (VCA)', () => {
  it('sends CALL_RECEIVED with the documented envelope and payload', async () => {
    const { listener, received } = menu()
    await inbound(listener).expectAction('sayAndCapture')
    expect(received[0]).toEqual({
      path: '/8x8/vca',
      body: {
        namespace: 'VOICE',
        eventType: 'CALL_ACTION',
        description: 'Action request of a call',
        payload: {
          eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          callId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          subAccountId: 'callspec_test',
          callStatus: 'CALL_RECEIVED',
          callDirection: 'INBOUND',
          callType: 'PSTN',
          source: CALLER,
          destination: VN,
          sourceFormat: 'MSISDN',
          destinationFormat: 'MSISDN',
          sourceCountryCode: 'SG',
          destinationCountryCode: 'SG',
          sourceRefId: null,
          destinationRefId: 'vn-6568332048',
          callDuration: 0,
          sipCode: 200,
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      },
    })
  })

  it('reports the digits in eventData.dtmf and a flat dtmf, and echoes the last clientActionId', async () => {
    const { listener, received } = menu({ maxDigits: 1 })
    await inbound(listener).expectAction('sayAndCapture').pressDigits('2').expectAction('say', { params: { text: 'You chose 2' } }).expectAction('hangup')
    const [first, second] = vcas(received)
    expect(first).not.toHaveProperty('clientActionId')
    expect(second).toMatchObject({ callStatus: 'ACTION_COMPLETED', eventData: { dtmf: '2' }, clientActionId: 'menu', callId: first.callId, sessionId: first.sessionId })
    // 8x8's sources disagree on the place: callspec sends both (BEHAVIOUR.flatDtmf).
    expect(second).toHaveProperty('dtmf', '2')
  })

  it('sends the digits only in eventData.dtmf with vendor.flatDtmf: false', async () => {
    const { listener, received } = menu({ maxDigits: 1 })
    await inbound(listener, { flatDtmf: false }).expectAction('sayAndCapture').pressDigits('1').expectAction('say').expectAction('hangup')
    expect(vcas(received)[1]).toMatchObject({ eventData: { dtmf: '1' } })
    expect(vcas(received)[1]).not.toHaveProperty('dtmf')
  })

  it('sends no clientActionId after an answer that had none', async () => {
    const { listener, received } = eightByEightApp((p) =>
      p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('PIN?', { maxDigits: 4 })] } : { callflow: [hangup] },
    )
    await inbound(listener).expectAction('sayAndCapture').pressDigits('1234').expectAction('hangup')
    expect(vcas(received)[1]).not.toHaveProperty('clientActionId')
  })

  it('asks the app again, without eventData, when a callflow runs out', async () => {
    let turn = 0
    const { listener, received } = eightByEightApp(() => (++turn === 1 ? { clientActionId: 'greeting', callflow: [say('Hello')] } : { callflow: [hangup] }))
    const call = await inbound(listener).expectAction('say').expectAction('hangup')
    expect(vcas(received)[1]).toMatchObject({ callStatus: 'ACTION_COMPLETED', clientActionId: 'greeting' })
    expect(vcas(received)[1]).not.toHaveProperty('eventData')
    expect(call.events).toEqual(['CALL_ACTION', 'CALL_ACTION', 'SESSION_SUMMARY'])
  })

  it('ends the session on an empty callflow answer', async () => {
    const { listener, received } = eightByEightApp(() => ({ callflow: [] }))
    const call = await inbound(listener).expectHangup()
    expect(call.end).toMatchObject({ by: 'platform', reason: 'empty callflow' })
    expect(received.at(-1)!.body.payload).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'MAKE_CALL', callCount: 1 })
  })

  it('goes to vendor.vcaPath, and the VSS to vendor.vssPath', async () => {
    const { listener, received } = menu({ maxDigits: 1 })
    await inbound(listener, { vcaPath: '/hooks/vca', vssPath: 'https://app.example/hooks/vss?tenant=7' }).expectAction('sayAndCapture').pressDigits('1').expectAction('say').expectAction('hangup')
    expect(received.map((r) => r.path)).toEqual(['/hooks/vca', '/hooks/vca', '/hooks/vss'])
  })

  it('sends no VSS when none is configured', async () => {
    const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
    await inbound(listener, { vssPath: null }).expectAction('hangup')
    expect(received.map((r) => r.body.eventType)).toEqual(['CALL_ACTION'])
  })

  it('refuses an inbound call when no VCA webhook is configured', async () => {
    const { listener } = menu()
    await expect(inbound(listener, { vcaPath: null }).expectHangup()).rejects.toThrow('an inbound 8x8 call starts with a VCA webhook, but vendor.vcaPath is null')
  })

  it('carries the static headers the subaccount is configured with', async () => {
    const seen: string[] = []
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    const app = (req: any, res: any) => {
      seen.push(req.headers.authorization)
      listener(req, res)
    }
    await callTo(app, { platform: '8x8', headers: { authorization: 'mdp1234' } }).expectAction('hangup')
    expect(seen).toEqual(['mdp1234', 'mdp1234'])
  })
})

describe('sayAndCapture', () => {
  it('ends entry on # and leaves the # out', async () => {
    const { listener, received } = menu()
    await inbound(listener).expectAction('sayAndCapture').pressDigits('4711#').expectAction('say', { params: { text: 'You chose 4711' } }).expectAction('hangup')
    expect(vcas(received)[1].eventData).toEqual({ dtmf: '4711' })
  })

  it('ends entry when maxDigits are in, with completeOnHash false', async () => {
    const { listener } = menu({ maxDigits: 3, completeOnHash: false })
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('123').expectAction('say', { params: { text: 'You chose 123' } })
    expect(call.transcript.entries.filter((e) => e.kind === 'caller').map((e) => (e as { text: string }).text)).toEqual(['presses 123', 'hangs up (end of test)'])
  })

  it('takes # as a key when completeOnHash is false', async () => {
    const { listener } = menu({ completeOnHash: false, maxDigits: 2 })
    await inbound(listener).expectAction('sayAndCapture').pressDigits('1#').expectAction('say', { params: { text: 'You chose 1#' } })
  })

  it('ends entry after digitTimeout without a key', async () => {
    const { listener } = menu({ digitTimeout: 2000, overallTimeout: 20000 })
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('12').staySilent().expectAction('say', { params: { text: 'You chose 12' } })
    const vca = call.transcript.entries.filter((e) => e.kind === 'event')[1]!
    const keysDone = call.transcript.entries.find((e) => e.kind === 'caller')!.at + 300
    expect(vca.at - keysDone).toBe(2000)
  })

  it('plays the success message before reporting', async () => {
    const { listener } = menu({ maxDigits: 1, successMessage: 'Got it.' })
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('1').expectAction('say').expectAction('hangup')
    expect(call.prompts).toEqual(['Press 1 for sales or 2 for support', 'Got it.', 'You chose 1'])
  })

  it('replays the prompt after the failure message while tries remain', async () => {
    const { listener } = menu({ minDigits: 3, maxDigits: 4, failureMessage: 'That was too short.', noOfTries: 2 })
    const call = await inbound(listener)
      .expectAction('sayAndCapture')
      .pressDigits('1#')
      .pressDigits('123#')
      .expectAction('say', { params: { text: 'You chose 123' } })
      .expectAction('hangup')
    expect(call.prompts).toEqual(['Press 1 for sales or 2 for support', 'That was too short.', 'Press 1 for sales or 2 for support', 'You chose 123'])
  })

  it('reports dtmf null once the tries are used up', async () => {
    const { listener, received } = menu({ maxDigits: 1, overallTimeout: 5000, noOfTries: 3, failureMessage: 'No input.' })
    const call = await inbound(listener).expectAction('sayAndCapture').staySilent().expectAction('say', { params: { text: 'You chose null' } })
    expect(vcas(received)[1].eventData).toEqual({ dtmf: null })
    expect(call.prompts.filter((p) => p === 'No input.')).toHaveLength(3)
  })

  it("defaults to the guide's 30 s overall timeout and 3 tries", async () => {
    const { listener } = menu()
    const call = await inbound(listener).expectAction('sayAndCapture').staySilent().expectAction('say')
    const prompt = 8 * 400
    expect(call.transcript.entries.filter((e) => e.kind === 'event')[1]!.at).toBe(3 * (prompt + 30_000))
  })

  it('lets keys cut the prompt short (barge-in)', async () => {
    const { listener } = menu({ maxDigits: 1 })
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('2', { bargeIn: true }).expectAction('say')
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 300 })
  })

  it('waits for the prompt to end before the keys go in', async () => {
    const { listener } = menu({ maxDigits: 1 })
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('2').expectAction('say')
    expect(call.transcript.entries.find((e) => e.kind === 'caller')!.at).toBe(8 * 400 + 300)
  })

  it('runs the actions after it before reporting, so a say plays first', async () => {
    const { listener, received } = eightByEightApp((p) =>
      p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('Rate us from 1 to 5', { maxDigits: 1 }), say('Thank you for your feedback.')] } : { callflow: [hangup] },
    )
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('5').expectAction('say').expectAction('hangup')
    expect(vcas(received)[1].eventData).toEqual({ dtmf: '5' })
    expect(call.prompts).toEqual(['Rate us from 1 to 5', 'Thank you for your feedback.'])
  })

  it('never listens for speech: say() at a sayAndCapture fails naming what the platform listened for, and pressDigits()', async () => {
    const { listener } = menu({ minDigits: 1, maxDigits: 4, digitTimeout: 3000, overallTimeout: 9000, noOfTries: 1 })
    const flow = inbound(listener).expectAction('sayAndCapture').say('sales')
    await expect(flow).rejects.toThrow(
      'say("sales"): the call ended before the platform listened for speech (hangup). The platform listened for digits (1–4 digits, # ends, 9 s overall, 3 s between keys, try 1 of 1), not speech, while the caller waited: to answer that prompt, use pressDigits().',
    )
  })
})

describe('say and playFile', () => {
  it('repeats a say and speeds it up', async () => {
    let turn = 0
    const { listener } = eightByEightApp(() => (++turn === 1 ? { callflow: [say('Your code is 1 2 3 4', { repetition: 2, speed: 2 }), hangup] } : {}))
    const call = await inbound(listener).expectAction('say').expectAction('hangup')
    expect(call.prompts).toEqual(['Your code is 1 2 3 4', 'Your code is 1 2 3 4'])
    // 7 words at 400 ms, twice as fast, twice.
    expect(call.duration).toBe(2 * 1400)
  })

  it('downloads the file from the app, once per session, and plays it', async () => {
    const files = { '/audio/hold.mp3': { type: 'audio/mpeg', bytes: 200_000 } }
    let turn = 0
    const gets: string[] = []
    const { listener } = eightByEightApp(
      () =>
        ++turn === 1
          ? { callflow: [{ action: 'playFile', params: { fileUrl: 'http://localhost:3000/audio/hold.mp3', repetition: 2 } }, { action: 'playFile', params: { fileUrl: 'http://localhost:3000/audio/hold.mp3' } }, hangup] }
          : {},
      files,
    )
    const app = (req: any, res: any) => {
      if (req.method === 'GET') gets.push(req.url)
      listener(req, res)
    }
    const call = await callTo(app, { platform: '8x8', vendor: { audioDurationsMs: { 'http://localhost:3000/audio/hold.mp3': 5000 } } })
      .expectAction('playFile', { params: { repetition: 2 } })
      .expectAction('playFile')
      .expectAction('hangup')
    expect(gets).toEqual(['/audio/hold.mp3'])
    expect(call).toHavePlayed('http://localhost:3000/audio/hold.mp3')
    expect(call.prompts).toHaveLength(3)
    expect(call.duration).toBe(15_000)
  })

  it('accepts an octet-stream that is a WAV file', async () => {
    const files = { '/a.wav': { type: 'application/octet-stream', body: 'RIFF\u0024\u0000\u0000\u0000WAVEfmt ' } }
    let turn = 0
    const { listener } = eightByEightApp(() => (++turn === 1 ? { callflow: [{ action: 'playFile', params: { fileUrl: 'http://localhost:3000/a.wav' } }, hangup] } : {}), files)
    const call = await inbound(listener).expectAction('playFile').expectAction('hangup')
    expect(call).toHaveHungUp()
    expect(notes(call)).toContain('downloaded http://localhost:3000/a.wav (application/octet-stream)')
  })

  it("plays 8x8's own playFile example, a file on another host, without fetching it: for vendor.audioDurationsMs, else 3 s", async () => {
    const gets: string[] = []
    const { listener } = eightByEightApp((p) =>
      p.callStatus === 'CALL_RECEIVED'
        ? { callflow: [{ action: 'playFile', params: { fileUrl: VENDOR_FILE, repetition: 1 } }, { action: 'playFile', params: { fileUrl: 'https://cdn.example.net/hold.mp3' } }, hangup] }
        : { callflow: [hangup] },
    )
    // The app serves neither file: the audit's app answered 404 for the vendor's path, and the call failed with -2006.
    const app = (req: any, res: any) => {
      if (req.method === 'GET') gets.push(req.url)
      listener(req, res)
    }
    const call = await callTo(app, { platform: '8x8', vendor: { audioDurationsMs: { [VENDOR_FILE]: 7_000 } } })
      .expectAction('playFile', { params: { fileUrl: VENDOR_FILE } })
      .expectAction('playFile')
      .expectAction('hangup')
    expect(gets).toEqual([])
    expect(call).toHavePlayed(VENDOR_FILE)
    expect(call.duration).toBe(7_000 + 3_000)
    const hosts = 'app.callspec.local, localhost, 127.0.0.1, [::1]'
    expect(notes(call)).toEqual(
      expect.arrayContaining([
        `${VENDOR_FILE} not fetched: callspec reaches only the app under test (${hosts}), so it cannot check this file; it plays for 7000 ms (vendor.audioDurationsMs)`,
        `https://cdn.example.net/hold.mp3 not fetched: callspec reaches only the app under test (${hosts}), so it cannot check this file; it plays for the default 3000 ms (set vendor.audioDurationsMs to change it)`,
      ]),
    )
    expect(call.warnings).toEqual([])
  })

  it("by URL: downloads a file on the app's own host, and plays one on another host unfetched", async () => {
    const gets: string[] = []
    let origin = ''
    const { listener } = eightByEightApp(
      (p) =>
        p.callStatus === 'CALL_RECEIVED'
          ? { callflow: [{ action: 'playFile', params: { fileUrl: VENDOR_FILE } }, { action: 'playFile', params: { fileUrl: `${origin}/audio/hold.mp3` } }, hangup] }
          : { callflow: [hangup] },
      { '/audio/hold.mp3': { type: 'audio/mpeg', bytes: 2_000 } },
    )
    const server = createServer((req, res) => {
      if (req.method === 'GET') gets.push(req.url!)
      listener(req, res)
    }).listen(0, '127.0.0.1')
    await once(server, 'listening')
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const call = await callTo(origin, { platform: '8x8', vendor: { audioDurationsMs: { [VENDOR_FILE]: 4_000 } } })
        .fromCaller(CALLER)
        .toNumber(VN)
        .expectAction('playFile', { params: { fileUrl: VENDOR_FILE } })
        .expectAction('playFile')
        .expectAction('hangup')
      expect(gets).toEqual(['/audio/hold.mp3'])
      expect(call.duration).toBe(4_000 + 3_000)
      expect(notes(call)).toEqual(
        expect.arrayContaining([
          `${VENDOR_FILE} not fetched: callspec reaches only the app under test (127.0.0.1, localhost, [::1]), so it cannot check this file; it plays for 4000 ms (vendor.audioDurationsMs)`,
          `downloaded ${origin}/audio/hold.mp3 (audio/mpeg)`,
        ]),
      )
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it("decides in one place which files are the app's own: relative URLs and the webhooks' hosts", () => {
    const memory = appHosts('http://app.callspec.local', ['/8x8/vca', 'https://ivr.example.com/8x8/vss?tenant=7', null])
    expect([...memory]).toEqual(['app.callspec.local', 'localhost', '127.0.0.1', '[::1]', 'ivr.example.com'])
    // A relative fileUrl names the app itself (the schema refuses one first: fileUrl is http(s), §3.4).
    expect(servedByApp('/audio/hold.mp3', memory)).toBe(true)
    expect(servedByApp('audio/hold.mp3', memory)).toBe(true)
    expect(servedByApp('http://localhost:3000/audio/hold.mp3', memory)).toBe(true)
    expect(servedByApp('https://IVR.example.com/audio/hold.mp3', memory)).toBe(true)
    expect(servedByApp(VENDOR_FILE, memory)).toBe(false)
    // An app by URL: its host; loopback names only when it is on loopback.
    const deployed = appHosts('https://ivr.example.org', ['/8x8/vca', '/8x8/vss', null])
    expect([...deployed]).toEqual(['ivr.example.org'])
    expect(servedByApp('https://ivr.example.org:8443/a.wav', deployed)).toBe(true)
    expect(servedByApp('http://localhost/a.wav', deployed)).toBe(false)
    expect(servedByApp('https://s3.amazonaws.com/bucket/a.wav', deployed)).toBe(false)
  })
})

describe('makeCall: bridging a second leg', () => {
  const masking = (extra: object[] = []) =>
    eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [say('Connecting you.'), makeCall(VN, AGENT), ...extra] } : { callflow: [hangup] }))

  it('bridges the second leg when it answers, and summarises both legs', async () => {
    const { listener, received } = masking()
    const call = await inbound(listener).expectAction('say').expectAction('makeCall').staySilent(30_000).pressDigits('5', { bargeIn: true }).hangUp()
    const vss = received.at(-1)!.body.payload
    expect(vss).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'MAKE_CALL', callCount: 2 })
    expect(vss.details.callA).toMatchObject({ callDirection: 'INBOUND', source: CALLER, destination: VN, callStatus: 'COMPLETED' })
    expect(vss.details.callB).toMatchObject({
      callDirection: 'OUTBOUND',
      source: VN,
      destination: AGENT,
      sourceRefId: 'vn-6568332048',
      destinationRefId: null,
      callStatus: 'COMPLETED',
      callDuration: 30 - 4 + 0,
      connectedTimestamp: expect.any(String),
    })
    expect(call.transcript.entries.filter((e) => e.kind === 'note').map((e) => (e as { text: string }).text)).toContain(`key 5 goes through to ${AGENT}`)
  })

  it('runs the actions after makeCall once the leg is bridged', async () => {
    const { listener } = masking([say('You are now connected.')])
    const call = await inbound(listener).expectAction('say').expectAction('makeCall').expectAction('say', { params: { text: 'You are now connected.' } })
    expect(call.transcript.entries.find((e) => e.kind === 'action' && e.action.index === 2)!.at).toBe(800 + 4000)
  })

  it.each([
    ['busy', 'BUSY', 1_000],
    ['no-answer', 'NO_ANSWER', 30_000],
  ] as const)('ends the session %s when the second leg is', async (behaviour, status, after) => {
    const { listener, received } = masking()
    const call = await inbound(listener).withParty(AGENT, behaviour).expectAction('say').expectAction('makeCall').expectHangup()
    expect(call.end).toMatchObject({ by: 'platform' })
    expect(call.duration).toBe(800 + after)
    const vss = received.at(-1)!.body.payload
    expect(vss).toMatchObject({ sessionStatus: status, details: { callA: { callStatus: 'COMPLETED' }, callB: { callStatus: status, callDuration: 0 } } })
    expect(vss.details.callB).not.toHaveProperty('connectedTimestamp')
  })

  it('accepts the agent number without + in withParty()', async () => {
    const { listener, received } = masking()
    await inbound(listener).withParty(AGENT.slice(1), 'busy').expectAction('say').expectAction('makeCall').expectHangup()
    expect(received.at(-1)!.body.payload.sessionStatus).toBe('BUSY')
  })

  it('sends call-status webhooks for both legs when a VCS webhook is configured', async () => {
    const { listener, received } = masking()
    await inbound(listener, { vcsPath: '/8x8/status' }).expectAction('say').expectAction('makeCall').staySilent(10_000).hangUp()
    const statuses = received.filter((r) => r.path === '/8x8/status').map((r) => `${r.body.payload.callStatus} ${r.body.payload.destination}`)
    expect(statuses).toEqual([`CALL_RECEIVED ${VN}`, `CALL_INITIATED ${AGENT}`, `CALL_CONNECTED ${AGENT}`, `CALL_DISCONNECTED ${VN}`, `CALL_DISCONNECTED ${AGENT}`])
  })
})

describe('outbound sessions and their ends', () => {
  const start = (callflow: object[]) => () =>
    fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ callflow }),
    })

  it('runs the REST callflow once the callee answers, and records it as API actions', async () => {
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    const call = await callTo(listener, { platform: '8x8' })
      .startedBy(start([makeCall('6512341234', '6512345678'), say('Your parcel is out for delivery.')]))
      .expectAction('makeCall')
      .expectAction('say')
      .expectAction('hangup')
    expect(call.actions.map((a) => `${a.name} ${a.source} ${a.at}`)).toEqual(['makeCall api 0', 'say api 4000', 'hangup response 6400'])
  })

  describe('an outbound call that is never answered (audit-112 F3)', () => {
    const vss = (received: Array<{ body: { eventType?: string; payload?: Record<string, unknown> } }>) => received.filter((r) => r.body.eventType === 'SESSION_SUMMARY').map((r) => r.body.payload)

    it('a test that ends after makeCall lets a busy line end the attempt: BUSY, as the test declared, not CANCELED', async () => {
      const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
      const call = await callTo(listener, { platform: '8x8' })
        .startedBy(start([makeCall('6512341234', '6512345678'), say('Your parcel is out for delivery.')]))
        .answeredBy('busy')
        .expectAction('makeCall')
      expect(call.end).toMatchObject({ by: 'callee', reason: 'line busy' })
      expect(vss(received)).toEqual([expect.objectContaining({ sessionStatus: 'BUSY' })])
    })

    it('the person dialled rejecting the ringing phone (.hangUp() before answering) is BUSY, SIP 486, not the caller side\'s CANCELED 487', async () => {
      const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
      const call = await callTo(listener, { platform: '8x8', vendor: { vcsPath: true } })
        .startedBy(start([makeCall('6512341234', '6512345678'), say('Your parcel is out for delivery.')]))
        .expectAction('makeCall')
        .staySilent(2_000)
        .hangUp()
      expect(call.end).toMatchObject({ by: 'caller', reason: 'declined while ringing' })
      expect(vss(received)).toEqual([expect.objectContaining({ sessionStatus: 'BUSY', details: expect.objectContaining({ callA: expect.objectContaining({ callStatus: 'BUSY' }) }) })])
      const disconnected = call.webhooks.find((w) => (w.body as { payload?: { callStatus?: string } }).payload?.callStatus === 'CALL_DISCONNECTED')
      expect((disconnected?.body as { payload: { sipCode: number } }).payload.sipCode).toBe(486)
    })

    it("the test's own end while the phone rings is still callspec's clean-up: CANCELED", async () => {
      const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
      await callTo(listener, { platform: '8x8' })
        .startedBy(start([makeCall('6512341234', '6512345678'), say('Your parcel is out for delivery.')]))
        .expectAction('makeCall')
      expect(vss(received)).toEqual([expect.objectContaining({ sessionStatus: 'CANCELED' })])
    })
  })

  it('reports the callee hanging up', async () => {
    const { listener, received } = eightByEightApp(() => ({ callflow: [hangup] }))
    const call = await callTo(listener, { platform: '8x8' })
      .startedBy(start([makeCall('6512341234', '6512345678'), say('Please hold for an important message about your account.')]))
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .expectAction('makeCall')
      .expectAction('say')
      .staySilent(5_000)
    expect(call.end).toMatchObject({ by: 'callee', reason: '+6512345678 hung up', answered: true })
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 1000 })
    expect(received.at(-1)!.body.payload).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'SAY', details: { callA: { callDirection: 'OUTBOUND', callDuration: 1 } } })
  })

  it("expectHangup() fails when the callee hung up, not the app: the person the test plays, as after .hangUp() (audit-112 F1: it passed)", async () => {
    const { listener } = eightByEightApp(() => ({ callflow: [say('Still here.')] }))
    const flow = callTo(listener, { platform: '8x8' })
      .startedBy(start([makeCall('6512341234', '6512345678'), say('Please hold for an important message about your account.')]))
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .expectAction('makeCall')
      .expectAction('say')
      .expectHangup()
    await expect(flow).rejects.toThrow('expectHangup(): expected the app to hang up, but the called person hung up first (+6512345678 hung up)')
  })

  it('with no VCA webhook configured (vcaPath: null), a callflow that runs out ends the session: COMPLETED, no request to the app', async () => {
    // A voice-messaging app: Send Callflow [makeCall, say] with no final hangup, and no VCA route.
    const { listener, received } = eightByEightApp(() => {
      throw new Error('no VCA webhook is configured: the app must not be asked')
    })
    const call = await callTo(listener, { platform: '8x8', vendor: { vcaPath: null } })
      .startedBy(start([makeCall('6512341234', '6512345678'), say('Your parcel arrives today.', { repetition: 2 })]))
      .expectAction('makeCall')
      .expectAction('say')
      .expectHangup()
    expect(call.end).toMatchObject({ at: 4_000 + 2 * 1_600, by: 'platform', reason: 'callflow ran out, no VCA webhook' })
    expect(notes(call)).toContain('the callflow ran out and no VCA webhook is configured (vendor.vcaPath: null): nothing is left to do, so the platform ends the session')
    expect(received.map((r) => r.path)).toEqual(['/8x8/vss'])
    expect(call.events).toEqual(['SESSION_SUMMARY'])
    expect(received[0]!.body.payload).toMatchObject({
      sessionStatus: 'COMPLETED',
      lastAction: 'SAY',
      callCount: 1,
      details: { callA: { callDirection: 'OUTBOUND', callStatus: 'COMPLETED' } },
    })
    expect(received[0]!.body.payload.errorDetails).toBeUndefined()
  })

  it('the same app without vcaPath: null gets a 404 from its missing VCA route: a warning (rule 8x8/ran-out-answer, inferred) says what to do, and the session completes', async () => {
    const listener = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      req.resume()
      req.on('end', () => {
        res.statusCode = req.url === '/8x8/vca' ? 404 : 200
        res.end()
      })
    }
    const call = await callTo(listener, { platform: '8x8', warnings: 'silent' })
      .startedBy(start([makeCall('6512341234', '6512345678'), say('Your parcel arrives today.')]))
      .expectAction('makeCall')
      .expectAction('say')
      .expectHangup()
    expect(call.warnings).toEqual([
      expect.stringMatching(
        /with HTTP 404, which holds no callflow: 8x8 documents this VCA after sayAndCapture and for a received call, not when a callflow runs out, nor what an answer with no callflow does, so callspec ends the session as 8x8 most plausibly would, COMPLETED\. A 404 means the app has no route for the VCA at that path: if your subaccount has no VCA webhook \(a voice message sent with Send Callflow\), end the callflow with hangup or tell callspec with vendor: \{ vcaPath: null \}\. \(rule 8x8\/ran-out-answer, inferred\)$/,
      ),
    ])
    expect(call.end).toMatchObject({ by: 'platform', reason: 'callflow ran out, no callflow in the answer' })
  })

  it('a caller hanging up mid-prompt completes the session', async () => {
    const { listener, received } = menu()
    const call = await inbound(listener).expectAction('sayAndCapture').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', reason: 'caller hung up' })
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 1000 })
    expect(received.at(-1)!.body.payload).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'SAY_AND_CAPTURE' })
  })

  it('a network drop fails the leg', async () => {
    const { listener, received } = menu()
    const call = await inbound(listener).expectAction('sayAndCapture').hangUp({ cause: 'network' })
    expect(call.end).toMatchObject({ by: 'network' })
    expect(received.at(-1)!.body.payload).toMatchObject({ sessionStatus: 'FAILED', details: { callA: { callStatus: 'FAILED' } } })
  })

  it('ignores speech: 8x8 callflows capture keys only', async () => {
    const { listener } = menu({ maxDigits: 1 })
    const call = await inbound(listener).expectAction('sayAndCapture').say('sales', { bargeIn: true }).pressDigits('1').expectAction('say')
    expect(call.transcript.entries.some((e) => e.kind === 'note' && e.text.startsWith('speech ignored'))).toBe(true)
  })
})
