/**
 * Rules callspec infers where Voxology's docs are silent warn by default and fail only under
 * `strict` (helper-21's audit: V13, V12, V14, V4, and the same mistake found in the rest of the
 * rule table). Each test runs a call end to end and asserts what the user sees: the warning, what
 * the simulation then did, and the failure under strict.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const menu = (params: object = { num_digits: 1, timeout: 5000 }) => ({ type: 'COLLECT', name: 'menu', params, actions: [say('Press 1 for sales.')] })
const sales = (condition = "$keyPresses == '1'") => ({ type: 'IF', condition, then: [say('Connecting you to sales.'), hangup], orElse: [say('Goodbye.'), hangup] })
const FIRST = "turn 1: the app's answer to the init_call callback: "

/** An inbound call whose callbacks answer `actions` (nothing to the final one). */
const call = (actions: unknown[], options: object = {}) => callTo(scriptApp({ '/': serve(actions) }).app, { platform: 'voxology', ...options })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a variable the docs do not show (V13): the native list is not published', () => {
  const script = [menu(), sales("$keyPresses == '1' && $callerNo != ''")]
  const warning =
    "unknown variable $callerNo: the docs show keyPresses, sessionData, callTime (the full list of native variables is not published), so callspec reads it as undefined at actions[1].condition (rule voxology/known-variables, inferred)"

  it('warns, reads it as undefined, and the call goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call(script).expectAction('COLLECT').pressDigits('1').expectAction('SAY', { params: { text: 'Connecting you to sales.' } }).expectHangup()
    expect(result.warnings).toEqual([FIRST + warning])
    expect(result.print()).toContain(`IF $keyPresses == '1' && $callerNo != '' is true → then; saw $keyPresses = "1", $callerNo = undefined`)
    expect(String(warn.mock.calls[0]![0])).toContain(warning)
  })

  it('fails under strict, tagged inferred', async () => {
    const error = await failureOf(call(script, { strict: true }).expectAction('COLLECT'))
    expect(error.message).toContain(
      "✖ unknown variable $callerNo: the docs show keyPresses, sessionData, callTime (the full list of native variables is not published), so callspec reads it as undefined\n  → at actions[1].condition\n  → rule voxology/known-variables (inferred: ",
    )
  })
})

describe('a GOTO to no LABEL (V12): not documented', () => {
  const app = () =>
    scriptApp({
      '/': (cb) => {
        if (cb.type === 'call_end') return undefined
        if (cb.type === 'init_call') return { actions: [say('Hello.'), { type: 'GOTO', params: { label: 'MENUU' } }, say('never heard'), { type: 'LABEL', name: 'MENU' }] }
        return { actions: [say('Starting over.'), hangup] }
      },
    }).app

  it('warns; the script ends at the GOTO and the loop goes on as when a script runs out', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await callTo(app(), { platform: 'voxology' }).expectAction('SAY', { params: { text: 'Hello.' } }).expectAction('SAY', { params: { text: 'Starting over.' } }).expectHangup()
    expect(result.warnings).toEqual([
      `${FIRST}GOTO "MENUU": no LABEL named "MENUU" in this script (labels: MENU): the script ends at this GOTO; did you mean "MENU"? at actions[1].params.label (rule voxology/goto-targets, inferred)`,
    ])
    expect(result).not.toHavePlayed('never heard')
    expect(result.events).toEqual(['init_call', 'script_end', 'call_end'])
    expect(result.print()).toContain('GOTO → MENUU: the script has no LABEL "MENUU", so it ends here and the next callback goes out as when a script runs out')
  })

  it('fails under strict, tagged inferred', async () => {
    const error = await failureOf(callTo(app(), { platform: 'voxology', strict: true }).expectAction('SAY'))
    expect(error.message).toContain('✖ GOTO "MENUU": no LABEL named "MENUU" in this script (labels: MENU): the script ends at this GOTO; did you mean "MENU"?\n  → at actions[1].params.label\n  → rule voxology/goto-targets (inferred: ')
  })
})

describe('a COLLECT timeout of 5 (V14): milliseconds, and the docs set no minimum', () => {
  const script = [menu({ num_digits: 1, timeout: 5 }), sales()]

  it('warns that it looks like seconds, and waits 5 ms, as written', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call(script).expectAction('COLLECT').expectAction('SAY', { params: { text: 'Goodbye.' } }).expectHangup()
    expect(result.warnings).toEqual([
      `${FIRST}COLLECT timeout 5 looks like seconds: the unit is milliseconds (the docs use 3000 and 5000), so callspec waits 5 ms for a key, as written at actions[0].params.timeout (rule voxology/collect-timeout, inferred)`,
    ])
    // "Press 1 for sales." is 4 words (1.6 s), then 5 ms without a key.
    expect(result.print()).toContain('COLLECT "menu" → $keyPresses = "" (timeout)')
    expect(result.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'SAY')).toMatchObject({ at: 1_605 })
  })

  it('fails under strict, tagged inferred', async () => {
    const error = await failureOf(call(script, { strict: true }).expectAction('COLLECT'))
    // At error the message stops before what callspec does at warn (FoundIssue.atWarn).
    expect(error.message).toContain('✖ COLLECT timeout 5 looks like seconds: the unit is milliseconds (the docs use 3000 and 5000)\n  → at actions[0].params.timeout\n  → rule voxology/collect-timeout (inferred: ')
  })
})

describe('finish_on_key other than "pound" or a key (V4): only "pound" is documented', () => {
  const collect = (key: string) => [menu({ num_digits: 3, finish_on_key: key }), say('You entered ${keyPresses}.'), hangup]

  it('"hash" warns and ends nothing: # is collected as a digit', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call(collect('hash')).expectAction('COLLECT').pressDigits('12#').expectAction('SAY').expectHangup()
    expect(result).toHavePlayed('You entered 12#.')
    expect(result.warnings).toEqual([
      `${FIRST}finish_on_key "hash" is not a value Voxology documents (its docs show "pound", a third-party sample "#"): callspec knows no key by that name, so no key ends this COLLECT (num_digits or the timeout does) and # is collected as a digit; for the # key write "pound" at actions[0].params.finish_on_key (rule voxology/finish-on-key, inferred)`,
    ])
  })

  it('"star" warns and is taken as *, by analogy', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call(collect('star')).expectAction('COLLECT').pressDigits('4*').expectAction('SAY').expectHangup()
    expect(result).toHavePlayed('You entered 4.')
    expect(result.warnings[0]).toContain('finish_on_key "star" is not a value Voxology documents (its docs show "pound", a third-party sample "#"): callspec takes it as *, by analogy with "pound"')
  })

  it('"pound" and "#" are quiet', async () => {
    expect((await call(collect('pound')).expectAction('COLLECT').pressDigits('4#').expectAction('SAY').expectHangup()).warnings).toEqual([])
    expect((await call(collect('#')).expectAction('COLLECT').pressDigits('4#').expectAction('SAY').expectHangup()).warnings).toEqual([])
  })

  it('fails under strict, tagged inferred', async () => {
    const error = await failureOf(call(collect('hash'), { strict: true }).expectAction('COLLECT'))
    expect(error.message).toContain('✖ finish_on_key "hash" is not a value Voxology documents')
    expect(error.message).toContain('  → at actions[0].params.finish_on_key\n  → rule voxology/finish-on-key (inferred: ')
  })
})

describe('the same mistake elsewhere in the rule table: inferred rules that failed calls', () => {
  it('an action type callspec does not know is skipped with a warning (it was a script error citing the docs)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call([{ type: 'SPEAK', params: { text: 'Hi' } }, say('Hello.'), hangup]).expectAction('SAY', { params: { text: 'Hello.' } }).expectHangup()
    expect(result.warnings).toEqual([
      expect.stringMatching(/^turn 1: the app's answer to the init_call callback: unknown action type "SPEAK" \(known: SAY, .*\): skipped, and the script goes on at actions\[0\]\.type \(rule voxology\/action-types, inferred\)$/),
    ])
    const error = await failureOf(call([{ type: 'SPEAK', params: { text: 'Hi' } }, hangup], { strict: true }).expectAction('SAY'))
    expect(error.message).toContain('✖ unknown action type "SPEAK" (known: SAY, ')
    expect(error.message).toContain('skipped, and the script goes on\n  → at actions[0].type\n  → rule voxology/action-types (inferred: ')
  })

  it('an empty SAY says nothing, in no time, with a warning (it was a script error citing the docs)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call([say(''), say('Hello.'), hangup]).expectAction('SAY', { params: { text: '' } }).expectAction('SAY', { params: { text: 'Hello.' } }).expectHangup()
    expect(result.prompts).toEqual(['Hello.'])
    expect(result.transcript.entries.find((e) => e.kind === 'action' && e.action.summary === '"Hello."')).toMatchObject({ at: 0 })
    expect(result.warnings).toEqual([`${FIRST}SAY text is empty (received ""): the caller hears nothing and the script goes on at actions[0].params.text (rule voxology/say-text, inferred)`])
  })

  it('a DIAL without params.no is not simulated, with a warning (its shape is inferred; it was a script error citing the docs)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call([{ type: 'DIAL', params: { number: '+14155550142' } }, say('Nobody to call.'), hangup]).expectAction('DIAL').expectAction('SAY').expectHangup()
    expect(result.warnings).toEqual([
      `${FIRST}DIAL has no number to call in params.no: callspec does not simulate it, and the script goes on at actions[0].params.no (rule voxology/dial-params, inferred)`,
    ])
    expect(result.print()).toContain('DIAL is not simulated: it has no number in params.no; the script goes on with the next action')
  })
})

describe('IF conditions are "evaluated like JavaScript": arithmetic runs, and what callspec does not evaluate says so', () => {
  /** Too many tries after this one? `tries` is what the make-call or an earlier script would have set. */
  const retry = (tries: number, condition = '$sessionData.tries + 1 > 2') => [
    { type: 'SESSIONDATA', session_data: { tries } },
    { type: 'IF', condition, then: [say('Too many tries. Goodbye.'), hangup] },
    say('Welcome back.'),
    hangup,
  ]

  it('$sessionData.tries + 1 > 2 takes the branch JavaScript would, for tries 1 and 2', async () => {
    const two = await call(retry(2)).expectAction('SAY', { params: { text: 'Too many tries. Goodbye.' } }).expectHangup()
    expect(two.warnings).toEqual([])
    expect(two.print()).toContain('IF $sessionData.tries + 1 > 2 is true → then; saw $sessionData.tries = 2')
    const one = await call(retry(1)).expectAction('SAY', { params: { text: 'Welcome back.' } }).expectHangup()
    expect(one.print()).toContain('IF $sessionData.tries + 1 > 2 is false')
  })

  it("concatenates with a string ('a' + 1 == 'a1') and binds * before + (1 + 2 * 3 == 7)", async () => {
    const result = await call(retry(0, "'a' + 1 == 'a1' && 1 + 2 * 3 == 7 && $sessionData.tries + '1' === '01'")).expectAction('SAY', { params: { text: 'Too many tries. Goodbye.' } }).expectHangup()
    expect(result.warnings).toEqual([])
  })

  it('a call callspec does not run warns (inferred: the docs name no subset), reads as false, and fails only under strict', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const condition = 'Math.max($sessionData.tries, 1) > 2'
    const result = await call(retry(3, condition)).expectAction('SAY', { params: { text: 'Welcome back.' } }).expectHangup()
    expect(result.warnings).toEqual([
      FIRST +
        'callspec does not evaluate the name "Math": variables start with $; of JavaScript\'s globals callspec runs only parseInt, parseFloat, Number, String, Boolean, isNaN(…) at position 1 of "Math.max($sessionData.tries, 1) > 2": ' +
        'Voxology evaluates conditions "like JavaScript" and may run this one, but callspec cannot; so it reads the condition as false: the IF takes orElse (nothing, without one), which the real platform may not. ' +
        'callspec evaluates $variables, strings, numbers, true/false/null/undefined, + - * / %, comparisons, && || ?? !, ? :, typeof, .length and [i], template literals, parseInt/parseFloat/Number/String/Boolean/isNaN and the string methods startsWith/endsWith/includes/indexOf/trim/toLowerCase/toUpperCase: write the condition with those ' +
        'at actions[1].condition (rule voxology/condition-subset, inferred)',
    ])
    expect(result.print()).toContain(`IF ${condition} is JavaScript callspec does not evaluate (JavaScript globals): read as false → nothing (no orElse)`)
    expect(warn).toHaveBeenCalledTimes(1)
    const error = await failureOf(call(retry(3, condition), { strict: true }).expectAction('SAY'))
    expect(error.message).toContain(
      "callspec cannot run the app's answer to the init_call callback: an IF condition uses JavaScript callspec does not evaluate (the script may be valid for Voxology):\n" +
        '✖ callspec does not evaluate the name "Math"',
    )
    expect(error.message).toContain('  → at actions[1].condition\n  → rule voxology/condition-subset (inferred: the docs evaluate IF conditions "like JavaScript" and name no subset')
    expect(error.message).not.toContain('is not a valid Voxology script')
    // A condition that is not JavaScript at all still is one, under the documented rule.
    const broken = await failureOf(call(retry(1, "$sessionData.name == 'A")).expectAction('SAY'))
    expect(broken.message).toContain("the app's answer to the init_call callback is not a valid Voxology script:\n✖ condition does not parse: unterminated string starting with ' at position 22")
    expect(broken.message).toContain('→ rule voxology/conditions (Voxology docs: IF conditions are "evaluated like JavaScript")')
  })
})
