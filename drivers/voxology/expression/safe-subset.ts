/**
 * The JavaScript callspec runs in IF conditions beyond operators: property reads and a short
 * allow-list of pure calls. [inferred] Voxology says conditions are "evaluated like JavaScript"
 * (Voxology's IF condition reference) and names no subset; callspec runs the calls people write in
 * conditions that cannot change anything or reach outside the data (`$keyPresses.startsWith('9')`,
 * `parseInt(…)`), with JavaScript's own semantics, and no other call (rule
 * voxology/condition-subset). The values are JSON data (strings, numbers, booleans, null, plain
 * objects and arrays), never functions.
 */

/** Global functions a condition may call, run as JavaScript's own. */
export const GLOBAL_FUNCTIONS = ['parseInt', 'parseFloat', 'Number', 'String', 'Boolean', 'isNaN'] as const

const GLOBALS: Record<(typeof GLOBAL_FUNCTIONS)[number], (...args: unknown[]) => unknown> = {
  parseInt: (s, radix) => parseInt(String(s), radix as number),
  parseFloat: (s) => parseFloat(String(s)),
  Number: (...v) => (v.length ? Number(v[0]) : 0),
  String: (...v) => (v.length ? String(v[0]) : ''),
  Boolean: (v) => Boolean(v),
  isNaN: (v) => isNaN(v as number),
}

/** String methods a condition may call on a string. */
const STRING_METHODS = ['startsWith', 'endsWith', 'includes', 'indexOf', 'trim', 'toLowerCase', 'toUpperCase'] as const
/** Array methods a condition may call on an array (`['1', '2'].includes($keyPresses)`). */
const ARRAY_METHODS = ['includes', 'indexOf'] as const

export const isMethod = (name: string): boolean => (STRING_METHODS as readonly string[]).includes(name)

/** JavaScript keywords that are not values or operators callspec runs (`typeof` is one it runs). */
export const JS_KEYWORDS: readonly string[] = ['new', 'delete', 'void', 'in', 'instanceof', 'this', 'function', 'class', 'await', 'yield', 'let', 'var', 'const', 'return', 'import', 'super']

export function callGlobal(name: string, args: unknown[]): unknown {
  return GLOBALS[name as keyof typeof GLOBALS](...args)
}

/**
 * `value.name(…args)`. On a value the method does not belong to (undefined, a number), JavaScript
 * throws a TypeError; callspec reads the call as undefined instead, as it reads a missing
 * variable, so a script does not crash the call.
 */
export function callMethod(value: unknown, name: string, args: unknown[]): unknown {
  if (typeof value === 'string' && (STRING_METHODS as readonly string[]).includes(name)) {
    return (String.prototype[name as (typeof STRING_METHODS)[number]] as (...a: unknown[]) => unknown).apply(value, args)
  }
  if (Array.isArray(value) && (ARRAY_METHODS as readonly string[]).includes(name)) {
    return (Array.prototype[name as (typeof ARRAY_METHODS)[number]] as (...a: unknown[]) => unknown).apply(value, args)
  }
  return undefined
}

/**
 * `value[key]`, own properties only: a string's `length` and characters, an array's items and
 * `length`, an object's own keys. Nothing is read from a prototype (`__proto__`, `constructor`,
 * a method), so a condition can never reach a function.
 */
export function readMember(value: unknown, key: unknown): unknown {
  const name = typeof key === 'number' ? String(key) : typeof key === 'string' ? key : undefined
  if (name === undefined) return undefined
  if (typeof value === 'string') return name === 'length' ? value.length : /^\d+$/.test(name) ? value[Number(name)] : undefined
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, name)) {
    const found = (value as Record<string, unknown>)[name]
    return typeof found === 'function' ? undefined : found
  }
  return undefined
}
