/**
 * Newcomer audit finding N5: a Webex Connect app run as `platform: 'enablex'` waited 3.5 s of real
 * time, then led with "waited … for the app's next REST request to EnableX … and it never came";
 * only line 2 asked whether `platform` was right, though its first answer had said so. As 8x8 it
 * added a warning about the session summary's 404, which followed from the platform chosen. And a
 * Voxology script with its key slipped (`{"actions": [{"action": "SAY"}]}`) given to Webex
 * Connect got the generic question without naming Voxology. The platform the answer belongs to is
 * the first line; an EnableX call waits a short while only for an app that answered with another
 * platform's action and has called no EnableX route.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { restClient } from '../drivers/enablex/apps.js'

/** The audit's app: a Webex Connect PIN IVR's first answers, one JSON action per event. */
function webexApp() {
  const app = express()
  app.use(express.json())
  app.post('/webex/events', (req, res) => {
    const { event } = req.body as { event?: string }
    if (event === 'ACCEPTED') return res.json({ action: 'ANSWER' })
    if (event === 'DROPPED') return res.end()
    res.json({ action: 'HANGUP' })
  })
  return app
}
const W = { webhookPath: '/webex/events' } as const

describe('an app of another platform: the first line says whose answer it gave', () => {
  it('as enablex: said first, after a short wait, not the whole of limits.appTimeoutMs', async () => {
    const started = performance.now()
    const error = await failureOf(callTo(webexApp(), { platform: 'enablex', ...W }).expectAction('play'))
    const lines = error.message.split('\n')
    // Before: "[callspec] turn 1, expectAction('play'): waited 3474 ms (limits.appTimeoutMs) for the app's next REST request to EnableX …, and it never came.", the platform on line 2.
    expect(lines[0]).toBe(
      `[callspec] turn 1, expectAction('play'): the app's answer to the first webhook looks like a webex-connect app's ({"action":"HANGUP"}): is \`platform\` right? This call plays enablex; for a webex-connect app, pass platform: 'webex-connect'.`,
    )
    expect(lines[1]).toBe(
      `Waited 500 ms for the app's next REST request to EnableX after the "incomingcall" event (turn 1), and it never came (shortened from limits.appTimeoutMs: the app answered the first event with a webex-connect action, and has called no EnableX route).`,
    )
    expect(performance.now() - started).toBeLessThan(2_500)
  })

  it('as enablex, an app that answers so but calls the API at once still has its call', async () => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.post('/event', (req, res) => {
      const { state, voice_id: id } = req.body as { state: string; voice_id: string }
      res.json({ action: 'ANSWER' })
      if (state === 'incomingcall') void rest.call('PUT', `/call/${id}/accept`)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').hangUp()
    expect(call.actions.map((a) => a.name)).toEqual(['accept'])
  })

  it('as 8x8: said first, and the session summary it then got a 404 for is no line under it', async () => {
    const error = await failureOf(callTo(webexApp(), { platform: '8x8', ...W }).expectAction('say'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe(
      `[callspec] turn 1, expectAction('say'): the app's answer to the first webhook looks like a webex-connect app's ({"action":"HANGUP"}): is \`platform\` right? This call plays 8x8; for a webex-connect app, pass platform: 'webex-connect'.`,
    )
    expect(lines[1]).toMatch(/^The app's answer to CALL_ACTION is not a callflow 8x8 can run, so the session ends with ERROR -2003/)
    // Before: "callspec warned after turn 1 too: ⚠ turn 2: the app answered SESSION_SUMMARY with HTTP 404 … /8x8/vss …".
    expect(error.message).not.toContain('callspec warned after turn 1 too')
  })

  it("an answer the platform's own apps give too is not said to be another's", async () => {
    const app = express()
    app.use(express.json())
    // A Webex Connect action, with an 8x8 callflow beside it: Webex Connect reads its action.
    app.post('/', (_req, res) => void res.json({ action: 'ANSWER', callflow: [] }))
    const error = await failureOf(callTo(app, { platform: 'webex-connect', strict: true }).expectAction('ANSWER'))
    expect(error.message.split('\n')[0]).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): callspec failed the app's answer to ACCEPTED by a rule it inferred/)
    expect(error.message).not.toContain('is `platform` right?')
  })

  it("a Voxology script with the key slipped, on Webex Connect: Voxology named", async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (_req, res) => void res.json({ actions: [{ action: 'SAY', text: 'Hi' }] }))
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    // Before: "Hint: is `platform` right? The app answered the first webex-connect webhook with 2xx, but not with anything webex-connect understands: …", on line 2.
    expect(error.message.split('\n')[0]).toBe(
      `[callspec] turn 1, expectAction('ANSWER'): the app's answer to the first webhook looks like a voxology app's ({"actions":[{"action":"SAY","text":"Hi"}]}): is \`platform\` right? This call plays webex-connect; for a voxology app, pass platform: 'voxology'.`,
    )
  })
})
