import { describe, expect, it } from 'vitest'
import { ExpressionError, evaluate, parseExpression, printExpression, renderTemplate, templatePaths, tokenize } from '../../../drivers/voxology/index.js'
import { undocumentedForms } from '../../../drivers/voxology/expression/template-forms.js'

const vars = { keyPresses: '1', sessionData: { gender: 'male', age: 19, number: 42, nested: { deep: 'yes' }, zero: 0, empty: '' }, callTime: 12_000 }
const run = (source: string, roots: Record<string, unknown> = vars) => evaluate(parseExpression(source), roots).value
const errorOf = (source: string) => {
  try {
    parseExpression(source)
  } catch (error) {
    return error as ExpressionError
  }
  throw new Error(`${source} parsed`)
}

describe('tokenizer', () => {
  it('reads variables with dotted paths, strings, numbers and operators', () => {
    expect(tokenize("$sessionData.a.b >= 2.5 && 'x' !== \"y\"").map((t) => t.kind)).toEqual([
      'variable',
      'operator',
      'number',
      'operator',
      'string',
      'operator',
      'string',
      'end',
    ])
    expect(tokenize('$sessionData.a.b')[0]).toMatchObject({ kind: 'variable', path: ['sessionData', 'a', 'b'], text: '$sessionData.a.b' })
  })

  it('unescapes strings', () => {
    expect(tokenize(String.raw`'it\'s' "a\"b" 'back\\slash'`).slice(0, 3).map((t) => (t as { value: string }).value)).toEqual(["it's", 'a"b', 'back\\slash'])
  })
})

describe('precedence (JavaScript: || < && < equality < relational < unary)', () => {
  it('groups && before ||, as in the docs example', () => {
    const source = "$keyPresses == '1' && $sessionData.gender == 'male' || $sessionData.age > 21"
    expect(printExpression(parseExpression(source))).toBe("($keyPresses == '1' && $sessionData.gender == 'male') || $sessionData.age > 21")
    expect(run(source)).toBe(true)
    expect(run(source, { ...vars, keyPresses: '2' })).toBe(false)
    expect(run(source, { ...vars, keyPresses: '2', sessionData: { age: 30 } })).toBe(true)
  })

  it('a || b && c is a || (b && c), not (a || b) && c', () => {
    expect(run('true || false && false')).toBe(true)
    expect(run('(true || false) && false')).toBe(false)
  })

  it('relational binds tighter than equality; ! tighter than everything', () => {
    expect(run('1 < 2 == true')).toBe(true)
    expect(run('!$sessionData.missing && $keyPresses == 1')).toBe(true)
    expect(run('!($keyPresses == 1)')).toBe(false)
    expect(run('!!$sessionData.age')).toBe(true)
    expect(run('-$sessionData.age < 0')).toBe(true)
  })

  it('&& and || return an operand and short-circuit, as JavaScript does', () => {
    const a = evaluate(parseExpression('$sessionData.zero || $sessionData.age'), vars)
    expect(a.value).toBe(19)
    const b = evaluate(parseExpression('$sessionData.zero && $sessionData.age'), vars)
    expect(b).toEqual({ value: 0, reads: [{ text: '$sessionData.zero', value: 0 }] })
  })
})

describe('loose equality and comparison, like JavaScript (§4.2)', () => {
  it.each([
    ["'42' == 42", true],
    ['$keyPresses == 1', true],
    ["$keyPresses === 1", false],
    ["$keyPresses === '1'", true],
    ["'' == 0", true],
    ["'0' == false", true],
    ['null == undefined', true],
    ['null == 0', false],
    ['$sessionData.missing == null', true],
    ['$sessionData.missing === null', false],
    ["'abc' != 'abc'", false],
    ['1 !== 1', false],
    ["'9' < 10", true],
    ["'9' < '10'", false],
    ["$keyPresses < $sessionData.number", true],
    ["'' < 1", true],
    ["'*' < 1 || '*' > 5", false],
    ['$sessionData.missing > 0', false],
    ['$sessionData.missing < 0', false],
    ['null >= 0', true],
    ['2 <= 2', true],
  ] as const)('%s → %s', (source, expected) => {
    expect(run(source)).toBe(expected)
  })
})

describe('variables', () => {
  it('reads session data paths, nested and missing, never throwing', () => {
    expect(run("$sessionData.nested.deep == 'yes'")).toBe(true)
    expect(run('$sessionData.nope.deeper == undefined')).toBe(true)
    expect(run('$sessionData.missing')).toBe(undefined)
    expect(run('$sessionData.age', { keyPresses: '', sessionData: null, callTime: 0 })).toBe(undefined)
    expect(run('$callTime > 10000')).toBe(true)
  })

  it('reads own data only: no prototype members', () => {
    expect(run('$sessionData.constructor')).toBe(undefined)
    expect(run('$sessionData.__proto__')).toBe(undefined)
    expect(run('$keyPresses.length == 1')).toBe(true)
  })

  it('reports every variable read and its value, once', () => {
    const { reads } = evaluate(parseExpression('$keyPresses == 1 || $keyPresses == 2 && $sessionData.age'), vars)
    expect(reads).toEqual([{ text: '$keyPresses', value: '1' }])
  })
})

describe('arithmetic, like JavaScript: + - * / % and unary - +', () => {
  it('binds * / % before + -, both before comparisons, and groups to the left', () => {
    expect(run('1 + 2 * 3 == 7')).toBe(true)
    expect(run('(1 + 2) * 3 == 9')).toBe(true)
    expect(run('10 - 4 - 3 == 3')).toBe(true)
    expect(run('12 / 2 / 3 == 2')).toBe(true)
    expect(run('7 % 4 * 2 == 6')).toBe(true)
    expect(run('-2 * -3 == 6')).toBe(true)
    expect(run('1 - -1 == 2')).toBe(true)
    expect(printExpression(parseExpression('$sessionData.age - (1 + 2) * 3 > 0 && !$sessionData.zero'))).toBe('$sessionData.age - (1 + 2) * 3 > 0 && !$sessionData.zero')
    expect(printExpression(parseExpression('10 - (4 - 3) == - -9'))).toBe('10 - (4 - 3) == - -9')
  })

  it('+ concatenates when either side is a string; the others coerce to numbers', () => {
    expect(run("'a' + 1 == 'a1'")).toBe(true)
    expect(run("'a' + 1")).toBe('a1')
    expect(run('$keyPresses + 1')).toBe('11')
    expect(run('+$keyPresses + 1')).toBe(2)
    expect(run('$keyPresses * 1 + 1')).toBe(2)
    expect(run("'6' * '7'")).toBe(42)
    expect(run("'10' - 3 == 7")).toBe(true)
    expect(run('$sessionData.age + 1 > 19')).toBe(true)
    expect(run('$sessionData.missing + 1')).toBeNaN()
    expect(run('1 / 0')).toBe(Infinity)
    expect(run('-7 % 3')).toBe(-1)
    expect(run('true + 1 == 2')).toBe(true)
    expect(run('null + 1 == 1')).toBe(true)
  })

  it('reports the variables an arithmetic condition read', () => {
    expect(evaluate(parseExpression('$sessionData.age + $sessionData.number > 60'), vars)).toEqual({
      value: true,
      reads: [
        { text: '$sessionData.age', value: 19 },
        { text: '$sessionData.number', value: 42 },
      ],
    })
  })
})

describe('the safe JavaScript subset: ? :, typeof, member reads, templates and pure calls', () => {
  const roots = { keyPresses: '9123', sessionData: { 'first name': 'Ann', list: ['a', 'b'], n: 4 }, callTime: 1 }
  it.each([
    ["$keyPresses == '9123' ? 'staff' : 'guest'", 'staff'],
    ["typeof $sessionData.missing == 'undefined'", true],
    ['typeof $sessionData.n', 'number'],
    ["$sessionData['first name']", 'Ann'],
    ['$sessionData.list[1]', 'b'],
    ['$sessionData.list.length', 2],
    ['$keyPresses[0]', '9'],
    ["$keyPresses.startsWith('9') && $keyPresses.endsWith('3')", true],
    ["' 1 '.trim() == '1'", true],
    ["$sessionData['first name'].toUpperCase()", 'ANN'],
    ['parseInt($keyPresses) + 1', 9124],
    ["Number('x')", Number.NaN],
    ['isNaN(Number($sessionData.missing))', true],
    ["['1', '9123'].includes($keyPresses)", true],
    ['`${$sessionData.n}-${$keyPresses}`', '4-9123'],
    ["$sessionData.missing ?? 'none'", 'none'],
    ['$sessionData?.list?.[0]', 'a'],
    ['$sessionData.missing.trim()', undefined],
    // Never a prototype: no constructor, no __proto__, no method as a value.
    ['$sessionData.constructor', undefined],
    ["$sessionData['__proto__']", undefined],
    ['$keyPresses.trim', undefined],
    ["$sessionData.list['constructor']", undefined],
  ])('%s', (source, value) => {
    expect(evaluate(parseExpression(source), roots).value).toEqual(value)
  })

  it('prints the grouping back', () => {
    expect(printExpression(parseExpression("$a || $b ? 'x' : 'y'"))).toBe("$a || $b ? 'x' : 'y'")
    expect(printExpression(parseExpression("'abc'.length + parseInt('1', 10)"))).toBe("'abc'.length + parseInt('1', 10)")
  })
})

describe('malformed conditions fail with the position', () => {
  it.each([
    ['', /empty condition at position 1/],
    ["$keyPresses == '1", /unterminated string starting with ' at position 16/],
    ['$keyPresses = 1', /callspec does not evaluate assignment \(did you mean ==\?\) at position 13/],
    ['$a & $b', /callspec does not evaluate bitwise operators \("&": did you mean &&\?\)/],
    ['keyPresses == 1', /callspec does not evaluate the name "keyPresses": variables start with \$ \(did you mean \$keyPresses\?\); .* at position 1/],
    ['($keyPresses == 1', /expected \) at position 18/],
    ['$keyPresses == 1)', /expected an operator such as == or &&, found \) at position 17/],
    ['$keyPresses ==', /the condition ends too early/],
    ['$sessionData.fn()', /callspec does not evaluate function calls \(\$sessionData.fn\(…\)\): of methods callspec runs only the string methods startsWith, .* at position 16/],
    ['Math.max($keyPresses) > 3', /callspec does not evaluate the name "Math": variables start with \$; of JavaScript's globals callspec runs only parseInt, .* at position 1/],
    ['$sessionData.constructor.constructor("x")()', /callspec does not evaluate function calls \(\$sessionData.constructor.constructor\(…\)\)/],
    ["$keyPresses ? 'a'", /expected : of the conditional operator \(\? :\) at position 18/],
    ['`a${$keyPresses', /a \$\{ in a template literal is never closed with \} at position 3/],
    ['$ ==', /expected a variable name after \$ at position 2/],
    ['$sessionData. == 1', /expected a property name after "\$sessionData."/],
    ['1 2', /found a value at position 3/],
    ['#', /unexpected character "#" at position 1/],
    ['5 -', /the condition ends too early at position 4/],
    ['5 * * 3', /unexpected \* at position 5/],
    ['$a-- > 1', /callspec does not evaluate decrement \(--\) at position 3/],
    ['2 ** 3 == 8', /callspec does not evaluate exponentiation \(\*\*\) at position 3/],
  ])('%j', (source, message) => {
    const error = errorOf(source)
    expect(error).toBeInstanceOf(ExpressionError)
    expect(error.message).toMatch(message)
  })
})

describe('JavaScript the subset parser once took for "not JavaScript at all" (audit h126 finding 1)', () => {
  const roots = { keyPresses: '12', sessionData: { vip: true, tier: 1, list: ['a', 'b'] }, callTime: 0 }
  it.each([
    ['$sessionData.vip // VIP callers first', true],
    ['/* VIP */ $sessionData.vip', true],
    ['$sessionData.tier /* the tier */ == 1 // one', true],
    ['$sessionData.tier == 0x1 && 0XfF == 255', true],
    ['0o17 == 15 && 0b101 == 5', true],
    ['$sessionData.tier === 1_0 / 10 && 0x_1 == 0', false],
    ['1_000.5 == 1000.5 && 1e1_0 == 1e10', true],
    ['$sessionData.tier == 1. && 5. + .5 == 5.5', true],
    ["'vip' in $sessionData && !('gold' in $sessionData)", true],
    ["1 in $sessionData.list && 'length' in $sessionData.list && !(2 in $sessionData.list)", true],
    ["'tier' in $sessionData == true", true],
  ])('%s', (source, value) => {
    if (source.includes('0x_1')) {
      // `0x_1` is not JavaScript (a separator needs a digit on each side): only the first half is checked.
      expect(run('$sessionData.tier === 1_0 / 10', roots)).toBe(true)
      expect(errorOf(source).form).toBeUndefined()
      return
    }
    // `value` is what Node gives for each (checked once with the same session data).
    expect(run(source, roots)).toBe(value)
  })

  it('prints `in` back with its precedence', () => {
    expect(printExpression(parseExpression("('a' in $sessionData) == true"))).toBe("'a' in $sessionData == true")
  })

  it('`in` on a value that is not an object reads as undefined, where JavaScript throws', () => {
    expect(run("'length' in $keyPresses", roots)).toBeUndefined()
    expect(run("'x' in $sessionData.missing", roots)).toBeUndefined()
  })

  it.each([
    ['$sessionData instanceof Object', 'callspec does not evaluate the instanceof operator: the values are JSON data, never class instances at position 14 of "$sessionData instanceof Object"', 'the instanceof operator'],
    ['($keyPresses, true)', 'callspec does not evaluate the comma operator (a, b) at position 13 of "($keyPresses, true)"', 'the comma operator'],
    ['$keyPresses == 1, true', 'callspec does not evaluate the comma operator (a, b) at position 17 of "$keyPresses == 1, true"', 'the comma operator'],
    ['$sessionData.tier == 1n', 'callspec does not evaluate BigInt literals (1n) at position 22 of "$sessionData.tier == 1n"', 'BigInt literals'],
    [
      '$sessionData.tier == 010',
      "callspec does not evaluate legacy octal literals (010: JavaScript reads it as octal outside strict mode and refuses it in strict mode; write the number without its leading 0, or a string '010') at position 22 of \"$sessionData.tier == 010\"",
      'legacy octal literals',
    ],
    [
      '$sessionData.list[1, 0]',
      'callspec does not evaluate this JavaScript (its parser stops here: expected ] to close [) at position 20 of "$sessionData.list[1, 0]"',
      'a form outside its subset',
    ],
    // `$` alone is a JavaScript name: JavaScript callspec does not evaluate, not "not JavaScript".
    ['$ == 1', 'callspec does not evaluate this JavaScript (its parser stops here: expected a variable name after $) at position 2 of "$ == 1"', 'a form outside its subset'],
    ['void 0', 'callspec does not evaluate the JavaScript keyword "void" at position 1 of "void 0"', 'JavaScript keywords'],
  ])('%s is JavaScript callspec does not evaluate (form set: rule voxology/condition-subset)', (source, message, form) => {
    const error = errorOf(source)
    expect(error.message).toBe(message)
    expect(error.form).toBe(form)
  })

  it.each([
    ['$sessionData.vip /* never closed', 'unterminated comment starting with /* at position 18 of "$sessionData.vip /* never closed"'],
    ['$a == 1.5n', 'a BigInt literal is an integer, not 1.5 at position 10 of "$a == 1.5n"'],
    ['$a == 1__0', 'expected an operator such as == or &&, found a value at position 8 of "$a == 1__0"'],
    ['$keyPresses == 1) || ($keyPresses', 'expected an operator such as == or &&, found ) at position 17 of "$keyPresses == 1) || ($keyPresses"'],
  ])('%s is still not JavaScript at all (no form: rule voxology/conditions)', (source, message) => {
    const error = errorOf(source)
    expect(error.message).toBe(message)
    expect(error.form).toBeUndefined()
  })
})

describe('templates in SAY text', () => {
  it('substitutes session data, key presses and call time', () => {
    expect(renderTemplate('Hello, ${sessionData.nested.deep}. You pressed ${keyPresses}; ${callTime} ms.', vars).text).toBe('Hello, yes. You pressed 1; 12000 ms.')
    expect(renderTemplate('${$keyPresses}', vars).text).toBe('1')
  })

  it('writes arrays and objects as JavaScript interpolation does, not as JSON (audit h126 finding 4)', () => {
    const order = { sessionData: { items: ['pizza', 'soda'], nested: [1, [2, 3], null], order: { id: 7 }, tricky: { toString: 'x' }, empty: [] } }
    expect(renderTemplate('You ordered ${sessionData.items}.', order).text).toBe('You ordered pizza,soda.')
    expect(renderTemplate('${sessionData.nested}|${sessionData.empty}|${sessionData.order}', order).text).toBe('1,2,3,||[object Object]')
    // JSON data whose "toString" is not a function: String() would throw; spoken as any object is.
    expect(renderTemplate('${sessionData.tricky}', order).text).toBe('[object Object]')
  })

  it('speaks a missing value as nothing and reports it', () => {
    expect(renderTemplate('Hi ${sessionData.firstName}!', vars)).toMatchObject({ text: 'Hi !', missing: ['${sessionData.firstName}'] })
  })

  it('finds placeholders that are not a variable, which are spoken as written', () => {
    expect(templatePaths('${sessionData.a + 1} and ${keyPresses').problems).toEqual([
      '${sessionData.a + 1} is spoken as written: Voxology documents only a variable in ${…}, such as ${keyPresses} or ${sessionData.name}',
      'a ${ is never closed with }: it is spoken as written',
    ])
    expect(renderTemplate('${sessionData.a + 1} and ${keyPresses', vars).text).toBe('${sessionData.a + 1} and ${keyPresses')
  })

  it('finds variables written in forms the docs do not show in text: $keyPresses and {{$keyPresses}}', () => {
    expect(undocumentedForms('You pressed $keyPresses, {{$keyPresses}} and {{ sessionData.name }}; ${$keyPresses} and ${keyPresses} are fine, $5 is money.')).toEqual([
      '{{$keyPresses}} is spoken as written: Voxology documents ${keyPresses} in SAY text ({{…}} is seen only in a third-party script, unverified); write ${keyPresses}',
      '{{ sessionData.name }} is spoken as written: Voxology documents ${sessionData.name} in SAY text ({{…}} is seen only in a third-party script, unverified); write ${sessionData.name}',
      '$keyPresses is spoken as written: in SAY text Voxology reads a variable as ${keyPresses} ($keyPresses is how IF conditions read it); write ${keyPresses}',
    ])
    expect(undocumentedForms('$keyPresses '.repeat(100_000))).toHaveLength(1)
  })
})
