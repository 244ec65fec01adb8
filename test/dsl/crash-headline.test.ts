/**
 * Newcomer audit finding N4: an app that crashed on a webhook (or had no route for it) failed the
 * call with ~330 characters of rule wording on the first line, and the app's own error on line 2
 * or 3. A synchronous throw in an Express handler showed where it was thrown only inside the
 * HTML-escaped error page, cut off. The first line says what the app did and its error; the line
 * under it, where the error page's stack has the app's own frame on this machine, is that frame,
 * which the runner shows as a code frame, as it does an async handler's crash; the platform's
 * expectation and the rule follow.
 */
import { fileURLToPath } from 'node:url'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { sourceAt as sourceIn, topFrame } from '../helpers/source-at.js'

const thisFile = fileURLToPath(import.meta.url)
const sourceAt = (marker: string, token: string) => sourceIn(thisFile, marker, token)

const EXPECTS =
  "The platform expects a 2xx with one JSON action object. The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (rule webex-connect/no-action-answer)."

describe("a crash or a 404 on a webhook: the first line says what the app did and its error", () => {
  it('a synchronous throw in an Express handler: the error, then its line in the app, then the rule', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      if ((req.body as { event: string }).event === 'ACCEPTED') throw new Error('PIN service down') // sync-throw
      res.json({ action: 'HANGUP' })
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    // Before: "… the app answered ACCEPTED with HTTP 500; the platform expects a 2xx with one JSON action object. The docs do not say …", the error on line 2.
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: Error: PIN service down")
    expect(lines[1]).toBe(`    at ${sourceAt('// sync-throw', 'new Error')}`)
    expect(lines[2]).toBe(EXPECTS)
    // The runner's code frame: the app's line, as for an async handler's crash.
    expect(topFrame(error)).toBe(sourceAt('// sync-throw', 'new Error'))
    expect(error.message).not.toContain("The app's error page says")
  })

  it('a 404: the first line says it, and the route hint comes before the rule', async () => {
    const app = express()
    app.use(express.json())
    app.post('/webex/events', (_req, res) => void res.json({ action: 'HANGUP' }))
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 404: Cannot POST /")
    expect(lines[1]).toMatch(/^Hint: is `webhookPath` right\? The first webhook went to http:\/\/app\.callspec\.local\/ /)
    expect(lines[2]).toBe(EXPECTS)
  })

  // A JSON error body said only `HTTP 500` (left out of helper-156's N4 fix).
  it.each([
    ['{ error: err.message }', { error: 'PIN service down' }, 'PIN service down'],
    ["Fastify's { statusCode, error, message }", { statusCode: 500, error: 'Internal Server Error', message: 'PIN service down' }, 'PIN service down'],
    ['{ error: { message } }', { error: { code: 'E_PIN', message: 'PIN service down' } }, 'PIN service down'],
  ])('a JSON error body, %s: its message on the first line', async (_shape, body, said) => {
    const app = express()
    app.use(express.json())
    app.post('/', (_req, res) => void res.status(500).json(body))
    const lines = (await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))).message.split('\n')
    expect(lines[0]).toBe(`[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: ${said}`)
    expect(lines[1]).toBe(EXPECTS)
  })

  it("a crash reading a field no platform's webhooks carry (req.body.caller.number): no guess that platform is wrong", async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      const caller = (req.body as { caller: { number: string } }).caller.number // field-read
      res.json({ action: 'ANSWER', caller })
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 500: TypeError: Cannot read properties of undefined (reading 'number')")
    expect(lines[1]).toBe(`    at ${sourceAt('// field-read', 'number //')}`)
    expect(lines[2]).toBe(EXPECTS)
    // Before: "Hint: is `platform` right? The app read `number` of something undefined, …" on line 2.
    expect(error.message).not.toContain('is `platform` right?')
  })
})
