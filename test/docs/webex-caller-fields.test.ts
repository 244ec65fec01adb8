/**
 * audit h193: a newcomer's PIN check read `callerId` from COLLECTED_DIGITS, which carries none (as
 * in the vendor's samples), and every PIN was "not right": the page's table listed the fields
 * each event's app usually reads, not which events lack the caller's number. The page now says
 * which events carry `callerId` and `dialedNumber`; this test holds callspec's webhooks to that
 * sentence, over real HTTP, in memory, with an Express app that meets each of those events.
 */
import { readFileSync } from 'node:fs'
import express from 'express'
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

/** The events the page says carry the caller's number, and those it says do not. */
function saidOnPage(): { on: string[]; off: string[] } {
  const page = readFileSync(new URL('../../docs/platforms/webex-connect.md', import.meta.url), 'utf8').replace(/\s+/g, ' ')
  const sentence = /`callerId` and `dialedNumber` are on (.+?), as in the vendor's samples, and not on (.+?)\./.exec(page)
  if (!sentence) throw new Error("docs/platforms/webex-connect.md does not say which events carry callerId")
  const names = (list: string) => [...list.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!)
  return { on: names(sentence[1]!), off: names(sentence[2]!) }
}

const AGENT = '+14155550142'
const tts = (text: string) => ({ type: 'TTS', text })

/** Meets ACCEPTED, ANSWERED, COLLECTED_DIGITS, STREAMED, RECORDED, PLAYED, PATCHED and DROPPED. */
function everyEventApp() {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { event, status } = req.body as { event: string; status?: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return void res.json({ action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } })
    if (event === 'COLLECTED_DIGITS') return void res.json({ action: 'PLAY', audio: [tts('Say it.')], streamInput: { timeout: 5 } })
    if (event === 'STREAMED') return void res.json({ action: 'RECORD', audio: [tts('Leave a message.')], terminationDigit: '#' })
    if (event === 'RECORDED') return void res.json({ action: 'PLAY', audio: [tts('Thanks.')] })
    if (event === 'PLAYED') return void res.json({ action: 'PATCH', dialedNumber: AGENT })
    if (event === 'PATCHED' && status === 'FAILURE') return void res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

it('the events that carry callerId and dialedNumber are the ones the page names', async () => {
  const { on, off } = saidOnPage()
  const call = await callTo(everyEventApp(), { platform: 'webex-connect' })
    .withParty(AGENT, 'busy')
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits('1')
    .expectAction('PLAY')
    .say('sales')
    .expectAction('RECORD')
    .pressDigits('#')
    .expectAction('PLAY')
    .expectAction('PATCH')
    .expectAction('HANGUP')
    .expectHangup()
  expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'STREAMED', 'RECORDED', 'PLAYED', 'PATCHED', 'DROPPED'])
  for (const { name, body } of call.webhooks) {
    const has = { callerId: 'callerId' in (body as object), dialedNumber: 'dialedNumber' in (body as object) }
    expect({ name, ...has }).toEqual({ name, callerId: on.includes(name), dialedNumber: on.includes(name) })
    expect(on.includes(name) || off.includes(name)).toBe(true)
  }
})
