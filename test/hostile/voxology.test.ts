/**
 * Hostile Voxology scripts: loops, injection attempts, and answers built to overflow the stack or
 * block the event loop. Each fails (or passes) in bounded time with a message naming the turn and
 * the path at fault, never a RangeError; nothing escapes and nothing is left open.
 */
import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { scriptApp } from '../drivers/voxology/helpers.js'
import { contained, failureOf } from './harness.js'

// Each case holds its own, tighter bound on time; this only keeps a loaded runner from cutting it short.
vi.setConfig({ testTimeout: 20_000 })

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const when = (condition: string, then: unknown[] = [hangup]) => ({ type: 'IF', condition, then })

/** An inbound Voxology call whose first callback answers `answer` (an object, or raw text); its warnings are read from call.warnings, not printed. */
const callWith = (answer: unknown) => callTo(scriptApp({ '/': (cb) => (cb.type === 'call_end' ? undefined : answer) }).app, { platform: 'voxology', warnings: 'silent' })

/** The failure of a call whose first callback answers `answer`, held to the corpus's rules. */
const failsWith = (answer: unknown, withinMs = 3_000) => contained(withinMs, () => failureOf(callWith(answer).expectAction('SAY')))
const NOT_A_SCRIPT = "[callspec] turn 1, expectAction('SAY'): the app's answer to the init_call callback is not a valid Voxology script:"

describe('hostile Voxology scripts', () => {
  it('a GOTO loop stops at BEHAVIOUR.maxActionsPerScript, naming the labels', async () => {
    const error = await failsWith({ actions: [{ type: 'LABEL', name: 'top' }, { type: 'GOTO', params: { label: 'top' } }] })
    expect(error.message).toContain("turn 1, expectAction('SAY'): the app's script never ends: it executed 1000 actions (BEHAVIOUR.maxActionsPerScript) without finishing, and it keeps jumping through LABEL top.")
  })

  it('a REDIRECT loop (to itself, taking no time) stops at BEHAVIOUR.maxCallbacksWithoutProgress', async () => {
    const { app } = scriptApp({ '/': (cb) => (cb.type === 'call_end' ? undefined : { actions: [{ type: 'REDIRECT', params: { url: 'https://app.example.com/' } }] }) })
    const error = await contained(5_000, () => failureOf(callTo(app, { platform: 'voxology' }).expectAction('REDIRECT').staySilent(1_000)))
    expect(error.message).toMatch(/turn 2\d, staySilent\(1000\): the app answered 20 callbacks in a row with scripts that played nothing and waited for nothing \(BEHAVIOUR\.maxCallbacksWithoutProgress\)/)
  })

  it('template injection: code inside ${…} is never run: spoken as written, with a warning (rule voxology/templates, inferred)', async () => {
    const text = "Hello ${constructor.constructor('return process')()}"
    const call = await contained(3_000, () => callWith({ actions: [say(text), hangup] }).expectAction('SAY').expectHangup())
    expect(call.prompts).toEqual([text])
    expect(call.warnings).toEqual([
      expect.stringContaining("${constructor.constructor('return process')()} is spoken as written: Voxology documents only a variable in ${…}, such as ${keyPresses} or ${sessionData.name} at actions[0].params.text"),
    ])
  })

  it('template injection: ${sessionData.__proto__} reads only own properties, and is spoken as nothing', async () => {
    const call = await contained(3_000, () => callWith({ actions: [say('Hi ${sessionData.__proto__}${sessionData.constructor}.'), hangup] }).expectAction('SAY').expectHangup())
    expect(call.prompts).toEqual(['Hi .'])
    expect(call.warnings).toEqual([expect.stringContaining('${sessionData.__proto__}, ${sessionData.constructor} have no value, so they are spoken as nothing')])
  })

  it('condition injection: a function call in an IF is never run: read as false with a warning, refused under strict with its position', async () => {
    const injection = '$sessionData.constructor.constructor("return process")()'
    const call = await contained(3_000, () => callWith({ actions: [when(injection, [say('ran'), hangup]), say('not run'), hangup] }).expectAction('SAY', { params: { text: 'not run' } }).expectHangup())
    expect(call.warnings).toEqual([expect.stringMatching(/callspec does not evaluate function calls \(\$sessionData\.constructor\.constructor\(…\)\).*so it reads the condition as false.*rule voxology\/condition-subset, inferred\)$/)])
    const error = await contained(3_000, () => failureOf(callTo(scriptApp({ '/': (cb) => (cb.type === 'call_end' ? undefined : { actions: [when(injection)] }) }).app, { platform: 'voxology', strict: true }).expectAction('SAY')))
    // Not "an invalid Voxology script": Voxology evaluates conditions "like JavaScript" and may run it; callspec cannot.
    expect(error.message).toContain(
      "[callspec] turn 1, expectAction('SAY'): callspec cannot run the app's answer to the init_call callback: an IF condition uses JavaScript callspec does not evaluate (the script may be valid for Voxology):",
    )
    expect(error.message).toMatch(/✖ callspec does not evaluate function calls \(\$sessionData\.constructor\.constructor\(…\)\): .* at position \d+ of [\s\S]*→ at actions\[0\]\.condition/)
  })

  it('a condition nested 3,000 parentheses deep: the depth limit, before parsing', async () => {
    const deep = `${'('.repeat(1_500)}1${')'.repeat(1_500)}`
    const error = await failsWith({ actions: [when(deep)] })
    expect(error.message).toContain(NOT_A_SCRIPT)
    expect(error.message).toContain(
      "✖ condition does not parse: the condition nests 1500 deep (parentheses and ! - +); the limit is 64 (callspec's own bound, LIMITS.maxConditionDepth [inferred]: Voxology documents none) at position 65",
    )
    expect(error.message).toContain('… (3001 characters)\n  → at actions[0].condition')
  })

  it('a 1 MB flat && chain: the length limit, and a message that quotes only its start', async () => {
    const chain = `${'$keyPresses == 1 && '.repeat(50_000)}true`
    const error = await failsWith({ actions: [when(chain)] }, 5_000)
    expect(error.message).toContain("the condition is 1000004 characters long; the limit is 4096 (callspec's own bound, LIMITS.maxConditionLength [inferred]: Voxology documents none)")
    expect(error.message).toContain('→ at actions[0].condition')
    expect(error.message.length).toBeLessThan(20_000)
  })

  it('a long condition within the limits evaluates (no stack overflow in the evaluator)', async () => {
    const chain = `${'$keyPresses == "" && '.repeat(190)}true`
    const call = await contained(3_000, () => callWith({ actions: [when(chain, [say('deep enough')]), hangup] }).expectAction('SAY', { params: { text: 'deep enough' } }).expectHangup())
    expect(call.prompts).toEqual(['deep enough'])
  })

  it('IFs nested 1,000 deep: the script-depth limit, with the path where it is passed', async () => {
    let nested: unknown = hangup
    for (let i = 0; i < 1_000; i++) nested = when('true', [nested])
    const error = await failsWith({ actions: [nested] })
    expect(error.message).toContain(NOT_A_SCRIPT)
    expect(error.message).toContain(
      "✖ IFs nest more than 32 deep here; the limit is 32 (callspec's own bound, LIMITS.maxScriptDepth [inferred]: Voxology documents none). Flatten the script with LABEL and GOTO.",
    )
    expect(error.message).toContain(`→ at actions[0]${'.then[0]'.repeat(32)}\n`)
  })

  it('JSON nested 100,000 deep: the answer-depth limit, naming the turn', async () => {
    const deepText = `{"actions":[{"type":"SAY","params":{"text":"hi"},"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`
    const { app } = scriptApp({ '/': (cb) => (cb.type === 'call_end' ? undefined : deepText) })
    // Silent: the helper's text/plain answer is also a warning (voxology/answer-content-type), beside the point here.
    const error = await contained(5_000, () => failureOf(callTo(app, { platform: 'voxology', warnings: 'silent' }).expectAction('SAY')))
    // Sent as text/plain by the helper: the platform reads the body as JSON whatever its type.
    expect(error.message).toContain(NOT_A_SCRIPT)
    expect(error.message).toContain("✖ the answer nests objects and arrays more than 128 deep here; the limit is 128 (callspec's own bound, LIMITS.maxAnswerDepth [inferred]: Voxology documents none)")
    expect(error.message).toMatch(/→ at actions\[0\]\.extra(\[0\]){125,}/)
    expect(error.message).not.toMatch(/Maximum call stack|RangeError/)
  })

  it('a SAY of 150,000 unclosed ${ is checked in milliseconds (spoken as written, one warning)', async () => {
    const started = performance.now()
    const call = await contained(3_000, () => callWith({ actions: [say('${'.repeat(150_000)), hangup] }).expectAction('SAY').expectHangup())
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(call.warnings).toEqual([expect.stringContaining('a ${ is never closed with }: it is spoken as written at actions[0].params.text')])
  })

  it('a SAY of 150,000 bad placeholders warns of the first ten and a count', async () => {
    const call = await contained(5_000, () => callWith({ actions: [say('${1}'.repeat(150_000)), hangup] }).expectAction('SAY').expectHangup())
    expect(call.warnings.filter((w) => w.includes('${1} is spoken as written'))).toHaveLength(10)
    expect(call.warnings).toContainEqual(expect.stringContaining('… and 149990 more placeholders that are not variables'))
    expect(call.warnings).toHaveLength(11)
  })

  it('a SAY of 150,000 good placeholders renders in linear time', async () => {
    // ~150 ms on an idle machine; the bound leaves room for a loaded CI runner.
    const call = await contained(8_000, () => callWith({ actions: [say('${keyPresses}.'.repeat(150_000)), hangup] }).expectAction('SAY').expectHangup())
    expect(call.prompts[0]).toBe('.'.repeat(150_000))
  })
})

describe('a stack overflow inside a call', () => {
  it('is a failure naming the turn and saying what it means, not a bare RangeError', async () => {
    // custom_data nested 100,000 deep: the callback cannot even be serialised.
    let customData: unknown = 1
    for (let i = 0; i < 100_000; i++) customData = { a: customData }
    const { app } = scriptApp({ '/': () => ({ actions: [say('hi'), hangup] }) })
    const error = await contained(3_000, () => failureOf(callTo(app, { platform: 'voxology', vendor: { customData } }).expectAction('SAY')))
    expect(error.message).toMatch(/^\[callspec\] turn 1, expectAction\('SAY'\): a stack overflow on this turn \(RangeError: Maximum call stack size exceeded\): a value nested deeper than JavaScript can walk, in the test's options or in what the app sent\./)
    expect(error.message).toContain('Replay this exact call with { seed:')
  })
})
