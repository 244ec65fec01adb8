import express, { type Express } from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import type { TranscriptEntry } from '../../src/session/types.js'

/**
 * What the held-answer tests (test/dsl/*-answer-pending, platform-timers-while-answer-held, their
 * agent twin) share: the transcript as a user reads it, the app's own clock, and EnableX's REST API.
 */

/** What a user reads in the transcript: who did what, when. */
export const lines = (entries: readonly TranscriptEntry[]) =>
  entries.flatMap((e) =>
    e.kind === 'event' ? [`${e.at} → ${e.name}`] : e.kind === 'caller' ? [`${e.at} ☎ ${e.text}`] : e.kind === 'action' ? [`← ${e.action.name}`] : e.kind === 'note' ? [`${e.at} · ${e.text}`] : [],
  )

/** Seconds since the call began, as the app's own clock reads them (the call starts at CALL_START's whole minute). */
export const appSeconds = () => (Date.now() % 60_000) / 1000

const AUTH = `Basic ${Buffer.from('my-app-id:my-app-key').toString('base64')}`

/** A request of the app's to EnableX's REST API (intercepted for an app in this process). */
export const enablex = (method: string, path: string, body?: unknown) =>
  fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })

/**
 * An EnableX menu in this process that plays its 2 s prompt from `connected`, then holds its
 * acknowledgement `holdMs` (an audit write, say); hangs up on the digits, which `digits` keeps.
 */
export function enablexMenuAckedLate(holdMs: number) {
  const digits: string[] = []
  const app = express()
  app.use(express.json())
  app.post('/event', async (req, res) => {
    const { voice_id: id, state, playstate, digit } = req.body as { voice_id: string; state?: string; playstate?: string; digit?: string }
    if (state === 'incomingcall') {
      await enablex('PUT', `/call/${id}/accept`)
      return res.sendStatus(200)
    }
    if (state === 'connected') {
      await enablex('PUT', `/call/${id}/play`, { text: 'Say or press a department.', voice: 'female', language: 'en-US', dtmf: true, prompt_ref: 'menu' })
      await sleep(holdMs)
      return res.sendStatus(200)
    }
    res.sendStatus(200)
    if (playstate === 'digitcollected') {
      digits.push(digit!)
      await enablex('DELETE', `/call/${id}`)
    }
  })
  return { app, digits }
}

/** A Webex Connect dialer's trigger route: POST /call-me places the call to +14155550101, its webhooks to /events. */
export function placesCallOnCallMe(app: Express): void {
  app.post('/call-me', async (_req, res) => {
    const r = await fetch('https://api.us.webexconnect.io/v1/voice/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'key', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550101', callbackUrl: 'http://app.callspec.local/events' }),
    })
    res.status(r.status).json(await r.json())
  })
}
