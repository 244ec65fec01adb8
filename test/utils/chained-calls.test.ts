import { describe, expect, it } from 'vitest'
import { chainedCalls } from '../../src/utils/chained-calls.js'

/** The chain at the first `callTo` of `source`, as [name, line] pairs. */
function chainAt(source: string, callee = 'callTo') {
  const offset = source.indexOf(callee)
  const before = source.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return chainedCalls(source, line, column).map((c) => [c.name, c.line, c.column])
}

describe('chainedCalls', () => {
  it('lists the calls chained onto the call at a position, with the line and column of each name', () => {
    const source = [
      "it('pays', async () => {",
      "  const call = await callTo(app, { platform: 'webex-connect' })",
      "    .fromCaller('+14155550100')",
      "    .expectAction('ANSWER') // answers first",
      '    /* then the menu */ .expectAction(\'PLAY\', { collectInput: { terminationDigit: "#" } })',
      "    .pressDigits('1234#')",
      '  expect(call).toHavePlayed(/PIN/)',
      '})',
    ].join('\n')
    expect(chainAt(source)).toEqual([
      ['fromCaller', 3, 6],
      ['expectAction', 4, 6],
      ['expectAction', 5, 26],
      ['pressDigits', 6, 6],
    ])
  })

  it('skips whole arguments: brackets inside strings, templates, comments and regular expressions', () => {
    const source = `callTo(app, { seed: 1 /* ) */ })
      .say("yes (please")
      .say('it\\'s ) fine')
      .expectAction('PLAY', { audio: [{ text: \`Hi \${name(')')} }\` }] })
      .expectAction('PLAY', { text: /enter \\( your [)] pin/i, n: a / b / c })
      .expectHangup()
    const next = 1`
    expect(chainAt(source).map(([name]) => name)).toEqual(['say', 'say', 'expectAction', 'expectAction', 'expectHangup'])
  })

  it('follows a helper call, type arguments, optional chaining and a non-null assertion', () => {
    expect(chainAt("await dial(app).expectAction<'PLAY'>('PLAY')!.pressDigits('1')?.hangUp()", 'dial').map(([n]) => n)).toEqual([
      'expectAction',
      'pressDigits',
      'hangUp',
    ])
  })

  it('stops where the expression does', () => {
    expect(chainAt("await expect(callTo(app).expectAction('ANSWER')).rejects.toThrow('x')")).toEqual([['expectAction', 1, 26]])
    expect(chainAt("const base = callTo(app).expectAction('ANSWER')\nawait base.pressDigits('1')")).toEqual([['expectAction', 1, 26]])
    expect(chainAt("const flow = callTo(app)\nflow.pressDigits('1')")).toEqual([])
    expect(chainAt("callTo(app).expectAction('ANSWER').steps.pressDigits('1')").map(([n]) => n)).toEqual(['expectAction'])
  })

  it('is empty where the position is not a call, or the source ends inside one', () => {
    expect(chainedCalls('callTo', 1, 1)).toEqual([])
    expect(chainedCalls("callTo(app).say('open", 1, 1)).toEqual([])
    expect(chainedCalls('x = 1', 1, 3)).toEqual([])
    expect(chainedCalls('callTo(app)', 9, 1)).toEqual([])
  })
})
