/** A method call chained onto a call expression: `.pressDigits('1')` is `pressDigits` at its name's position. */
export interface ChainedCall {
  name: string
  /** 1-based, as a stack frame gives positions. */
  line: number
  column: number
}

/**
 * The method calls chained onto the call expression whose callee starts at `line`:`column` of
 * `source` (a stack frame's position of a call, or of the `await` before it). For
 *
 *     callTo(app, W)            // ← line:column
 *       .fromCaller('+14155550100')
 *       .expectAction('ANSWER') // a comment
 *       .pressDigits('1')
 *
 * it is fromCaller, expectAction and pressDigits, each with the position of its name. The chain
 * ends where the expression does (a statement's end, a closing bracket, a property that is not
 * called). Arguments are skipped whole: strings, template literals, comments and regular
 * expressions in them can hold any bracket. An empty list when the position is not a call.
 */
export function chainedCalls(source: string, line: number, column: number): ChainedCall[] {
  const start = offsetOf(source, line, column)
  return start === undefined ? [] : chainAt(source, start, 1)
}

/**
 * The chain at `start`. With nothing chained onto the call there, the chain its first argument
 * starts, `depth` calls deep: a failure's frame can be a helper's call the flow is passed to,
 * `await expectToFail(callTo(app).expectAction(…))`.
 */
function chainAt(source: string, start: number, depth: number): ChainedCall[] {
  const s = new Scanner(source, start)
  let callee = s.identifier()
  // An async stack frame stands at the `await` of `await callTo(app).expectAction(…)`.
  if (callee === 'await') {
    s.trivia()
    callee = s.identifier()
  }
  const inside = callee ? s.callArgumentsFrom() : undefined
  if (inside === undefined) return []
  const calls = chainedOnto(s, source)
  if (calls.length > 0 || depth === 0) return calls
  const argument = new Scanner(source, inside)
  argument.trivia()
  return chainAt(source, argument.i, depth - 1)
}

/** The method calls chained on from where `s` stands, just past a call. */
function chainedOnto(s: Scanner, source: string): ChainedCall[] {
  const calls: ChainedCall[] = []
  for (;;) {
    s.trivia()
    if (s.peek() === '!' && s.peek(1) !== '=') {
      s.i += 1 // TypeScript's non-null assertion: `callTo(app)!.expectAction(…)`
      s.trivia()
    }
    if (s.peek() === '?' && s.peek(1) === '.') s.i += 2
    else if (s.peek() === '.' && s.peek(1) !== '.') s.i += 1
    else return calls
    s.trivia()
    const at = s.i
    const name = s.identifier()
    if (!name) return calls
    const position = positionOf(source, at)
    if (!s.callArguments()) return calls
    calls.push({ name, ...position })
  }
}

const IDENTIFIER_START = /[A-Za-z_$]/
const IDENTIFIER_PART = /[\w$]/
/** After these, `/` starts a regular expression; after a value (name, number, `)`, `]`) it divides. */
const VALUE_END = /[\w$)\]]/

class Scanner {
  i: number
  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.i = start
  }

  peek(ahead = 0): string {
    return this.text[this.i + ahead] ?? ''
  }

  identifier(): string | undefined {
    if (!IDENTIFIER_START.test(this.peek())) return undefined
    const from = this.i
    while (IDENTIFIER_PART.test(this.peek())) this.i += 1
    return this.text.slice(from, this.i)
  }

  /** `(…)`, after optional whitespace and type arguments (`<'PLAY'>`). False if there is no call here. */
  callArguments(): boolean {
    return this.callArgumentsFrom() !== undefined
  }

  /** callArguments(), giving the offset just inside the `(`; undefined if there is no call here. */
  callArgumentsFrom(): number | undefined {
    this.trivia()
    if (this.peek() === '<' && !this.group('<', '>')) return undefined
    this.trivia()
    const inside = this.i + 1
    return this.peek() === '(' && this.group('(', ')') ? inside : undefined
  }

  /** Whitespace and comments. */
  trivia(): void {
    for (;;) {
      const c = this.peek()
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i += 1
      else if (c === '/' && this.peek(1) === '/') this.skipTo('\n', 0)
      else if (c === '/' && this.peek(1) === '*') this.skipTo('*/', 2)
      else return
    }
  }

  /** A bracketed group starting at `open`, nested brackets, strings and the rest inside it skipped whole. */
  group(open: string, close: string): boolean {
    let depth = 0
    let last = open // the last significant character: tells a regular expression from a division
    while (this.i < this.text.length) {
      const c = this.peek()
      if (c === '/' && (this.peek(1) === '/' || this.peek(1) === '*')) {
        this.trivia()
        continue
      }
      if (c === '"' || c === "'") {
        if (!this.string(c)) return false
      } else if (c === '`') {
        if (!this.template()) return false
      } else if (c === '/' && !VALUE_END.test(last)) {
        if (!this.regex()) return false
      } else {
        this.i += 1
        if (c === open || (open !== '<' && (c === '(' || c === '[' || c === '{'))) depth += 1
        else if (c === close || (open !== '<' && (c === ')' || c === ']' || c === '}'))) {
          depth -= 1
          if (depth === 0) return c === close
        }
      }
      if (!/\s/.test(c)) last = this.text[this.i - 1]!
    }
    return false
  }

  string(quote: string): boolean {
    this.i += 1
    while (this.i < this.text.length) {
      const c = this.peek()
      if (c === '\\') this.i += 2
      else if (c === quote) {
        this.i += 1
        return true
      } else if (c === '\n') return false
      else this.i += 1
    }
    return false
  }

  template(): boolean {
    this.i += 1
    while (this.i < this.text.length) {
      const c = this.peek()
      if (c === '\\') this.i += 2
      else if (c === '`') {
        this.i += 1
        return true
      } else if (c === '$' && this.peek(1) === '{') {
        this.i += 1
        if (!this.group('{', '}')) return false
      } else this.i += 1
    }
    return false
  }

  regex(): boolean {
    this.i += 1
    let inClass = false
    while (this.i < this.text.length) {
      const c = this.peek()
      if (c === '\\') this.i += 2
      else if (c === '\n') return false
      else {
        this.i += 1
        if (c === '[') inClass = true
        else if (c === ']') inClass = false
        else if (c === '/' && !inClass) {
          while (IDENTIFIER_PART.test(this.peek())) this.i += 1 // flags
          return true
        }
      }
    }
    return false
  }

  skipTo(end: string, skipFirst: number): void {
    const found = this.text.indexOf(end, this.i + skipFirst)
    this.i = found === -1 ? this.text.length : found + end.length
  }
}

/** The offset of a 1-based line and column, or undefined past the text. */
function offsetOf(text: string, line: number, column: number): number | undefined {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset)
    if (next === -1) return undefined
    offset = next + 1
  }
  const at = offset + column - 1
  return at < text.length ? at : undefined
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}
