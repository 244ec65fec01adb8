/**
 * The platform's own timers that do not depend on the answer the app holds fire at their own
 * instants, as the caller's acts do (keys-while-answer-pending, hang-up-while-answer-pending): a
 * callee who hangs up 1 s after answering an outbound call hangs up then, whatever the app is doing
 * with its answer to ANSWERED; on EnableX, which reads nothing from an event's answer, a prompt ends
 * when it ends, whenever the app acknowledges `connected`. Measured before (audit h154 G7): the
 * callee's hang-up due at 5.0 s fired only after the app's 3 s timer, at 7.0 s, and the late PLAY
 * ran (`.expectAction('PLAY')` passed; by URL the PLAY was even heard for 1 s); an EnableX prompt
 * of 2 s, whose `connected` the app acknowledged after 4 s, ended at 4.0 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { callTo, startPlatform, type PlatformServer } from '../../src/index.js'
import type { TranscriptEntry } from '../../src/session/types.js'
import { serviceProcess } from '../helpers/service-process.js'
import { enablexMenuAckedLate, lines, placesCallOnCallMe } from '../helpers/held-answer-calls.js'

const eventAt = (entries: readonly TranscriptEntry[], name: string) => entries.find((e) => e.kind === 'event' && e.name === name)?.at

/** A Webex Connect dialer that places a call on POST /call-me and holds its answer to ANSWERED on `hold()` (its own 3 s timer by default). */
function dialer(hold: () => Promise<unknown> = () => sleep(3000)) {
  const app = express()
  app.use(express.json())
  placesCallOnCallMe(app)
  app.post('/events', async (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ANSWERED') {
      await hold()
      return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Your reminder.' }] })
    }
    if (event === 'PLAYED') return res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

describe('Webex Connect: the callee hangs up while the app holds its answer to ANSWERED', () => {
  it('in process: the callee hangs up 1 s after answering, DROPPED goes out then, and the late PLAY is not run', async () => {
    const call = await callTo(dialer(), { platform: 'webex-connect', webhookPath: '/events', seed: 1 })
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
      .staySilent(10_000)
    const answered = eventAt(call.transcript.entries, 'ANSWERED')!
    expect(call.end).toMatchObject({ by: 'callee', at: answered + 1000 })
    expect(eventAt(call.transcript.entries, 'DROPPED')).toBe(answered + 1000)
    expect(call.actions.map((a) => a.name)).toEqual([])
    expect(call.prompts).toEqual([])
    const text = lines(call.transcript.entries)
    expect(text).toContain(
      `${answered + 3000} · the app's answer to ANSWERED (turn 1) came at ${(answered + 3000) / 1000}.0 s, 2.0 s after the call ended (the called person hung up): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)`,
    )
    expect(text).toContain(`${answered + 3000} · the app answered ANSWERED with PLAY: ignored, the call is over`)
  })

  describe('held on a lookup in another process', () => {
    const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('Ann'), 3000)).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)

    it('in process: the callee hangs up once the real time held reaches 1 s after answering, not after the lookup', async () => {
      const started = performance.now()
      const call = await callTo(
        dialer(() => fetch(`http://127.0.0.1:${crm.port()}/`).then((r) => r.text())),
        { platform: 'webex-connect', webhookPath: '/events', seed: 1 },
      )
        .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
        .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
        .staySilent(10_000)
      const answered = eventAt(call.transcript.entries, 'ANSWERED')!
      expect(call.end).toMatchObject({ by: 'callee', at: answered + 1000 })
      expect(call.actions.map((a) => a.name)).toEqual([])
      expect(lines(call.transcript.entries)).toContainEqual(expect.stringMatching(/· the app's answer to ANSWERED \(turn 1\) came at \d+\.\d s, \d\.\d s after the call ended \(the called person hung up\): too late for the call/))
      // The flow resolves once the late answer is in: after the lookup.
      expect(performance.now() - started).toBeGreaterThan(2_900)
    }, 15_000)
  })

  it('in process: .expectAction(\'PLAY\') fails, as production never runs that PLAY', async () => {
    const flow = callTo(dialer(), { platform: 'webex-connect', webhookPath: '/events', seed: 1 })
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
      .expectAction('PLAY', { audio: [{ text: 'Your reminder.' }] })
    await expect(flow).rejects.toThrow(/expectAction\('PLAY'/)
  })
})

describe('Webex Connect: the callee hangs up while an app reached by URL holds its answer to ANSWERED', () => {
  // The same dialer in another process: POST /call-me { api } places the call through that API;
  // it holds its answer to ANSWERED 3 s of real time. GET /log: the webhooks it got.
  const app = serviceProcess(`
    const log = []
    const json = (s, a) => { s.setHeader('content-type', 'application/json'); s.end(JSON.stringify(a)) }
    const server = require('node:http').createServer((q, s) => {
      if (q.method === 'GET') return json(s, log)
      let b = ''
      q.on('data', (c) => (b += c))
      q.on('end', async () => {
        const msg = JSON.parse(b || '{}')
        if (q.url === '/call-me') {
          const r = await fetch(msg.api + '/v1/voice/calls', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'key', 'idempotency-key': 'k-1' },
            body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550101', callbackUrl: 'http://127.0.0.1:' + server.address().port + '/events' }),
          })
          s.statusCode = r.status
          return json(s, await r.json())
        }
        log.push(msg.event)
        if (msg.event === 'ANSWERED') return setTimeout(() => json(s, { action: 'PLAY', audio: [{ type: 'TTS', text: 'Your reminder.' }] }), 3000)
        if (msg.event === 'PLAYED') return json(s, { action: 'HANGUP' })
        s.end()
      })
    }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
  `)
  let platform: PlatformServer | undefined
  beforeAll(async () => {
    platform = await startPlatform('webex-connect')
  })
  afterAll(() => platform?.close())

  it('the real time the app holds ANSWERED counts as the call\'s: the callee hangs up 1 s after answering, and the late PLAY is neither run nor heard', async () => {
    const call = await callTo(`http://127.0.0.1:${app.port()}`, { platform: 'webex-connect', api: platform, webhookPath: '/events', seed: 1 })
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: platform!.url }) }))
      .staySilent(10_000)
    const answered = eventAt(call.transcript.entries, 'ANSWERED')!
    expect(call.end).toMatchObject({ by: 'callee', at: answered + 1000 })
    expect(call.actions.map((a) => a.name)).toEqual([])
    expect(call.prompts).toEqual([])
    expect(lines(call.transcript.entries)).toContainEqual(expect.stringMatching(/· the app's answer to ANSWERED \(turn 1\) came at \d+\.\d s, [12]\.\d s after the call ended \(the called person hung up\): too late for the call/))
    // DROPPED reached the app while it still held ANSWERED.
    expect(await (await fetch(`http://127.0.0.1:${app.port()}/log`)).json()).toEqual(['ANSWERED', 'DROPPED'])
  }, 15_000)
})


describe('EnableX: the platform goes on while the app holds its acknowledgement', () => {
  it('in process: a 2 s prompt played from connected ends at 2 s, though the app acknowledges connected 4 s in', async () => {
    const call = await callTo(enablexMenuAckedLate(4000).app, { platform: 'enablex', seed: 1 }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    const text = lines(call.transcript.entries)
    // The key after the prompt goes in at its instant too (test/drivers/enablex/keys-while-ack-held.test.ts).
    expect(text.slice(0, 8)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '2000 → playfinished', '2300 ☎ presses 1', '4000 · app timer 4 s → its answer to connected', '4300 → digitcollected'])
    // Within EnableX's 5 s: no warning, no failure.
    expect(call.warnings).toEqual([])
  })
})
