import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { restClient, tts } from './apps.js'
import { playing, promptMs } from './playing.js'

/**
 * Forms EnableX does not document must not fail a call as if it did (audit g, items 1–4): a break
 * written with the field table's `time`, a language not shaped like `en-US`, an empty text, a
 * number not written as digits, a silence not written like "2000ms". Each is read as best callspec
 * can; a form it cannot be sure of is an inferred rule that warns, and fails under `strict`.
 */

describe('advanced TTS break: value (the JSON example) or time (the field table)', () => {
  it('plays a break written with the field table\'s time, for its length, with no warning', async () => {
    const call = await playing({ text_to_speech_option: { text: 'Welcome', break: { time: '1000ms' }, text2: 'to Acme' } })
    expect(call.warnings).toEqual([])
    expect(call).toHavePlayed('Welcome to Acme')
    // Three words of TTS (1200 ms) and the 1000 ms break.
    expect(promptMs(call)).toBe(2_200)
  })

  it('a break with neither fails, naming the field, on PUT …/play and in validate() alike', async () => {
    const body = { text_to_speech_option: { text: 'Welcome', break: {} } }
    const error = await failureOf(playing(body))
    expect(error.message).toContain('✖ break needs its duration, such as "2000ms", in value (the docs\' JSON example) or time (their field table)')
    expect(error.message).toContain('Mandatory parameter missing: text_to_speech_option.break.value')
    expect(error.message).not.toContain('expected string, received undefined')
    const result = validate('enablex', 'play', body)
    expect(result.ok).toBe(false)
    expect(result.issues[0]).toMatchObject({ path: 'text_to_speech_option.break.value', message: expect.stringContaining('in value (the docs\' JSON example) or time (their field table)') })
  })
})

describe('language: any string EnableX may know (rule enablex/language-tag, inferred)', () => {
  it('passes en-us, en and cmn-Hans-CN with no warning', async () => {
    for (const language of ['en-us', 'en', 'cmn-Hans-CN']) {
      const call = await playing(tts('Welcome to Acme', { language }))
      expect(call.warnings).toEqual([])
    }
  })

  it('passes a language not shaped like a tag with a warning naming the rule; strict fails with its tag', async () => {
    const call = await playing(tts('Welcome to Acme', { language: 'English' }))
    expect(call).toHavePlayed('Welcome to Acme')
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(
      `/play): language is not shaped like a language tag such as en-US (received "English"): callspec sends it on as it is at language; EnableX's play table types language as a string, its examples write en-US, and it publishes no list of languages (rule enablex/language-tag, inferred)`,
    )
    const error = await failureOf(playing(tts('Welcome to Acme', { language: 'English' }), { strict: true }))
    expect(error.message).toContain('→ rule enablex/language-tag')
    // At error nothing is sent on: the message stops before what callspec does at warn (FoundIssue.atWarn).
    expect(error.message).toContain('✖ language is not shaped like a language tag such as en-US (received "English"); EnableX\'s play table')
    expect(error.message).not.toContain('sends it on as it is')
    expect(error.message).toContain('Invalid parameter: language')
    expect(validate('enablex', 'play', tts('Hi.', { language: 'English' }))).toMatchObject({ ok: true, issues: [{ rule: 'enablex/language-tag', level: 'warn' }] })
  })
})

describe('empty text: no minimum is documented (rule enablex/empty-text, inferred)', () => {
  it('plays nothing and sends playfinished at once, with a warning naming the rule', async () => {
    const call = await playing(tts(''))
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(
      /the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\): text is empty \(received ""\): callspec says nothing and sends playfinished at once at text; EnableX documents no minimum length for text \(rule enablex\/empty-text, inferred\)$/,
    )
    expect(promptMs(call)).toBe(0)
    expect(call.transcript.entries.filter((e) => e.kind === 'heard')).toEqual([])
    expect(call.transcript.entries.some((e) => e.kind === 'note' && e.text === 'play with empty text: nothing is said')).toBe(true)
  })

  it('an empty prompt_name plays nothing either, with the same rule\'s warning; strict fails with its tag', async () => {
    const call = await playing({ prompt_name: '' })
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(
      /the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\): prompt_name is empty \(received ""\): callspec plays nothing and sends playfinished at once at prompt_name; EnableX documents no minimum length for prompt_name \(rule enablex\/empty-text, inferred\)$/,
    )
    expect(promptMs(call)).toBe(0)
    expect(call.transcript.entries.some((e) => e.kind === 'note' && e.text === 'play with empty prompt_name: nothing is played')).toBe(true)
    expect(validate('enablex', 'play', { prompt_name: ' ' })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/empty-text', level: 'warn' }] })
    const error = await failureOf(playing({ prompt_name: '' }, { strict: true }))
    expect(error.message).toContain('→ rule enablex/empty-text')
  })

  it('fails under strict with the rule\'s tag', async () => {
    const error = await failureOf(playing(tts(''), { strict: true }))
    expect(error.message).toContain('→ rule enablex/empty-text')
    expect(error.message).toContain('"msg":"Invalid parameter: text (text is empty (received \\"\\"))"')
  })
})

describe('silence value: the docs give no format (rule enablex/tts-duration, inferred)', () => {
  it('reads "2s" as 2000 ms, with a warning naming the rule; strict fails with its tag', async () => {
    const body = { text_to_speech_option: { silence: { type: 'leading', value: '2s' }, text: 'Welcome' } }
    const call = await playing(body)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(
      'silence.value is not written like "2000ms" (received "2s") at text_to_speech_option.silence.value; callspec reads it as 2000 ms: EnableX\'s advanced TTS table gives no format for a silence\'s duration, its example writes "2000ms" (rule enablex/tts-duration, inferred)',
    )
    // 2000 ms of silence and one word (600 ms minimum over the whole prompt: 400 + 2000).
    expect(promptMs(call)).toBe(2_400)
    const error = await failureOf(playing(body, { strict: true }))
    expect(error.message).toContain('→ rule enablex/tts-duration')
  })

  it('a silence with no value (the table names no key required) plays with no pause, with a warning; strict fails with its tag', async () => {
    const body = { text_to_speech_option: { silence: { type: 'leading' }, text: 'Welcome' } }
    const call = await playing(body)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(
      'silence has no value at text_to_speech_option.silence.value; callspec adds no pause for it: EnableX\'s advanced TTS table lists a silence\'s keys (type, value) without saying either is required (rule enablex/tts-duration, inferred)',
    )
    // One word, the 600 ms minimum of a prompt: no silence added.
    expect(promptMs(call)).toBe(600)
    const checked = validate('enablex', 'play', body)
    expect(checked.ok).toBe(true)
    expect(checked.issues).toEqual([expect.objectContaining({ path: 'text_to_speech_option.silence.value', message: 'silence has no value', level: 'warn' })])
    const error = await failureOf(playing(body, { strict: true }))
    expect(error.message).toContain('→ rule enablex/tts-duration')
  })
})

describe('numbers: the docs say "CLI number", no format (rule enablex/phone-number, inferred)', () => {
  /** An Express app that places a call with `from`, then plays and hangs up. */
  const placing = (from: string, options: object = {}) => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.post('/remind', async (_req, res) => {
      const answer = await rest.call('POST', '/call', { from, to: '14155550123', event_url: 'https://app.example/event', action_on_connect: { play: tts('Your appointment is tomorrow.') } })
      res.status(answer.status).json(answer.body)
    })
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      if (req.body.playstate === 'playfinished') await rest.call('DELETE', `/call/${req.body.voice_id}`)
    })
    return callTo(app, { platform: 'enablex', warnings: 'silent', ...options })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
      .expectAction('make-call')
  }

  it('places a make-call from "415-555-0199" with a warning naming the rule; strict fails with its tag', async () => {
    const call = await placing('415-555-0199').expectAction('hangup')
    expect(call).toHavePlayed('Your appointment is tomorrow.')
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toBe(
      'the app\'s make-call request: from is not a phone number: 5–15 digits, optionally after a + (received "415-555-0199") at from; callspec uses it as it is: EnableX\'s docs say only "CLI number" / "Destination number", its samples write digits without + (919999999999), its newer docs mention E.164 (rule enablex/phone-number, inferred)',
    )
    const error = await failureOf(placing('415-555-0199', { strict: true }))
    expect(error.message).toContain('→ rule enablex/phone-number')
    expect(error.message).toContain('Invalid parameter: from')
  })

  it('validate() gives the make-call and connect the same verdict as a call', () => {
    const body = { from: '415-555-0199', to: '14155550123', event_url: 'https://app.example/event' }
    for (const result of [validate('enablex', 'make-call', body), validate('enablex', 'action', { action: 'make-call', body })]) {
      expect(result).toMatchObject({ ok: true, issues: [{ rule: 'enablex/phone-number', level: 'warn' }] })
    }
    for (const result of [validate('enablex', 'connect', { from: 'Acme', to: 'sip:agent@pbx.example' }), validate('enablex', 'action', { action: 'connect', body: { from: 'Acme', to: 'sip:agent@pbx.example' } })]) {
      expect(result).toMatchObject({ ok: true, issues: [{ rule: 'enablex/phone-number', level: 'warn', message: expect.stringContaining('from is not a phone number') }] })
      expect(result.issues).toHaveLength(1)
    }
    // A make-call's action_on_connect.play is judged as PUT …/play judges one.
    const onConnect = { ...body, from: '14155550199', action_on_connect: { play: tts('', { language: 'English' }) } }
    expect(validate('enablex', 'make-call', onConnect)).toMatchObject({
      ok: true,
      issues: [
        { rule: 'enablex/empty-text', level: 'warn', path: 'action_on_connect.play.text' },
        { rule: 'enablex/language-tag', level: 'warn', path: 'action_on_connect.play.language' },
      ],
    })
    expect(validate('enablex', 'make-call', body, { strict: true })).toMatchObject({ ok: false, vendorError: { status: 400, message: expect.stringContaining('Invalid parameter: from') } })
  })
})
