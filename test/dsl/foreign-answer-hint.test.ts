/**
 * A call on the wrong platform, told by the app's first answer (newcomer audit, mistake m3b).
 * Each driver declares what its apps' answers look like (Driver.answersLike); a call that fails on
 * its first webhook asks every other driver whether the answer is one of theirs, and says so.
 * Measured before: an EnableX app run as webex-connect failed on "OK" not being JSON, with no word
 * of the platform; a Webex Connect app run as enablex waited ~3.4 s, then advised autoAccept.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/** Over loopback sockets, as a user's app is reached. */
const TCP = { transport: 'tcp' } as const

/** The failure's explanation (up to the call's transcript), with the call's id made constant. */
const explanation = (message: string) =>
  message.split('\n\nCall (')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')

/** An EnableX app as EnableX's samples write it: 200 to each event at once, the call driven by REST (not reached here). */
function enablexApp() {
  const app = express()
  app.use(express.json())
  app.post('/enablex/event', (req, res) => {
    res.sendStatus(200)
  })
  return app
}

/** A Webex Connect app: one JSON action per event, ANSWER to the call it is offered (any event it does not know). */
function webexApp() {
  const app = express()
  app.use(express.json())
  app.post('/ivr/webex', (req, res) => {
    const { event } = req.body as { event?: string }
    res.json(event === 'ANSWERED' ? { action: 'HANGUP' } : { action: 'ANSWER' })
  })
  return app
}

describe("the app's first answer looks like another platform's", () => {
  it('an EnableX app run as webex-connect: its OK is an EnableX answer, said first (newcomer audit N5)', async () => {
    const error = await failureOf(callTo(enablexApp(), { platform: 'webex-connect', webhookPath: '/enablex/event', ...TCP }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app's answer to the first webhook looks like an enablex app's (OK): is `platform` right? This call plays webex-connect; for an enablex app, pass platform: 'enablex'. Or, if it is a webex-connect app, OK is what Express's res.sendStatus(200) answers: a fallback that none of its cases for this webhook matched (what webex-connect sends: https://github.com/callspec/callspec/blob/main/docs/platforms/webex-connect.md).")
    expect(lines[1]).toBe(
      `The app answered ACCEPTED with a body that names no action (OK); the platform expects one JSON action object. The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (rule webex-connect/no-action-answer).`,
    )
    expect(lines[2]).toBe('Rule webex-connect/no-action-answer: Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK"); what the platform does with an answer that holds no action is callspec\'s inference.')
    expect(lines[3]).toMatch(/^Request sent: POST http:\/\/127\.0\.0\.1:\d+\/enablex\/event$/)
  })

  it('a Webex Connect app run as enablex: said first, and the EnableX app\'s guesses left out', async () => {
    const started = performance.now()
    const error = await failureOf(callTo(webexApp(), { platform: 'enablex', webhookPath: '/ivr/webex', limits: { appTimeoutMs: 300 }, ...TCP }).expectAction('accept'))
    // The ringing call's accept, the event's fields: an EnableX app's mistakes, which only mislead here (newcomer audit-91).
    expect(explanation(error.message)).toBe(
      `[callspec] turn 1, expectAction('accept'): the app's answer to the first webhook looks like a webex-connect app's ({"action":"ANSWER"}): is \`platform\` right? This call plays enablex; for a webex-connect app, pass platform: 'webex-connect'.\n` +
        `Waited 300 ms (limits.appTimeoutMs) for the app's next REST request to EnableX after the "incomingcall" event (turn 1), and it never came.`,
    )
    expect(error.message).not.toContain('autoAccept')
    expect(error.message).not.toContain('another field or spelling')
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('an EnableX app run as enablex that never accepts keeps the autoAccept advice, and no platform hint', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', (req, res) => res.sendStatus(200))
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 }, ...TCP }).expectAction('accept'))
    expect(explanation(error.message)).toContain(
      "\nThe call is still ringing: an inbound call waits for the app's PUT /voice/v1/call/{id}/accept (or set vendor: { autoAccept: true } for the older behaviour, where calls arrive connected).\n",
    )
    expect(error.message).not.toContain('is `platform` right?')
  })
})

// newcomer audit-119: an app that validates its events (a catch-all 400 for one it does not know),
// run on another platform, failed on its first webhook with the status alone.
describe('the first webhook refused as a bad request', () => {
  /** A Webex Connect app that answers 400 to any event it does not know. */
  function strictWebexApp(status: number) {
    const app = express()
    app.use(express.json())
    app.post('/ivr/webex', (req, res) => {
      const { event } = req.body as { event?: string }
      if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
      res.status(status).json({ error: `unknown event ${String(event)}` })
    })
    return app
  }

  for (const status of [400, 422]) {
    it(`asks whether the platform is right, under the first line (HTTP ${status})`, async () => {
      const error = await failureOf(callTo(strictWebexApp(status), { platform: '8x8', webhookPath: '/ivr/webex', ...TCP }).expectAction('say'))
      const [first, hint] = explanation(error.message).split('\n')
      expect(first).toMatch(new RegExp(`^\\[callspec\\] turn 1, expectAction\\('say'\\): .*the app answered CALL_ACTION with HTTP ${status}`))
      expect(hint).toBe(
        `Hint: is \`platform\` right? The app refused the first 8x8 webhook with HTTP ${status}: an app written for another platform's events refuses one it does not know like this. If it is, the answer below says what the app refused. What 8x8 sends: https://github.com/callspec/callspec/blob/main/docs/platforms/8x8.md`,
      )
      expect(error.message).toContain('{"error":"unknown event undefined"}')
    })
  }

  it('says nothing of the platform when the refusal comes later in the call', async () => {
    const error = await failureOf(callTo(strictWebexApp(400), { platform: 'webex-connect', webhookPath: '/ivr/webex', ...TCP }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toMatch(/^\[callspec\] turn 2, expectAction\('PLAY'\): .*the app answered ANSWERED with HTTP 400/)
    expect(error.message).not.toContain('is `platform` right?')
  })
})
