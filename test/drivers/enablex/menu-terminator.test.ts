/**
 * EnableX documents no terminator key for a DTMF menu: its play request names none (no
 * terminator, digit count or digit timeout). callspec reports # as a key pressed (its inference)
 * and says so in the transcript; vendor.menuTerminator takes the other reading. Audit h172 F3: a
 * caller's `1234#` gave the app `digitcollected "1234#"` with nothing saying this was callspec's.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

/** Inbound PIN entry: "Enter your PIN followed by hash", compares digit to 1234 as is. */
function pinApp() {
  const app = express()
  app.use(express.json())
  const auth = `Basic ${Buffer.from('id:key').toString('base64')}`
  const api = (method: string, path: string, body?: object) =>
    fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, ...(body && { body: JSON.stringify(body) }) })
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    const e = req.body as { voice_id: string; state?: string; playstate?: string; prompt_ref?: string; digit?: string }
    const id = e.voice_id
    const play = (text: string, extra: object = {}) => api('PUT', `/call/${id}/play`, { text, voice: 'female', language: 'en-US', ...extra })
    if (e.state === 'incomingcall') await api('PUT', `/call/${id}/accept`)
    else if (e.state === 'connected') await play('Enter your PIN followed by hash', { dtmf: true, prompt_ref: 'pin' })
    else if (e.playstate === 'digitcollected') await play(e.digit === '1234' ? 'PIN accepted' : 'Wrong PIN', { prompt_ref: 'result' })
    else if (e.playstate === 'playfinished' && e.prompt_ref === 'result') await api('DELETE', `/call/${id}`)
  })
  return app
}

const NOTE =
  'digitcollected reports # as pressed ("1234#"): EnableX documents no terminator key for a dtmf play (its play request names none), ' +
  "so keeping it is callspec's inference; vendor: { menuTerminator: '#' } ends entry on # and leaves it out"

describe('EnableX: # in a DTMF menu (no terminator documented)', () => {
  it('by default # is reported as pressed, and the transcript says that is callspec’s reading', async () => {
    const error = await failureOf(
      callTo(pinApp(), { platform: 'enablex' }).fromCaller('+14155550100').expectAction('accept').expectAction('play', { dtmf: true }).pressDigits('1234#').expectAction('play', { text: 'PIN accepted' }),
    )
    expect(error.message).toContain('got "Wrong PIN"')
    expect(error.message).toContain(NOTE)
  })

  it('with vendor.menuTerminator "#", # ends entry at once and is left out of digit', async () => {
    const call = await callTo(pinApp(), { platform: 'enablex', vendor: { menuTerminator: '#' } })
      .fromCaller('+14155550100')
      .expectAction('accept')
      .expectAction('play', { dtmf: true })
      .pressDigits('1234#')
      .expectAction('play', { text: 'PIN accepted' })
      .expectAction('hangup')
    expect(call.warnings).toEqual([])
    const printed = call.transcript.print()
    expect(printed).toContain('# ends the menu\'s entry (vendor.menuTerminator)')
    expect(printed).toContain('digitcollected     "1234"')
    expect(printed).not.toContain('callspec\'s inference')
  })

  it('digits alone carry no note', async () => {
    const call = await callTo(pinApp(), { platform: 'enablex' })
      .fromCaller('+14155550100')
      .expectAction('accept')
      .expectAction('play', { dtmf: true })
      .pressDigits('1234')
      .expectAction('play', { text: 'PIN accepted' })
      .expectAction('hangup')
    expect(call.transcript.print()).not.toContain('terminator')
  })
})
