import { describe, expect, it } from 'vitest'
import { validate } from '../../../src/index.js'
import { CallbackRequestSchema, jsonSchemas } from '../../../drivers/voxology/index.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
/** Path and message of each issue (their rule, level and evidence are tested in test/rules). */
const issuesOf = (script: unknown) => validate('voxology', 'script', script).issues.map(({ path, message }) => ({ path, message }))

describe("validate('voxology', 'script')", () => {
  it('accepts the documented examples', () => {
    const script = {
      name: 'invitation',
      comments: 'Asks caller whether or not they would like to play the game',
      actions: [
        { type: 'SESSIONDATA', session_data: { gender: 'male', age: 19, isNice: true } },
        { type: 'LABEL', name: 'MY_LABEL', comment: 'This is a label which you would use with a GoTo' },
        say('Hello, ${sessionData.firstName}. Welcome to our conference.'),
        { type: 'PLAY', params: { url: 'https://s3-us-west-2.amazonaws.com/com.voxology.demo/number-guessing-game/kazoo-fanfare.mp3' } },
        { name: 'rating', type: 'COLLECT', actions: [say('Please press one on your telephone keypad.')], params: { finish_on_key: 'pound', num_digits: 1, timeout: 5000 } },
        {
          type: 'IF',
          condition: "$keyPresses == '1' && $sessionData.gender == 'male' || $sessionData.age > 21",
          then: [say('You pressed 1, or you are over 21.')],
          orElse: [say('You did not press 1 and are not a male or are not over 21.')],
        },
        { type: 'CONFERENCE', params: { name: 'myConference' } },
        { type: 'GOTO', params: { label: 'MY_LABEL' } },
        { type: 'REDIRECT', params: { url: 'https://example.com/game/participation', method: 'POST' } },
        { type: 'HANGUP' },
      ],
    }
    expect(validate('voxology', 'script', script)).toEqual({ ok: true, issues: [] })
  })

  it('names an unknown action type, a lower-case one and a missing one, with paths', () => {
    expect(issuesOf({ actions: [{ type: 'SPEAK' }, { type: 'say', params: { text: 'x' } }, { params: {} }, 'HANGUP'] })).toEqual([
      { path: 'actions[0].type', message: expect.stringMatching(/^unknown action type "SPEAK" \(known: SAY, PLAY, COLLECT, .*DETECT\)$/) },
      { path: 'actions[1].type', message: 'unknown action type "say" (action types are UPPERCASE: "SAY")' },
      { path: 'actions[2].type', message: expect.stringMatching(/^action has no type \(one of SAY, PLAY/) },
      { path: 'actions[3]', message: 'expected an action object such as {"type": "SAY", ...}, got "HANGUP"' },
    ])
  })

  it('looks inside IF branches and COLLECT prompts', () => {
    expect(issuesOf({ actions: [{ type: 'IF', condition: 'true', then: [{ type: 'IF', condition: 'true', then: [{ type: 'WAIT' }] }] }] })).toEqual([
      { path: 'actions[0].then[0].then[0].type', message: expect.stringContaining('unknown action type "WAIT"') },
    ])
    expect(issuesOf({ actions: [{ type: 'COLLECT', actions: [{ type: 'HANGUP' }] }] })).toEqual([
      { path: 'actions[0].actions[0].type', message: "a COLLECT's actions are its prompts: SAY or PLAY, not HANGUP" },
    ])
  })

  it('rejects a GOTO to a missing label, with the labels there are', () => {
    expect(issuesOf({ actions: [{ type: 'LABEL', name: 'START' }, { type: 'IF', condition: 'true', then: [{ type: 'GOTO', params: { label: 'start' } }] }] })).toEqual([
      { path: 'actions[1].then[0].params.label', message: 'GOTO "start": no LABEL named "start" in this script (labels: START); did you mean "START"?' },
    ])
    expect(issuesOf({ actions: [{ type: 'GOTO', params: { label: 'X' } }] })[0]!.message).toBe('GOTO "X": no LABEL named "X" in this script (the script has no LABEL)')
  })

  it('rejects duplicate labels, anywhere in the script', () => {
    expect(issuesOf({ actions: [{ type: 'LABEL', name: 'A' }, { type: 'IF', condition: 'true', then: [{ type: 'LABEL', name: 'A' }] }] })).toEqual([
      { path: 'actions[1].then[0].name', message: 'duplicate LABEL "A" (first at actions[0])' },
    ])
  })

  it('needs a name on each COLLECT when a script has several', () => {
    const collect = (name?: string) => ({ type: 'COLLECT', ...(name ? { name } : {}), params: { num_digits: 1 } })
    expect(issuesOf({ actions: [collect()] })).toEqual([])
    expect(issuesOf({ actions: [collect('a'), collect()] })).toEqual([
      { path: 'actions[1].name', message: "this script has 2 COLLECTs: give each a name, so the key_presses of the next callback can tell them apart" },
    ])
  })

  it('parses conditions and templates up front, and knows the native variables', () => {
    expect(issuesOf({ actions: [{ type: 'IF', condition: "$keypresses == '1' &&", then: [] }] })).toEqual([
      { path: 'actions[0].condition', message: `condition does not parse: the condition ends too early at position 22 of "$keypresses == '1' &&"` },
    ])
    expect(issuesOf({ actions: [{ type: 'IF', condition: '$keypresses == 1', then: [] }, say('Hi ${session.name}')] })).toEqual([
      { path: 'actions[0].condition', message: 'unknown variable $keypresses: the variables are keyPresses, sessionData, callTime (did you mean keyPresses?)' },
      { path: 'actions[1].params.text', message: 'unknown variable ${session.name}: the variables are keyPresses, sessionData, callTime' },
    ])
  })

  it('checks shapes strictly, with zod paths', () => {
    expect(issuesOf({ actions: [{ type: 'COLLECT', name: 'x', params: { finish_on_keys: 'pound' } }] })).toEqual([
      { path: 'actions[0].params', message: 'Unrecognized key: "finish_on_keys" (received "pound"): ignored, as the vendor ignores keys it does not know' },
    ])
    // Several unknown keys: each value after its own key, never one key's value as if it were all of them.
    expect(issuesOf({ actions: [{ type: 'SAY', params: { text: 'Hi', voice: 'alice', lang: 'en', rate: 2, pause: 1, bargein: true } }] })[0]!.message).toBe(
      'Unrecognized keys: "voice", "lang", "rate", "pause", "bargein" (received "voice": "alice", "lang": "en", "rate": 2 and 2 more): ignored, as the vendor ignores keys it does not know',
    )
    expect(validate('voxology', 'script', { actions: [{ type: 'COLLECT', name: 'x', params: { finish_on_keys: 'pound' } }] })).toMatchObject({
      ok: true,
      issues: [{ rule: 'voxology/unknown-keys', level: 'warn', evidence: 'inferred' }],
    })
    expect(issuesOf({ actions: [{ type: 'COLLECT', params: { timeout: 5 } }] })[0]).toEqual({
      path: 'actions[0].params.timeout',
      message: 'COLLECT timeout is in milliseconds (the docs use 3000 and 5000): a value under 100 looks like seconds (received 5)',
    })
    expect(issuesOf({ actions: [{ type: 'REDIRECT', params: { url: '/relative' } }] })[0]).toEqual({ path: 'actions[0].params.url', message: 'expected an absolute http(s) URL (received "/relative")' })
    expect(issuesOf({ actions: [{ type: 'SAY', params: { text: '  ' } }] })[0]).toEqual({ path: 'actions[0].params.text', message: 'SAY text must not be empty (received "  ")' })
    expect(issuesOf({ actions: [{ type: 'COLLECT', params: { finish_on_key: 'hash' } }] })[0]!.message).toBe('finish_on_key is "pound", "star" or one key 0-9, * or # (received "hash")')
  })

  it('explains a script that is not an object with an actions array', () => {
    expect(issuesOf([say('x')])[0]!.message).toBe('expected a script object {"actions": [...]}, got a bare array (wrap it: {"actions": [...]})')
    expect(issuesOf({ action: [] })).toEqual([{ path: 'actions', message: 'a script needs an "actions" array (the key is "actions", plural)' }])
    expect(issuesOf('{"actions": []}')[0]!.message).toBe('expected a script object {"actions": [...]}, got string')
  })

  it('accepts the undocumented actions on their plausible shapes', () => {
    const script = {
      actions: [
        { type: 'DIAL', params: { no: '+14155550142', caller_id_no: '+14155550199' }, session_data: { transferred: true } },
        { type: 'RECORD', name: 'voicemail' },
        { type: 'QUEUE', params: { anything: 1 } },
        { type: 'DETECT' },
      ],
    }
    expect(validate('voxology', 'script', script)).toEqual({ ok: true, issues: [] })
    expect(issuesOf({ actions: [{ type: 'DIAL', params: { number: '+14155550142' } }] })).toEqual([
      { path: 'actions[0].params.no', message: 'Invalid input: expected string, received undefined' },
    ])
  })
})

describe("validate('voxology', 'action' | 'condition' | 'callback' | 'make-call')", () => {
  it('validates one action (toBeValidAction)', () => {
    expect(say('Hello')).toBeValidAction('voxology')
    expect({ type: 'SAY', params: { txt: 'Hello' } }).not.toBeValidAction('voxology')
  })

  it('validates a condition string', () => {
    expect(validate('voxology', 'condition', "$keyPresses == '1'")).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'condition', '$keyPresses = 1').issues[0]!.message).toMatch(/assignment is not allowed/)
  })

  it('answers a make-call body with the REST error the fake API sends', () => {
    expect(validate('voxology', 'make-call', { call: { no: '+17145551212', caller_id_no: '+19495551212' }, session_data: { name: 'Bob', age: 34 }, timeout: 60, max_call_time: 60000 })).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'make-call', { call: { no: '7145551212', caller_id_no: '+19495551212' } })).toEqual({
      ok: false,
      issues: [{ path: 'call.no', message: 'expected an E.164 number such as +14155550100 (received "7145551212")', received: '"7145551212"' }],
      vendorError: { status: 400, code: 'invalid_request', message: 'call.no: expected an E.164 number such as +14155550100' },
    })
  })

  it('accepts the seed callback example (loose: real payloads have more fields)', () => {
    const seed = {
      type: 'init_call',
      app_id: '29a4a1cc-4ada-4249-a7o5-5046464f9887',
      subaccount_id: '0',
      call_id: '59a5e1cc-5dad-1234-r5o7-9876253c0981',
      start_time: '2030-09-20T21:32:28.471Z',
      direction: 'inbound',
      duration: 1002,
      status: 'live-in-progress',
      detection: 'live_person',
      caller_no: '+19495551212',
      caller_no_city: 'Newport Beach',
      api_no: '+17145551212',
      key_presses: [{ name: 'collectName', digits: '123' }],
      recordings: [{ name: 'recordingName', id: 'ABC123' }],
      custom_data: null,
      session_data: null,
      end_time: '2016-09-20T21:32:38.144Z',
      sip_domain: '1234-56789.accounts.sip.voxolo.gy',
      sip_forwarded_for: '192.168.1.1',
      something_new: true,
    }
    expect(validate('voxology', 'callback', seed)).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'callback', { ...seed, direction: 'sideways' }).ok).toBe(false)
  })

  it('exports JSON Schemas', () => {
    const schemas = jsonSchemas()
    expect(Object.keys(schemas)).toEqual(['script', 'action', 'callback', 'make-call'])
    expect(JSON.stringify(schemas.script)).toContain('"COLLECT"')
    expect(CallbackRequestSchema.shape.key_presses).toBeDefined()
  })
})
