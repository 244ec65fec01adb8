/**
 * Newcomer audit-91 finding 1: an 8x8 app (express.json() in place) run as webex-connect crashed on
 * `const { callStatus } = req.body.payload`, and the failure said as a fact that the app read no
 * request body and should add express.json(), which it had. The body was parsed; what it lacked
 * is the other platform's field: the failure asks whether `platform` is right instead.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/** An 8x8 voice app: every webhook's fields are under payload. */
function eightByEightApp() {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { callStatus } = (req.body as { payload: { callStatus: string } }).payload
    res.json({ clientActionId: 'ivr', callflow: callStatus === 'CALL_RECEIVED' ? [{ action: 'hangup' }] : [] })
  })
  return app
}

describe('an app written for another platform, its body parser in place, reads a field the webhook lacks', () => {
  it('the failure asks whether platform is right, and does not say the body was unread', async () => {
    const error = await failureOf(callTo(eightByEightApp(), { platform: 'webex-connect' }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    // The app's error leads (newcomer audit N4), its frame in the app under it, then the question.
    expect(lines[0]).toBe(
      "[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: TypeError: Cannot destructure property 'callStatus' of 'req.body.payload' as it is undefined.",
    )
    expect(lines[1]).toMatch(/^ {4}at .*wrong-platform-body-field\.test\.ts:\d+:\d+$/)
    expect(lines[2]).toBe(
      "Hint: is `platform` right? The app read req.body.payload, and webex-connect's first webhook has no `payload`: an app written for another platform reads fields like this. What webex-connect sends: https://github.com/callspec/callspec/blob/main/docs/platforms/webex-connect.md",
    )
    expect(error.message).not.toContain('the app read no request body')
    expect(error.message).not.toContain('if what was undefined is req.body')
  })

  it('read through a field the webhook lacks (Cannot read properties of undefined): the same question, naming the key and what the webhook has (helper-125)', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      if ((req.body as { payload: { callStatus: string } }).payload.callStatus === 'CALL_RECEIVED') return res.json({ callflow: [{ action: 'hangup' }] })
      res.json({ callflow: [] })
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: TypeError: Cannot read properties of undefined (reading 'callStatus')")
    expect(lines[2]).toBe(
      "Hint: is `platform` right? The app read `callStatus` of something undefined, and webex-connect's first webhook has no `callStatus` anywhere (its fields: event, eventTime, sessionId, callerId, dialedNumber, offeredTime): " +
        'an app written for another platform reads fields like this. What webex-connect sends: https://github.com/callspec/callspec/blob/main/docs/platforms/webex-connect.md',
    )
  })

  it('no such hint when the webhook does carry the key (the app failed on something else)', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req) => {
      const lookup = undefined as unknown as Record<string, string>
      void lookup[(req.body as { event: string }).event ? 'event' : 'x']
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message).toContain("Cannot read properties of undefined (reading 'event')")
    expect(error.message).not.toContain('is `platform` right?')
  })
})
