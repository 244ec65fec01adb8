import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { accepting, restClient, tts } from './apps.js'

/**
 * Audit F1 + F4: EnableX's play table lists the voices "male" and "female" and says nothing of
 * case, and documents 406 / 6117 for an unsupported voice on PUT …/play only. "Female" failed an
 * outbound call as "EnableX rejected the app's make-call request" (rule enablex/request-schema,
 * documented, fixed), and got 406 / 6117 on PUT …/play as EnableX's documented answer.
 */

/** Accepts, plays `play`, hangs up after playfinished. */
const playing = (play: object) =>
  accepting(play, (event, api) => {
    if (event.playstate === 'playfinished') return api.call('DELETE', `/call/${event.voice_id}`)
  })

/** Places a call whose action_on_connect is `onConnect`, and hangs up after playfinished. */
const dialling = (onConnect: object) => {
  const rest = restClient()
  const app = express()
  app.use(express.json())
  const seen: string[] = []
  app.post('/call', async (_req, res) => {
    const answer = await rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', action_on_connect: onConnect })
    res.status(answer.status).json(answer.body)
  })
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    seen.push(req.body.playstate ?? req.body.state)
    if (req.body.playstate === 'playfinished') await rest.call('DELETE', `/call/${req.body.voice_id}`)
  })
  const flow = (options: object = {}) => callTo(app, { platform: 'enablex', ...options }).startedBy((a) => a.fetch('/call', { method: 'POST', body: {} })).expectAction('make-call')
  return { flow, answers: rest.answers, seen }
}

const CASE_HINT = 'EnableX\'s play table lists the voices "male" and "female" in lower case, and does not document that another case is refused: send "female" (rule enablex/voice-case, inferred)'

describe('a documented voice in another case ("Female") is read as the voice it names (rule enablex/voice-case, inferred)', () => {
  it('PUT …/play: answered 200, the caller hears the prompt, and a warning says the case rule is callspec\'s', async () => {
    const app = playing(tts('Welcome.', { voice: 'Female' }))
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Welcome.')
    expect(app.answers.find((a) => a.path.endsWith('/play'))?.status).toBe(200)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(/^turn 2: the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\): voice is not in lower case \(received "Female"\): callspec reads it as "female" at voice; /)
    expect(call.warnings[0]!.endsWith(CASE_HINT)).toBe(true)
    expect(call.warnings.join('\n')).not.toContain('6117')
  })

  it('make-call action_on_connect.play: the call is placed and the caller hears the prompt, with the same warning', async () => {
    const { flow, answers } = dialling({ play: tts('Your appointment is tomorrow.', { voice: 'Female' }) })
    const call = await flow({ warnings: 'silent' }).expectHangup()
    expect(answers[0]?.status).toBe(200)
    expect(call).toHavePlayed('Your appointment is tomorrow.')
    expect(call.warnings).toContain(`the app's make-call request: voice is not in lower case (received "Female"): callspec reads it as "female" at action_on_connect.play.voice; ${CASE_HINT}`)
  })

  it('under strict the request is refused, said as callspec\'s inference', async () => {
    const { flow, answers } = dialling({ play: tts('Hi.', { voice: 'MALE' }) })
    const error = await failureOf(flow({ strict: true }))
    expect(error.message).toContain("callspec refused the app's make-call request by a rule it inferred, not one EnableX documents: enablex/voice-case")
    expect(error.message).not.toContain('EnableX rejected')
    expect(answers[0]?.status).toBe(400)
  })

  it("validate() agrees: ok, one warning under the inferred rule", () => {
    expect(validate('enablex', 'play', tts('Hi.', { voice: 'Female' }))).toMatchObject({ ok: true, issues: [{ path: 'voice', rule: 'enablex/voice-case', level: 'warn', evidence: 'inferred' }] })
    const mc = { from: '919999999999', to: '918888888888', event_url: 'https://a.b/e', action_on_connect: { play: tts('x', { voice: 'Female' }) } }
    expect(validate('enablex', 'make-call', mc)).toMatchObject({ ok: true, issues: [{ path: 'action_on_connect.play.voice', rule: 'enablex/voice-case', evidence: 'inferred' }] })
  })
})

describe('a voice that is no documented voice in any case ("robot")', () => {
  it('PUT …/play keeps EnableX\'s documented 406 / 6117', async () => {
    const app = playing(tts('Welcome.', { voice: 'robot' }))
    await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent', limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('play'))
    expect(app.answers.find((a) => a.path.endsWith('/play'))).toMatchObject({ status: 406, body: { result: 6117, msg: 'Voice not supported for text-to-speech conversion' } })
  })

  it('make-call: the call is placed, nothing plays on connect, and the warning says this is callspec\'s inference (rule enablex/voice-on-connect)', async () => {
    const { flow, answers, seen } = dialling({ play: tts('Your appointment is tomorrow.', { voice: 'robot' }) })
    const call = await flow({ warnings: 'silent' }).staySilent(5_000)
    expect(answers[0]?.status).toBe(200)
    expect(seen).toContain('connected')
    expect(call.prompts).toEqual([])
    expect(call.warnings).toContain(
      'the app\'s make-call request: voice is not one EnableX documents, "male" or "female" (received "robot"): callspec places the call and plays nothing when the callee answers, as PUT …/play refuses this voice (HTTP 406, result 6117) at action_on_connect.play.voice; EnableX documents HTTP 406, result 6117 for this voice on PUT …/play, and no refusal of a make-call for it: send voice "male" or "female" (rule enablex/voice-on-connect, inferred)',
    )
  })

  it('make-call under strict: refused 406 / 6117, led by the inference, never as "EnableX rejected"', async () => {
    const { flow, answers } = dialling({ play: tts('Hi.', { voice: 'robot' }) })
    const error = await failureOf(flow({ strict: true }))
    expect(error.message).toContain("callspec refused the app's make-call request by a rule it inferred, not one EnableX documents: enablex/voice-on-connect")
    expect(error.message).not.toContain('EnableX rejected')
    expect(answers[0]).toMatchObject({ status: 406, body: { result: 6117 } })
  })
})
