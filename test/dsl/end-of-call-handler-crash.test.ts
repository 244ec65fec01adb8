/**
 * audit h193: an app whose end-of-call route crashed (an 8x8 session summary handler that throws, a
 * Webex Connect DROPPED handler that does) passed with a warning that said only "the app did not
 * take it": the error and the line that threw were in no output of the test. The warning now names
 * the error from the app's error page, and the app's own frame, on its one line. Over real HTTP, in
 * memory, with Express's default error page.
 */
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'

const THIS_FILE = /\(at \/.*end-of-call-handler-crash\.test\.ts:\d+:\d+\)/

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a crash in an end-of-call handler is named in the warning', () => {
  it('8x8: the session summary (VSS) route throws', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.use(express.json())
    app.post('/8x8/vca', (_req, res) => void res.json({ callflow: [{ action: 'say', params: { text: 'Bye.', voiceProfile: 'en-US-ZiraRUS' } }, { action: 'hangup' }] }))
    app.post('/8x8/vss', () => {
      throw new Error('summary store down')
    })
    const call = await callTo(app, { platform: '8x8' }).expectAction('say').expectAction('hangup').expectHangup()
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(
      'the app answered SESSION_SUMMARY with HTTP 500, where 8x8 documents "Respond HTTP 200" (what 8x8 does with another answer is not documented: callspec infers it changes nothing, the session being over): the app did not take it: Error: summary store down (at /',
    )
    expect(call.warnings[0]).toMatch(THIS_FILE)
  })

  it('Webex Connect: the DROPPED handler throws', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      const { event } = req.body as { event: string }
      if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
      if (event === 'ANSWERED') return void res.json({ action: 'HANGUP' })
      throw new Error('session store down')
    })
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('HANGUP').expectHangup()
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(
      'turn 3: the app answered DROPPED with HTTP 500: the call is over, so the platform ignores it, but the app did not take the event: Error: session store down (at /',
    )
    expect(call.warnings[0]).toMatch(THIS_FILE)
  })

  it('a 500 with no body keeps the short warning', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.use(express.json())
    app.post('/8x8/vca', (_req, res) => void res.json({ callflow: [{ action: 'hangup' }] }))
    app.post('/8x8/vss', (_req, res) => void res.status(500).end())
    const call = await callTo(app, { platform: '8x8' }).expectAction('hangup').expectHangup()
    expect(call.warnings[0]).toMatch(/: the app did not take it \(rule 8x8\/final-callback-answered\)$/)
  })
})
