import { describe, expect, it } from 'vitest'
import { validate } from '../../../src/index.js'
import { EventSchema, jsonSchemas, PlayRequestSchema, TextToSpeechOptionSchema, VALIDATION_KINDS } from '../../../drivers/enablex/index.js'

describe("validate('enablex', …)", () => {
  it('accepts the documented play bodies: TTS menu, portal prompt, advanced TTS', () => {
    expect(validate('enablex', 'play', { text: 'Press 1.', voice: 'female', language: 'en-US', dtmf: true, prompt_ref: 'menu' })).toEqual({ ok: true, issues: [] })
    expect(validate('enablex', 'play', { prompt_name: 'welcome', prompt_ref: 'w' }).ok).toBe(true)
    const advanced = {
      text_to_speech_option: {
        silence: { type: 'leading', value: '2000ms' },
        text: 'Initial Text Play after 2s',
        'express-as': { style: 'gentle', text: 'Text play in gentle voice' },
        prosody: { rate: '+30.00%', 'say-as': { 'interpret-as': 'date', format: 'mdy', text: '10/19/2020' } },
      },
      voice: 'female',
    }
    expect(validate('enablex', 'play', advanced).ok).toBe(true)
  })

  it('answers an invalid play with the issue and the REST error the fake API sends', () => {
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'female', asr: true, recognizer_timeout: 0 })).toEqual({
      ok: false,
      issues: [
        {
          path: 'recognizer_timeout',
          message: 'must be 1–10 seconds (received 0)',
          received: '0',
          rule: 'enablex/request-schema',
          level: 'error',
          evidence: 'doc',
          tag: 'rule enablex/request-schema (EnableX docs: Voice API Routes, request bodies)',
        },
      ],
      vendorError: { status: 400, code: 400, message: 'Invalid parameter: recognizer_timeout (must be 1–10 seconds (received 0))' },
    })
    expect(validate('enablex', 'play', { text: 'Hi.', prompt_name: 'x', voice: 'male' }).issues).toEqual([
      expect.objectContaining({ path: 'prompt_name', message: 'play takes one of text, prompt_name or text_to_speech_option, got text and prompt_name (received "x")' }),
    ])
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'robot' }).vendorError).toEqual({ status: 406, code: 6117, message: 'Voice not supported for text-to-speech conversion' })
  })

  it('checks advanced TTS rules: break below 5000ms, express-as styles', () => {
    expect(TextToSpeechOptionSchema.safeParse({ break: { value: '6000ms' } }).success).toBe(false)
    expect(TextToSpeechOptionSchema.safeParse({ 'express-as': { style: 'angry' } }).success).toBe(false)
  })

  it('checks make-call, connect, recording and hold bodies', () => {
    const makeCall = { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' }
    expect(validate('enablex', 'make-call', makeCall).ok).toBe(true)
    expect(validate('enablex', 'make-call', { ...makeCall, event_url: undefined }).vendorError).toEqual({ status: 400, code: 400, message: 'Mandatory parameter missing: event_url' })
    // "Exactly one of play, connect, room" is inferred: a second one is ignored, a warning unless strict.
    const both = { ...makeCall, action_on_connect: { play: { text: 'Hi.', voice: 'female' }, connect: { from: '1', to: '2' } } }
    expect(validate('enablex', 'make-call', both).issues).toEqual([expect.objectContaining({ path: 'action_on_connect', rule: 'enablex/one-action-on-connect', level: 'warn' })])
    expect(validate('enablex', 'make-call', both, { strict: true }).ok).toBe(false)
    expect(validate('enablex', 'connect', { from: '14155550199', to: 'sip:agent@pbx.example' }).ok).toBe(true)
    expect(validate('enablex', 'transfer', { from: '14155550199', to: '14155550177' }).vendorError?.message).toBe('Mandatory parameter missing: transfer_to')
    expect(validate('enablex', 'recording', { start: true, recording_name: 'r1' }).ok).toBe(true)
    expect(validate('enablex', 'recording', { start: true, stop: true }).ok).toBe(false)
    expect(validate('enablex', 'hold', {}).vendorError?.message).toBe('Mandatory parameter missing: hold')
  })

  it("validates an action as { action, body }, for toBeValidAction", () => {
    expect({ action: 'play', body: { text: 'Hi.', voice: 'female' } }).toBeValidAction('enablex')
    expect({ action: 'play', body: { text: 'Hi.' } }).not.toBeValidAction('enablex')
    expect({ action: 'accept' }).toBeValidAction('enablex')
  })

  it('validates events, loosely', () => {
    expect(validate('enablex', 'event', { voice_id: 'v', state: 'incomingcall', from: '1', to: '2', timestamp: '2020-02-16T10:52:00Z', extra: 1 }).ok).toBe(true)
    expect(validate('enablex', 'event', { voice_id: 'v', playstate: 'digitcollected', from: '1', to: '2', digit: '12', timestamp: '2020-02-16T10:52:00Z' }).ok).toBe(true)
    expect(validate('enablex', 'event', { voice_id: 'v', state: 'exploded', timestamp: '2020-02-16T10:52:00Z' }).ok).toBe(false)
  })

  it('knows its kinds and exports JSON Schema for each', () => {
    expect(VALIDATION_KINDS).toEqual(['action', 'event', 'make-call', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording'])
    // @ts-expect-error not an EnableX kind
    expect(() => validate('enablex', 'ncco', {})).toThrow(/enablex validates action, event, make-call/)
    const schemas = jsonSchemas()
    expect(Object.keys(schemas)).toEqual(['event', 'make-call', 'accept', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording', 'hangup'])
    expect(schemas['make-call']).toMatchObject({ type: 'object', required: expect.arrayContaining(['from', 'to', 'event_url']) })
    expect(PlayRequestSchema.safeParse({ text: 'x', voice: 'male', extra: 1 }).success).toBe(false)
    expect(EventSchema.safeParse({ encrypted_data: 'x' }).success).toBe(false)
  })
})
