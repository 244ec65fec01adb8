import { describe, expect, it } from 'vitest'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { callTo, drivers } from '../../src/index.js'
import type { AnyCallTo } from '../../src/scenario/compile.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { runScenario } from '../../src/scenario/run.js'

const app = createIvrApp(exampleConfig())
// A busy agent by default; `parties: ''` for a call that never reaches the agent (an unused
// withParty() fails the call on its own).
const scenarioOf = (steps: string, parties = 'parties: { "+14155550142": busy }\n') =>
  parseScenarioFile(`platform: webex-connect\nwebhookPath: /webex/events\nseed: 7\nfrom: "+14155550100"\n${parties}steps:\n${steps}`, 'pin.yaml', drivers).scenarios[0]!
const run = (steps: string, parties?: string) => runScenario(scenarioOf(steps, parties), callTo as unknown as AnyCallTo, app)

describe('a scenario runs as the chain a test would write', () => {
  it('gives the very call the TypeScript chain gives', async () => {
    const result = await run(`  - expect: ANSWER
  - expect: PLAY
    match: { collectInput: { terminationDigit: "#" } }
  - press: "1234#"
  - expect: PLAY
    match: { audio: [{ text: /Press 1 for your balance/ }] }
  - press: "2"
  - expect: PATCH
  - expect: RECORD
  - say: Please call me back
  - press: "#"
  - expect: PLAY
    match: { audio: [{ text: /call you back/ }] }
  - expectHangup
  - heard: /leave a message/
`)
    const call = await callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events', seed: 7 })
      .fromCaller('+14155550100')
      .withParty('+14155550142', 'busy')
      .expectAction('ANSWER')
      .expectAction('PLAY', { collectInput: { terminationDigit: '#' } })
      .pressDigits('1234#')
      .expectAction('PLAY', { audio: [{ text: /Press 1 for your balance/ }] })
      .pressDigits('2')
      .expectAction('PATCH')
      .expectAction('RECORD')
      .say('Please call me back')
      .pressDigits('#')
      .expectAction('PLAY', { audio: [{ text: /call you back/ }] })
      .expectHangup()
    expect(result.error?.message).toBeUndefined()
    expect(result.status).toBe('passed')
    expect(result.transcript!.print()).toBe(call.print())
  })

  it('points a failure at the step in the file, after the transcript the DSL prints', async () => {
    const result = await run(`  - expect: ANSWER
  - expect: PLAY
  - press: "1243#"
  - expect: PATCH
`)
    expect(result.status).toBe('failed')
    expect(result.error!.at).toEqual({ file: 'pin.yaml', line: 10, column: 5 })
    expect(result.error!.turn).toBe(3)
    const message = result.error!.message
    expect(message).toMatch(/^\[callspec\] turn 3, expectAction\('PATCH'\): expected action PATCH, got PLAY TTS "That PIN is not right/)
    expect(message).toContain('✖    6.9s  3 → COLLECTED_DIGITS')
    expect(message).toContain('Replay this exact call with seed: 7 in its scenario.')
    expect(message.split('\n').at(-1)).toBe('    at pin.yaml:10:5 (scenario "pin")')
  })

  // audit-122: a scenario's failure said to use expect.arrayContaining, which no scenario file can write.
  it('says how a scenario file matches an array of another length, in its own terms', async () => {
    const result = await run(`  - expect: ANSWER
  - expect: PLAY
    match: { audio: [] }
`)
    expect(result.error!.message).toMatch(
      /^\[callspec\] turn 2, expectAction\('PLAY', \{ audio: \[\] \}\): PLAY did not match: audio: expected 0 item\(s\), got 1 \(an array matches item by item, all of them; list them all in match:, or leave the array out and match the fields beside it \(a scenario file's match has no matchers\)\)\n/,
    )
    expect(result.error!.message).not.toContain('arrayContaining')
  })

  it('fails a heard step the caller never heard, naming what was heard', async () => {
    const result = await run(`  - expect: ANSWER
  - expect: PLAY
  - silent: 1s
  - hangup
  - heard: /your balance is/i
`, '')
    expect(result.error!.message).toMatch(/^\[callspec\] heard\(\/your balance is\/i\): the caller never heard it\.\nPrompts heard:\n {2}♪ "Welcome to Acme Bank\./)
    // The replay line every other failure ends with (audit h186: a heard step's had none).
    expect(result.error!.message).toContain("\nReplay this exact call with seed: 7 in its scenario.\n    at pin.yaml:10:5")
    expect(result.error!.at).toEqual({ file: 'pin.yaml', line: 10, column: 5 })
    // The error scenarios() throws to vitest keeps its data off its own properties (vitest prints those).
    const known = ['stack', 'message', 'name', 'cause', 'actual', 'expected', 'showDiff']
    expect(Object.getOwnPropertyNames(result.error!.error).filter((k) => !known.includes(k))).toEqual([])
  })

  // audit-122: text that differed only in case and punctuation failed with no word of it.
  it('hints at a heard text that differs from a prompt only in case or punctuation', async () => {
    const result = await run(`  - expect: ANSWER
  - expect: PLAY
  - silent: 1s
  - hangup
  - heard: "welcome to acme bank please enter your pin followed by the hash key"
`, '')
    expect(result.error!.message).toContain(
      '\nHint: "welcome to acme bank please enter your pin followed by the hash key" differs from "Welcome to Acme Bank. Please enter your PIN, followed by the hash key." only in case, punctuation or spacing; text matches exactly: copy it as played, or write a pattern with /…/i.\n',
    )
  })

  it('reports an app that cannot be reached as a failed call, not a crash', async () => {
    const result = await runScenario(scenarioOf('  - expect: ANSWER\n'), callTo as unknown as AnyCallTo, 'http://127.0.0.1:9')
    expect(result.status).toBe('failed')
    expect(result.error!.message).toMatch(/127\.0\.0\.1:9/)
  })
})
