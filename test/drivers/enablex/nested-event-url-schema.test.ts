import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { ActionOnConnectSchema, ActionSchema, MakeCallRequestSchema, REQUEST_SCHEMAS, jsonSchemas } from '../../../drivers/enablex/index.js'
import { restClient, tts } from './apps.js'

/**
 * EnableX's make-call field table lists event_url as `action_on_connect.event_url`; its JSON
 * example and samples send it at the top level (§2.1). A call runs a make-call with it under
 * action_on_connect (rule enablex/event-url-placement, inferred: a warning), so the exported
 * schemas (ActionSchema, MakeCallRequestSchema, ActionOnConnectSchema) must accept that body too:
 * they refused it, while the driver's validation and a call accepted it.
 */

describe('the exported EnableX schemas accept event_url under action_on_connect, as the field table shows it', () => {
  /** An Express app that places a call with `body`, plays a reminder once connected (unless action_on_connect plays one), and hangs up after it. */
  const placing = (body: Record<string, unknown>) => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.post('/remind', async (_req, res) => {
      const answer = await rest.call('POST', '/call', body)
      res.status(answer.status).json(answer.body)
    })
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const event = req.body
      if (event.state === 'connected' && !('play' in (body.action_on_connect as object))) await rest.call('PUT', `/call/${event.voice_id}/play`, tts('Your appointment is tomorrow.'))
      if (event.playstate === 'playfinished') await rest.call('DELETE', `/call/${event.voice_id}`)
    })
    return callTo(app, { platform: 'enablex', warnings: 'silent' }).startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} })).expectAction('make-call')
  }

  it('the body a call runs (event_url only under action_on_connect, beside a play) passes ActionSchema, as validate() passes it', async () => {
    const body = { from: '14155550199', to: '14155550123', action_on_connect: { play: tts('Hello.'), event_url: 'https://app.example/event' } }
    const call = await placing(body).expectAction('hangup')
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain('event_url is under action_on_connect, not at the top level (received "https://app.example/event" there): callspec posts the events to it')
    expect(validate('enablex', 'action', { action: 'make-call', body }).ok).toBe(true)
    expect(ActionSchema.safeParse({ action: 'make-call', body }).success).toBe(true)
    expect(MakeCallRequestSchema.safeParse(body).success).toBe(true)
    expect(REQUEST_SCHEMAS['make-call'].safeParse(body).success).toBe(true)
  })

  it('an action_on_connect holding only event_url, and event_url at both levels, pass too', async () => {
    const onlyUrl = { from: '14155550199', to: '14155550123', action_on_connect: { event_url: 'https://app.example/event' } }
    const call = await placing(onlyUrl).expectAction('play').expectAction('hangup')
    expect(call.warnings).toHaveLength(1)
    const both = { ...onlyUrl, event_url: 'https://app.example/event', action_on_connect: { connect: { from: '14155550199', to: '14155550142' }, event_url: 'https://app.example/event' } }
    for (const body of [onlyUrl, both]) {
      expect(validate('enablex', 'make-call', body).ok).toBe(true)
      expect(ActionSchema.safeParse({ action: 'make-call', body }).success).toBe(true)
    }
    expect(ActionOnConnectSchema.safeParse({ event_url: 'https://app.example/event' }).success).toBe(true)
    expect(ActionOnConnectSchema.safeParse({ room: { room_id: 'r1' }, event_url: 'https://app.example/event' }).success).toBe(true)
  })

  it('accepts a make-call with no event_url at either level, as validate() does (a warning there: audit-94 F2), and still refuses a nested one that is no URL', () => {
    const none = { from: '14155550199', to: '14155550123', action_on_connect: { play: tts('Hello.') } }
    expect(validate('enablex', 'make-call', none)).toMatchObject({ ok: true, issues: [{ rule: 'enablex/make-call-without-event-url', level: 'warn' }] })
    expect(ActionSchema.safeParse({ action: 'make-call', body: none }).success).toBe(true)
    expect(MakeCallRequestSchema.safeParse(none).success).toBe(true)
    expect(jsonSchemas()['make-call']).not.toHaveProperty('anyOf')
    const notUrl = { from: '14155550199', to: '14155550123', action_on_connect: { play: tts('Hello.'), event_url: 'app/event' } }
    expect(validate('enablex', 'make-call', notUrl).ok).toBe(false)
    expect(ActionSchema.safeParse({ action: 'make-call', body: notUrl }).success).toBe(false)
    expect(MakeCallRequestSchema.safeParse(notUrl).success).toBe(false)
  })
})
