/**
 * Partial deep matching for `expectAction(name, match)` and `toHaveAction`: every key the test
 * names must match, others are ignored. A RegExp tests a string; an object with
 * `asymmetricMatch` (vitest's `expect.any(…)`, `expect.stringContaining(…)`) decides for itself.
 * Written here rather than borrowed from vitest because the core must run without vitest and a
 * RegExp means "pattern" here, where vitest's equality compares RegExps as values.
 */
import { nearKeyName } from '../validation/did-you-mean.js'
import { nearMissText } from '../utils/near-miss-text.js'

/** Anything usable as a vitest asymmetric matcher. */
export interface AsymmetricMatcherLike {
  asymmetricMatch(other: unknown): boolean
}

/** The shape `expectAction` accepts for an action of type T. */
export type Match<T> =
  | AsymmetricMatcherLike
  | (T extends string
      ? T | RegExp
      : T extends number | boolean | null | undefined
        ? T
        : T extends readonly (infer E)[]
          ? readonly Match<E>[]
          : T extends object
            ? { [K in keyof T]?: Match<T[K]> }
            : T)

export const isAsymmetric = (value: unknown): value is AsymmetricMatcherLike =>
  typeof value === 'object' && value !== null && typeof (value as AsymmetricMatcherLike).asymmetricMatch === 'function'

/**
 * How an array of another length is said: the way out from TypeScript (expect.arrayContaining), or
 * from a scenario file's `match:`, which has no matchers (audit-122: a YAML failure named
 * expect.arrayContaining, which no scenario file can write).
 */
const ARRAY_WAY_OUT = {
  typescript: 'to find some among more, use expect.arrayContaining([...])',
  scenario: "list them all in match:, or leave the array out and match the fields beside it (a scenario file's match has no matchers)",
}

/** Returns undefined when `actual` matches, else where and why it does not. `scenario`: the match was written in a scenario file. */
export function mismatch(actual: unknown, expected: unknown, path = '', scenario = false): string | undefined {
  const at = path || '(root)'
  if (isAsymmetric(expected)) {
    return expected.asymmetricMatch(actual) ? undefined : `${at}: ${show(actual)} does not match ${describeExpected(expected)}`
  }
  if (expected instanceof RegExp) {
    return typeof actual === 'string' && expected.test(actual) ? undefined : `${at}: expected ${expected} to match, got ${show(actual)}`
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${show(actual)}`
    // An array matches item by item, the same length (objects inside it partially); the way out is said (newcomer audit-91).
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} item(s), got ${actual.length} (an array matches item by item, all of them; ${ARRAY_WAY_OUT[scenario ? 'scenario' : 'typescript']})`
    for (let i = 0; i < expected.length; i++) {
      const inner = mismatch(actual[i], expected[i], `${path}[${i}]`, scenario)
      if (inner) return inner
    }
    return undefined
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return `${at}: expected an object, got ${show(actual)}`
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined && !(key in actual)) continue
      const inner = mismatch((actual as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key, scenario)
      if (inner) return key in actual ? inner : `${inner}${foundElsewhere(actual, key, path)}`
    }
    return undefined
  }
  if (Object.is(actual, expected)) return undefined
  return `${at}: expected ${show(expected)}, got ${show(actual)}${readAloudAlike(actual, expected)}`
}

/**
 * Two strings that differ only in case, punctuation or spacing ("three-question" against "three
 * question"): said, as toHavePlayed says it, since such a difference is easy to miss in a long
 * prompt (helper-188: an expectAction on a SAY's text failed with no word of it).
 */
function readAloudAlike(actual: unknown, expected: unknown): string {
  if (typeof actual !== 'string' || typeof expected !== 'string') return ''
  // Words only: a number or keys ('+15550100' against '15550100', '12#' against '12*') differ in
  // what they say, and a pattern with /…/i is no advice for them (audit h190).
  if (!/\p{L}/u.test(expected)) return ''
  return nearMissText(expected, [actual], true) ? ' (they differ only in case, punctuation or spacing: strings match exactly; copy the text as the app sent it, or write a pattern with /…/i)' : ''
}

export const matches = (actual: unknown, expected: unknown): boolean => mismatch(actual, expected) === undefined

/**
 * A key of the match the action does not have where the match puts it, while it has one a letter
 * or two from it there (or that key deeper in): the test's typo, which makes any match of it fail,
 * said as mismatch says it (`collectInput.terminationDgit (no terminationDgit here; the action has
 * terminationDigit)`). Undefined when there is none. A negated matcher reads it: a misspelt key
 * makes `.not` pass whatever the app sent (newcomer audit-155 N2).
 */
export function misspeltKey(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (typeof expected !== 'object' || expected === null || isAsymmetric(expected) || expected instanceof RegExp) return undefined
  if (typeof actual !== 'object' || actual === null) return undefined
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return undefined
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      const slip = misspeltKey(actual[i], expected[i], `${path}[${i}]`)
      if (slip) return slip
    }
    return undefined
  }
  for (const [key, value] of Object.entries(expected)) {
    const at = path ? `${path}.${key}` : key
    if (!(key in actual)) {
      const elsewhere = value === undefined ? '' : foundElsewhere(actual, key, path)
      if (elsewhere) return `${at}${elsewhere}`
      continue
    }
    const slip = misspeltKey((actual as Record<string, unknown>)[key], value, at)
    if (slip) return slip
  }
  return undefined
}

/**
 * A key the match names that is not where the match puts it, but deeper in the action (a PLAY's
 * `text` is at `audio[0].text`): where it is, for the message. Looks a few levels down, breadth
 * first, and names at most two places.
 */
function foundElsewhere(actual: object, key: string, path: string): string {
  const found: string[] = []
  let level: Array<[unknown, string]> = [[actual, path]]
  for (let depth = 0; depth < 4 && level.length > 0 && found.length < 2; depth++) {
    const next: Array<[unknown, string]> = []
    for (const [value, at] of level) {
      if (typeof value !== 'object' || value === null) continue
      for (const [k, child] of Object.entries(value)) {
        const childAt = Array.isArray(value) ? `${at}[${k}]` : at ? `${at}.${k}` : k
        if (depth > 0 && k === key && !Array.isArray(value) && found.length < 2) found.push(childAt)
        next.push([child, childAt])
      }
    }
    level = next
  }
  if (found.length > 0) return ` (no ${key} here; the action has one at ${found.join(' and ')})`
  // A key one letter or two from one the action has: a typo, the test's or the app's (newcomer
  // audit-91); or the action's key is this one with a word more: an 8x8 sayAndCapture's `prompt`
  // is `promptMessage`, which the diff showed without saying (newcomer audit h183).
  const near = Array.isArray(actual) ? undefined : nearKeyName(key, Object.keys(actual))
  return near === undefined ? '' : ` (no ${key} here; the action has ${near})`
}

/** Prints a match object for messages: RegExps and asymmetric matchers as themselves. */
export function describeExpected(expected: unknown): string {
  if (expected instanceof RegExp) return String(expected)
  if (isAsymmetric(expected)) {
    const m = expected as { toString?: () => string; toAsymmetricMatcher?: () => string }
    return m.toAsymmetricMatcher?.() ?? m.toString?.() ?? 'asymmetric matcher'
  }
  if (Array.isArray(expected)) return `[${expected.map(describeExpected).join(', ')}]`
  if (typeof expected === 'object' && expected !== null) {
    return `{ ${Object.entries(expected)
      .map(([k, v]) => `${k}: ${describeExpected(v)}`)
      .join(', ')} }`
  }
  return show(expected)
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}
