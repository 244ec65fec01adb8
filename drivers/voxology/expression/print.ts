/** What a parsed condition reads, and the condition printed back with its grouping (for the transcript). */
import type { Expr } from './parse.js'

/** The sub-expressions of a node, in source order. */
function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'literal':
    case 'variable':
    case 'unevaluated':
      return []
    case 'not':
    case 'negate':
    case 'plus':
    case 'typeof':
      return [expr.operand]
    case 'compare':
    case 'logical':
    case 'arithmetic':
      return [expr.left, expr.right]
    case 'conditional':
      return [expr.test, expr.then, expr.orElse]
    case 'member':
      return [expr.object, expr.property]
    case 'call':
      return expr.args
    case 'method':
      return [expr.object, ...expr.args]
    case 'array':
      return expr.elements
    case 'template':
      return expr.exprs
  }
}

/** Every variable the condition reads, in source order. */
export function variablesOf(expr: Expr): Array<{ path: string[]; text: string }> {
  if (expr.kind === 'variable') return [{ path: expr.path, text: expr.text }]
  return children(expr).flatMap(variablesOf)
}

const PRECEDENCE = { '??': 1, '||': 1, '&&': 2, '==': 3, '!=': 3, '===': 3, '!==': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, in: 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 } as const
const UNARY = { not: '!', negate: '-', plus: '+', typeof: 'typeof ' } as const
const isBinary = (e: Expr): e is Extract<Expr, { op: string }> => e.kind === 'compare' || e.kind === 'logical' || e.kind === 'arithmetic'
/** Nodes printed as one unit, which never need parentheses around them. */
const isAtom = (e: Expr) => !isBinary(e) && e.kind !== 'conditional'

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
const list = (items: readonly Expr[]) => items.map(printExpression).join(', ')

/**
 * The condition printed back with the grouping precedence gave it: parentheses where they are
 * needed, and around an `&&` inside an `||`, the case people misread.
 */
export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? quote(expr.value) : String(expr.value)
    case 'variable':
      return expr.text
    case 'unevaluated':
      return expr.source
    case 'not':
    case 'negate':
    case 'plus':
    case 'typeof': {
      const inner = printExpression(expr.operand)
      // `- -1`, not `--1` (a decrement in JavaScript).
      const sign = UNARY[expr.kind]
      const space = (expr.operand.kind === 'negate' || expr.operand.kind === 'plus') && UNARY[expr.operand.kind] === sign ? ' ' : ''
      return `${sign}${space}${isAtom(expr.operand) ? inner : `(${inner})`}`
    }
    case 'conditional': {
      const test = printExpression(expr.test)
      return `${expr.test.kind === 'conditional' ? `(${test})` : test} ? ${printExpression(expr.then)} : ${printExpression(expr.orElse)}`
    }
    case 'member': {
      const object = printExpression(expr.object)
      const { property } = expr
      const dotted = property.kind === 'literal' && typeof property.value === 'string' && /^[A-Za-z_$][\w$]*$/.test(property.value)
      return `${isAtom(expr.object) ? object : `(${object})`}${dotted ? `.${String(property.value)}` : `[${printExpression(property)}]`}`
    }
    case 'call':
      return `${expr.name}(${list(expr.args)})`
    case 'method': {
      const object = printExpression(expr.object)
      return `${isAtom(expr.object) ? object : `(${object})`}.${expr.name}(${list(expr.args)})`
    }
    case 'array':
      return `[${list(expr.elements)}]`
    case 'template':
      return `\`${expr.quasis.map((q, i) => `${q.replace(/[`\\]|\$\{/g, (m) => `\\${m}`)}${i < expr.exprs.length ? `\${${printExpression(expr.exprs[i]!)}}` : ''}`).join('')}\``
    case 'compare':
    case 'logical':
    case 'arithmetic': {
      const prec = PRECEDENCE[expr.op]
      const side = (child: Expr, right: boolean) => {
        const text = printExpression(child)
        if (child.kind === 'conditional') return `(${text})`
        if (!isBinary(child)) return text
        const inner = PRECEDENCE[child.op]
        const needed = inner < prec || (right && inner === prec)
        const clarify = (expr.op === '||' || expr.op === '??') && child.op === '&&'
        return needed || clarify ? `(${text})` : text
      }
      return `${side(expr.left, false)} ${expr.op} ${side(expr.right, true)}`
    }
  }
}
