import { escapeRegExp } from '../utils/escape-regexp.js'

/**
 * A plain string in a scenario matches the whole text exactly; `/…/` is a pattern. A string that
 * failed but sits inside the text it was compared with (`text: "Pizza Planet"` against "Welcome
 * to Pizza Planet.") was most likely meant as a pattern: the hint says so, with the pattern to
 * write. Walks `expected` (a step's `match`, or a `heard` string) alongside `actual`.
 */
export function textMeantAsPattern(actual: unknown, expected: unknown): string | undefined {
  if (typeof expected === 'string') {
    if (typeof actual !== 'string' || actual === expected || !actual.includes(expected)) return undefined
    const whole = actual.length > 60 ? `${actual.slice(0, 60)}…` : actual
    return `Hint: ${JSON.stringify(expected)} is text, which matches only the whole of ${JSON.stringify(whole)}; to find it inside, write a pattern: /${escapeRegExp(expected)}/`
  }
  if (typeof expected !== 'object' || expected === null || expected instanceof RegExp) return undefined
  if (typeof actual !== 'object' || actual === null) return undefined
  for (const [key, value] of Object.entries(expected)) {
    const hint = textMeantAsPattern((actual as Record<string, unknown>)[key], value)
    if (hint) return hint
  }
  return undefined
}
