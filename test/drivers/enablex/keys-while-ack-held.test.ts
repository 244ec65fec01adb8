/**
 * EnableX reads nothing from an event's answer (its app drives the call through the REST API), so
 * the caller's keys never wait behind an acknowledgement the app still holds: a `.pressDigits()`
 * step whose key is due while the app's handler for `connected` awaits 3 s before its 200 (an
 * audit write, after it asked for the menu's prompt) types at its own instant. Measured before:
 * the step could not begin until the acknowledgement came, so the key went in at 3.3 s, not 2.3 s
 * (after the 2 s prompt), and a key barging in at 0.3 s went in at 3.3 s, after the prompt had
 * played out.
 */
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { enablex, lines } from '../../helpers/held-answer-calls.js'

/** An EnableX menu that plays its 2 s prompt from `connected`, then holds its acknowledgement `holdMs`; hangs up on the digits. */
function menuAckedLate(holdMs: number) {
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

describe('EnableX: keys go out at their instants while the app holds an acknowledgement', () => {
  it('in process: a key after the 2 s prompt goes in at 2.3 s, though the app acknowledges connected 3 s in', async () => {
    const { app, digits } = menuAckedLate(3000)
    const call = await callTo(app, { platform: 'enablex', seed: 1 }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 8)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '2000 → playfinished', '2300 ☎ presses 1', '3000 · app timer 3 s → its answer to connected', '4300 → digitcollected'])
    expect(digits).toEqual(['1'])
    expect(call.end).toMatchObject({ by: 'app', at: 4300 })
    expect(call.warnings).toEqual([])
  })

  it('in process: a key barging in at 0.3 s cuts the prompt then', async () => {
    const { app, digits } = menuAckedLate(3000)
    const call = await callTo(app, { platform: 'enablex', seed: 1 }).expectAction('accept').expectAction('play').pressDigits('1', { bargeIn: true }).expectAction('hangup')
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 6)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '300 ☎ presses 1 (bargeIn)', '300 → playfinished'])
    expect(text).toContain('2300 → digitcollected')
    expect(digits).toEqual(['1'])
    expect(call.end).toMatchObject({ by: 'app', at: 2300 })
  })
})
