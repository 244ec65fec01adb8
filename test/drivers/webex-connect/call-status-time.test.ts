/**
 * Get Call Status's statusTime is the "time of current status" (Webex Connect's Get Call Status
 * reference): when the call entered the status it reports. The docs' sample reports ANSWERED with
 * statusTime equal to answeredTime. Measured before (audit h179): callspec answered the time of
 * the request, 3.6 s past answeredTime for a call still ANSWERED.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'

type Status = { status: string; statusTime: string; answeredTime?: string; durationSeconds: number }

/** Answers, plays a prompt, reads its own status once the prompt has played, then again after DROPPED. */
function statusReader() {
  const statuses: Status[] = []
  const events: Record<string, { eventTime: string; answeredTime?: string }> = {}
  const read = async (sessionId: string) => {
    const r = await fetch(`https://api.us.webexconnect.io/v1/voice/calls/${sessionId}`, { headers: { authorization: 'key' } })
    statuses.push((await r.json()) as Status)
  }
  const app = express()
  app.use(express.json())
  app.post('/', async (req, res) => {
    const { event, sessionId } = req.body
    events[event] = req.body
    if (event === 'ACCEPTED') return res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Your order has shipped and will arrive on Tuesday.' }] })
    if (event === 'PLAYED') {
      await read(sessionId)
      return res.json({ action: 'HANGUP' })
    }
    res.end()
    if (event === 'DROPPED') await read(sessionId)
  })
  return Object.assign(app, { statuses, events })
}

describe('Get Call Status: statusTime is when the call entered its status', () => {
  it('ANSWERED reports statusTime = answeredTime, COMPLETED the time the call ended', async () => {
    const app = statusReader()
    await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    const [live, over] = app.statuses
    expect(live).toMatchObject({ status: 'ANSWERED', answeredTime: app.events.ANSWERED!.answeredTime, statusTime: app.events.ANSWERED!.answeredTime })
    expect(live!.durationSeconds).toBeGreaterThan(0)
    expect(over).toMatchObject({ status: 'COMPLETED', statusTime: app.events.DROPPED!.eventTime, durationSeconds: live!.durationSeconds })
  })
})
