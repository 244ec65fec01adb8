/**
 * Variables in SAY text (helper-21's audit: vox-tpl, V27, V28). Voxology documents `${keyPresses}`
 * and `${sessionData.<key>}` in text and nothing else: every other form is spoken as written,
 * a missing value as nothing, and each is a warning (rule voxology/templates, or
 * voxology/known-variables for a variable the docs do not show) that says what the caller heard
 * and what the docs write; all of them fail under strict.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const menu = { type: 'COLLECT', name: 'menu', params: { num_digits: 1 }, actions: [say('Press a key.')] }
const TEMPLATES = '(rule voxology/templates, inferred)'
const SOURCE = 'inferred: the docs show ${keyPresses} and ${sessionData.<key>} in SAY text, and do not say what other forms or a missing value speak'

/** A call that collects one key (3), then speaks `texts` and hangs up. */
const speak = (texts: string[], options: object = {}) => {
  const flow = callTo(scriptApp({ '/': serve([menu, ...texts.map(say), hangup]) }).app, { platform: 'voxology', ...options }).expectAction('COLLECT').pressDigits('3')
  return texts.reduce((f) => f.expectAction('SAY'), flow).expectHangup()
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('forms the docs do not show in text are spoken as written, with a warning', () => {
  it('$keyPresses (the syntax of IF conditions)', async () => {
    const call = await speak(['You pressed $keyPresses.'])
    expect(call.prompts).toEqual(['Press a key.', 'You pressed $keyPresses.'])
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: $keyPresses is spoken as written: in SAY text Voxology reads a variable as \${keyPresses} ($keyPresses is how IF conditions read it); write \${keyPresses} at actions[1].params.text ${TEMPLATES}`,
    ])
  })

  it('{{$keyPresses}} (a third-party script, unverified)', async () => {
    const call = await speak(['You pressed {{$keyPresses}}.'])
    expect(call.prompts).toEqual(['Press a key.', 'You pressed {{$keyPresses}}.'])
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: {{$keyPresses}} is spoken as written: Voxology documents \${keyPresses} in SAY text ({{…}} is seen only in a third-party script, unverified); write \${keyPresses} at actions[1].params.text ${TEMPLATES}`,
    ])
  })

  it('${…} holding something other than a variable', async () => {
    const call = await speak(['Next is ${keyPresses + 1}.'])
    expect(call.prompts).toEqual(['Press a key.', 'Next is ${keyPresses + 1}.'])
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: \${keyPresses + 1} is spoken as written: Voxology documents only a variable in \${…}, such as \${keyPresses} or \${sessionData.name} at actions[1].params.text ${TEMPLATES}`,
    ])
  })

  it('the documented forms are quiet: ${keyPresses}, ${ keyPresses }, ${callTime}', async () => {
    const call = await speak(['You pressed ${keyPresses}.', 'Again ${ keyPresses }.'])
    expect(call.prompts).toEqual(['Press a key.', 'You pressed 3.', 'Again 3.'])
    expect(call.warnings).toEqual([])
  })
})

describe('a variable with no value is spoken as nothing, with a warning that quotes what was spoken', () => {
  it('${sessionData.firstName} never set', async () => {
    const call = await speak(['Hi ${sessionData.firstName}.'])
    expect(call.prompts).toEqual(['Press a key.', 'Hi .'])
    expect(call.warnings).toEqual([
      `turn 1: SAY "Hi \${sessionData.firstName}." was spoken as "Hi .": \${sessionData.firstName} has no value, so it is spoken as nothing (set it with SESSIONDATA or the make-call session_data first) ${TEMPLATES}`,
    ])
  })

  it('${session_data.name}: a variable the docs do not show, read as undefined (it was a hard error), with a did-you-mean', async () => {
    const call = await speak(['Hi ${session_data.name}.'])
    expect(call.prompts).toEqual(['Press a key.', 'Hi .'])
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to the init_call callback: unknown variable ${session_data.name}: the docs show keyPresses, sessionData, callTime (the full list of native variables is not published), so callspec reads it as undefined, spoken as nothing; did you mean sessionData? at actions[1].params.text (rule voxology/known-variables, inferred)",
    ])
  })
})

describe('under strict every form fails the call, with the same message', () => {
  it.each([
    ['You pressed $keyPresses.', '✖ $keyPresses is spoken as written'],
    ['You pressed {{$keyPresses}}.', '✖ {{$keyPresses}} is spoken as written'],
    ['Hi ${session_data.name}.', '✖ unknown variable ${session_data.name}'],
  ])('%s', async (text, message) => {
    const error = await failureOf(speak([text], { strict: true }))
    expect(error.message).toContain(message)
    expect(error.message).toMatch(/→ at actions\[1\]\.params\.text\n {2}→ rule voxology\/(templates|known-variables) \(inferred: /)
  })

  it('a missing value', async () => {
    const error = await failureOf(speak(['Hi ${sessionData.firstName}.'], { strict: true }))
    expect(error.message).toContain(`SAY "Hi \${sessionData.firstName}." was spoken as "Hi .": \${sessionData.firstName} has no value, so it is spoken as nothing`)
    expect(error.message).toContain(`${TEMPLATES}.\nRule voxology/templates, inferred: ${SOURCE.replace('inferred: ', '')}.\n`)
  })
})

describe('a value that is not a string or a number', () => {
  it('an array is spoken as JavaScript interpolates it, items joined with commas, and with no warning (audit h126 finding 4)', async () => {
    const order = { type: 'SESSIONDATA', session_data: { items: ['pizza', 'soda'], order: { id: 7 } } }
    const app = scriptApp({ '/': serve([order, say('You ordered ${sessionData.items}.'), say('Order ${sessionData.order}.'), hangup]) }).app
    const call = await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectAction('SAY').expectHangup()
    expect(call.prompts).toEqual(['You ordered pizza,soda.', 'Order [object Object].'])
    expect(call.warnings).toEqual([])
  })
})

describe('a SESSIONDATA value holding ${…} (helper-188: a survey stored "${keyPresses}" and its IF took the other branch, silently)', () => {
  const age = { type: 'COLLECT', name: 'age', params: { num_digits: 2, timeout: 5000 }, actions: [say('Your age?')] }
  const store = { type: 'SESSIONDATA', session_data: { age: '${keyPresses}', 'last name': 'Lee ${keyPresses}', plain: 'ok' } }
  const branch = { type: 'IF', condition: '$sessionData.age > 21', then: [say('Adult.')], orElse: [say('Minor.')] }

  it('is stored as written, with a warning that says so and what to do instead', async () => {
    const app = scriptApp({ '/': serve([age, store, branch, hangup]) }).app
    const call = await callTo(app, { platform: 'voxology' }).expectAction('COLLECT').pressDigits('42').expectAction('SAY', { params: { text: 'Minor.' } }).expectHangup()
    const said = (value: string, at: string, read: string) =>
      `turn 1: the app's answer to the init_call callback: SESSIONDATA stores ${JSON.stringify(value)} as written, not the value it names: Voxology documents \${…} in SAY text only, and does not say whether SESSIONDATA fills it in, so ${read} reads that text. To act on the caller's keys, compare $keyPresses in the IF itself; to keep them, read key_presses (by the COLLECT's name) in the next callback at ${at} ${TEMPLATES}`
    expect(call.warnings).toEqual([
      said('${keyPresses}', 'actions[1].session_data.age', '$sessionData.age'),
      said('Lee ${keyPresses}', 'actions[1].session_data["last name"]', '$sessionData["last name"]'),
    ])
  })

  it('a counter (${sessionData.tries + 1}) is told to compute it in the app, not to read key_presses (audit h199)', async () => {
    const menu = { type: 'COLLECT', name: 'menu', params: { num_digits: 1, timeout: 5000 }, actions: [say('Press 1.')] }
    const count = { type: 'SESSIONDATA', session_data: { tries: '${sessionData.tries + 1}' } }
    const retry = { type: 'IF', condition: '$sessionData.tries < 2', then: [say('Sorry.')], orElse: [say('Goodbye.')] }
    const app = scriptApp({ '/': serve([{ type: 'SESSIONDATA', session_data: { tries: 0 } }, menu, count, retry, hangup]) }).app
    const call = await callTo(app, { platform: 'voxology' }).expectAction('COLLECT').waitForTimeout().expectAction('SAY', { params: { text: 'Goodbye.' } }).expectHangup()
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: SESSIONDATA stores "\${sessionData.tries + 1}" as written, not the value it names: Voxology documents \${…} in SAY text only, and does not say whether SESSIONDATA fills it in, so $sessionData.tries reads that text. To count or compute a value (a retry counter), compute it in the app: REDIRECT to it, read session_data from that callback, and answer with a SESSIONDATA holding the new value at actions[2].session_data.tries ${TEMPLATES}`,
    ])
  })

  it('fails the call under strict', async () => {
    const app = scriptApp({ '/': serve([age, store, branch, hangup]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).expectAction('COLLECT'))
    expect(error.message).toContain('✖ SESSIONDATA stores "${keyPresses}" as written, not the value it names')
  })
})
