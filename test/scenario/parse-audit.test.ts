import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { schemaFor } from '../../src/cli/schema-command.js'
import { drivers } from '../../src/index.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { scenarioErrorOf } from '../helpers/scenario-error-of.js'

// The QA audit of the packed package: each message as the user reads it, whole.
const errorOf = scenarioErrorOf
const steps = (...lines: string[]) => `platform: webex-connect\nsteps:\n  - expect: ANSWER\n${lines.join('\n')}\n`

describe('the scenario parser says what to write (QA audit)', () => {
  it.each([
    // 1. A bare number below 1000 in a step's duration is milliseconds no caller would notice.
    ['silent: 30 (meant as seconds)', steps('  - silent: 30'), 's.yaml:4:13: silent: 30 is 30 ms, over before a caller could notice: write 30s for seconds, or 30ms if you mean milliseconds'],
    ['silent: "30", quoted', steps('  - silent: "30"'), 's.yaml:4:13: silent: 30 is 30 ms, over before a caller could notice: write 30s for seconds, or 30ms if you mean milliseconds'],
    ['silent: 0.5', steps('  - silent: 0.5'), 's.yaml:4:13: silent: 0.5 is 0.5 ms, over before a caller could notice: write 0.5s for seconds, or 0.5ms if you mean milliseconds'],
    ['silent: 999.6 (under 1000 as written)', steps('  - silent: 999.6'), 's.yaml:4:13: silent: 999.6 is 999.6 ms, over before a caller could notice: write 999.6s for seconds, or 999.6ms if you mean milliseconds'],
    ['gap: 300', steps('  - press: "12"', '    gap: 300'), 's.yaml:5:10: gap: 300 has no unit: write 300ms for milliseconds, or 300s for seconds'],
    ['hangsUpAfter: 30', 'platform: webex-connect\nansweredBy: { hangsUpAfter: 30 }\nsteps: [hangup]\n', 's.yaml:2:29: hangsUpAfter: 30 is 30 ms, over before anyone could speak: write 30s for seconds, or 30ms if you mean milliseconds'],
    // 2. A misspelt step key.
    ['a misspelt step key', steps('  - presss: "1"'), 's.yaml:4:5: unknown step "presss" (did you mean "press"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    ['a misspelt bare step', steps('  - expectHangp'), 's.yaml:4:5: unknown step "expectHangp" (did you mean "expectHangup"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    ['a step key nothing like one', steps('  - frobnicate: 5s'), 's.yaml:4:5: unknown step "frobnicate": a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    // audit-86: a step as everyday words or the TypeScript API name it, a long way from any step's spelling.
    ['wait: for silent', steps('  - wait: 5s'), 's.yaml:4:5: unknown step "wait" (did you mean "silent"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    ['expectAction: for expect', steps('  - expectAction: PLAY'), 's.yaml:4:5: unknown step "expectAction" (did you mean "expect"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    ['pressDigits: for press', steps('  - pressDigits: "1"'), 's.yaml:4:5: unknown step "pressDigits" (did you mean "press"?): a step is one of expect, expectHangup, press, say, silent, hangup, heard'],
    // 3. Another platform's action.
    ['an 8x8 action on webex-connect', steps('  - expect: sayAndCapture'), 's.yaml:4:13: webex-connect has no action "sayAndCapture" ("sayAndCapture" is an 8x8 action: is platform right?); its actions are ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT'],
    ['an action of two other platforms', 'platform: enablex\nsteps:\n  - expect: RECORD\n', 's.yaml:3:13: enablex has no action "RECORD" ("RECORD" is a webex-connect and voxology action: is platform right?); its actions are make-call, accept, play, connect, transfer, forward, hold, recording, hangup'],
    ['a near miss in this platform still wins', 'platform: voxology\nsteps:\n  - expect: hangup\n', 's.yaml:3:13: voxology has no action "hangup" (did you mean "HANGUP"?); its actions are SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT'],
    // 4. Steps that take nothing, given true.
    ['expectHangup: true', steps('  - expectHangup: true'), 's.yaml:4:19: expectHangup takes nothing, got true: write - expectHangup'],
    ['hangup: true', steps('  - hangup: true'), 's.yaml:4:13: hangup takes nothing, or network (the line drops), got true: write - hangup, or - hangup: network'],
    ['silent: true', steps('  - silent: true'), "s.yaml:4:13: silent takes a duration such as 60s, 1.5 s or 500ms, timeout (until the platform's input timeout) or nothing (until the app acts), got true: write - silent to wait until the app acts, or - silent: 60s"],
    // 5. A dedented key: at the key, not at column 1.
    ['a key dedented under a list item', steps('  - expect: PLAY', '  match: { audio: [] }'), 's.yaml:5:3: not valid YAML: a key is not lined up with the keys around it: the keys of one mapping start in the same column (All mapping items must start at the same column)'],
    [
      'a key indented deeper than the one above it',
      steps('  - expect: PLAY', '      match: { audio: [] }'),
      's.yaml:5:7: not valid YAML: a key is indented more than the keys around it, so YAML reads it as part of the value above: the keys of one mapping start in the same column (Nested mappings are not allowed in compact mappings)',
    ],
    [
      'a key indented deeper, after a value on two lines',
      'platform: webex-connect\nsteps:\n  - say: hello\n     there\n      match: x\n',
      's.yaml:5:7: not valid YAML: a key is indented more than the keys around it, so YAML reads it as part of the value above: the keys of one mapping start in the same column (Nested mappings are not allowed in compact mappings)',
    ],
    ['two colons on one line, as before', 'platform: webex-connect\nsteps:\n  - say: a: b\n', 's.yaml:3:10: not valid YAML: two colons on one line (a: b: c): quote a value that holds ": ", or put the inner mapping on lines of its own (Nested mappings are not allowed in compact mappings)'],
    [
      'a key dedented in a nested mapping',
      'platform: webex-connect\nsteps:\n  - expect: PLAY\n    match:\n      audio: []\n     collectInput: {}\n',
      's.yaml:6:6: not valid YAML: a key is not lined up with the keys around it: the keys of one mapping start in the same column (All mapping items must start at the same column)',
    ],
    [
      'a key dedented to between a list item and its keys',
      'platform: webex-connect\nscenarios:\n    - name: a\n      steps: [hangup]\n     webhookPath: /x\n',
      's.yaml:5:6: not valid YAML: a key is not lined up with the list item it belongs to: the keys of one "- " item start in the same column as its first key, the one right after "- " (Sequence item without - indicator)',
    ],
  ])('%s', (_name, text, expected) => {
    expect(errorOf(text)).toBe(expected)
  })

  it('keeps bare numbers of 1000 and more as milliseconds, and limits as they were', () => {
    const [s] = parseScenarioFile(steps('  - silent: 1500', '  - press: "1"', '    gap: 1000'), 's.yaml', drivers).scenarios
    expect(s!.steps.slice(1).map(({ at: _at, ...step }) => step)).toEqual([{ kind: 'silent', ms: 1500 }, { kind: 'press', digits: '1', gapMs: 1000 }])
    const limited = parseScenarioFile(`limits: { responseTimeoutMs: 500 }\n${steps()}`, 's.yaml', drivers).scenarios[0]!
    expect(limited.limits).toEqual({ responseTimeoutMs: 500 })
  })

  it('the JSON Schema agrees on step durations', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schemaFor('webex-connect'))
    const ok = (text: string) => validate(parseYaml(text))
    expect([steps('  - silent: 30'), steps('  - silent: "30"'), steps('  - silent: 999.6'), steps('  - press: "1"', '    gap: 300')].map(ok)).toEqual([false, false, false, false])
    expect([steps('  - silent: 1500'), steps('  - silent: "1000"'), steps('  - silent: 30s'), steps('  - press: "1"', '    gap: 300ms'), `limits: { responseTimeoutMs: 500 }\n${steps()}`].map(ok)).toEqual([true, true, true, true, true])
  })
})
