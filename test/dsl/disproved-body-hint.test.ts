/**
 * A hint given only when its condition holds (newcomer audit, its first real failure): a Webex
 * Connect app read callerId off COLLECTED_DIGITS, which does not carry it, and its TypeError came
 * with "Hint: if what was undefined is req.body, the app parses no JSON body", though the app
 * parsed every body (express.json()). callspec sees whether a body parser put the webhook's body
 * on req.body (transport/app-signs.ts): the hint stays for an app that parses none.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const TCP = { transport: 'tcp' } as const
const MENU = { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 for your balance.' }], collectInput: { maxDigits: 1, digitTimeout: 5 } }

/** A Webex Connect IVR that looks the caller up by callerId on COLLECTED_DIGITS, where the event has none. */
function ivr(parsesJson: boolean) {
  const app = express()
  app.set('env', 'development')
  if (parsesJson) app.use(express.json())
  app.post('/', (req, res) => {
    const { event, callerId } = (req.body ?? {}) as { event?: string; callerId?: string }
    if (event === 'ACCEPTED') return res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return res.json(MENU)
    // callerId came on ACCEPTED and ANSWERED only: undefined here.
    const balance = callerId!.endsWith('0100') ? '$42.17' : '$0.00'
    res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: `Your balance is ${balance}.` }] })
  })
  return app
}

describe('the hint that the app parses no JSON body', () => {
  it('is left out when the app parsed the body of the webhook it failed on', async () => {
    const error = await failureOf(callTo(ivr(true), { platform: 'webex-connect', ...TCP }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('PLAY'))
    const lines = error.message.split('\n')
    // The app's error leads, with its frame in the app (newcomer audit N4); what the platform expects after.
    expect(lines[0]).toBe("[callspec] turn 3, pressDigits('1'): the app answered COLLECTED_DIGITS with HTTP 500: TypeError: Cannot read properties of undefined (reading 'endsWith')")
    expect(lines[1]).toMatch(/^ {4}at .*disproved-body-hint\.test\.ts:\d+:\d+$/)
    expect(lines[2]).toBe("The platform expects a 2xx with one JSON action object. The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (rule webex-connect/no-action-answer).")
    expect(lines[3]).toBe('Rule webex-connect/no-action-answer: Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK"); what the platform does with an answer that holds no action is callspec\'s inference.')
    expect(lines[4]).toMatch(/^Request sent: POST http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(error.message).not.toContain('Hint:')
  })

  it('stays for an app that parses no body (the same TypeError on the first webhook)', async () => {
    const app = express()
    app.set('env', 'development')
    app.post('/', (req, res) => {
      res.json((req.body as { event: string }).event === 'ACCEPTED' ? { action: 'ANSWER' } : {})
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect', ...TCP }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: TypeError: Cannot read properties of undefined (reading 'event')")
    expect(lines[2]).toMatch(/^The platform expects a 2xx with one JSON action object\. /)
    expect(lines[3]).toBe(
      'Hint: if what was undefined is req.body, the app parses no JSON body. callspec posts each webhook as JSON (content-type: application/json), as the platform does: parse JSON bodies before the webhook route, e.g. app.use(express.json()).',
    )
  })
})
