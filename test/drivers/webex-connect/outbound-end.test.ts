import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { sent } from '../../helpers/events.js'

const API = 'https://api.us.webexconnect.io/v1/voice/calls'
let placed = 0

/**
 * An outbound reminder: POST /remind places the call (with `recordCallSeconds` when given), the
 * message plays, and on DROPPED the app reads the call's recordings, as an app archiving them does.
 */
function reminderApp(recordCallSeconds?: number) {
  const seen: Array<Record<string, unknown>> = []
  const listed: unknown[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', async () => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/remind') {
        const answer = await fetch(API, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer key', 'idempotency-key': `reminder-${++placed}` },
          body: JSON.stringify({ callerId: '+15550001234', dialedNumber: '+15559994321', callbackUrl: 'http://app.example/webex', recordCallSeconds }),
        })
        res.statusCode = answer.status
        return void res.end(await answer.text())
      }
      const event = JSON.parse(body) as Record<string, unknown>
      seen.push(event)
      if (event.event === 'ANSWERED') return void res.end(JSON.stringify({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Your appointment is tomorrow at nine. '.repeat(4) }] }))
      if (event.event === 'PLAYED') return void res.end(JSON.stringify({ action: 'HANGUP' }))
      if (event.event === 'DROPPED') {
        const read = async (path: string) => (await fetch(`${API}/${String(event.sessionId)}${path}`, { headers: { authorization: 'Bearer key' } })).json()
        listed.push(await read('/recordings'), await read(''))
      }
      res.end()
    })
  })
  return { server, seen, listed }
}

const place = (app: ReturnType<typeof reminderApp>) =>
  callTo(app.server, { platform: 'webex-connect', seed: 1 }).startedBy((a) => a.fetch('/remind', { method: 'POST' }))

/**
 * DROPPED.droppedBy says which party disconnected (CALLER | CALLEE). On an outbound call the
 * person dialled is the CALLEE, however the test has them hang up (audit-110 F1: answeredBy's
 * hangsUpAfterMs sent CALLER while .hangUp() by the same person sent CALLEE).
 */
describe('Webex Connect outbound: who dropped', () => {
  it('the dialled person hanging up after answering (answeredBy hangsUpAfterMs) is the CALLEE', async () => {
    const app = reminderApp()
    const call = await place(app).answeredBy({ answers: true, hangsUpAfterMs: 2_000 }).expectAction('PLAY').staySilent(5_000)
    expect(sent(call, 'DROPPED')[0]).toMatchObject({ status: 'SUCCESS', droppedBy: 'CALLEE' })
    expect(app.seen.find((e) => e.event === 'DROPPED')).toMatchObject({ droppedBy: 'CALLEE' })
  })

  it('expectHangup() fails when the dialled person hung up, not the app (audit-112 F1: it passed)', async () => {
    const flow = place(reminderApp()).answeredBy({ answers: true, hangsUpAfterMs: 2_000 }).expectAction('PLAY').expectHangup()
    await expect(flow).rejects.toThrow("expectHangup(): expected the app to hang up, but the called person hung up first (the called person hung up)")
  })

  it('the same person hanging up with .hangUp() is the CALLEE too', async () => {
    const app = reminderApp()
    const call = await place(app).expectAction('PLAY').hangUp()
    expect(sent(call, 'DROPPED')[0]).toMatchObject({ status: 'SUCCESS', droppedBy: 'CALLEE' })
  })
})

describe('Webex Connect outbound: a call over before it is answered (audit-112 F2, F3)', () => {
  it("the test's own end while it rings: DROPPED, and no ANSWERED after it", async () => {
    const app = reminderApp()
    const call = await place(app)
    expect(app.seen.map((e) => e.event)).toEqual(['DROPPED'])
    expect(call.webhooks.map((w) => w.name)).toEqual(['DROPPED'])
  })

  it('the person dialled rejecting the ringing phone (.hangUp() before answering): DROPPED FAILURE with the busy cause, as a busy line', async () => {
    const app = reminderApp()
    const call = await place(app).staySilent(1_000).hangUp()
    const busy = await place(reminderApp()).answeredBy('busy')
    expect(app.seen).toEqual([expect.objectContaining({ event: 'DROPPED', status: 'FAILURE', error: sent(busy, 'DROPPED')[0]!.error })])
    expect(call.end).toMatchObject({ by: 'caller', reason: 'declined while ringing' })
  })
})

/**
 * recordCallSeconds (make-call): "> 0 → record this many seconds after answer; 0 → record until
 * call end". The recordings API lists the file once it ends (audit-110 F2: it listed nothing).
 */
describe('Webex Connect outbound: whole-call recording', () => {
  const recordings = (app: ReturnType<typeof reminderApp>) => (app.listed[0] as { recordings: Array<{ durationSeconds: number; url: string }> }).recordings

  it('recordCallSeconds 0 records until the call ends: listed when DROPPED comes, as long as the call', async () => {
    const app = reminderApp(0)
    const call = await place(app).expectAction('PLAY').expectAction('HANGUP')
    const [recording] = recordings(app)
    expect(recordings(app)).toHaveLength(1)
    expect(recording!.url).toMatch(/^https:\/\/recordings\.webexconnect\.io\/voice-recordings\/call_\d+_[0-9a-f]{8}_1\.wav$/)
    // From the answer to the app's HANGUP after the whole message: the call's own duration (the status API's).
    const status = app.listed[1] as { durationSeconds: number; status: string }
    expect(status.status).toBe('COMPLETED')
    expect(status.durationSeconds).toBeGreaterThan(3)
    expect(recording!.durationSeconds).toBe(status.durationSeconds)
    expect(call.print()).toMatch(/whole-call recording call_\d+_[0-9a-f]{8}_1\.wav \(\d+ s\) ends/)
  })

  it('recordCallSeconds 2 stops after 2 s of a longer call', async () => {
    const app = reminderApp(2)
    await place(app).expectAction('PLAY').expectAction('HANGUP')
    expect(recordings(app)).toEqual([{ durationSeconds: 2, url: expect.stringMatching(/\/call_\d+_[0-9a-f]{8}_1\.wav$/) }])
  })

  it('a call that ends sooner than recordCallSeconds is recorded to its end', async () => {
    const app = reminderApp(600)
    await place(app).answeredBy({ answers: true, hangsUpAfterMs: 1_000 }).expectAction('PLAY').staySilent(5_000)
    expect(recordings(app)).toEqual([{ durationSeconds: 1, url: expect.stringMatching(/\/call_\d+_[0-9a-f]{8}_1\.wav$/) }])
  })

  it('no recordCallSeconds: nothing recorded', async () => {
    const app = reminderApp()
    await place(app).expectAction('PLAY').expectAction('HANGUP')
    expect(recordings(app)).toEqual([])
  })
})
