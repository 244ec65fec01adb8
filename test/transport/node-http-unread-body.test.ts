import http from 'node:http'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/**
 * A bare node:http app that answers without reading the webhook's body (newcomer audit helper-180):
 * the unread-bodies hint told it to add app.use(express.json()), advice for Express it cannot
 * take. A node:http handler is told to read the request and JSON.parse it, and, as a framework's
 * listener passed bare looks the same (helper-181), its JSON parser second; an Express app still
 * gets the express.json() line alone.
 */
const NODE_HINT =
  "Hint: the app answered all 2 webhooks without reading their bodies. callspec posts each as JSON (content-type: application/json), as the platform does: a node:http handler has it only once it reads the request. Read the body (req.on('data', …), req.on('end', …)) and JSON.parse it before answering; a framework behind the listener needs its JSON body parser before the webhook route, e.g. app.use(express.json())."

/** Answers ANSWER to everything, the body never read: ANSWERED's answer is refused. */
const answerAlways: http.RequestListener = (_req, res) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ action: 'ANSWER' }))
}

describe('an app that never reads the webhook body', () => {
  it('a node:http server is told to read and parse the request, and the framework parser second', async () => {
    const error = await failureOf(callTo(http.createServer(answerAlways), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message.split('\n')).toContain(NODE_HINT)
  })

  it('a bare request listener too', async () => {
    const error = await failureOf(callTo(answerAlways, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message.split('\n')).toContain(NODE_HINT)
  })

  it('an Express app wrapped in an arrow, which callspec cannot tell from a bare listener, is told of the framework parser too (helper-181)', async () => {
    const app = express()
    app.post('/', (_req, res) => res.json({ action: 'ANSWER' }))
    const error = await failureOf(callTo((req: http.IncomingMessage, res: http.ServerResponse) => app(req, res), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message.split('\n')).toContain(NODE_HINT)
  })

  it('an Express app still gets the express.json() line', async () => {
    const app = express()
    app.post('/', (_req, res) => res.json({ action: 'ANSWER' }))
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain('Parse JSON before the webhook route, e.g. app.use(express.json()).')
    expect(error.message).not.toContain('JSON.parse it before answering')
  })

  it('an empty answer to the first webhook gets the read-the-body hint, not a question about platform', async () => {
    const error = await failureOf(callTo((_req: http.IncomingMessage, res: http.ServerResponse) => res.end(), { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message).toContain("a node:http handler has it only once it reads the request. Read the body (req.on('data', …), req.on('end', …)) and JSON.parse it before answering;")
    expect(error.message).not.toContain('is `platform` right?')
  })
})
