import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { answering, tts, webexApp, type WebexEvent } from '../../helpers/webex-apps.js'

/**
 * How a PATCH ends (§2.8 PATCHED). The docs' only PATCHED example carries, in one event,
 * `ConnectedOn`, `recordingFileName: ["1.wav", "2.wav"]` and `droppedBy: "CALLER"`; the field table
 * says recordingFileName is "Recordings from the patch (when recordCall)" and droppedBy is "present
 * once the patched call ends". So the recordings come on the PATCHED that ends the patch (never on
 * the connect event, before anything is recorded), the caller leaving a bridge sends
 * PATCHED {droppedBy: "CALLER"} before DROPPED, and the patch's recording is listed by the
 * recordings API (§1.4) as RECORD's are. End to end, over HTTP, against an in-process app.
 */
const W = { platform: 'webex-connect' } as const
/** An inbound call whose app reads the recordings API: callspec answers the vendor host in this process. */
const WA = { ...W, api: 'intercept' } as const
const AGENT = '+14155550142'
const patch = (extra: object = {}) => ({ action: 'PATCH', dialedNumber: AGENT, greetingAudio: tts('Call from the IVR.'), ...extra })

/** GET /v1/voice/calls/{sessionId}/recordings from inside the app, as an in-process app reaches the vendor host. */
const fetchRecordings = (sessionId: string) =>
  fetch(`https://api.us.webexconnect.io/v1/voice/calls/${sessionId}/recordings`, { headers: { authorization: 'Bearer key' } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { recordings: Array<{ durationSeconds: number; url: string }>; sessionId: string },
  }))

/** Answers `event` after reading the recordings API; what it read lands in `seen`. */
const afterReadingRecordings = (event: WebexEvent, seen: unknown[], answer: unknown) => (res: ServerResponse) => {
  void fetchRecordings(event.sessionId).then((recordings) => {
    seen.push(recordings)
    if (answer === undefined) return void res.end()
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(answer))
  })
}

/**
 * The PATCHED that ends a recorded bridge, as the docs' example: the connect event's ConnectedOn
 * and ids, the bridge's one recording, `droppedBy`; the connect event named none. Returns the name.
 */
function expectRecordedEnd(connected: WebexEvent | undefined, ended: WebexEvent | undefined, droppedBy: 'CALLER' | 'CALLEE'): string {
  expect(connected).not.toHaveProperty('recordingFileName')
  const name = `${connected!.sessionId.slice(0, 8)}_patch_1.wav`
  expect(ended).toEqual({
    event: 'PATCHED',
    eventTime: expect.any(String),
    sessionId: connected!.sessionId,
    transactionId: connected!.transactionId,
    status: 'SUCCESS',
    ConnectedOn: connected!.ConnectedOn,
    recordingFileName: [name],
    droppedBy,
  })
  expect(validate('webex-connect', 'event', ended).ok).toBe(true)
  return name
}

describe('the B-party leaves a recorded patch: the recordings come on the PATCHED that ends it', () => {
  it('the connect PATCHED names no recording; the release carries ConnectedOn, droppedBy CALLEE and recordingFileName; the recordings API lists it', async () => {
    const read: unknown[] = []
    const app = webexApp((e) => {
      if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (e.event === 'ANSWERED') return patch({ recordCall: true })
      if (e.event === 'PATCHED' && !e.droppedBy) return undefined
      if (e.event === 'PATCHED') return afterReadingRecordings(e, read, { action: 'HANGUP' })
      return undefined
    })
    const call = await callTo(app, WA).withParty(AGENT, { answers: true, hangsUpAfterMs: 20_000 }).expectAction('ANSWER').expectAction('PATCH').expectAction('HANGUP')

    const [connected, released] = app.seen.filter((e) => e.event === 'PATCHED')
    expect(connected).toEqual({
      event: 'PATCHED',
      eventTime: expect.any(String),
      sessionId: expect.any(String),
      transactionId: expect.any(String),
      status: 'SUCCESS',
      ConnectedOn: expect.any(String),
    })
    const name = expectRecordedEnd(connected, released, 'CALLEE')
    // 20 s of bridge, from ConnectedOn to the B-party's hang-up.
    expect(Date.parse(released!.eventTime) - Date.parse(connected!.ConnectedOn)).toBe(20_000)
    expect(read).toEqual([
      { status: 200, body: { sessionId: connected!.sessionId, recordings: [{ durationSeconds: 20, url: `https://recordings.webexconnect.io/voice-recordings/${name}` }] } },
    ])
    expect(call.print()).toMatch(/→ PATCHED\s+connected\n.*→ PATCHED\s+released by CALLEE/s)
  })

  it('without recordCall, neither PATCHED names a recording and the recordings API lists none', async () => {
    const read: unknown[] = []
    const app = webexApp((e) => {
      if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (e.event === 'ANSWERED') return patch()
      if (e.event === 'PATCHED' && !e.droppedBy) return undefined
      if (e.event === 'PATCHED') return afterReadingRecordings(e, read, { action: 'HANGUP' })
      return undefined
    })
    await callTo(app, WA).withParty(AGENT, { answers: true, hangsUpAfterMs: 5_000 }).expectAction('ANSWER').expectAction('PATCH').expectAction('HANGUP')
    const patched = app.seen.filter((e) => e.event === 'PATCHED')
    expect(patched.map((e) => e.droppedBy)).toEqual([undefined, 'CALLEE'])
    expect(patched.filter((e) => 'recordingFileName' in e)).toEqual([])
    expect(read).toEqual([{ status: 200, body: { sessionId: patched[0]!.sessionId, recordings: [] } }])
  })

  it("a RECORD's recording and a patch's are numbered in one series, both in the recordings API", async () => {
    const read: unknown[] = []
    const app = webexApp((e) => {
      if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (e.event === 'ANSWERED') return { action: 'RECORD', audio: [tts('Say your name.')], timeoutSeconds: 5 }
      if (e.event === 'RECORDED') return patch({ recordCall: true })
      if (e.event === 'PATCHED' && !e.droppedBy) return undefined
      if (e.event === 'PATCHED') return afterReadingRecordings(e, read, { action: 'HANGUP' })
      return undefined
    })
    await callTo(app, WA).withParty(AGENT, { answers: true, hangsUpAfterMs: 10_000 }).expectAction('ANSWER').expectAction('RECORD').expectAction('PATCH').expectAction('HANGUP')
    const released = app.seen.filter((e) => e.event === 'PATCHED')[1]!
    const recorded = app.seen.find((e) => e.event === 'RECORDED')!
    expect(released.recordingFileName).toEqual([`${released.sessionId.slice(0, 8)}_patch_2.wav`])
    expect(read).toEqual([
      {
        status: 200,
        body: {
          sessionId: released.sessionId,
          recordings: [
            { durationSeconds: 5, url: recorded.recordingFileName },
            { durationSeconds: 10, url: `https://recordings.webexconnect.io/voice-recordings/${released.sessionId.slice(0, 8)}_patch_2.wav` },
          ],
        },
      },
    ])
  })
})

describe('the app hangs up a recorded bridge', () => {
  it('no PATCHED ends it (the app did), and the recording is still in the recordings API', async () => {
    const read: unknown[] = []
    const app = webexApp((e) => {
      if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (e.event === 'ANSWERED') return patch({ recordCall: true })
      if (e.event === 'PATCHED') return { action: 'HANGUP' }
      if (e.event === 'DROPPED') return afterReadingRecordings(e, read, undefined)
      return undefined
    })
    const call = await callTo(app, WA).expectAction('ANSWER').expectAction('PATCH').expectAction('HANGUP')
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'DROPPED'])
    const sessionId = app.seen[0]!.sessionId
    expect(read).toEqual([
      { status: 200, body: { sessionId, recordings: [{ durationSeconds: 0, url: `https://recordings.webexconnect.io/voice-recordings/${sessionId.slice(0, 8)}_patch_1.wav` }] } },
    ])
  })
})

describe('the caller leaves a bridge: PATCHED {droppedBy: "CALLER"}, then DROPPED (the docs\' example)', () => {
  it('a recorded patch: PATCHED carries ConnectedOn, the recording and droppedBy CALLER; the app\'s HANGUP to it is ignored; the recordings API lists it', async () => {
    const read: unknown[] = []
    const app = webexApp((e) => {
      if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (e.event === 'ANSWERED') return patch({ recordCall: true })
      if (e.event === 'PATCHED' && !e.droppedBy) return undefined
      // The handler a developer writes from the docs' example: the patch is over, hang up.
      if (e.event === 'PATCHED') return { action: 'HANGUP' }
      if (e.event === 'DROPPED') return afterReadingRecordings(e, read, undefined)
      return undefined
    })
    const call = await callTo(app, { ...WA, strict: true }).expectAction('ANSWER').expectAction('PATCH').staySilent(30_000).hangUp()

    expect(call.warnings).toEqual([])
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'PATCHED', 'DROPPED'])
    const [connected, ended] = app.seen.filter((e) => e.event === 'PATCHED')
    const name = expectRecordedEnd(connected, ended, 'CALLER')
    expect(app.seen.at(-1)).toMatchObject({ event: 'DROPPED', status: 'SUCCESS', droppedBy: 'CALLER', error: { code: '2008' } })
    expect(Date.parse(app.seen.at(-1)!.eventTime)).toBe(Date.parse(ended!.eventTime))
    // The bridge held from ConnectedOn until the caller hung up.
    const bridgedS = Math.round((Date.parse(ended!.eventTime) - Date.parse(connected!.ConnectedOn)) / 1000)
    expect(read).toEqual([{ status: 200, body: { sessionId: connected!.sessionId, recordings: [{ durationSeconds: bridgedS, url: `https://recordings.webexconnect.io/voice-recordings/${name}` }] } }])

    const print = call.print()
    expect(print).toMatch(
      /☎ hangs up\n.*4 → PATCHED\s+released by CALLER → [0-9a-f]{8}_patch_1\.wav\n.*· the app answered PATCHED with HANGUP: ignored, the call is over\n.*5 → DROPPED\s+by CALLER, 2008/,
    )
  })

  it('an empty answer to it is fine, even under strict: the call is ending (no reply-after-patch)', async () => {
    const app = answering(patch(), () => undefined)
    const call = await callTo(app, { ...W, strict: true }).expectAction('ANSWER').expectAction('PATCH').staySilent(10_000).hangUp()
    expect(call.warnings).toEqual([])
    expect(call.end).toMatchObject({ by: 'caller' })
    const ended = call.event('PATCHED', 2)
    expect(ended).toMatchObject({ status: 'SUCCESS', droppedBy: 'CALLER', ConnectedOn: expect.any(String) })
    expect(ended).not.toHaveProperty('recordingFileName')
    expect(call.print()).not.toContain('the caller hears nothing')
  })

  it('the line dropping during the bridge ends the patch from the caller\'s side too: PATCHED CALLER, then DROPPED FAILURE 3002', async () => {
    const app = answering(patch({ recordCall: true }), () => undefined)
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PATCH').staySilent(10_000).hangUp({ cause: 'network' })
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'PATCHED', 'DROPPED'])
    expect(app.seen.filter((e) => e.event === 'PATCHED')[1]).toMatchObject({ droppedBy: 'CALLER', recordingFileName: [expect.stringMatching(/_patch_1\.wav$/)] })
    expect(app.seen.at(-1)).toMatchObject({ event: 'DROPPED', status: 'FAILURE', error: { code: '3002' } })
  })

  it('an outbound call: the callee who hangs up is the patch\'s CALLER (the A-party); DROPPED names the call\'s CALLEE as before', async () => {
    const app = webexApp((e) => (e.event === 'ANSWERED' ? patch({ recordCall: true }) : undefined))
    const place = () =>
      fetch('https://api.us.webexconnect.io/v1/voice/calls', {
        method: 'POST',
        headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/' }),
      })
    const call = await callTo(app, W).startedBy(place).expectAction('PATCH').staySilent(10_000).hangUp()
    expect(call.events).toEqual(['ANSWERED', 'PATCHED', 'PATCHED', 'DROPPED'])
    expect(app.seen[2]).toMatchObject({ event: 'PATCHED', status: 'SUCCESS', droppedBy: 'CALLER', ConnectedOn: app.seen[1]!.ConnectedOn })
    expect(app.seen[3]).toMatchObject({ event: 'DROPPED', droppedBy: 'CALLEE', error: { code: '2008' } })
  })

  it('a 404 to it is the after-the-end warning, as for DROPPED: the app has no route for PATCHED', async () => {
    const app = answering(patch(), (e) => (e.event === 'PATCHED' && e.droppedBy ? (res: ServerResponse) => void res.writeHead(404).end() : undefined))
    const call = await callTo(app, { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PATCH').staySilent(10_000).hangUp()
    expect(call.warnings).toEqual([
      expect.stringContaining('the app answered PATCHED with HTTP 404: the call is over, so the platform ignores it, but a 404 means the app has no route for PATCHED'),
    ])
    expect(call.events.slice(-2)).toEqual(['PATCHED', 'DROPPED'])
  })

  it('a caller who hangs up while the B-party still rings gets no PATCHED: nothing was connected', async () => {
    const app = answering(patch({ recordCall: true }), () => undefined)
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PATCH').staySilent(1_000).hangUp()
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'DROPPED'])
  })
})
