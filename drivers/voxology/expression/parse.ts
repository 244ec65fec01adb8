/**
 * Recursive-descent parser of IF conditions, with JavaScript's precedence (Voxology's IF condition
 * reference): `? :` < `|| ??` < `&&` < equality (`== != === !==`) < relational (`< > <= >=`) <
 * additive (`+ -`) < multiplicative (`* / %`) < unary (`! - + typeof`) < postfix (`.name`, `[…]`,
 * calls) < primary; binary operators group to the left. Only a safe subset (safe-subset.ts): no
 * assignment, and only the pure calls it lists; what it leaves out is JavaScript callspec does not
 * evaluate, and its errors say so.
 */
import { Script } from 'node:vm'
import { LIMITS, limitNote } from '../limits.js'
import { GLOBAL_FUNCTIONS, isMethod, JS_KEYWORDS } from './safe-subset.js'
import { ExpressionError, tokenize, type Punct, type Token } from './tokenize.js'

export type EqualityOp = '==' | '!=' | '===' | '!=='
export type RelationalOp = '<' | '>' | '<=' | '>=' | 'in'
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%'

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  | { kind: 'variable'; path: string[]; text: string }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'plus'; operand: Expr }
  | { kind: 'typeof'; operand: Expr }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr }
  | { kind: 'compare'; op: EqualityOp | RelationalOp; left: Expr; right: Expr }
  | { kind: 'logical'; op: '&&' | '||' | '??'; left: Expr; right: Expr }
  | { kind: 'conditional'; test: Expr; then: Expr; orElse: Expr }
  | { kind: 'member'; object: Expr; property: Expr }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'method'; object: Expr; name: string; args: Expr[] }
  | { kind: 'array'; elements: Expr[] }
  | { kind: 'template'; quasis: string[]; exprs: Expr[] }
  /** A condition in JavaScript callspec does not evaluate, run at warn (rule voxology/condition-subset): it reads as undefined. */
  | { kind: 'unevaluated'; source: string; form: string }

const UNARY_KINDS: Partial<Record<string, 'not' | 'negate' | 'plus'>> = { '!': 'not', '-': 'negate', '+': 'plus' }
const EQUALITY: readonly EqualityOp[] = ['==', '!=', '===', '!==']
const RELATIONAL: readonly RelationalOp[] = ['<', '>', '<=', '>=']
const ADDITIVE: readonly ArithmeticOp[] = ['+', '-']
const MULTIPLICATIVE: readonly ArithmeticOp[] = ['*', '/', '%']

/**
 * Parses one condition; throws an ExpressionError naming the position of the problem. A condition
 * callspec's parser does not read but JavaScript does (`a in b` nested oddly, `(a, b)[0]`…) is
 * JavaScript callspec does not evaluate (`form`), never "not JavaScript": the rule of that is
 * voxology/conditions, documented and fixed, and must fail only what no JavaScript engine reads.
 */
export function parseExpression(source: string): Expr {
  try {
    return parseSubset(withoutTrailingSemicolon(source))
  } catch (error) {
    if (!(error instanceof ExpressionError) || error.form || error instanceof LimitError || !isJavaScript(source)) throw error
    throw new ExpressionError(`callspec does not evaluate this JavaScript (its parser stops here: ${error.reason})`, source, error.at, OTHER_JAVASCRIPT)
  }
}

/**
 * The condition without the semicolons that end it (`$keyPresses == '1';`), read as the
 * expression before them. Inferred: the docs say conditions are "evaluated like JavaScript",
 * not how; JavaScript's eval reads `a == '1';` as the statement of that expression and gives its
 * value, so a platform that evaluates conditions that way takes it. callspec does the same rather
 * than fail it as "not JavaScript" (rule voxology/conditions, documented and fixed, is for text no
 * JavaScript engine reads). Measured (audit F3): it failed the call as not a valid Voxology
 * script. Only at the end: a semicolon between two statements (`a; b`) is JavaScript callspec
 * does not evaluate (rule voxology/condition-subset, see isJavaScript).
 */
function withoutTrailingSemicolon(source: string): string {
  return source.replace(/(?:\s*;)+\s*$/, '')
}

/** The form named for JavaScript callspec's parser does not read, beyond the forms it names itself. */
export const OTHER_JAVASCRIPT = 'a form outside its subset'

/** A bound of callspec's (length, nesting), not a verdict on the condition's JavaScript. */
class LimitError extends ExpressionError {}

/**
 * Whether `source` is one JavaScript expression, as a JavaScript engine reads it: compiled by V8,
 * never run. Inside `( … )` and inside `[ … ]`, so a source that closes the one early (`a) || (b`)
 * fails in the other; the newline ends a trailing `//` comment. Or statements a semicolon ends or
 * separates, as eval reads a condition (`a; b`): JavaScript too, which callspec does not evaluate.
 */
function isJavaScript(source: string): boolean {
  return (compiles(`(${source}\n)`) && compiles(`[${source}\n]`)) || (source.includes(';') && /[^\s;]/.test(source) && compiles(source))
}

function compiles(code: string): boolean {
  try {
    // Compiling only: a Script runs nothing until runInContext, which is never called.
    return new Script(code) instanceof Script
  } catch {
    return false
  }
}

/** The subset's own parser: an ExpressionError has `form` when it knows the condition is JavaScript it leaves out. */
function parseSubset(source: string): Expr {
  if (source.length > LIMITS.maxConditionLength) {
    throw new LimitError(
      `the condition is ${source.length} characters long; the limit is ${LIMITS.maxConditionLength} (${limitNote('maxConditionLength')})`,
      source,
      LIMITS.maxConditionLength,
    )
  }
  const tokens = tokenize(source)
  checkDepth(tokens, source)
  let pos = 0
  const peek = (): Token => tokens[pos]!
  const isOp = (ops: readonly string[]) => {
    const t = peek()
    return t.kind === 'operator' && ops.includes(t.op)
  }
  const isPunct = (value: Punct, t = peek()) => t.kind === 'punct' && t.value === value
  const isParen = (value: '(' | ')', t = peek()) => t.kind === 'paren' && t.value === value
  const fail = (reason: string, token = peek()): never => {
    throw new ExpressionError(reason, source, token.at)
  }
  const unevaluated = (what: string, form: string, at = peek().at): never => {
    throw new ExpressionError(`callspec does not evaluate ${what}`, source, at, form)
  }
  const expect = (ok: boolean, what: string) => {
    if (!ok) fail(`expected ${what}`)
    pos++
  }

  /** One level of left-associative binary operators, over the level that binds tighter. */
  const leftAssociative =
    <Op extends string>(ops: readonly Op[], tighter: () => Expr, node: (op: Op, left: Expr, right: Expr) => Expr) =>
    (): Expr => {
      let left = tighter()
      while (isOp(ops)) {
        const op = (tokens[pos++] as Token & { op: Op }).op
        left = node(op, left, tighter())
      }
      return left
    }
  // Loosest first, as JavaScript binds them; each level reads the next (a thunk: defined below it).
  const conditional = (): Expr => {
    const test = or()
    if (!isPunct('?')) return test
    pos++
    const then = conditional()
    expect(isPunct(':'), ': of the conditional operator (? :)')
    return { kind: 'conditional', test, then, orElse: conditional() }
  }
  const or = leftAssociative(['||', '??'] as const, () => and(), (op, left, right) => ({ kind: 'logical', op, left, right }))
  const and = leftAssociative(['&&'] as const, () => equality(), (op, left, right) => ({ kind: 'logical', op, left, right }))
  const equality = leftAssociative<EqualityOp>(EQUALITY, () => relational(), (op, left, right) => ({ kind: 'compare', op, left, right }))
  /** `< > <= >=`, and `in` (a name token, at the same precedence as in JavaScript); `instanceof` there is not evaluated. */
  const relational = (): Expr => {
    let left = additive()
    for (;;) {
      const t = peek()
      if (t.kind === 'name' && t.name === 'instanceof') unevaluated('the instanceof operator: the values are JSON data, never class instances', 'the instanceof operator')
      const op = t.kind === 'operator' && (RELATIONAL as readonly string[]).includes(t.op) ? (t.op as RelationalOp) : t.kind === 'name' && t.name === 'in' ? 'in' : undefined
      if (!op) return left
      pos++
      left = { kind: 'compare', op, left, right: additive() }
    }
  }
  const additive = leftAssociative<ArithmeticOp>(ADDITIVE, () => multiplicative(), (op, left, right) => ({ kind: 'arithmetic', op, left, right }))
  const multiplicative = leftAssociative<ArithmeticOp>(MULTIPLICATIVE, () => unary(), (op, left, right) => ({ kind: 'arithmetic', op, left, right }))
  const unary = (): Expr => {
    const t = peek()
    const kind = t.kind === 'operator' ? UNARY_KINDS[t.op] : t.kind === 'name' && t.name === 'typeof' ? 'typeof' : undefined
    if (!kind) return postfix()
    pos++
    return { kind, operand: unary() }
  }
  /** After an opening bracket: expressions separated by commas, up to the closing one (`closed`). */
  const listUntil = (closed: () => boolean, expected: string): Expr[] => {
    pos++
    const list: Expr[] = []
    while (!closed()) {
      list.push(conditional())
      if (!isPunct(',')) break
      pos++
    }
    expect(closed(), expected)
    return list
  }
  /** Arguments of a call, after its `(`. */
  const args = (): Expr[] => listUntil(() => isParen(')'), ') to close the arguments')
  /** `.name`, `[…]` and calls after a value, left to right. */
  const postfix = (): Expr => {
    let expr = primary()
    for (;;) {
      const t = peek()
      if (isPunct('.')) {
        pos++
        const name = peek()
        if (name.kind !== 'name' && name.kind !== 'literal') fail('expected a property name after .')
        pos++
        const key = name.kind === 'name' ? name.name : source.slice(name.at, peek().at).trim()
        expr = member(expr, { kind: 'literal', value: key }, `.${key}`)
      } else if (isPunct('[')) {
        pos++
        const property = conditional()
        const close = peek()
        expect(isPunct(']'), '] to close [')
        expr = member(expr, property, source.slice(t.at, close.at + 1))
      } else if (isParen('(')) {
        expr = call(expr, t)
      } else {
        return expr
      }
    }
  }
  /** `a.b` / `a['b']`: a variable's path grows (its reads are then named as written), anything else is a member node. */
  const member = (object: Expr, property: Expr, written: string): Expr => {
    if (object.kind === 'variable' && property.kind === 'literal' && (typeof property.value === 'string' || typeof property.value === 'number')) {
      return { kind: 'variable', path: [...object.path, String(property.value)], text: `${object.text}${written}` }
    }
    return { kind: 'member', object, property }
  }
  /** `f(…)`: only a global or a method safe-subset.ts allows. */
  const call = (callee: Expr, open: Token): Expr => {
    if (callee.kind === 'variable' && callee.path.length > 1) {
      const name = callee.path.at(-1)!
      const text = callee.text.slice(0, callee.text.length - (callee.text.endsWith(']') ? callee.text.length - callee.text.lastIndexOf('[') : name.length + 1))
      if (!isMethod(name)) unevaluated(`function calls (${callee.text}(…)): of methods callspec runs only ${methodList()}`, 'function calls', open.at)
      return { kind: 'method', object: { kind: 'variable', path: callee.path.slice(0, -1), text }, name, args: args() }
    }
    if (callee.kind === 'member' && callee.property.kind === 'literal' && typeof callee.property.value === 'string') {
      const name = callee.property.value
      if (!isMethod(name)) unevaluated(`function calls (….${name}(…)): of methods callspec runs only ${methodList()}`, 'function calls', open.at)
      return { kind: 'method', object: callee.object, name, args: args() }
    }
    return unevaluated(`function calls (${source.slice(0, open.at).trim().slice(-40)}(…)): callspec runs only ${GLOBAL_FUNCTIONS.join(', ')} and the methods ${methodList()}`, 'function calls', open.at)
  }
  const primary = (): Expr => {
    const t = peek()
    switch (t.kind) {
      case 'number':
      case 'string':
      case 'literal':
        pos++
        return { kind: 'literal', value: t.value }
      case 'variable':
        pos++
        return { kind: 'variable', path: t.path, text: t.text }
      case 'template':
        pos++
        return { kind: 'template', quasis: t.parts.quasis, exprs: t.parts.sources.map((s) => inner(s.text, s.at)) }
      case 'name': {
        pos++
        if ((GLOBAL_FUNCTIONS as readonly string[]).includes(t.name) && isParen('(')) return { kind: 'call', name: t.name, args: args() }
        if (JS_KEYWORDS.includes(t.name)) return unevaluated(`the JavaScript keyword "${t.name}"`, 'JavaScript keywords', t.at)
        const hint = ['keyPresses', 'sessionData', 'callTime'].includes(t.name) ? ` (did you mean $${t.name}?)` : ''
        return unevaluated(`the name "${t.name}": variables start with $${hint}; of JavaScript's globals callspec runs only ${GLOBAL_FUNCTIONS.join(', ')}(…)`, 'JavaScript globals', t.at)
      }
      case 'punct': {
        if (t.value !== '[') return fail(`unexpected ${t.value}`)
        return { kind: 'array', elements: listUntil(() => isPunct(']'), '] to close the array') }
      }
      case 'paren': {
        if (t.value === ')') return fail('unexpected )')
        pos++
        const inside = conditional()
        if (isPunct(',')) comma()
        const close = peek()
        if (close.kind !== 'paren' || close.value !== ')') fail('expected )', close)
        pos++
        return inside
      }
      case 'end':
        return fail(pos === 0 ? 'empty condition' : 'the condition ends too early')
      case 'operator':
        return fail(`unexpected ${t.op}`)
    }
  }
  /** A template literal's `${…}`: a condition of its own, whose errors point into this one. */
  const inner = (text: string, at: number): Expr => {
    try {
      return parseSubset(text)
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error
      const Same = error instanceof LimitError ? LimitError : ExpressionError
      throw new Same(error.reason, source, at + Math.min(error.at, text.length), error.form)
    }
  }

  /** `a, b`: JavaScript's comma operator, where a list (arguments, an array) does not take the comma. */
  const comma = (): never => unevaluated('the comma operator (a, b)', 'the comma operator')

  const expr = conditional()
  if (isPunct(',')) comma()
  const rest = peek()
  if (rest.kind !== 'end') {
    const what = rest.kind === 'operator' ? rest.op : rest.kind === 'paren' || rest.kind === 'punct' ? rest.value : 'a value'
    fail(`expected an operator such as == or &&, found ${what}`, rest)
  }
  return expr
}

const methodList = () => 'the string methods startsWith, endsWith, includes, indexOf, trim, toLowerCase, toUpperCase (and includes, indexOf on arrays)'

/**
 * Nesting bounds the recursive parser, evaluator and printer: checked on the tokens (a linear,
 * iterative pass) before parsing, so no condition can overflow the stack.
 */
function checkDepth(tokens: readonly Token[], source: string): void {
  let parens = 0
  let unary = 0
  // Each `?` nests its `:` branch (`a ? b : c ? d : e` recurses to the right): counted and never undone, a bound.
  let conditionals = 0
  for (const t of tokens) {
    const open = isOpen(t)
    if (open !== undefined) parens += open ? 1 : -1
    if (t.kind === 'punct' && t.value === '?') conditionals++
    // Counted as unary wherever they stand: `a - b` counts 1, then the b resets it (a bound, not a parse).
    const isUnary = (t.kind === 'operator' && (t.op === '!' || t.op === '-' || t.op === '+')) || (t.kind === 'name' && t.name === 'typeof')
    unary = isUnary ? unary + 1 : open ? unary : 0
    const depth = parens + unary + conditionals
    if (depth > LIMITS.maxConditionDepth) {
      const deepest = Math.max(depth, maxParens(tokens))
      throw new LimitError(`the condition nests ${deepest} deep (parentheses and ! - +); the limit is ${LIMITS.maxConditionDepth} (${limitNote('maxConditionDepth')})`, source, t.at)
    }
  }
}

/** Whether a token opens (true) or closes (false) a nesting: parentheses and brackets. */
function isOpen(t: Token): boolean | undefined {
  if (t.kind === 'paren') return t.value === '('
  if (t.kind === 'punct' && (t.value === '[' || t.value === ']')) return t.value === '['
  return undefined
}

/** The deepest parenthesis and bracket nesting, for the message. */
function maxParens(tokens: readonly Token[]): number {
  let depth = 0
  let max = 0
  for (const t of tokens) {
    const open = isOpen(t)
    if (open !== undefined) max = Math.max(max, (depth += open ? 1 : -1))
  }
  return max
}

export { printExpression, variablesOf } from './print.js'
