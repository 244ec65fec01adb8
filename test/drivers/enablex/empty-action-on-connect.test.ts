import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { restClient, tts } from './apps.js'

/**
 * Audit F2: EnableX's make-call table marks action_on_connect optional, and "exactly one of play,
 * connect or room" is callspec's inference. `action_on_connect: {}` failed the call as the
 * documented, fixed enablex/request-schema, though one holding only event_url (also none of the
 * three) is placed.
 */
const placing = (onConnect: object) => {
  const rest = restClient()
  const app = express()
  app.use(express.json())
  app.post('/remind', async (_req, res) => {
    const answer = await rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', action_on_connect: onConnect })
    res.status(answer.status).json(answer.body)
  })
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    if (req.body.state === 'connected') await rest.call('PUT', `/call/${req.body.voice_id}/play`, tts('Your appointment is tomorrow.'))
    if (req.body.playstate === 'playfinished') await rest.call('DELETE', `/call/${req.body.voice_id}`)
  })
  const flow = (options: object = {}) => callTo(app, { platform: 'enablex', ...options }).startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} })).expectAction('make-call')
  return { flow, answers: rest.answers }
}

const WARNING =
  "the app's make-call request: action_on_connect holds none of play, connect or room (received {}): callspec places the call and runs nothing when the callee answers at action_on_connect; EnableX's make-call table marks action_on_connect optional and lists play, connect and room under it; it does not say what one holding none of them does: give it one, or leave action_on_connect out (rule enablex/one-action-on-connect, inferred)"

describe('a make-call with action_on_connect: {} (audit F2)', () => {
  it('is placed, nothing runs on connect, and the app plays on connected: the call passes with one warning under the inferred rule', async () => {
    const { flow, answers } = placing({})
    const call = await flow({ warnings: 'silent' }).expectAction('play').expectAction('hangup')
    expect(answers[0]?.status).toBe(200)
    expect(call).toHavePlayed('Your appointment is tomorrow.')
    expect(call.warnings).toEqual([WARNING])
  })

  it('as one holding only event_url is (that one gets no such warning)', async () => {
    const call = await placing({ event_url: 'https://app.example/event' }).flow({ warnings: 'silent' }).expectAction('play').expectAction('hangup')
    expect(call.warnings.join('\n')).not.toContain('enablex/one-action-on-connect')
  })

  it('under strict it is refused, said as callspec\'s inference, never as the documented request-schema', async () => {
    const error = await failureOf(placing({}).flow({ strict: true }))
    expect(error.message).toContain("callspec refused the app's make-call request by a rule it inferred, not one EnableX documents: enablex/one-action-on-connect")
    expect(error.message).not.toContain('EnableX rejected')
    expect(error.message).not.toContain('enablex/request-schema')
  })

  it('validate() agrees', () => {
    const body = { from: '919999999999', to: '918888888888', event_url: 'https://a.b/e', action_on_connect: {} }
    expect(validate('enablex', 'make-call', body)).toMatchObject({ ok: true, issues: [{ path: 'action_on_connect', rule: 'enablex/one-action-on-connect', level: 'warn', evidence: 'inferred' }] })
  })
})
