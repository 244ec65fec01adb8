import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { enablexApp, restClient, type EnableXEvent } from './apps.js'

/**
 * EnableX types action_on_connect.room.room_id and recording_name as strings and sets no minimum
 * length: an empty one must not fail a call under the documented enablex/request-schema. Each
 * warns under the inferred rule enablex/empty-name, and fails under `strict` with its tag.
 */

const TAG = "(rule enablex/empty-name, inferred)"

describe('an empty room_id (rule enablex/empty-name, inferred)', () => {
  /** An Express app that places a call joining `roomId`, and hangs up once the callee is connected. */
  const placing = (roomId: string, options: object = {}) => {
    const rest = restClient()
    const seen: EnableXEvent[] = []
    const app = express()
    app.use(express.json())
    app.post('/remind', async (_req, res) => {
      const answer = await rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', action_on_connect: { room: { room_id: roomId } } })
      res.status(answer.status).json(answer.body)
    })
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      seen.push(req.body)
      if (req.body.state === 'connected') await rest.call('DELETE', `/call/${req.body.voice_id}`)
    })
    const flow = callTo(app, { platform: 'enablex', warnings: 'silent', ...options })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
      .expectAction('make-call')
    return { flow, seen, answers: rest.answers }
  }

  it('the callee joins no room, with a warning naming the rule; connected carries no room_id', async () => {
    const { flow, seen, answers } = placing('')
    const call = await flow.expectAction('hangup')
    expect(answers[0]).toMatchObject({ status: 200, body: { state: 'initiated' } })
    expect(call.warnings).toEqual([
      `the app's make-call request: room_id is empty (received "") at action_on_connect.room.room_id; callspec joins the callee to no room (connected carries no room_id): EnableX documents no minimum length for room_id ${TAG}`,
    ])
    const connected = seen.find((e) => e.state === 'connected')!
    expect(connected).toBeDefined()
    expect(connected).not.toHaveProperty('room_id')
    expect(call.transcript.entries.some((e) => e.kind === 'note' && e.text === 'action_on_connect.room has an empty room_id: the callee joins no room')).toBe(true)
  })

  it('a room_id joins its room with no warning', async () => {
    const { flow, seen } = placing('5f83f9743a8ad03af54eab4b')
    const call = await flow.expectAction('hangup')
    expect(call.warnings).toEqual([])
    expect(seen.find((e) => e.state === 'connected')).toMatchObject({ room_id: '5f83f9743a8ad03af54eab4b' })
  })

  it('strict fails the make-call with the rule\'s tag, and validate() gives the same verdicts', async () => {
    const { flow, answers } = placing(' ', { strict: true })
    const error = await failureOf(flow)
    expect(error.message).toContain('→ rule enablex/empty-name')
    expect(answers[0]).toMatchObject({ status: 400, body: { msg: expect.stringContaining('Invalid parameter: action_on_connect.room.room_id') } })
    const body = { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', action_on_connect: { room: { room_id: '' } } }
    expect(validate('enablex', 'make-call', body)).toMatchObject({ ok: true, issues: [{ rule: 'enablex/empty-name', level: 'warn', path: 'action_on_connect.room.room_id' }] })
    expect(validate('enablex', 'action', { action: 'make-call', body })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/empty-name', level: 'warn' }] })
    expect(validate('enablex', 'make-call', body, { strict: true }).ok).toBe(false)
  })
})

describe('an empty recording_name (rule enablex/empty-name, inferred)', () => {
  /** An inbound call bridged to an agent, recording under `name` twice, then hanging up. */
  const recording = (name: string, options: object = {}) => {
    let starts = 0
    const app = enablexApp(async (event, api) => {
      const id = event.voice_id
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${id}/accept`)
      if (event.state === 'connected') return api.call('PUT', `/call/${id}/connect`, { from: '14155550199', to: '14155550142' })
      if (event.state === 'bridged' || (event.state === 'completed' && starts < 2)) {
        starts++
        const answer = await api.call('PUT', `/call/${id}/recording`, { start: true, recording_name: name })
        if (answer.status !== 200) return undefined
        return api.call('PUT', `/call/${id}/recording`, { stop: true })
      }
      if (event.state === 'completed') return api.call('DELETE', `/call/${id}`)
    })
    const flow = callTo(app, { platform: 'enablex', warnings: 'silent', ...options }).expectAction('accept').expectAction('connect').expectAction('recording', { start: true })
    return { flow, app }
  }

  it('records as if no name were given, twice (no reused name), each with a warning naming the rule', async () => {
    const { flow, app } = recording('')
    const call = await flow.expectAction('recording', { stop: true }).expectAction('recording', { start: true }).expectAction('recording', { stop: true }).expectAction('hangup')
    const starts = app.answers.filter((a) => a.path.endsWith('/recording')).filter((_, i) => i % 2 === 0)
    expect(starts).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })])
    expect(call.warnings).toHaveLength(2)
    expect(call.warnings[0]).toMatch(/^turn \d+: the app's recording request \(PUT \/voice\/v1\/call\/[^/]+\/recording\): /)
    expect(call.warnings[0]).toContain(
      `: recording_name is empty (received "") at recording_name; callspec records as if no recording_name were given: EnableX documents no minimum length for recording_name ${TAG}`,
    )
    expect(app.seen.filter((e) => e.state === 'started')).toHaveLength(2)
  })

  it('strict fails the recording start with the rule\'s tag, and validate() gives the same verdicts', async () => {
    const { flow, app } = recording('', { strict: true })
    const error = await failureOf(flow)
    expect(error.message).toContain('→ rule enablex/empty-name')
    expect(app.answers.find((a) => a.path.endsWith('/recording'))).toMatchObject({ status: 400, body: { msg: expect.stringContaining('Invalid parameter: recording_name') } })
    expect(validate('enablex', 'recording', { start: true, recording_name: ' ' })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/empty-name', level: 'warn', path: 'recording_name' }] })
    expect(validate('enablex', 'action', { action: 'recording', body: { start: true, recording_name: '' } })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/empty-name' }] })
    expect(validate('enablex', 'recording', { start: true, recording_name: '' }, { strict: true }).ok).toBe(false)
  })
})
