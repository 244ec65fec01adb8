/**
 * An app that parses no JSON body (an Express app without `app.use(express.json())`) is told so,
 * whatever way it then fails. Measured before (helper-21): five such apps failed with a TypeError
 * on undefined, a wrong action, or (EnableX, answering 200 first) no request at all, and the hint
 * the README promised showed in none of them: it looked for "req.body" in an error page's text.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { restClient } from '../drivers/enablex/apps.js'
import { failureOf } from '../helpers/failure-of.js'

const HINT =
  'Hint: the app answered the webhook without reading its body. callspec posts each as JSON (content-type: application/json), as the platform does: an app that parses no JSON body sees req.body undefined. Parse JSON before the webhook route, e.g. app.use(express.json()).'

/** A Webex Connect IVR that reads the event off req.body, with or without a JSON body parser. */
function webexIvr(parsesJson: boolean) {
  const app = express()
  if (parsesJson) app.use(express.json())
  app.post('/', (req, res) => {
    const event = (req.body as { event?: string } | undefined)?.event
    // A default answer for events it does not know: the call goes on, wrongly.
    res.json(event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'HANGUP' })
  })
  return app
}

describe('an in-process app that read none of the webhooks it answered', () => {
  it('fails with its own failure, then the hint to parse JSON bodies', async () => {
    const error = await failureOf(callTo(webexIvr(false), { platform: 'webex-connect' }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): expected action ANSWER, got HANGUP")
    expect(lines[1]).toBe(HINT)
  })

  it('comes above the request and answer dumped, and stands in for "is platform right?" on an empty first answer (helper-25)', async () => {
    const app = express()
    app.post('/', (req, res) => {
      // Without a body parser the status is never seen: the app answers nothing.
      if ((req.body as { status?: string } | undefined)?.status !== 'live-in-progress') return void res.end()
      res.json({ actions: [{ type: 'SAY', params: { text: 'Hi' } }, { type: 'HANGUP' }] })
    })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    const lines = error.message.split('\n')
    // The empty answer ends the flow, with a warning (rule voxology/empty-callback-answer, inferred): the hint still comes first.
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('SAY'): the call ended (platform: a callback answered with no script) before the app sent the action expectAction('SAY') expects.")
    expect(lines[1]).toBe(HINT)
    expect(error.message).toContain('the app answered the init_call callback with an empty body')
    expect(error.message).not.toContain('is `platform` right?')
  })

  it('a TypeError on undefined behind an error page gets it too; another error there does not', async () => {
    const app = express()
    app.set('env', 'development')
    app.post('/', (req, res) => {
      res.json((req.body as { event: string }).event === 'ACCEPTED' ? { action: 'ANSWER' } : {})
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: TypeError: Cannot read properties of undefined (reading 'event')")
    // Express drained the body before writing its page, so the page's error is what says it:
    // under the app's frame and what the platform expects.
    expect(error.message.split('\n')[3]).toBe(
      'Hint: if what was undefined is req.body, the app parses no JSON body. callspec posts each webhook as JSON (content-type: application/json), as the platform does: parse JSON bodies before the webhook route, e.g. app.use(express.json()).',
    )
    expect(error.message).not.toContain('without reading')

    const down = express()
    down.set('env', 'development')
    down.post('/', () => {
      throw new Error('the database is down')
    })
    const other = await failureOf(callTo(down, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(other.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: Error: the database is down")
    expect(other.message).not.toContain('Hint:')
  })

  it('EnableX: an app that answers 200 first and then reads undefined makes no request; the wait that ends says why', async () => {
    const rest = restClient()
    const app = express()
    app.post('/event', (req, res) => {
      res.sendStatus(200)
      const event = req.body as { state?: string } | undefined
      if (event?.state === 'incomingcall') void rest.call('PUT', `/call/${(req.body as { voice_id: string }).voice_id}/accept`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', webhookPath: '/event', limits: { appTimeoutMs: 300 } }).expectAction('accept'))
    expect(error.message).toContain('Hint: the app answered the webhook without reading its body.')
  })

  it('EnableX: an app whose handler throws after answering 200 is said to have closed its connection, which Express does then in silence', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', (req, res) => {
      res.sendStatus(200)
      // The work after the answer: a typo in the field it reads (the docs name it `state`).
      const { status } = req.body as { status: { ok: boolean } }
      if (status.ok) res.locals.done = true
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', webhookPath: '/event', limits: { appTimeoutMs: 300 } }).expectAction('accept'))
    expect(error.message).toContain(
      '\nHint: the app closed its connection right after answering, as Express does when a handler fails after its answer went out (res.sendStatus(200), then an exception). Under vitest (NODE_ENV=test) Express logs no such error: catch and log what runs after the answer.\n',
    )
    expect(error.message).not.toContain('without reading')
  })

  it('says nothing when the app parses JSON and fails for another reason', async () => {
    const error = await failureOf(callTo(webexIvr(true), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('ANSWER'))
    expect(error.message.split('\n')[0]).toBe("[callspec] turn 2, expectAction('ANSWER'): expected action ANSWER, got HANGUP")
    expect(error.message).not.toContain('Hint:')
    // An EnableX app that answers first and works without failing: no hint either.
    const rest = restClient()
    const enablex = express()
    enablex.use(express.json())
    enablex.post('/event', (req, res) => {
      res.sendStatus(200)
      const event = req.body as { state: string; voice_id: string }
      if (event.state === 'incomingcall') void rest.call('PUT', `/call/${event.voice_id}/accept`)
    })
    const other = await failureOf(callTo(enablex, { platform: 'enablex', webhookPath: '/event' }).expectAction('play'))
    expect(other.message.split('\n')[0]).toMatch(/expected action play, got accept/)
    expect(other.message).not.toContain('Hint:')
  })
})
