/**
 * The lexer of IF conditions (§4.2): `$`-variables with dotted paths, quoted strings, numbers,
 * true/false/null/undefined, comparison, logical and arithmetic operators, parentheses. Anything
 * else is an error that points at the character, so a typo in a script fails with a position. An
 * error says which it is: not JavaScript at all (`'a`, `#`), or JavaScript that callspec does not
 * evaluate (a call, an assignment, `[…]`, `?:`), which the real platform may well run (`form`).
 */

export type Operator = '===' | '!==' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '&&' | '||' | '!' | '+' | '-' | '*' | '/' | '%'

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'literal'; value: boolean | null | undefined; at: number }
  | { kind: 'variable'; path: string[]; text: string; at: number }
  | { kind: 'operator'; op: Operator; at: number }
  | { kind: 'paren'; value: '(' | ')'; at: number }
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
const OPERATORS: readonly Operator[] = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%']

/**
 * JavaScript callspec does not evaluate, by what it starts with (longest first): the form, for
 * the message. `++`/`--` are read here, not as two signs, as JavaScript reads them (`1--1` is not
 * `1 - -1` there). `=` has its own message.
 */
const UNEVALUATED: ReadonlyArray<readonly [string, string]> = [
  ['**', 'exponentiation (**)'],
  ['++', 'increment (++)'],
  ['--', 'decrement (--)'],
  ['?', 'the conditional operator and ?? (? :)'],
  ['[', 'bracket member access ([…]): write a dotted path such as $sessionData.items.0'],
  [']', 'bracket member access ([…]): write a dotted path such as $sessionData.items.0'],
  [':', 'the conditional operator (? :)'],
  ['`', 'template literals (`…`)'],
  [',', 'the comma operator and argument lists'],
  ['{', 'object literals ({…})'],
  ['}', 'object literals ({…})'],
  ['~', 'bitwise operators'],
  ['^', 'bitwise operators'],
]
const LITERALS: Record<string, boolean | null | undefined> = { true: true, false: false, null: null, undefined: undefined }
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y
const SEGMENT = /[A-Za-z0-9_]+/y
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y

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
      tokens.push({ kind: 'number', value: Number(number[0]), at })
      i = NUMBER.lastIndex
      continue
    }
    IDENT.lastIndex = i
    const word = IDENT.exec(source)
    if (word) {
      const name = word[0]
      if (!(name in LITERALS)) {
        // `parseInt($keyPresses)`, `Math.max(…)`: a JavaScript global, not a variable typed without its $.
        const after = source.slice(IDENT.lastIndex).trimStart()[0]
        if (after === '(' || after === '.') unevaluated('function calls and JavaScript globals', ` (${name}${after === '(' ? '(…)' : '.…'}); variables start with $`)
        const hint = ['keyPresses', 'sessionData', 'callTime'].includes(name) ? ` (did you mean $${name}?)` : ''
        fail(`unknown name "${name}": variables start with $${hint}`)
      }
      tokens.push({ kind: 'literal', value: LITERALS[name], at })
      i = IDENT.lastIndex
      continue
    }
    const form = UNEVALUATED.find(([start]) => source.startsWith(start, i))
    if (form) unevaluated(form[1])
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

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' }

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
