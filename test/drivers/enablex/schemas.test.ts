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
          tag: 'rule enablex/request-schema',
          source: 'EnableX docs: Voice API Routes, request bodies',
        },
      ],
      vendorError: {
        status: 400,
        code: 400,
        message: 'Invalid parameter: recognizer_timeout (must be 1–10 seconds (received 0))',
        // What the fake API answers the app (audit-76 M1): the play route's error envelope (audit-94 F6).
        body: { playstate: 'failed', result: 400, msg: 'Invalid parameter: recognizer_timeout (must be 1–10 seconds (received 0))' },
      },
    })
    // Which of text and prompt_name plays is not documented (rule enablex/one-prompt, inferred): a warning, not this 400.
    expect(validate('enablex', 'play', { text: 'Hi.', prompt_name: 'x', voice: 'male' })).toMatchObject({
      ok: true,
      issues: [{ path: 'prompt_name', message: 'play holds text and prompt_name: callspec plays text and ignores prompt_name', rule: 'enablex/one-prompt', level: 'warn', evidence: 'inferred' }],
    })
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'robot' }).vendorError).toEqual({
      status: 406,
      code: 6117,
      message: 'Voice not supported for text-to-speech conversion',
      body: { playstate: 'failed', result: 6117, msg: 'Voice not supported for text-to-speech conversion' },
    })
    // Graded as a call grades it (audit-87 finding 7): EnableX's documented 406 answer, which the
    // app gets while the call goes on, so a warning by default; ok was false with no rule or level.
    // "Female" is no longer one (audit F4): a documented voice in another case is rule enablex/voice-case (voice-case.test.ts).
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'robot' })).toMatchObject({
      ok: true,
      issues: [{ path: 'voice', message: 'Voice not supported for text-to-speech conversion (received "robot")', rule: 'enablex/error-answers', level: 'warn', evidence: 'doc' }],
      vendorError: { status: 406, code: 6117 },
    })
    expect(validate('enablex', 'action', { action: 'play', body: { text: 'Hi.', voice: 'robot' } })).toMatchObject({ ok: true, issues: [{ path: 'body.voice', rule: 'enablex/error-answers', level: 'warn' }] })
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'robot' }, { strict: true })).toMatchObject({ ok: false, issues: [{ rule: 'enablex/error-answers', level: 'error' }] })
  })

  it('accepts a play of text_to_speech_option alone, without voice (required with text only) (audit F3)', () => {
    const advanced = { text_to_speech_option: { text: 'Hello', break: { value: '500ms' }, text2: 'Goodbye' }, prompt_ref: 'greet' }
    expect(validate('enablex', 'play', advanced)).toEqual({ ok: true, issues: [] })
    expect(validate('enablex', 'play', { ...advanced, language: 'en-US' })).toEqual({ ok: true, issues: [] })
    expect(validate('enablex', 'make-call', { from: '919999999999', to: '918888888888', event_url: 'https://a.b/e', action_on_connect: { play: advanced } })).toEqual({ ok: true, issues: [] })
    expect(validate('enablex', 'play', { text: 'Hi.', text_to_speech_option: {} }).vendorError?.message).toBe('Mandatory parameter missing: voice')
  })

  it("passes the play reference's own example with a warning, and fails it under strict (audit F4)", () => {
    const example = { prompt_name: 'prompt_name', prompt_ref: 'welcome_ref', text: 'text to be played as speech', language: 'en-US', voice: 'female', dtmf: true, asr: true, start_timeout: 10, recognizer_timeout: 1, text_to_speech_option: {} }
    const warned = validate('enablex', 'play', example)
    expect(warned.ok).toBe(true)
    expect(warned.issues).toEqual([
      {
        path: 'prompt_name',
        message: 'play holds text and prompt_name: callspec plays text and ignores prompt_name',
        hint: "send one of text, prompt_name or text_to_speech_option: EnableX's docs say exactly one of text and prompt_name is played, not which",
        rule: 'enablex/one-prompt',
        level: 'warn',
        evidence: 'inferred',
        tag: 'rule enablex/one-prompt, inferred',
        source: "inferred: EnableX's play reference says exactly one of text and prompt_name is played, not which one, and its own example sends both",
      },
    ])
    expect(validate('enablex', 'play', example, { strict: true })).toMatchObject({ ok: false, vendorError: { status: 400, message: 'Invalid parameter: prompt_name (play holds text and prompt_name: callspec plays text and ignores prompt_name)' } })
    expect(validate('enablex', 'action', { action: 'play', body: example }).issues).toEqual([expect.objectContaining({ path: 'body.prompt_name', rule: 'enablex/one-prompt' })])
    // An empty text_to_speech_option beside text has nothing to say: no warning. A full one is a second prompt.
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'female', text_to_speech_option: {} })).toEqual({ ok: true, issues: [] })
    expect(validate('enablex', 'play', { text: 'Hi.', voice: 'female', text_to_speech_option: { text: 'Yo.' } }).issues[0]?.message).toBe(
      'play holds text and text_to_speech_option: callspec plays text and ignores text_to_speech_option',
    )
    expect(validate('enablex', 'play', example, { rules: { 'enablex/one-prompt': 'off' } })).toEqual({ ok: true, issues: [] })
  })

  it('checks say-as formats against the ones the docs list (audit F6)', () => {
    const sayAs = (s: object) => validate('enablex', 'play', { text_to_speech_option: { prosody: { 'say-as': { text: '12', ...s } } } })
    expect(sayAs({ 'interpret-as': 'date', format: 'mdy' }).ok).toBe(true)
    expect(sayAs({ 'interpret-as': 'time', format: 'hms24' }).ok).toBe(true)
    expect(sayAs({ 'interpret-as': 'cardinal' }).ok).toBe(true)
    expect(sayAs({ 'interpret-as': 'cardinal', format: 'dmy' })).toMatchObject({
      ok: false,
      issues: [
        {
          path: 'text_to_speech_option.prosody["say-as"].format',
          message:
            'say-as cardinal takes no format: format is listed for date (dmy, mdy, ymd, ydm, ym, my, md, dm, d, m, y), time (hms12, hms24), duration (hms, hm, ms) and telephone (a country code) only (received "dmy")',
          rule: 'enablex/request-schema',
        },
      ],
    })
    expect(sayAs({ 'interpret-as': 'date', format: 'xyz' })).toMatchObject({
      ok: false,
      issues: [{ path: 'text_to_speech_option.prosody["say-as"].format', message: 'say-as date takes format dmy, mdy, ymd, ydm, ym, my, md, dm, d, m or y (received "xyz")' }],
      vendorError: { status: 400, message: 'Invalid parameter: text_to_speech_option.prosody["say-as"].format (say-as date takes format dmy, mdy, ymd, ydm, ym, my, md, dm, d, m or y (received "xyz"))' },
    })
    expect(sayAs({ 'interpret-as': 'time', format: 'hms' }).issues[0]?.message).toBe('say-as time takes format hms12 or hms24 (received "hms")')
  })

  it('checks advanced TTS rules: break below 5000ms, express-as styles', () => {
    expect(TextToSpeechOptionSchema.safeParse({ break: { value: '6000ms' } }).success).toBe(false)
    expect(TextToSpeechOptionSchema.safeParse({ 'express-as': { style: 'angry' } }).success).toBe(false)
  })

  it('checks make-call, connect, recording and hold bodies', () => {
    const makeCall = { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' }
    expect(validate('enablex', 'make-call', makeCall).ok).toBe(true)
    // No event_url: placed with a warning (inferred, audit-94 F2); strict refuses it.
    expect(validate('enablex', 'make-call', { ...makeCall, event_url: undefined })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/make-call-without-event-url', level: 'warn' }] })
    expect(validate('enablex', 'make-call', { ...makeCall, event_url: undefined }, { strict: true }).vendorError).toEqual({
      status: 400,
      code: 400,
      message: 'Mandatory parameter missing: event_url',
      body: { result: 400, msg: 'Mandatory parameter missing: event_url', state: 'failed' },
      inferred: true,
    })
    // "Exactly one of play, connect, room" is inferred: a second one is ignored, a warning unless strict.
    const both = { ...makeCall, action_on_connect: { play: { text: 'Hi.', voice: 'female' }, connect: { from: '1', to: '2' } } }
    expect(validate('enablex', 'make-call', both).issues).toEqual([expect.objectContaining({ path: 'action_on_connect', rule: 'enablex/one-action-on-connect', level: 'warn' })])
    expect(validate('enablex', 'make-call', both, { strict: true }).ok).toBe(false)
    expect(validate('enablex', 'connect', { from: '14155550199', to: 'sip:agent@pbx.example' }).ok).toBe(true)
    expect(validate('enablex', 'transfer', { from: '14155550199', to: '14155550177' }).vendorError?.message).toBe('Mandatory parameter missing: transfer_to')
    expect(validate('enablex', 'recording', { start: true, recording_name: 'r1' }).ok).toBe(true)
    // Both flags in one body: not documented either way, so the inferred enablex/start-and-stop (a warning), not a schema error (audit-87).
    expect(validate('enablex', 'recording', { start: true, stop: true })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/start-and-stop', level: 'warn' }] })
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

  it('names the field of a bad event, judged against the event its state names (audit F7a)', () => {
    const play = { voice_id: 'v', from: '1', to: '2', playstate: 'digitcollected', timestamp: '2020-02-16T10:52:00Z' }
    // The API reference's digitcollected sample shows digit as a bare number.
    expect(validate('enablex', 'event', { ...play, digit: 12345 })).toEqual({ ok: true, issues: [] })
    expect(validate('enablex', 'event', { ...play, digit: '12a' })).toEqual({
      ok: false,
      issues: [{ path: 'digit', message: 'expected the keys pressed, such as "12#" (received "12a")', received: '"12a"' }],
    })
    expect(validate('enablex', 'event', { voice_id: 'v', state: 'completed', timestamp: '2020-02-16T10:52:00Z' }).issues).toEqual([
      expect.objectContaining({ path: 'description', message: 'Invalid input: expected string, received undefined' }),
    ])
    expect(validate('enablex', 'event', { voice_id: 'v', state: 'ringing', from: '1', to: '2', timestamp: 'yesterday' }).issues).toEqual([expect.objectContaining({ path: 'timestamp' })])
    expect(validate('enablex', 'event', { voice_id: 'v', state: 'exploded', timestamp: '2020-02-16T10:52:00Z' }).issues).toEqual([
      expect.objectContaining({ path: 'state', message: expect.stringMatching(/^not a state EnableX sends: state is one of incomingcall, .*, unhold \(a play event has a playstate instead\) \(received "exploded"\)$/) }),
    ])
    expect(validate('enablex', 'event', { ...play, playstate: 'bogus' }).issues).toEqual([expect.objectContaining({ path: 'playstate' })])
  })

  it('knows its kinds and exports JSON Schema for each', () => {
    expect(VALIDATION_KINDS).toEqual(['action', 'event', 'make-call', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording'])
    // @ts-expect-error not an EnableX kind
    expect(() => validate('enablex', 'ncco', {})).toThrow(/enablex validates action, event, make-call/)
    const schemas = jsonSchemas()
    expect(Object.keys(schemas)).toEqual(['event', 'make-call', 'accept', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording', 'hangup'])
    // event_url at the top level or under action_on_connect (the field table's place), or at neither (no events: audit-94 F2).
    expect(schemas['make-call']).toMatchObject({ type: 'object', required: ['from', 'to'], properties: { event_url: { description: expect.stringContaining('yes for outbound events') } } })
    expect(schemas['make-call']).not.toHaveProperty('anyOf')
    expect(PlayRequestSchema.safeParse({ text: 'x', voice: 'male', extra: 1 }).success).toBe(false)
    expect(EventSchema.safeParse({ encrypted_data: 'x' }).success).toBe(false)
  })
})
