/**
 * The caller speaking over a prompt (`say(text, { bargeIn: true })`) starts after the same
 * reaction time as keys barging in, and the prompt is recorded as cut off by the caller then.
 * Audit G3: the caller spoke at the prompt's first instant, no ♪ line was printed, and
 * toHavePlayed(/Welcome/) failed blaming the app's HANGUP (Webex Connect) or DELETE (EnableX) at
 * the call's end for a prompt the caller's own speech had cut.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { messageOf } from '../helpers/failure-of.js'

const WELCOME = 'Welcome to the long menu of many words.'

/** A Webex Connect menu: PLAY `audio` listening for speech and one key; the answer to either hangs up. */
function webexMenu(audio: string[]) {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { event } = req.body
    if (event === 'ACCEPTED') return res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return res.json({ action: 'PLAY', audio: audio.map((text) => ({ type: 'TTS', text })), streamInput: { timeout: 5, maxsilence: 2 }, collectInput: { maxDigits: 1 } })
    if (event === 'STREAMED' || event === 'COLLECTED_DIGITS') return res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

const webex = (audio: string[]) => callTo(webexMenu(audio), { platform: 'webex-connect'}).expectAction('ANSWER').expectAction('PLAY')

/** The transcript's lines for the prompt heard and the caller's act. */
const heardAndCaller = (print: string) => print.split('\n').filter((line) => line.includes('♪') || line.includes('☎'))

describe('Webex Connect: speech barging in on a PLAY with streamInput', () => {
  it('comes the reaction time keys take into the prompt, which is heard until then', async () => {
    const spoken = await webex([WELCOME]).say('sales', { bargeIn: true }).expectHangup()
    const pressed = await webex([WELCOME]).pressDigits('1', { bargeIn: true }).expectHangup()
    expect(spoken).toHavePlayed(/Welcome/)
    expect(heardAndCaller(spoken.print())).toEqual([`       0.2s    ♪ "${WELCOME}" (cut off after 0.3s)`, '       0.5s    ☎ says "sales"'])
    expect(heardAndCaller(pressed.print())[0]).toBe(heardAndCaller(spoken.print())[0])
  })

  it("toHavePlayed says the caller's speech cut off a prompt the caller heard none of", async () => {
    const call = await webex([WELCOME, 'Say a department.']).say('sales', { bargeIn: true }).expectHangup()
    expect(messageOf(() => expect(call).toHavePlayed(/department/))).toContain(
      `"Say a department." (PLAY, turn 2) was played but cut off at 0.5 s (the caller barged in: says "sales"), before the caller heard any of it.`,
    )
    const pressed = await webex([WELCOME, 'Say a department.']).pressDigits('1', { bargeIn: true }).expectHangup()
    expect(messageOf(() => expect(pressed).toHavePlayed(/department/))).toContain('was played but cut off at 0.5 s (the caller barged in: presses 1 (bargeIn)), before')
  })
})

describe('EnableX: speech barging in on a play with asr', () => {
  const auth = `Basic ${Buffer.from('my-app-id:my-app-key').toString('base64')}`
  const enablex = (method: string, path: string, body?: object) =>
    fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : null })
  const app = express()
  app.use(express.json())
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    const { voice_id: id, state } = req.body
    if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
    if (state === 'connected') await enablex('PUT', `/call/${id}/play`, { text: `${WELCOME} Say a department.`, voice: 'female', language: 'en-US', asr: true, prompt_ref: 'menu' })
    if (state === 'recognized') await enablex('DELETE', `/call/${id}`)
  })

  it('comes the reaction time keys take into the prompt, which is heard until then', async () => {
    const call = await callTo(app, { platform: 'enablex'}).expectAction('accept').expectAction('play').say('sales', { bargeIn: true }).expectAction('hangup')
    expect(call).toHavePlayed(/Welcome/)
    expect(heardAndCaller(call.print())).toEqual([`       0.0s    ♪ "${WELCOME} Say a department." (cut off after 0.3s)`, '       0.3s    ☎ says "sales"'])
  })
})
