/**
 * A startedBy() trigger route the app answers with an error (HTTP 500) after placing the call all
 * the same: the call goes on, and its transcript says so, where a failure later in the call shows
 * it. Measured before (audit h170): no transcript line, nor the failure's, named the 500; the
 * failure read as if the trigger had gone well.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { lines } from '../helpers/held-answer-calls.js'

/** A Webex Connect dialer whose /call-me places the call, then fails writing its audit log: Express's 500 page. */
function dialerWhoseAuditFails() {
  const app = express()
  app.use(express.json())
  app.post('/call-me', async (_req, _res, next) => {
    await fetch('https://api.us.webexconnect.io/v1/voice/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'key', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550101', callbackUrl: 'http://app.callspec.local/events' }),
    })
    next(new Error('audit log unreachable'))
  })
  app.post('/events', (req, res) => {
    if (req.body.event === 'ANSWERED') return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Your parcel is late.' }] })
    if (req.body.event === 'PLAYED') return res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

const OPTIONS = { platform: 'webex-connect', webhookPath: '/events', seed: 5 } as const
const NOTE = /^startedBy\(\)'s request POST \/call-me was answered HTTP 500: Error: audit log unreachable \(at .*trigger-error-noted\.test\.ts:\d+:\d+\), and the app placed the call all the same$/

describe('a trigger route answered HTTP 500 that placed the call all the same', () => {
  it("a failure later in the call shows the 500 in the transcript, after the make-call", async () => {
    const error = await failureOf(callTo(dialerWhoseAuditFails(), OPTIONS).startedBy((a) => a.fetch('/call-me', { method: 'POST' })).expectAction('PLAY', { audio: [{ text: 'Your parcel is on its way.' }] }))
    const message = error.message.split('\n')
    expect(message[0]).toBe(`[callspec] turn 1, expectAction('PLAY', { audio: [{ text: "Your parcel is on its way." }] }): PLAY did not match: audio[0].text: expected "Your parcel is on its way.", got "Your parcel is late."`)
    expect(message[3]).toBe('  •    0.0s  0 ⇠ POST /v1/voice/calls  → 202')
    expect(message[4]).toMatch(/^ {7}0\.0s {4}· startedBy\(\)'s request POST \/call-me was answered HTTP 500: Error: audit log unreachable \(at .*trigger-error-noted\.test\.ts:\d+:\d+\), and the app placed the call all the same$/)
    expect(message[5]).toBe('  ✖    4.0s  1 → ANSWERED           from +14155550199 to +14155550101')
  })

  it('a call that passes keeps it in its transcript', async () => {
    const call = await callTo(dialerWhoseAuditFails(), OPTIONS).startedBy((a) => a.fetch('/call-me', { method: 'POST' })).expectAction('PLAY').expectHangup()
    const notes = lines(call.transcript.entries).filter((line) => line.startsWith('0 · '))
    expect(notes).toHaveLength(1)
    expect(notes[0]!.slice('0 · '.length)).toMatch(NOTE)
  })
})
