/**
 * The caller hangs up while the app still holds its answer to the call's FIRST webhook (a CRM lookup
 * before it picks up). In production the caller hangs up when they mean to, counted from when they
 * called: the platform's hang-up webhook goes out then, beside the open one, and what the app
 * answers afterwards is too late for the call, as from turn 2 on (hang-up-while-answer-pending.test.ts).
 * Measured before (audit helper-150 F2): `callTo(app).staySilent(1000).hangUp()` with ACCEPTED held
 * 3 s began the silence only once the app had answered (`3.0s ☎ stays silent for 1.0 s`), ran the
 * app's whole flow, and failed `turn 3, hangUp(): the call had already ended (app: HANGUP)`; an
 * EnableX incomingcall held 6 s failed enablex/answer-in-time with no hang-up in the transcript.
 */
import { describe, expect, it } from 'vitest'
import type { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'
import { appSeconds, enablex, lines } from '../helpers/held-answer-calls.js'

/** A Webex Connect app that answers ACCEPTED once `lookup` is done (a CRM lookup before it picks up); what it got, when, on its own clock. */
function slowToPickUp(lookup: () => Promise<unknown>) {
  const got: string[] = []
  const app = webexApp((event) => {
    got.push(`${event.event} at ${appSeconds()}`)
    if (event.event === 'ACCEPTED') {
      return (res: ServerResponse) =>
        void lookup().then(() => {
          got.push(`answered ACCEPTED at ${appSeconds()}`)
          sendAction(res, { action: 'ANSWER' })
        })
    }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Hello.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
  return { app, got }
}

const pause = (ms: number) => () => new Promise((resolve) => setTimeout(resolve, ms))

describe('the caller hangs up while the app holds its answer to the first webhook', () => {
  it('Webex Connect: ACCEPTED held 3 s; staySilent(1000).hangUp() hangs up at 1 s, DROPPED reaches the app then, and the late ANSWER is not run', async () => {
    const { app, got } = slowToPickUp(pause(3000))
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(got).toEqual(['ACCEPTED at 0', 'DROPPED at 1', 'answered ACCEPTED at 3'])
    expect(call.actions).toEqual([])
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 4)).toEqual(['0 → ACCEPTED', '0 ☎ stays silent for 1.0 s', '1000 ☎ hangs up', '1000 → DROPPED'])
    expect(text).toContain(
      "3000 · the app's answer to ACCEPTED (turn 1) came at 3.0 s, 2.0 s after the call ended (caller hung up): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
    expect(call.duration).toBe(1000)
  })

  it('Webex Connect: ACCEPTED held 3 s; hangUp() right away hangs up at 0', async () => {
    const { app, got } = slowToPickUp(pause(3000))
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 0 })
    expect(got).toEqual(['ACCEPTED at 0', 'DROPPED at 0', 'answered ACCEPTED at 3'])
    expect(call.actions).toEqual([])
    expect(lines(call.transcript.entries).slice(0, 3)).toEqual(['0 → ACCEPTED', '0 ☎ hangs up', '0 → DROPPED'])
  })

  it('Webex Connect: ACCEPTED answered after 0.5 s, within the silence: the call goes on, and the caller still hangs up 1 s after calling', async () => {
    const { app, got } = slowToPickUp(pause(500))
    const call = await callTo(app, { platform: 'webex-connect', seed: 1, unconsumed: 'ignore' }).staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
    expect(got.slice(0, 3)).toEqual(['ACCEPTED at 0', 'answered ACCEPTED at 0.5', 'ANSWERED at 0.7'])
    const text = lines(call.transcript.entries)
    expect(text).toContain('0 ☎ stays silent for 1.0 s')
    expect(text).toContain('1000 ☎ hangs up')
    expect(text.some((l) => l.includes('too late for the call'))).toBe(false)
  })

  it('an app that answers at once: hangUp() right away comes after its answer, as before (ties go to the app), over TCP too', async () => {
    const got: string[] = []
    const app = webexApp((event) => {
      got.push(`${event.event} at ${appSeconds()}`)
      return event.event === 'ACCEPTED' ? { action: 'ANSWER' } : undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 0 })
    expect(got).toEqual(['ACCEPTED at 0', 'DROPPED at 0'])
    // Express answers over a few turns of its own, and TCP takes real time: neither is the app holding its answer.
    const express5 = express()
    express5.use(express.json())
    express5.post('/', (req, res) => (req.body.event === 'ACCEPTED' ? res.json({ action: 'ANSWER' }) : res.end()))
    const ex = express()
    ex.use(express.json())
    ex.post('/event', async (req, res) => {
      res.sendStatus(200)
      if (req.body.state === 'incomingcall') await enablex('PUT', `/call/${req.body.voice_id}/accept`)
    })
    for (const transport of ['memory', 'tcp'] as const) {
      for (const quick of [app, express5]) {
        const c = await callTo(quick, { platform: 'webex-connect', transport, seed: 1, unconsumed: 'ignore' }).hangUp()
        expect(c.actions.map((a) => a.name)).toEqual(['ANSWER'])
        expect(lines(c.transcript.entries).some((l) => l.includes('too late for the call'))).toBe(false)
      }
      const c = await callTo(ex, { platform: 'enablex', transport, seed: 1, unconsumed: 'ignore' }).hangUp()
      expect(c.actions.map((a) => a.name)).toEqual(['accept'])
      expect(lines(c.transcript.entries).some((l) => l.includes('too late for the call'))).toBe(false)
    }
  })

  it('Webex Connect: ANSWERED held 6 s, past the 4 s callspec assumes the platform waits, but the caller hung up at 1 s: no answer-in-time warning', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event !== 'ANSWERED') return undefined
      return (res: ServerResponse) => setTimeout(() => sendAction(res, { action: 'PLAY', audio: [tts('Hello.')] }), 6000)
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    // Before: "the app answered ANSWERED 6 s (virtual) after it was sent, … longer than the 4 s callspec assumes the platform waits".
    expect(call.warnings).toEqual([])
    expect(lines(call.transcript.entries)).toContainEqual(expect.stringMatching(/^6200 · the app's answer to ANSWERED \(turn 2\) came at 6\.2 s, 5\.2 s after the call ended/))
  })

  const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('Ann'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)

  it('Webex Connect: ACCEPTED held on a 3 s CRM lookup in another process (real I/O, no timer); the caller hangs up at 1 s', async () => {
    const { app, got } = slowToPickUp(() => fetch(`http://127.0.0.1:${crm.port()}/3000`).then((r) => r.text()))
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions).toEqual([])
    expect(got.slice(0, 2)).toEqual(['ACCEPTED at 0', 'DROPPED at 1'])
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 4)).toEqual(['0 → ACCEPTED', '0 ☎ stays silent for 1.0 s', '1000 ☎ hangs up', '1000 → DROPPED'])
    expect(text).toContainEqual(expect.stringMatching(/· the app's answer to ACCEPTED \(turn 1\) came at \d+\.\d s, \d+\.\d s after the call ended \(caller hung up\): too late for the call/))
  }, 15_000)

  it('EnableX: incomingcall held 6 s before the app answers and accepts; the caller hangs up at 1 s, disconnected reaches the app then, and the accept is refused', async () => {
    const got: string[] = []
    const app = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk))
      req.on('end', async () => {
        const { voice_id: id, state } = JSON.parse(body) as { voice_id: string; state: string }
        got.push(`${state} at ${appSeconds()}`)
        if (state !== 'incomingcall') return void res.end()
        await new Promise((resolve) => setTimeout(resolve, 6000))
        res.end()
        const accept = await enablex('PUT', `/call/${id}/accept`)
        got.push(`accept ${accept.status} at ${appSeconds()}`)
      })
    }
    const call = await callTo(app, { platform: 'enablex', seed: 1, warnings: 'silent' }).staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(got).toEqual(['incomingcall at 0', 'disconnected at 1', 'accept 404 at 6'])
    // No enablex/answer-in-time failure: the caller ended the call before its 5 s ran out. Only the refused accept is said.
    expect(call.warnings).toEqual([expect.stringContaining('HTTP 404 "Call not found or already disconnected" (rule enablex/undocumented-errors, inferred)')])
    expect(call.prompts).toEqual([])
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 4)).toEqual(['0 → incomingcall', '0 ☎ stays silent for 1.0 s', '1000 ☎ hangs up', '1000 → disconnected'])
    expect(text).toContainEqual(expect.stringMatching(/^6000 · the app's answer to incomingcall \(turn 1\) came at 6\.0 s, 5\.0 s after the call ended \(caller hung up\): too late for the call/))
  })

  it('Voxology: init_call held 3 s; the caller hangs up at 1 s, call_end reaches the app then, and the late script is not run', async () => {
    const got: string[] = []
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      got.push(`${req.body.type} at ${appSeconds()}`)
      if (req.body.status !== 'live-in-progress') return res.status(204).end()
      setTimeout(() => {
        got.push(`answered at ${appSeconds()}`)
        res.json({ actions: [{ type: 'SAY', params: { text: 'Welcome to the long menu.' } }, { type: 'HANGUP' }] })
      }, 3000)
    })
    const call = await callTo(app, { platform: 'voxology', seed: 1 }).staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(got).toEqual(['init_call at 0', 'call_end at 1', 'answered at 3'])
    expect(call.actions).toEqual([])
    expect(call.prompts).toEqual([])
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 4)).toEqual(['0 → init_call', '0 ☎ stays silent for 1.0 s', '1000 ☎ hangs up', '1000 → call_end'])
    expect(text).toContain(
      "3000 · the app's answer to init_call (turn 1) came at 3.0 s, 2.0 s after the call ended (caller hung up): too late for the call. Voxology runs no script on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
  })
})
