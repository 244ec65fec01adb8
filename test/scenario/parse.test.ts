import { describe, expect, it } from 'vitest'
import { drivers } from '../../src/index.js'
import { parseDuration } from '../../src/scenario/duration.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'

const parse = (text: string, options: { platform?: string } = {}) => parseScenarioFile(text, 'calls/pin.yaml', drivers, options)
const errorOf = (text: string, options: { platform?: string } = {}) => {
  try {
    parse(text, options)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected a parse error')
}

describe('scenario files: what they mean', () => {
  it('reads settings, parties and every kind of step', () => {
    const file = parse(`platform: webex-connect
webhookPath: /webex/events
from: "+14155550100"
parties:
  "+14155550142": busy
  "+14155550143": { hangsUpAfter: 30s }
steps:
  - expect: ANSWER
  - expect: PLAY
    match: { audio: [{ text: /enter your PIN/i }], collectInput: { terminationDigit: "#" } }
  - press: "1234#"
  - press: "5"
    bargeIn: true
    gap: 1.5 s
  - say: credit card
    recognised: false
  - silent: 60s
  - silent
  - silent: timeout
  - heard: /goodbye/i
  - heard: Goodbye.
  - hangup: network
  - expectHangup
`)
    const [s] = file.scenarios
    expect(s).toMatchObject({ name: 'pin', platform: 'webex-connect', webhookPath: '/webex/events', from: '+14155550100' })
    expect(s!.parties).toEqual({ '+14155550142': 'busy', '+14155550143': { answers: true, hangsUpAfterMs: 30_000 } })
    expect(s!.steps.map(({ at: _at, ...step }) => step)).toEqual([
      { kind: 'expect', action: 'ANSWER' },
      { kind: 'expect', action: 'PLAY', match: { audio: [{ text: /enter your PIN/i }], collectInput: { terminationDigit: '#' } } },
      { kind: 'press', digits: '1234#' },
      { kind: 'press', digits: '5', bargeIn: true, gapMs: 1500 },
      { kind: 'say', text: 'credit card', recognised: false },
      { kind: 'silent', ms: 60_000 },
      { kind: 'silent' },
      { kind: 'silent', untilTimeout: true },
      { kind: 'heard', prompt: /goodbye/i },
      { kind: 'heard', prompt: 'Goodbye.' },
      { kind: 'hangup', cause: 'network' },
      { kind: 'expectHangup' },
    ])
    expect(s!.steps[1]!.at).toEqual({ file: 'calls/pin.yaml', line: 9, column: 5 })
  })

  it('gives every call of a scenarios: list the file defaults, its own settings winning', () => {
    const file = parse(`platform: "8x8"
parties: { "+14155550142": busy }
scenarios:
  - name: first
    steps: [hangup]
  - name: second
    parties: { "+14155550143": no-answer }
    startedBy: { path: /remind, body: { to: "+14155550126" } }
    steps: [expectHangup]
`)
    expect(file.scenarios.map((s) => s.name)).toEqual(['first', 'second'])
    expect(file.scenarios[1]!.parties).toEqual({ '+14155550142': 'busy', '+14155550143': 'no-answer' })
    expect(file.scenarios[1]!.startedBy).toEqual({ method: 'POST', path: '/remind', body: { to: '+14155550126' } })
    expect(file.scenarios[1]!.at.line).toBe(6)
  })

  it('keeps a quoted string that only looks like a pattern as text: a path, or letters that are no flags', () => {
    const [s] = parse('platform: webex-connect\nsteps:\n  - expect: PLAY\n    match: { audio: [{ url: "/media/welcome", text: "/Welcome/z" }] }\n  - heard: "/menu/main"\n').scenarios
    expect(s!.steps.map((step) => (step.kind === 'expect' ? step.match : step.kind === 'heard' ? step.prompt : undefined))).toEqual([{ audio: [{ url: '/media/welcome', text: '/Welcome/z' }] }, '/menu/main'])
  })

  it('reads JSON files too, with positions', () => {
    const text = JSON.stringify({ platform: 'voxology', steps: [{ expect: 'SAY' }, { expect: 'NOPE' }] }, null, 2)
    expect(() => parse(text)).toThrow('calls/pin.yaml:8:17: voxology has no action "NOPE"; its actions are SAY, PLAY, COLLECT')
  })

  it('takes the platform from --platform when the file has none', () => {
    expect(parse('steps: [{ expect: accept }]', { platform: 'enablex' }).scenarios[0]!.platform).toBe('enablex')
  })

  it('reads durations as people write them', () => {
    expect(['60s', '1.5 s', '500ms', '2m', '1h', 250, '250'].map(parseDuration)).toEqual([60_000, 1500, 500, 120_000, 3_600_000, 250, 250])
    expect(['soon', '-1s', '', null].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined])
  })
})

describe('scenario files: every error names file:line:column and what to do', () => {
  it.each([
    ['a YAML syntax error', 'platform: webex-connect\nsteps:\n  - expect: [ANSWER\n', /^calls\/pin\.yaml:3:13: not valid YAML: a \[ is not closed/],
    ['an unknown platform', 'platform: twilio\nsteps: [hangup]\n', 'calls/pin.yaml:1:11: unknown platform "twilio": one of webex-connect, enablex, 8x8, voxology'],
    ['no platform', 'steps: [hangup]\n', 'calls/pin.yaml:1:1: platform is missing: add platform: (one of webex-connect, enablex, 8x8, voxology) or pass --platform'],
    ['no steps', 'platform: voxology\n', 'calls/pin.yaml:1:1: no steps: add steps (one call) or scenarios (a list of calls, each with steps)'],
    ['an empty steps list', 'platform: voxology\nsteps: []\n', 'calls/pin.yaml:2:8: steps is empty: a scenario needs at least one step (- expect: ANSWER, - press: "1234#", - say: …, - silent: 5s, - hangup, - expectHangup, - heard: …)'],
    ['steps that are no list', 'platform: voxology\nsteps: hangup\n', 'calls/pin.yaml:2:8: steps is a list: - expect: ANSWER, - press: "1234#", - say: …, - silent: 5s, - hangup, - expectHangup, - heard: …'],
    ['an unknown action', 'platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - expect: PLAYY\n', 'calls/pin.yaml:4:13: webex-connect has no action "PLAYY" (did you mean "PLAY"?); its actions are ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT'],
    ['an unknown step', 'platform: webex-connect\nsteps:\n  - presss: "1"\n', 'calls/pin.yaml:3:5: unknown step "presss" (did you mean "press"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    ['a match as a step of its own', 'platform: webex-connect\nsteps:\n  - expect: PLAY\n  - match: { audio: [] }\n', 'calls/pin.yaml:4:5: unknown step "match" (match: belongs to the expect step above it: indent it under that step, without a -): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    ['two steps in one item', 'platform: webex-connect\nsteps:\n  - press: "1"\n    say: hi\n', 'calls/pin.yaml:4:5: one step per list item: found press and say (start a new item with -)'],
    ['a bad duration', 'platform: webex-connect\nsteps:\n  - silent: a while\n', 'calls/pin.yaml:3:13: silent takes a duration such as 60s, 1.5 s or 500ms, timeout (until the platform\'s input timeout) or nothing (until the app acts), got "a while"'],
    ['bad keys', 'platform: webex-connect\nsteps:\n  - press: "12a"\n', 'calls/pin.yaml:3:12: press takes keys 0-9, * and # (quote them: "1234#"), got "12a"'],
    ['an unquoted phone number', 'platform: webex-connect\nfrom: +14155550100x\nsteps: [hangup]\n', 'calls/pin.yaml:2:7: from is a phone number in E.164 form'],
    ['an option a step does not take', 'platform: webex-connect\nsteps:\n  - say: hi\n    gap: 1s\n', 'calls/pin.yaml:4:5: say takes bargeIn, recognised; got "gap"'],
    ['a step at the top level', 'platform: webex-connect\npress: "1"\nsteps: [hangup]\n', 'calls/pin.yaml:2:1: unknown setting "press" (steps go in a list under steps:)'],
    ['a pattern cut by a comma', 'platform: webex-connect\nsteps:\n  - expect: PLAY\n    match: { audio: [{ text: /Press 1, or 2/ }] }\n', 'calls/pin.yaml:4:30: "/Press 1" looks like part of a /pattern/ cut short by a comma or colon: quote the whole pattern'],
    ['an unquoted party number', 'platform: webex-connect\nparties: { +14155550142: busy }\nsteps: [hangup]\n', 'calls/pin.yaml:2:12: a party\'s number must be quoted: unquoted, +14155550142 is the number 14155550142; write "+14155550142": …'],
    ['a bad party', 'platform: webex-connect\nparties: { "+14155550142": sleeping }\nsteps: [hangup]\n', 'calls/pin.yaml:2:28: a party is one of answers, busy, no-answer, voicemail or { hangsUpAfter: 30s }, got "sleeping"'],
    ['a party a letter from a behaviour', 'platform: webex-connect\nparties: { "+14155550142": answer }\nsteps: [hangup]\n', 'calls/pin.yaml:2:28: a party is one of answers, busy, no-answer, voicemail or { hangsUpAfter: 30s }, got "answer" (did you mean "answers"?)'],
    ['an answeredBy with an underscore', 'platform: webex-connect\nansweredBy: no_answer\nsteps: [hangup]\n', 'calls/pin.yaml:2:13: answeredBy is one of answers, busy, no-answer, voicemail or { hangsUpAfter: 30s }, got "no_answer" (did you mean "no-answer"?)'],
    ['a party with a key besides hangsUpAfter', 'platform: webex-connect\nparties: { "+14155550142": { hangsUpAfter: 30s, answers: true } }\nsteps: [hangup]\n', 'calls/pin.yaml:2:49: a party: "answers" is no key of a party ({ answers: true, hangsUpAfterMs } is callTo\'s shape; a scenario file writes hangsUpAfter alone); write { hangsUpAfter: 30s } for a person who answers then hangs up'],
    ['a party written as in callTo', 'platform: webex-connect\nansweredBy: { hangsUpAfterMs: 30000 }\nsteps: [hangup]\n', 'calls/pin.yaml:2:15: answeredBy: "hangsUpAfterMs" is no key of a party ({ answers: true, hangsUpAfterMs } is callTo\'s shape; a scenario file writes hangsUpAfter alone); write { hangsUpAfter: 30s } for a person who answers then hangs up'],
    ['a party key misspelt', 'platform: webex-connect\nparties: { "+14155550142": { hangUpAfter: 30s } }\nsteps: [hangup]\n', 'calls/pin.yaml:2:30: a party: "hangUpAfter" is no key of a party (did you mean "hangsUpAfter"?); write { hangsUpAfter: 30s } for a person who answers then hangs up'],
    ['duplicate names', 'platform: voxology\nscenarios:\n  - { name: a, steps: [hangup] }\n  - { name: a, steps: [hangup] }\n', 'calls/pin.yaml:4:13: two scenarios are named "a": names must be unique in a file'],
    ['startedBy without a path', 'platform: "8x8"\nstartedBy: { method: POST }\nsteps: [hangup]\n', 'calls/pin.yaml:2:12: startedBy needs a path on the app, such as /reminders'],
  ])('%s', (_name, text, expected) => {
    const message = errorOf(text)
    if (typeof expected === 'string') expect(message).toContain(expected)
    else expect(message).toMatch(expected)
  })
})
