/**
 * Evaluates a parsed condition "like JavaScript" (Voxology's IF condition reference). The values
 * are JSON data (strings, numbers, booleans, null, plain objects and arrays: never functions), so
 * the language's own `==`, `<`, `!`, `&&`/`||`/`??`, `? :`, `typeof`, template literals and `+ - *
 * / %` give exactly JavaScript's coercions: `'42' == 42` is true, `'9' < 10` compares numbers, `''
 * == 0` is true, `null == undefined` is true, `'a' + 1` is `'a1'` (a string on either side
 * concatenates), `'6' * '7'` is 42, `1 / 0` is Infinity. Property reads and calls are
 * safe-subset.ts's.
 */
import type { ArithmeticOp, Expr } from './parse.js'
import { callGlobal, callMethod, readMember } from './safe-subset.js'

/** A variable read during evaluation, for the transcript: which values the IF saw. */
export interface Read {
  text: string
  value: unknown
}

/**
 * Resolves `$root.a.b`. A missing variable or property is `undefined` (never a TypeError, even
 * under a missing parent); only own properties are read, so `$sessionData.constructor` is
 * undefined too.
 */
export function resolvePath(roots: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = Object.hasOwn(roots, path[0]!) ? roots[path[0]!] : undefined
  for (const key of path.slice(1)) {
    value = readMember(value, key)
    if (value === undefined) return undefined
  }
  return value
}

/** The condition's value (JavaScript semantics, `&&`/`||` short-circuit) and the variables it read. */
export function evaluate(expr: Expr, roots: Readonly<Record<string, unknown>>): { value: unknown; reads: Read[] } {
  const reads: Read[] = []
  const run = (e: Expr): unknown => {
    switch (e.kind) {
      case 'literal':
        return e.value
      case 'variable': {
        const value = resolvePath(roots, e.path)
        if (!reads.some((r) => r.text === e.text)) reads.push({ text: e.text, value })
        return value
      }
      case 'not':
        return !run(e.operand)
      case 'negate':
        return -(run(e.operand) as number)
      case 'plus':
        return +(run(e.operand) as number)
      case 'typeof':
        return typeof run(e.operand)
      case 'conditional':
        return run(e.test) ? run(e.then) : run(e.orElse)
      case 'member':
        return readMember(run(e.object), run(e.property))
      case 'call':
        return callGlobal(e.name, e.args.map(run))
      case 'method':
        return callMethod(run(e.object), e.name, e.args.map(run))
      case 'array':
        return e.elements.map(run)
      case 'template':
        return e.quasis.reduce((text, q, i) => `${text}${q}${i < e.exprs.length ? String(run(e.exprs[i]!)) : ''}`, '')
      case 'unevaluated':
        return undefined
      case 'arithmetic':
        return arithmetic(e.op, run(e.left), run(e.right))
      case 'logical': {
        const left = run(e.left)
        if (e.op === '&&') return left ? run(e.right) : left
        if (e.op === '??') return left ?? run(e.right)
        return left ? left : run(e.right)
      }
      case 'compare': {
        // `any`: the operands are data of any JSON type; JavaScript's own operators coerce them.
        const left = run(e.left) as any
        const right = run(e.right) as any
        switch (e.op) {
          case '==':
            return left == right
          case '!=':
            return left != right
          case '===':
            return left === right
          case '!==':
            return left !== right
          case '<':
            return left < right
          case '>':
            return left > right
          case '<=':
            return left <= right
          case '>=':
            return left >= right
          case 'in':
            return hasOwnKey(right, left)
        }
      }
    }
  }
  return { value: run(expr), reads }
}

/**
 * `key in value`, on the value's own keys, as callspec reads members (readMember): an object's
 * keys, an array's indexes and `length`. JavaScript also finds inherited names (`'toString' in
 * $sessionData` is true there); callspec never reads a prototype, so they are false here. On a
 * value that is not an object (a string, undefined) JavaScript throws a TypeError: read as
 * undefined, as a method called on the wrong value is.
 */
function hasOwnKey(value: unknown, key: unknown): boolean | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  return Object.hasOwn(value, String(key))
}

/** `left op right` with JavaScript's own operators, which coerce the data (`'a' + 1` is `'a1'`, `'6' * '7'` is 42). */
function arithmetic(op: ArithmeticOp, l: unknown, r: unknown): unknown {
  // `any`, as for comparisons: the operands are data of any JSON type.
  const left = l as any
  const right = r as any
  switch (op) {
    case '+':
      return left + right
    case '-':
      return left - right
    case '*':
      return left * right
    case '/':
      return left / right
    case '%':
      return left % right
  }
}

/** A value as the transcript shows it: strings quoted, so `'1'` and `1` differ visibly. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}
