/**
 * A regular-expression literal in an IF condition (audit voxology-75 F8): `/^\d{6}$/.test(…)` was
 * reported as "bitwise operators" (the `^` after a `/` read as division). It is told apart where
 * JavaScript tells it apart (a `/` where a value is expected), named as what it is, with what to
 * write instead within the subset. callspec does not run regular expressions (a script's pattern
 * can backtrack for ever, and a condition runs synchronously on the call's clock): the IF reads as
 * false with a warning (rule voxology/condition-subset, inferred), as other JavaScript it does
 * not evaluate.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { ExpressionError } from '../../../drivers/voxology/expression/tokenize.js'
import { parseExpression } from '../../../drivers/voxology/expression/parse.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const order = { type: 'COLLECT', name: 'o', params: { num_digits: 6 } }
const branch = (condition: string) => ({ type: 'IF', condition, then: [say('ok')], orElse: [say('bad')] })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a regular-expression literal in an IF condition', () => {
  it('is named as one, with what to write instead, not as bitwise operators', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const condition = '/^\\d{6}$/.test($keyPresses)'
    const call = await callTo(scriptApp({ '/': serve([order, branch(condition), { type: 'HANGUP' }]) }).app, { platform: 'voxology' })
      .expectAction('COLLECT')
      .pressDigits('123456')
      .expectAction('SAY', { params: { text: 'bad' } })
      .expectHangup()
    expect(call.warnings).toHaveLength(1)
    const [warning] = call.warnings
    expect(warning).toContain('callspec does not evaluate regular expression literals (/^\\d{6}$/: check the keys with .length, isNaN, startsWith or includes instead, e.g. $keyPresses.length == 6 && !isNaN($keyPresses) for six digits (a caller\'s keys are 0-9, * and #)) at position 1 of')
    expect(warning).toContain('$keyPresses.length == 6 && !isNaN($keyPresses)')
    expect(warning).toContain('at position 1 of')
    expect(warning).not.toContain('bitwise')
    expect(call.print()).toContain('IF /^\\d{6}$/.test($keyPresses) is JavaScript callspec does not evaluate (regular expression literals): read as false → orElse')
  })

  it('the suggested condition takes the branch the regular expression would', async () => {
    const condition = '$keyPresses.length == 6 && !isNaN($keyPresses)'
    for (const [digits, text] of [['123456', 'ok'], ['12345*', 'bad']] as const) {
      const call = await callTo(scriptApp({ '/': serve([order, branch(condition), { type: 'HANGUP' }]) }).app, { platform: 'voxology' })
        .expectAction('COLLECT')
        .pressDigits(digits)
        .expectAction('SAY', { params: { text } })
        .expectHangup()
      expect(call.warnings).toEqual([])
    }
  })

  it.each([
    ['/^9/.test($keyPresses)', 1, '/^9/'],
    ['$keyPresses == 1 || /[0-8]/i.test($keyPresses)', 21, '/[0-8]/i'],
    ["$keyPresses.match(/\\d+/)", 19, '/\\d+/'],
    ['!/a\\/b/.test($x)', 2, '/a\\/b/'],
    ['(/(a+)+$/).test($keyPresses)', 2, '/(a+)+$/'],
  ])('%s', (source, position, literal) => {
    let error: unknown
    try {
      parseExpression(source)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ExpressionError)
    expect((error as ExpressionError).form).toBe('regular expression literals')
    expect((error as ExpressionError).message).toContain(`callspec does not evaluate regular expression literals (${literal}: check the keys`)
    expect((error as ExpressionError).message).toContain(`at position ${position} of`)
  })

  it('a / after a value is still division', () => {
    expect(() => parseExpression('$keyPresses / 2 > 1')).not.toThrow()
    expect(() => parseExpression('($a) / 2 / 3 == 1')).not.toThrow()
    expect(() => parseExpression("$a[0] / 2 == 1")).not.toThrow()
  })
})
