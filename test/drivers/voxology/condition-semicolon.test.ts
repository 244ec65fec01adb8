/**
 * Audit F3: `$keyPresses == '1';` is JavaScript (eval reads it and gives the comparison's value),
 * yet it failed the call as "not a valid Voxology script" under voxology/conditions (documented,
 * fixed). A trailing semicolon is now read as the expression before it; statements a semicolon
 * separates (`a; b`) are JavaScript callspec does not evaluate (voxology/condition-subset,
 * inferred); text no engine reads still fails under voxology/conditions.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const menu = { type: 'COLLECT', name: 'menu', params: { num_digits: 1 }, actions: [say('Press 1 for sales.')] }
const branch = (condition: string) => ({ type: 'IF', condition, then: [say('Sales.'), hangup], orElse: [say('Goodbye.'), hangup] })
const call = (condition: string, digits: string, options: object = {}) =>
  callTo(scriptApp({ '/': serve([menu, branch(condition)]) }).app, { platform: 'voxology', ...options }).expectAction('COLLECT').pressDigits(digits)

afterEach(() => {
  vi.restoreAllMocks()
})

describe('an IF condition ending in a semicolon', () => {
  it("is read as the expression before it: each branch as JavaScript takes it, with no warning", async () => {
    const sales = await call("$keyPresses == '1';", '1').expectAction('SAY', { params: { text: 'Sales.' } }).expectHangup()
    expect(sales.warnings).toEqual([])
    expect(sales.print()).toMatch(/is true → then/)
    const other = await call("$keyPresses == '1' ; ", '2').expectAction('SAY', { params: { text: 'Goodbye.' } }).expectHangup()
    expect(other.warnings).toEqual([])
  })

  it('passes validate() as a condition', () => {
    expect(validate('voxology', 'condition', "$keyPresses == '1';")).toMatchObject({ ok: true, issues: [] })
  })

  it('two statements (`a; b`) are JavaScript callspec does not evaluate: the inferred rule warns and the IF takes orElse', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call("$keyPresses == '2'; $keyPresses == '1'", '1').expectAction('SAY', { params: { text: 'Goodbye.' } }).expectHangup()
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toContain('callspec does not evaluate this JavaScript')
    expect(result.warnings[0]).toMatch(/\(rule voxology\/condition-subset, inferred\)$/)
  })

  it('text no JavaScript engine reads still fails under voxology/conditions', async () => {
    const error = await failureOf(call("$keyPresses == ;", '1'))
    expect(error.message).toContain('not a valid Voxology script')
    expect(error.message).toContain('→ rule voxology/conditions')
  })
})
