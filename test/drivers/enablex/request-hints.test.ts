import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { accepting, enablexApp, restClient, tts } from './apps.js'

describe("the fake API's 400 names the field that made the request fail (helper-21 item 5)", () => {
  it('answers Mandatory parameter missing: voice to a play that sent voice_type, not the ignored key', async () => {
    const app = accepting({ text: 'Hi.', voice_type: 'female' })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(/✖ voice \(male or female\) is required with text\n {2}→ at voice\n/)
    expect(error.message).toMatch(/Answer: HTTP 400 \{"voice_id":"[^"]+","result":400,"msg":"Mandatory parameter missing: voice","state":"failed"\}/)
    expect(app.answers.at(-1)).toMatchObject({ status: 400, body: { msg: 'Mandatory parameter missing: voice' } })
  })
})

describe('event_url under action_on_connect (helper-21 item 8)', () => {
  const HINT = "move event_url to the top level of the make-call body: EnableX's field table lists it under action_on_connect, but its JSON example and samples send it at the top level"
  const placing = (body: object) => {
    const app = enablexApp(() => {})
    return { app, trigger: () => app.rest.call('POST', '/call', { from: '14155550199', to: '14155550123', ...body }) }
  }

  it('fails the make-call with a hint to move it to the top level', async () => {
    const { app, trigger } = placing({ action_on_connect: { play: tts('Hi.'), event_url: 'https://app.example/event' } })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).startedBy(trigger).expectAction('make-call'))
    expect(error.message).toContain(
      `EnableX rejected the app's make-call request: HTTP 400 {"result":400,"msg":"Mandatory parameter missing: event_url","state":"failed"}\n` +
        `⚠ Unrecognized key: "event_url" (received "https://app.example/event"); ${HINT}\n  → at action_on_connect\n`,
    )
  })

  it('warns with the same hint when event_url is also at the top level', async () => {
    const { app, trigger } = placing({ action_on_connect: { play: tts('Hi.'), event_url: 'https://app.example/other' }, event_url: 'https://app.example/event' })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent', unconsumed: 'ignore' }).startedBy(trigger).expectAction('make-call')
    expect(call.warnings[0]).toContain(`action_on_connect; ${HINT} (rule enablex/unknown-keys`)
  })
})

describe('an event answered with an Express error page (helper-21 item 8)', () => {
  it("says what the app's error page says, as Voxology failures do", async () => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.set('env', 'development')
    app.post('/event', async (req, res) => {
      const event = req.body
      if (event.state === 'connected') throw new Error('the menu table is missing')
      res.sendStatus(200)
      if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe(
      "[callspec] turn 2, expectAction('play'): the app answered the connected event with HTTP 500; the platform needs a 2xx with any body (EnableX ignores it: the app acts through the REST API).",
    )
    expect(lines[1]).toBe("The app's error page says: Error: the menu table is missing")
  })
})
