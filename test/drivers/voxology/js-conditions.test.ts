/**
 * IF conditions are "evaluated like JavaScript" (Voxology docs): JavaScript users write in them
 * (`? :`, `typeof`, `.startsWith(…)`, `parseInt(…)`, `['first name']`, `[0]`, template literals)
 * takes the branch JavaScript would, with no warning; JavaScript callspec does not evaluate (an
 * assignment) is callspec's limit, an inferred rule: a warning, the IF read as false, and a
 * failure only under strict, never "not a valid Voxology script".
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const pin = { type: 'COLLECT', name: 'pin', params: { num_digits: 4 }, actions: [say('Enter your PIN.')] }
const profile = { type: 'SESSIONDATA', session_data: { 'first name': 'Ann', tiers: ['gold', 'silver'], name: 'Ann' } }
const branch = (condition: string) => ({ type: 'IF', condition, then: [say('Staff.'), hangup], orElse: [say('Guest.'), hangup] })

/** An inbound call: a PIN, the caller's profile, then the IF; the caller keys `digits`. */
const call = (condition: string, digits: string, options: object = {}) =>
  callTo(scriptApp({ '/': serve([pin, profile, branch(condition)]) }).app, { platform: 'voxology', ...options }).expectAction('COLLECT').pressDigits(digits)

afterEach(() => {
  vi.restoreAllMocks()
})

describe('JavaScript in the safe subset takes the branch JavaScript would', () => {
  it.each([
    ["($keyPresses == '9123' ? 'staff' : 'guest') == 'staff'", '9123', '0000'],
    ["typeof $sessionData.name == 'string' && $keyPresses != ''", '9123', ''],
    ["$keyPresses.startsWith('9')", '9123', '1234'],
    ["$keyPresses.trim() == '9123'", '9123', '1234'],
    ['parseInt($keyPresses) > 5000', '9123', '1234'],
    ['Number($keyPresses) > 5000', '9123', '1234'],
    ["$sessionData['first name'] == 'Ann' && $keyPresses[0] == '9'", '9123', '1234'],
    ["$sessionData.tiers[0] == 'gold' && $keyPresses.length == 4 && $keyPresses.endsWith('3')", '9123', '1234'],
    ["`${$sessionData.name}:${$keyPresses}` == 'Ann:9123'", '9123', '1234'],
  ])('%s', async (condition, staff, guest) => {
    const taken = await call(condition, staff).expectAction('SAY', { params: { text: 'Staff.' } }).expectHangup()
    expect(taken.warnings).toEqual([])
    expect(taken.print()).toContain(`IF ${condition}`)
    expect(taken.print()).toMatch(/is true → then/)
    if (guest === '') return
    const other = await call(condition, guest).expectAction('SAY', { params: { text: 'Guest.' } }).expectHangup()
    expect(other.warnings).toEqual([])
  })
})

describe('JavaScript callspec does not evaluate (rule voxology/condition-subset, inferred)', () => {
  const condition = "$keyPresses = '9123'"
  const TAG = 'rule voxology/condition-subset'
  const SOURCE = 'inferred: the docs evaluate IF conditions "like JavaScript" and name no subset; callspec runs a safe one, without assignment or calls other than a few pure ones'

  it('passes with a warning that says it is callspec\'s limit, and the IF takes orElse', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call(condition, '9123').expectAction('SAY', { params: { text: 'Guest.' } }).expectHangup()
    expect(result.warnings).toEqual([
      expect.stringContaining(
        `turn 1: the app's answer to the init_call callback: callspec does not evaluate assignment (did you mean ==?) at position 13 of "${condition}": ` +
          'Voxology evaluates conditions "like JavaScript" and may run this one, but callspec cannot; so it reads the condition as false: the IF takes orElse',
      ),
    ])
    expect(result.warnings[0]).toContain(`at actions[2].condition (${TAG}, inferred)`)
    expect(result.warnings[0]).not.toContain('not a valid Voxology script')
    expect(result.print()).toContain(`IF ${condition} is JavaScript callspec does not evaluate (assignment): read as false → orElse`)
  })

  it('fails under strict with the rule\'s tag, as callspec\'s limit', async () => {
    const error = await failureOf(callTo(scriptApp({ '/': serve([pin, profile, branch(condition)]) }).app, { platform: 'voxology', strict: true }).expectAction('COLLECT'))
    expect(error.message).toContain("callspec cannot run the app's answer to the init_call callback: an IF condition uses JavaScript callspec does not evaluate (the script may be valid for Voxology):")
    expect(error.message).toContain(`→ ${TAG} (${SOURCE})`)
    expect(error.message).not.toContain('not a valid Voxology script')
  })

  it('typeof is evaluated, never reported as an unknown name', async () => {
    const result = await callTo(scriptApp({ '/': serve([{ type: 'IF', condition: "typeof $sessionData == 'object'", then: [say('Hello stranger.'), hangup], orElse: [hangup] }]) }).app, {
      platform: 'voxology',
    })
      .expectAction('SAY', { params: { text: 'Hello stranger.' } })
      .expectHangup()
    expect(result.warnings).toEqual([])
  })
})

describe('valid JavaScript is never "not a valid Voxology script" (audit h126 finding 1)', () => {
  it.each([
    ["$keyPresses == '9123' // staff PIN", '9123', '1234'],
    ["/* staff */ $keyPresses == '9123'", '9123', '1234'],
    ["'first name' in $sessionData && $keyPresses == 0x23A3", '9123', '1234'],
    ['$keyPresses > 5_000 && $keyPresses < 1e4', '9123', '1234'],
  ])('%s takes the branch JavaScript would, with no warning', async (condition, staff, guest) => {
    const taken = await call(condition, staff).expectAction('SAY', { params: { text: 'Staff.' } }).expectHangup()
    expect(taken.warnings).toEqual([])
    expect(taken.print()).toMatch(/is true → then/)
    const other = await call(condition, guest).expectAction('SAY', { params: { text: 'Guest.' } }).expectHangup()
    expect(other.warnings).toEqual([])
  })

  it('JavaScript its parser does not read (instanceof) is callspec\'s limit: a warning, the IF takes orElse', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const condition = '$sessionData instanceof Object'
    const result = await call(condition, '9123').expectAction('SAY', { params: { text: 'Guest.' } }).expectHangup()
    expect(result.warnings).toEqual([
      expect.stringContaining(
        `turn 1: the app's answer to the init_call callback: callspec does not evaluate the instanceof operator: the values are JSON data, never class instances at position 14 of "${condition}": ` +
          'Voxology evaluates conditions "like JavaScript" and may run this one, but callspec cannot; so it reads the condition as false: the IF takes orElse',
      ),
    ])
    expect(result.warnings[0]).toContain('at actions[2].condition (rule voxology/condition-subset, inferred)')
    expect(result.print()).toContain(`IF ${condition} is JavaScript callspec does not evaluate (the instanceof operator): read as false → orElse`)
  })

  it('JavaScript no named form covers (a comma in brackets) warns the same way, naming where the parser stopped', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const condition = "$sessionData.tiers[1, 0] == 'gold'"
    const result = await call(condition, '9123').expectAction('SAY', { params: { text: 'Guest.' } }).expectHangup()
    expect(result.warnings).toEqual([
      expect.stringContaining(`callspec does not evaluate this JavaScript (its parser stops here: expected ] to close [) at position 21 of "${condition}": Voxology evaluates conditions "like JavaScript"`),
    ])
    expect(result.print()).toContain(`IF ${condition} is JavaScript callspec does not evaluate (a form outside its subset): read as false → orElse`)
  })
})
