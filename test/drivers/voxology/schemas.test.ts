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

  it('fails an action without a type, and warns of a type it does not know (skipped) or a known one in lower case (read in UPPERCASE), with paths', () => {
    expect(issuesOf({ actions: [{ type: 'SPEAK' }, { params: {} }, 'HANGUP'] })).toEqual([
      { path: 'actions[1].type', message: expect.stringMatching(/^action has no type \(one of SAY, PLAY/) },
      { path: 'actions[2]', message: 'expected an action object such as {"type": "SAY", ...}, got "HANGUP"' },
    ])
    // Voxology does not document what it does with a type it does not know: inferred, a warning.
    const unknown = validate('voxology', 'script', { actions: [{ type: 'SPEAK' }, { type: 'HANGUP' }] })
    expect(unknown.ok).toBe(true)
    expect(unknown.issues).toEqual([
      expect.objectContaining({ path: 'actions[0].type', message: expect.stringMatching(/^unknown action type "SPEAK" \(known: SAY, PLAY, COLLECT, .*DETECT\): skipped, and the script goes on$/), rule: 'voxology/action-types', level: 'warn' }),
    ])
    // A known type in another case: the docs spell types UPPERCASE, and what the platform does with
    // another case is callspec's inference, a warning (voxology/action-type-case); it runs as SAY.
    const lower = validate('voxology', 'script', { actions: [{ type: 'say', params: { text: 'x' } }, { type: 'HANGUP' }] })
    expect(lower.ok).toBe(true)
    expect(lower.issues).toEqual([
      expect.objectContaining({ path: 'actions[0].type', message: expect.stringMatching(/^action type "say" is not upper case: Voxology's action types are UPPERCASE, write "SAY" \(valid: SAY, PLAY, .*DETECT\)/), rule: 'voxology/action-type-case', level: 'warn' }),
    ])
  })

  it('looks inside IF branches and COLLECT prompts, and keeps the app\'s paths after a skipped action', () => {
    expect(issuesOf({ actions: [{ type: 'IF', condition: 'true', then: [{ type: 'IF', condition: 'true', then: [{ type: 'WAIT' }] }] }] })).toEqual([
      { path: 'actions[0].then[0].then[0].type', message: expect.stringContaining('unknown action type "WAIT"') },
    ])
    expect(issuesOf({ actions: [{ type: 'COLLECT', actions: [{ type: 'HANGUP' }] }] })).toEqual([
      { path: 'actions[0].actions[0].type', message: "a COLLECT's actions are its prompts, SAY or PLAY, not HANGUP: skipped, and the COLLECT goes on" },
    ])
    // actions[1] is skipped; the SAY after it is still actions[2], as the app sent it.
    expect(issuesOf({ actions: [{ type: 'LABEL', name: 'A' }, { type: 'WAIT' }, say(''), { type: 'LABEL', name: 'A' }] }).map((i) => i.path)).toEqual([
      'actions[1].type',
      'actions[2].params.text',
      'actions[3].name',
    ])
  })

  it('warns of a GOTO to a missing label (inferred: the script ends there), with the labels there are', () => {
    expect(issuesOf({ actions: [{ type: 'LABEL', name: 'START' }, { type: 'IF', condition: 'true', then: [{ type: 'GOTO', params: { label: 'start' } }] }] })).toEqual([
      { path: 'actions[1].then[0].params.label', message: 'GOTO "start": no LABEL named "start" in this script (labels: START): the script ends at this GOTO; did you mean "START"?' },
    ])
    const nowhere = validate('voxology', 'script', { actions: [{ type: 'GOTO', params: { label: 'X' } }] })
    expect(nowhere).toMatchObject({ ok: true, issues: [{ message: 'GOTO "X": no LABEL named "X" in this script (the script has no LABEL): the script ends at this GOTO', rule: 'voxology/goto-targets', level: 'warn', evidence: 'inferred' }] })
    expect(validate('voxology', 'script', { actions: [{ type: 'GOTO', params: { label: 'X' } }] }, { strict: true }).ok).toBe(false)
  })

  it('warns of duplicate labels, anywhere in the script (the first counts)', () => {
    expect(issuesOf({ actions: [{ type: 'LABEL', name: 'A' }, { type: 'IF', condition: 'true', then: [{ type: 'LABEL', name: 'A' }] }] })).toEqual([
      { path: 'actions[1].then[0].name', message: 'duplicate LABEL "A" (first at actions[0]): a GOTO goes to the first' },
    ])
  })

  it('needs a name on each COLLECT when a script has several', () => {
    const collect = (name?: string) => ({ type: 'COLLECT', ...(name ? { name } : {}), params: { num_digits: 1 } })
    expect(issuesOf({ actions: [collect()] })).toEqual([])
    expect(issuesOf({ actions: [collect('a'), collect()] })).toEqual([
      { path: 'actions[1].name', message: "this script has 2 COLLECTs: give each a name, so the key_presses of the next callback can tell them apart" },
    ])
  })

  it('parses conditions up front, and warns of variables the docs do not show (inferred: the native list is not published)', () => {
    expect(issuesOf({ actions: [{ type: 'IF', condition: "$keypresses == '1' &&", then: [] }] })).toEqual([
      { path: 'actions[0].condition', message: `condition does not parse: the condition ends too early at position 22 of "$keypresses == '1' &&"` },
    ])
    const unknown = validate('voxology', 'script', { actions: [{ type: 'IF', condition: '$keypresses == 1', then: [] }, say('Hi ${session.name}')] })
    expect(unknown.ok).toBe(true)
    expect(unknown.issues.map(({ path, message, rule, level }) => ({ path, message, rule, level }))).toEqual([
      {
        path: 'actions[0].condition',
        message:
          'unknown variable $keypresses: the docs show keyPresses, sessionData, callTime (the full list of native variables is not published), so callspec reads it as undefined; did you mean keyPresses?',
        rule: 'voxology/known-variables',
        level: 'warn',
      },
      {
        path: 'actions[1].params.text',
        message: 'unknown variable ${session.name}: the docs show keyPresses, sessionData, callTime (the full list of native variables is not published), so callspec reads it as undefined, spoken as nothing',
        rule: 'voxology/known-variables',
        level: 'warn',
      },
    ])
  })

  it('checks shapes strictly, with zod paths', () => {
    expect(issuesOf({ actions: [{ type: 'COLLECT', name: 'x', params: { finish_on_keys: 'pound' } }] })).toEqual([
      { path: 'actions[0].params', message: 'Unrecognized key: "finish_on_keys" (received "pound"): ignored, as callspec assumes the vendor does with keys it does not know' },
    ])
    // Several unknown keys: each value after its own key, never one key's value as if it were all of them.
    expect(issuesOf({ actions: [{ type: 'SAY', params: { text: 'Hi', voice: 'alice', lang: 'en', rate: 2, pause: 1, bargein: true } }] })[0]!.message).toBe(
      'Unrecognized keys: "voice", "lang", "rate", "pause", "bargein" (received "voice": "alice", "lang": "en", "rate": 2 and 2 more): ignored, as callspec assumes the vendor does with keys it does not know',
    )
    expect(validate('voxology', 'script', { actions: [{ type: 'COLLECT', name: 'x', params: { finish_on_keys: 'pound' } }] })).toMatchObject({
      ok: true,
      issues: [{ rule: 'voxology/unknown-keys', level: 'warn', evidence: 'inferred' }],
    })
    expect(validate('voxology', 'script', { actions: [{ type: 'REDIRECT', params: {} }] })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'actions[0].params.url', message: 'REDIRECT has no params.url: it needs an absolute http(s) URL', rule: 'voxology/redirect-schema', level: 'error', evidence: 'sample' })],
    })
  })

  it('warns, not fails, on a REDIRECT url that is not absolute (rule voxology/redirect-url, inferred), in a script and one action; strict fails', () => {
    const warning = {
      message:
        'REDIRECT url "/relative" is not an absolute http(s) URL: Voxology\'s docs show only absolute URLs, so the real platform may not follow it; callspec sends the next callback to the app under test (http://app-under-test/relative), as vendor.resolveUrl: true would. Write an absolute URL, or set vendor.resolveUrl if that is what you mean (which also silences this warning)',
      rule: 'voxology/redirect-url',
      level: 'warn',
      evidence: 'inferred',
    }
    const nested = { actions: [{ type: 'IF', condition: "$keyPresses == '1'", then: [{ type: 'REDIRECT', params: { url: '/relative' } }] }] }
    expect(validate('voxology', 'script', nested)).toEqual({ ok: true, issues: [expect.objectContaining({ path: 'actions[0].then[0].params.url', ...warning })] })
    expect(validate('voxology', 'action', { type: 'REDIRECT', params: { url: '/relative' } })).toEqual({ ok: true, issues: [expect.objectContaining({ path: 'params.url', ...warning })] })
    const failure = {
      message: 'REDIRECT url "/relative" is not an absolute http(s) URL: Voxology\'s docs show only absolute URLs, and say nothing of relative ones, so the real platform may not follow it',
      rule: 'voxology/redirect-url',
      level: 'error',
      evidence: 'inferred',
    }
    expect(validate('voxology', 'script', nested, { strict: true })).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'actions[0].then[0].params.url', ...failure })] })
    expect(validate('voxology', 'action', { type: 'REDIRECT', params: { url: '/relative' } }, { rules: { 'voxology/redirect-url': 'error' } })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'params.url', ...failure })],
    })
  })

  it('warns, not fails, where only callspec infers the rule: a timeout that looks like seconds, an undocumented finish_on_key, an empty SAY', () => {
    const graded = (script: unknown) => validate('voxology', 'script', script).issues.map(({ path, message, rule, level }) => ({ path, message, rule, level }))
    expect(graded({ actions: [{ type: 'COLLECT', params: { timeout: 5 } }] })).toEqual([
      {
        path: 'actions[0].params.timeout',
        message: 'COLLECT timeout 5 looks like seconds: the unit is milliseconds (the docs use 3000 and 5000), so callspec waits 5 ms for a key, as written',
        rule: 'voxology/collect-timeout',
        level: 'warn',
      },
    ])
    expect(graded({ actions: [{ type: 'COLLECT', params: { finish_on_key: 'hash' } }] })).toEqual([
      {
        path: 'actions[0].params.finish_on_key',
        message:
          'finish_on_key "hash" is not a value Voxology documents (its docs show "pound", a third-party sample "#"): callspec knows no key by that name, so no key ends this COLLECT (num_digits or the timeout does) and # is collected as a digit; for the # key write "pound"',
        rule: 'voxology/finish-on-key',
        level: 'warn',
      },
    ])
    expect(graded({ actions: [{ type: 'SAY', params: { text: '  ' } }] })).toEqual([
      { path: 'actions[0].params.text', message: 'SAY text is empty (received "  "): the caller hears nothing and the script goes on', rule: 'voxology/say-text', level: 'warn' },
    ])
    expect(validate('voxology', 'script', { actions: [{ type: 'COLLECT', params: { timeout: 5 } }] }, { strict: true }).ok).toBe(false)
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
    // DIAL's parameters are inferred (the make-call body's): a warning, and the DIAL is not simulated.
    expect(validate('voxology', 'script', { actions: [{ type: 'DIAL', params: { number: '+14155550142' } }] })).toMatchObject({
      ok: true,
      issues: [{ path: 'actions[0].params.no', message: 'DIAL has no number to call in params.no: callspec does not simulate it, and the script goes on', rule: 'voxology/dial-params', level: 'warn' }],
    })
  })
})

describe("validate('voxology', 'action' | 'condition' | 'callback' | 'make-call')", () => {
  it('validates one action (toBeValidAction)', () => {
    expect(say('Hello')).toBeValidAction('voxology')
    expect({ type: 'SAY', params: { txt: 'Hello' } }).not.toBeValidAction('voxology')
  })

  it("gives one action the script check's verdict: an unknown type is skipped with a warning (rule voxology/action-types, inferred), a lower-case one read in UPPERCASE with one (voxology/action-type-case, inferred)", () => {
    const ACTION_TYPES = 'rule voxology/action-types'
    const lower = { type: 'say', params: { text: 'Hi' } }
    const pause = { type: 'PAUSE', params: { length: 2 } }
    const skipped = (message: string, level = 'warn') => ({ path: 'type', message, rule: 'voxology/action-types', level, evidence: 'inferred', tag: `${ACTION_TYPES}, inferred`, source: 'inferred: Voxology names 23 actions but documents only some, and not what it does with a type it does not know' })
    const KNOWN = 'unknown action type "PAUSE" (known: SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT): skipped, and the script goes on'
    const CASE = `action type "say" is not upper case: Voxology's action types are UPPERCASE, write "SAY" (valid: SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT); whether the platform takes another case is not documented (at 'warn' callspec runs it as "SAY")`
    const cased = (level = 'warn', path = 'type') => expect.objectContaining({ path, message: CASE, rule: 'voxology/action-type-case', level, evidence: 'inferred' })
    expect(validate('voxology', 'action', lower)).toEqual({ ok: true, issues: [cased()] })
    expect(validate('voxology', 'action', pause)).toEqual({ ok: true, issues: [skipped(KNOWN)] })
    // The same action in a script: the same rule, level and message.
    expect(validate('voxology', 'script', { actions: [lower] })).toEqual({ ok: true, issues: [cased('warn', 'actions[0].type')] })
    expect(validate('voxology', 'script', { actions: [pause] })).toEqual({ ok: true, issues: [{ ...skipped(KNOWN), path: 'actions[0].type' }] })
    // Each rule's own level: off says nothing, warn skips (or recases), error fails, tagged as callspec's inference.
    expect(validate('voxology', 'action', lower, { rules: { 'voxology/action-type-case': 'off' } })).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'action', lower, { strict: true })).toEqual({ ok: false, issues: [cased('error')] })
    expect(validate('voxology', 'action', pause, { rules: { 'voxology/action-types': 'off' } })).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'action', pause, { rules: { 'voxology/action-types': 'error' } })).toEqual({ ok: false, issues: [skipped(KNOWN, 'error')] })
    expect(validate('voxology', 'action', pause, { strict: true })).toEqual({ ok: false, issues: [skipped(KNOWN, 'error')] })
    // Inside an action too: a HANGUP among a COLLECT's prompts is skipped, and what is kept is checked at the app's paths.
    const inScript = (action: unknown) => {
      const { ok, issues } = validate('voxology', 'script', { actions: [action] })
      return { ok, issues: issues.map((i) => ({ ...i, path: i.path.replace(/^actions\[0\]\.?/, '') })) }
    }
    const collect = { type: 'COLLECT', actions: [{ type: 'HANGUP' }, say('Press 1.')] }
    expect(validate('voxology', 'action', collect)).toEqual(inScript(collect))
    expect(validate('voxology', 'action', collect).issues.map(({ path, rule, level }) => ({ path, rule, level }))).toEqual([{ path: 'actions[0].type', rule: 'voxology/action-types', level: 'warn' }])
    const broken = { type: 'COLLECT', actions: [{ type: 'HANGUP' }, { type: 'SAY', params: { txt: 'Press 1.' } }] }
    expect(validate('voxology', 'action', broken)).toEqual(inScript(broken))
    expect(validate('voxology', 'action', broken).issues.map(({ path, rule, level }) => ({ path, rule, level }))).toEqual([
      { path: 'actions[1].params.text', rule: 'voxology/action-schema', level: 'error' },
      { path: 'actions[1].params', rule: 'voxology/unknown-keys', level: 'warn' },
    ])
    // The script check's did-you-mean for an IF's else, too.
    const ifElse = { type: 'IF', condition: '$keyPresses == 1', then: [], else: [] }
    expect(validate('voxology', 'action', ifElse).issues).toEqual([expect.objectContaining({ path: '', rule: 'voxology/unknown-keys', hint: 'did you mean "orElse"?' })])
    expect(validate('voxology', 'action', ifElse)).toEqual(inScript(ifElse))
  })

  it('validates a condition string', () => {
    expect(validate('voxology', 'condition', "$keyPresses == '1'")).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'condition', '$keyPresses = 1').issues[0]!.message).toMatch(/^callspec does not evaluate assignment \(did you mean ==\?\)/)
    expect(validate('voxology', 'condition', '$sessionData.tries + 1 > 2')).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'condition', "$sessionData.name.startsWith('A')")).toEqual({ ok: true, issues: [] })
    // JavaScript callspec does not evaluate: an inferred rule, a warning unless strict.
    const math = validate('voxology', 'condition', 'Math.max($keyPresses, 1) > 2')
    expect(math).toMatchObject({ ok: true, issues: [{ path: '', rule: 'voxology/condition-subset', level: 'warn', evidence: 'inferred' }] })
    expect(math.issues[0]!.message).toMatch(/^callspec does not evaluate the name "Math": .* so it reads the condition as false: the IF takes orElse/)
    expect(validate('voxology', 'condition', 'Math.max($keyPresses, 1) > 2', { strict: true })).toMatchObject({ ok: false, issues: [{ rule: 'voxology/condition-subset', level: 'error' }] })
    // Not JavaScript at all: the documented rule.
    expect(validate('voxology', 'condition', "$keyPresses == '1")).toMatchObject({ ok: false, issues: [{ rule: 'voxology/conditions', level: 'error', evidence: 'doc' }] })
  })

  it('answers a make-call body with the REST error the fake API sends', () => {
    expect(validate('voxology', 'make-call', { call: { no: '+17145551212', caller_id_no: '+19495551212' }, session_data: { name: 'Bob', age: 34 }, timeout: 60, max_call_time: 60000 })).toEqual({ ok: true, issues: [] })
    expect(validate('voxology', 'make-call', { call: { no: '7145551212', caller_id_no: '+19495551212' } })).toEqual({
      ok: false,
      issues: [
        {
          path: 'call.no',
          message: 'expected an E.164 number such as +14155550100 (received "7145551212")',
          received: '"7145551212"',
          rule: 'voxology/make-call-schema',
          level: 'error',
          evidence: 'doc',
          tag: 'rule voxology/make-call-schema',
          source: 'Voxology docs: Make Call (POST /v1/Dials/Connect), call.no and call.caller_id_no',
        },
      ],
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
