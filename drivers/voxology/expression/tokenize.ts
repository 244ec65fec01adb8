/**
 * The lexer of IF conditions (Voxology's IF condition reference): `$`-variables with dotted paths,
 * quoted strings, template literals, numbers as JavaScript writes them, true/false/null/undefined,
 * bare names (globals, `typeof`, `in`), comparison, logical and arithmetic operators, parentheses,
 * brackets, `? :`, `,` and `.`; `//` and `/* … *\/` comments are whitespace. Anything else is an
 * error that points at the character, so a typo in a script fails with a position. An error says
 * which it is: not JavaScript at all (`'a`, `#`), or JavaScript that callspec does not evaluate (an
 * assignment, `**`, an object literal, a regular expression literal), which the real platform may
 * well run (`form`).
 */

export type Operator = '===' | '!==' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '&&' | '||' | '??' | '!' | '+' | '-' | '*' | '/' | '%'
export type Punct = '?' | ':' | '[' | ']' | ',' | '.'

/** A template literal: its text parts, and the source of each `${…}` between them with its offset. */
export interface TemplateParts {
  quasis: string[]
  sources: Array<{ text: string; at: number }>
}

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'literal'; value: boolean | null | undefined | number; at: number }
  | { kind: 'variable'; path: string[]; text: string; at: number }
  | { kind: 'operator'; op: Operator; at: number }
  | { kind: 'paren'; value: '(' | ')'; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'punct'; value: Punct; at: number }
  | { kind: 'template'; parts: TemplateParts; at: number }
  | { kind: 'end'; at: number }

/**
 * A condition that does not tokenize or parse. `at` is the offset of the offending character;
 * `form`, when set, names the JavaScript the condition uses that callspec does not evaluate
 * ("function calls"): the condition may be valid for Voxology, which evaluates conditions "like
 * JavaScript", and callspec cannot run it. Without `form` the condition is not JavaScript at all.
 */
export class ExpressionError extends Error {
  override name = 'ExpressionError'
  constructor(
    readonly reason: string,
    readonly source: string,
    readonly at: number,
    readonly form?: string,
  ) {
    super(`${reason} at position ${at + 1} of ${quoteShort(source)}`)
  }
}

/** The condition as messages quote it: whole when short, else its start and its length (a 1 MB condition must not become a 1 MB message). */
function quoteShort(source: string): string {
  return source.length <= 120 ? JSON.stringify(source) : `${JSON.stringify(source.slice(0, 100))}… (${source.length} characters)`
}

// Longest first, so `===` is not read as `==` then `=`.
const OPERATORS: readonly Operator[] = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '??', '<', '>', '!', '+', '-', '*', '/', '%']

/**
 * JavaScript callspec does not evaluate, by what it starts with (longest first): the form, for
 * the message. `++`/`--` are read here, not as two signs, as JavaScript reads them (`1--1` is not
 * `1 - -1` there). `=` has its own message.
 */
const UNEVALUATED: ReadonlyArray<readonly [string, string]> = [
  ['**', 'exponentiation (**)'],
  ['++', 'increment (++)'],
  ['--', 'decrement (--)'],
  ['=>', 'arrow functions (=>)'],
  ['<<', 'bitwise operators'],
  ['>>', 'bitwise operators'],
  ['{', 'object literals ({…})'],
  ['}', 'object literals ({…})'],
  ['~', 'bitwise operators'],
  ['^', 'bitwise operators'],
]
const PUNCTS: readonly Punct[] = ['?', ':', '[', ']', ',', '.']
const LITERALS: Record<string, boolean | null | undefined | number> = { true: true, false: false, null: null, undefined: undefined, NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY }
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y
const SEGMENT = /[A-Za-z0-9_]+/y
/**
 * A number as JavaScript writes one: hex, octal and binary (`0x1F`, `0o7`, `0b1`), decimals with
 * a trailing or leading dot (`5.`, `.5`) and an exponent, all with `_` separators between digits
 * (`1_000`). Group 1 is a legacy octal (`010`), group 2 a BigInt's `n`.
 */
const NUMBER =
  /(?:0[xX][\da-fA-F](?:_?[\da-fA-F])*|0[oO][0-7](?:_?[0-7])*|0[bB][01](?:_?[01])*|(0\d+)|(?:(?:0|[1-9](?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)(n?)/y

export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const fail = (reason: string, at = i): never => {
    throw new ExpressionError(reason, source, at)
  }
  /** JavaScript that callspec does not evaluate: the message says so, not that the condition is wrong. */
  const unevaluated = (form: string, detail = '', at = i): never => {
    throw new ExpressionError(`callspec does not evaluate ${form}${detail}`, source, at, form)
  }
  while (i < source.length) {
    const c = source[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    // Comments are whitespace, as in JavaScript; before the regular expression check, which would take `/* … */` for one.
    if (source.startsWith('//', i)) {
      const eol = source.slice(i).search(/[\n\r\u2028\u2029]/)
      i = eol < 0 ? source.length : i + eol
      continue
    }
    if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2)
      if (close < 0) fail('unterminated comment starting with /*')
      i = close + 2
      continue
    }
    const at = i
    if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', value: c, at })
      i++
      continue
    }
    if (c === "'" || c === '"') {
      const { value, end } = readString(source, i, fail)
      tokens.push({ kind: 'string', value, at })
      i = end
      continue
    }
    if (c === '$') {
      IDENT.lastIndex = i + 1
      const head = IDENT.exec(source)
      if (!head) fail('expected a variable name after $', i + 1)
      const path = [head![0]]
      i = IDENT.lastIndex
      while (source[i] === '.') {
        SEGMENT.lastIndex = i + 1
        const segment = SEGMENT.exec(source)
        if (!segment) fail(`expected a property name after "${source.slice(at, i + 1)}"`, i + 1)
        path.push(segment![0])
        i = SEGMENT.lastIndex
      }
      tokens.push({ kind: 'variable', path, text: source.slice(at, i), at })
      continue
    }
    NUMBER.lastIndex = i
    const number = /[\d.]/.test(c) ? NUMBER.exec(source) : null
    if (number) {
      const [text, legacyOctal, bigint] = number
      if (legacyOctal) unevaluated('legacy octal literals', ` (${text}: JavaScript reads it as octal outside strict mode and refuses it in strict mode; write the number without its leading 0, or a string '${text}')`)
      const digits = text.slice(0, text.length - bigint!.length)
      // `1.5n` is not JavaScript: a BigInt is an integer.
      if (bigint && !/^0[xob]/i.test(digits) && /[.eE]/.test(digits)) fail(`a BigInt literal is an integer, not ${digits}`, at + digits.length)
      if (bigint) unevaluated('BigInt literals', ` (${text})`)
      tokens.push({ kind: 'number', value: Number(digits.replaceAll('_', '')), at })
      i = NUMBER.lastIndex
      continue
    }
    IDENT.lastIndex = i
    const word = IDENT.exec(source)
    if (word) {
      const name = word[0]
      // A bare name (`typeof`, `parseInt`, `Math`, `keyPresses`): the parser decides what it evaluates.
      tokens.push(Object.hasOwn(LITERALS, name) ? { kind: 'literal', value: LITERALS[name], at } : { kind: 'name', name, at })
      i = IDENT.lastIndex
      continue
    }
    if (c === '`') {
      const { parts, end } = readTemplate(source, i, fail, unevaluated)
      tokens.push({ kind: 'template', parts, at })
      i = end
      continue
    }
    // A `/` where a value is expected opens a regular expression, as JavaScript reads it (after a
    // value it divides): said as what it is, not as the `^` or `{` inside it (audit voxology-75 F8).
    const regex = c === '/' && valueExpected(tokens.at(-1)) ? regexLiteralEnd(source, i) : undefined
    if (regex !== undefined) unevaluated('regular expression literals', ` (${source.slice(i, regex)}: ${REGEX_INSTEAD})`)
    const form = UNEVALUATED.find(([start]) => source.startsWith(start, i))
    if (form) unevaluated(form[1])
    // `?.` reads as `.`: a missing parent already reads as undefined (evaluate.ts).
    if (source.startsWith('?.', i) && !/\d/.test(source[i + 2] ?? '')) {
      if (source[i + 2] !== '[' && source[i + 2] !== '(') tokens.push({ kind: 'punct', value: '.', at })
      i += 2
      continue
    }
    if (source.startsWith('??', i)) {
      tokens.push({ kind: 'operator', op: '??', at })
      i += 2
      continue
    }
    const punct = PUNCTS.find((p) => c === p)
    if (punct) {
      tokens.push({ kind: 'punct', value: punct, at })
      i++
      continue
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i))
    if (op) {
      tokens.push({ kind: 'operator', op, at })
      i += op.length
      continue
    }
    if (c === '=') unevaluated('assignment', ' (did you mean ==?)')
    if (c === '&' || c === '|') unevaluated('bitwise operators', ` ("${c}": did you mean ${c}${c}?)`)
    fail(`unexpected character ${JSON.stringify(c)}`)
  }
  tokens.push({ kind: 'end', at: source.length })
  return tokens
}

/**
 * What to write instead of a regular expression, within the subset. [decision] callspec does not
 * run regular expressions, not even a literal's `.test()`: a condition runs synchronously on the
 * call's clock, and a pattern such as `/(a+)+$/` backtracks for ever on a short input (a caller's
 * keys, or session data the app set), which no timeout can interrupt; bounding it would take a
 * regex engine of its own. The checks people write them for (length, all digits, a prefix) are in
 * the subset, and read exactly so on the keys a caller can press (0-9, *, #).
 */
const REGEX_INSTEAD =
  "check the keys with .length, isNaN, startsWith or includes instead, e.g. $keyPresses.length == 6 && !isNaN($keyPresses) for six digits (a caller's keys are 0-9, * and #)"

/** A `/` here starts a value (JavaScript's rule: at the start, after an operator, `(`, `[`, `,`, `?`, `:` or `typeof`), not a division. */
function valueExpected(last: Token | undefined): boolean {
  if (!last) return true
  switch (last.kind) {
    case 'operator':
      return true
    case 'paren':
      return last.value === '('
    case 'punct':
      return last.value !== ']' && last.value !== '.'
    case 'name':
      return last.name === 'typeof'
    default:
      return false
  }
}

/** Where the regular expression literal starting at `start` (a `/`) ends, with its flags; undefined when no `/` closes it on its line. */
function regexLiteralEnd(source: string, start: number): number | undefined {
  let inClass = false
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i]!
    if (ch === '\n' || ch === '\r') return undefined
    if (ch === '\\') i++
    else if (ch === '[') inClass = true
    else if (ch === ']') inClass = false
    else if (ch === '/' && !inClass) {
      if (i === start + 1) return undefined // `//` is a comment, not an empty pattern
      let end = i + 1
      while (end < source.length && /[a-z]/i.test(source[end]!)) end++
      return end
    }
  }
  return undefined
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`', $: '$' }

/**
 * A template literal: its text, and the source of each `${…}` (parsed by the parser as a
 * condition of its own). A template or an object literal inside `${…}` is not evaluated: the
 * closing `}` is the first one outside quotes.
 */
function readTemplate(
  source: string,
  start: number,
  fail: (reason: string, at?: number) => never,
  unevaluated: (form: string, detail?: string, at?: number) => never,
): { parts: TemplateParts; end: number } {
  const quasis: string[] = []
  const sources: TemplateParts['sources'] = []
  let text = ''
  let i = start + 1
  while (i < source.length && source[i] !== '`') {
    if (source[i] === '\\' && i + 1 < source.length) {
      text += ESCAPES[source[i + 1]!] ?? source[i + 1]
      i += 2
      continue
    }
    if (source.startsWith('${', i)) {
      let j = i + 2
      let quote: string | undefined
      for (; j < source.length; j++) {
        const ch = source[j]!
        if (quote) {
          if (ch === '\\') j++
          else if (ch === quote) quote = undefined
        } else if (ch === "'" || ch === '"') quote = ch
        else if (ch === '`') unevaluated('template literals nested in ${…}', '', j)
        else if (ch === '{') unevaluated('object literals ({…})', '', j)
        else if (ch === '}') break
      }
      if (j >= source.length) fail('a ${ in a template literal is never closed with }', i)
      quasis.push(text)
      text = ''
      sources.push({ text: source.slice(i + 2, j), at: i + 2 })
      i = j + 1
      continue
    }
    text += source[i]
    i++
  }
  if (i >= source.length) fail('unterminated template literal starting with `', start)
  quasis.push(text)
  return { parts: { quasis, sources }, end: i + 1 }
}

function readString(source: string, start: number, fail: (reason: string, at?: number) => never): { value: string; end: number } {
  const quote = source[start]!
  let value = ''
  let i = start + 1
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\') {
      const next = source[i + 1]
      if (next === undefined) break
      value += ESCAPES[next] ?? next
      i += 2
      continue
    }
    value += source[i]
    i++
  }
  if (i >= source.length) fail(`unterminated string starting with ${quote}`, start)
  return { value, end: i + 1 }
}
