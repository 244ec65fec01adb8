/**
 * Recursive-descent parser of IF conditions, with JavaScript's precedence (§4.2):
 * `||` < `&&` < equality (`== != === !==`) < relational (`< > <= >=`) < additive (`+ -`)
 * < multiplicative (`* / %`) < unary (`! - +`) < primary; binary operators group to the left.
 * Only a safe subset: no calls, no assignment, no member access other than dotted variable paths
 * (what the subset leaves out is JavaScript callspec does not evaluate, and its errors say so).
 */
import { LIMITS, limitNote } from '../limits.js'
import { ExpressionError, tokenize, type Token } from './tokenize.js'

export type EqualityOp = '==' | '!=' | '===' | '!=='
export type RelationalOp = '<' | '>' | '<=' | '>='
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%'

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  | { kind: 'variable'; path: string[]; text: string }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'plus'; operand: Expr }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr }
  | { kind: 'compare'; op: EqualityOp | RelationalOp; left: Expr; right: Expr }
  | { kind: 'logical'; op: '&&' | '||'; left: Expr; right: Expr }

const EQUALITY: readonly EqualityOp[] = ['==', '!=', '===', '!==']
const RELATIONAL: readonly RelationalOp[] = ['<', '>', '<=', '>=']
const ADDITIVE: readonly ArithmeticOp[] = ['+', '-']
const MULTIPLICATIVE: readonly ArithmeticOp[] = ['*', '/', '%']

/** Parses one condition; throws an ExpressionError naming the position of the problem. */
export function parseExpression(source: string): Expr {
  if (source.length > LIMITS.maxConditionLength) {
    throw new ExpressionError(
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
  const fail = (reason: string, token = peek()): never => {
    throw new ExpressionError(reason, source, token.at)
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
  const or = leftAssociative(['||'] as const, () => and(), (op, left, right) => ({ kind: 'logical', op, left, right }))
  const and = leftAssociative(['&&'] as const, () => equality(), (op, left, right) => ({ kind: 'logical', op, left, right }))
  const equality = leftAssociative<EqualityOp>(EQUALITY, () => relational(), (op, left, right) => ({ kind: 'compare', op, left, right }))
  const relational = leftAssociative<RelationalOp>(RELATIONAL, () => additive(), (op, left, right) => ({ kind: 'compare', op, left, right }))
  const additive = leftAssociative<ArithmeticOp>(ADDITIVE, () => multiplicative(), (op, left, right) => ({ kind: 'arithmetic', op, left, right }))
  const multiplicative = leftAssociative<ArithmeticOp>(MULTIPLICATIVE, () => unary(), (op, left, right) => ({ kind: 'arithmetic', op, left, right }))
  const unary = (): Expr => {
    if (isOp(['!'])) {
      pos++
      return { kind: 'not', operand: unary() }
    }
    if (isOp(['-'])) {
      pos++
      return { kind: 'negate', operand: unary() }
    }
    if (isOp(['+'])) {
      pos++
      return { kind: 'plus', operand: unary() }
    }
    return primary()
  }
  const primary = (): Expr => {
    const t = peek()
    switch (t.kind) {
      case 'number':
      case 'string':
      case 'literal':
        pos++
        return { kind: 'literal', value: t.value }
      case 'variable': {
        pos++
        const next = peek()
        if (next.kind === 'paren' && next.value === '(') {
          throw new ExpressionError(`callspec does not evaluate function calls (${t.text}(…))`, source, next.at, 'function calls')
        }
        return { kind: 'variable', path: t.path, text: t.text }
      }
      case 'paren': {
        if (t.value === ')') return fail('unexpected )')
        pos++
        const inner = or()
        const close = peek()
        if (close.kind !== 'paren' || close.value !== ')') fail('expected )', close)
        pos++
        return inner
      }
      case 'end':
        return fail(pos === 0 ? 'empty condition' : 'the condition ends too early')
      case 'operator':
        return fail(`unexpected ${t.op}`)
    }
  }

  const expr = or()
  const rest = peek()
  if (rest.kind !== 'end') {
    const what = rest.kind === 'operator' ? rest.op : rest.kind === 'paren' ? rest.value : 'a value'
    fail(`expected an operator such as == or &&, found ${what}`, rest)
  }
  return expr
}

/**
 * Nesting bounds the recursive parser, evaluator and printer: checked on the tokens (a linear,
 * iterative pass) before parsing, so no condition can overflow the stack.
 */
function checkDepth(tokens: readonly Token[], source: string): void {
  let parens = 0
  let unary = 0
  for (const t of tokens) {
    if (t.kind === 'paren') parens += t.value === '(' ? 1 : -1
    // Counted as unary wherever they stand: `a - b` counts 1, then the b resets it (a bound, not a parse).
    const isUnary = t.kind === 'operator' && (t.op === '!' || t.op === '-' || t.op === '+')
    unary = isUnary ? unary + 1 : t.kind === 'paren' && t.value === '(' ? unary : 0
    const depth = parens + unary
    if (depth > LIMITS.maxConditionDepth) {
      const deepest = Math.max(depth, maxParens(tokens))
      throw new ExpressionError(`the condition nests ${deepest} deep (parentheses and ! - +); the limit is ${LIMITS.maxConditionDepth} (${limitNote('maxConditionDepth')})`, source, t.at)
    }
  }
}

/** The deepest parenthesis nesting, for the message. */
function maxParens(tokens: readonly Token[]): number {
  let depth = 0
  let max = 0
  for (const t of tokens) if (t.kind === 'paren') max = Math.max(max, (depth += t.value === '(' ? 1 : -1))
  return max
}

/** Every variable the condition reads, in source order. */
export function variablesOf(expr: Expr): Array<{ path: string[]; text: string }> {
  switch (expr.kind) {
    case 'literal':
      return []
    case 'variable':
      return [{ path: expr.path, text: expr.text }]
    case 'not':
    case 'negate':
    case 'plus':
      return variablesOf(expr.operand)
    case 'compare':
    case 'logical':
    case 'arithmetic':
      return [...variablesOf(expr.left), ...variablesOf(expr.right)]
  }
}

const PRECEDENCE = { '||': 1, '&&': 2, '==': 3, '!=': 3, '===': 3, '!==': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 } as const
const UNARY = { not: '!', negate: '-', plus: '+' } as const
const isBinary = (e: Expr): e is Extract<Expr, { op: string }> => e.kind === 'compare' || e.kind === 'logical' || e.kind === 'arithmetic'

/**
 * The condition printed back with the grouping precedence gave it: parentheses where they are
 * needed, and around an `&&` inside an `||`, the case people misread.
 */
export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? `'${expr.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(expr.value)
    case 'variable':
      return expr.text
    case 'not':
    case 'negate':
    case 'plus': {
      const inner = printExpression(expr.operand)
      const bare = !isBinary(expr.operand)
      // `- -1`, not `--1` (a decrement in JavaScript).
      const sign = UNARY[expr.kind]
      const space = (expr.operand.kind === 'negate' || expr.operand.kind === 'plus') && UNARY[expr.operand.kind] === sign ? ' ' : ''
      return `${sign}${space}${bare ? inner : `(${inner})`}`
    }
    case 'compare':
    case 'logical':
    case 'arithmetic': {
      const prec = PRECEDENCE[expr.op]
      const side = (child: Expr, right: boolean) => {
        const text = printExpression(child)
        if (!isBinary(child)) return text
        const inner = PRECEDENCE[child.op]
        const needed = inner < prec || (right && inner === prec)
        const clarify = expr.op === '||' && child.op === '&&'
        return needed || clarify ? `(${text})` : text
      }
      return `${side(expr.left, false)} ${expr.op} ${side(expr.right, true)}`
    }
  }
}
