/**
 * A platform timer fires beside an answer the app holds, and the webhook it sends is one whose
 * answer the app holds too: each answer is awaited where it was asked for, what the app answers
 * each is read as that webhook's (its turn), and the call goes on at each event's own instant.
 */
import type { ServerResponse } from 'node:http'
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablex, lines, placesCallOnCallMe } from '../helpers/held-answer-calls.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

describe('Webex Connect: the callee hangs up while the app holds ANSWERED, and the app holds DROPPED too', () => {
  it('in process: DROPPED goes out 1 s after answering; each late answer is noted on its own turn', async () => {
    const app = express()
    app.use(express.json())
    const got: string[] = []
    placesCallOnCallMe(app)
    app.post('/events', async (req, res) => {
      const { event } = req.body as { event: string }
      got.push(event)
      if (event === 'ANSWERED') {
        await sleep(3000)
        return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Your reminder.' }] })
      }
      // A CRM write of the call's end: 4 s, past ANSWERED's answer.
      if (event === 'DROPPED') await sleep(4000)
      res.end()
    })
    const call = await callTo(app, { platform: 'webex-connect', webhookPath: '/events', seed: 1 })
      .answeredBy({ answers: true, hangsUpAfterMs: 1000 })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
      .staySilent(10_000)
    const answered = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'ANSWERED')!.at
    const text = lines(call.transcript.entries)
    expect(call.end).toMatchObject({ by: 'callee', at: answered + 1000 })
    // ANSWERED goes out at 4 s (the callee answers); its answer comes at 7 s, DROPPED's at 9 s.
    expect(answered).toBe(4000)
    expect(text.slice(1, 6)).toEqual([
      '4000 → ANSWERED',
      '5000 → DROPPED',
      '7000 · app timer 3 s → its answer to ANSWERED',
      "7000 · the app's answer to ANSWERED (turn 1) came at 7.0 s, 2.0 s after the call ended (the called person hung up): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
      '9000 · app timer 4 s → its answer to DROPPED',
    ])
    expect(call.actions.map((a) => a.name)).toEqual([])
    expect(got).toEqual(['ANSWERED', 'DROPPED'])
    // DROPPED's answer, 4 s after it went out, is past the call's end: not judged as a live call's.
    expect(call.warnings).toEqual([])
  })
})

describe('Webex Connect: the agent leaves a bridge while the app holds the connect PATCHED, and the app holds the PATCHED that says so', () => {
  it('in process: the second PATCHED goes out at 2 s into the bridge; its PLAY, 1 s later, plays then; the connect PATCHED\'s answer changes nothing', async () => {
    const AGENT = '+14155550142'
    const app = webexApp((e) => {
      if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (e.event === 'ANSWERED') return { action: 'PATCH', dialedNumber: AGENT }
      if (e.event === 'PATCHED' && !e.droppedBy) return (res: ServerResponse) => void setTimeout(() => res.end(), 5000)
      if (e.event === 'PATCHED') return (res: ServerResponse) => void setTimeout(() => sendAction(res, { action: 'PLAY', audio: [tts('The agent has left.')] }), 1000)
      if (e.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 })
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 2000 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('PLAY')
      .expectAction('HANGUP')
    const text = lines(call.transcript.entries)
    // The bridge is connected at 3.2 s (ANSWERED at 0.2 s, 3 s of ringing).
    expect(text.slice(4)).toEqual([
      '3200 → PATCHED',
      '5200 → PATCHED',
      '6200 · app timer 1 s → its answer to PATCHED',
      '← PLAY',
      '7800 → PLAYED',
      '← HANGUP',
      '7800 → DROPPED',
      '8200 · app timer 5 s → its answer to PATCHED',
      "8200 · the app's answer to PATCHED (turn 3) came at 8.2 s, 0.4 s after the call ended (HANGUP): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    ])
    // The PLAY is the second PATCHED's (turn 4), not the connect one's.
    expect(call.actions.map((a) => `${a.name} ${a.turn}`)).toEqual(['ANSWER 1', 'PATCH 2', 'PLAY 4', 'HANGUP 5'])
    // The connect PATCHED's 5 s, on the call still live 4 s after it went out, is late: its own turn's.
    expect(call.warnings).toEqual([expect.stringMatching(/^turn 3: the app answered PATCHED 5 s \(virtual\) after it was sent, held back by its own timer/)])
  })
})

describe('EnableX: playfinished fires while the app holds connected, and the app holds playfinished too', () => {
  it('in process: the key after the prompt goes in at 2.3 s, under both held acknowledgements; digitcollected at 4.3 s', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      const { voice_id: id, state, playstate } = req.body as { voice_id: string; state?: string; playstate?: string }
      if (state === 'incomingcall') {
        await enablex('PUT', `/call/${id}/accept`)
        return res.sendStatus(200)
      }
      if (state === 'connected') {
        await enablex('PUT', `/call/${id}/play`, { text: 'Say or press a department.', voice: 'female', language: 'en-US', dtmf: true, prompt_ref: 'menu' })
        await sleep(4000)
        return res.sendStatus(200)
      }
      // A log write of the prompt's end: 3 s, to 5 s.
      if (playstate === 'playfinished') {
        await sleep(3000)
        return res.sendStatus(200)
      }
      res.sendStatus(200)
      if (playstate === 'digitcollected') await enablex('DELETE', `/call/${id}`)
    })
    const call = await callTo(app, { platform: 'enablex', seed: 1 }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    const text = lines(call.transcript.entries)
    expect(text).toEqual([
      '0 → incomingcall',
      '← accept',
      '0 → connected',
      '← play',
      '2000 → playfinished',
      '2300 ☎ presses 1',
      '4000 · app timer 4 s → its answer to connected',
      '4300 → digitcollected',
      '← hangup',
      '4300 → disconnected',
      '5000 · app timer 3 s → its answer to playfinished',
      "5000 · the app's answer to playfinished (turn 3) came at 5.0 s, 0.7 s after the call ended (DELETE /voice/v1/call/{voice_id}): too late for the call. EnableX reads no instruction from an event's answer (sample: its samples answer an empty 200 and act through the REST API), so a late one changes nothing",
    ])
    expect(call.end).toMatchObject({ by: 'app', at: 4300 })
    expect(call.warnings).toEqual([])
  })
})
