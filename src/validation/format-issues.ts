import type * as z from 'zod'
import { toDotPath } from 'zod/v4/core'
import type { ValidationIssue } from './types.js'
import { withHint } from './issue-line.js'
import { valueAt } from './value-at.js'

export { withHint } from './issue-line.js'
export { valueAt }

/**
 * The value received, as JSON, shortened to `max` characters: `"YOUR HOST URL/game"`. Written
 * with a budget, never whole: a payload can be megabytes long or nested thousands deep, and a
 * quote needs only its first few dozen characters.
 */
export function quoteValue(value: unknown, max = 48): string {
  let out = ''
  const full = () => out.length > max
  const write = (v: unknown, depth: number): void => {
    if (full()) return
    if (v === null || typeof v !== 'object') {
      out += typeof v === 'string' ? JSON.stringify(v.length > max ? v.slice(0, max) : v) : (JSON.stringify(v) ?? String(v))
      return
    }
    if (depth >= 8) {
      out += Array.isArray(v) ? '[…]' : '{…}'
      return
    }
    const array = Array.isArray(v)
    out += array ? '[' : '{'
    const keys = array ? undefined : Object.keys(v)
    const count = array ? (v as unknown[]).length : keys!.length
    for (let i = 0; i < count && !full(); i++) {
      if (i > 0) out += ','
      if (keys) out += `${JSON.stringify(keys[i])}:`
      write(array ? (v as unknown[])[i] : (v as Record<string, unknown>)[keys![i]!], depth + 1)
    }
    out += array ? ']' : '}'
  }
  write(value, 0)
  return full() ? `${out.slice(0, max - 1)}…` : out
}

/**
 * zod issues → `{ path, message }` with zod's own dot-path printer (`audio[0].text`). Given the
 * payload, every message quotes the value received there (shortened), so a wrong value is seen,
 * not guessed: `expected an absolute http(s) URL (received "YOUR HOST URL/game")`.
 */
export function toValidationIssues(error: z.ZodError, payload?: unknown): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '' : toDotPath(issue.path)
    const said = issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys) : issue.message
    if (payload === undefined) return { path, message: said }
    const received = issue.code === 'unrecognized_keys' ? quoteKeys(payload, issue.path, issue.keys) : quoteAt(payload, issue.path)
    if (received === undefined) return { path, message: said }
    // zod's "…, received string" gets the value itself after it; other messages a "(received …)".
    // Not when the type is the value: "received null" said it ("received null null" read as a typo).
    const type = /received (\w+)$/.exec(said)?.[1]
    const message = type === undefined ? `${said} (received ${received})` : type === received ? said : `${said} ${received}`
    return { path, message, received }
  })
}

/**
 * An issue's path back as keys (`text_to_speech_option.prosody["say-as"].format`, `a[0].b`): the
 * inverse of zod's toDotPath above, kept beside it, for a driver that reads the payload at an issue.
 */
export function pathKeys(path: string): string[] {
  return [...path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : (m[2] ?? m[3])!))
}

const quoteAt = (payload: unknown, path: readonly PropertyKey[]) => {
  const value = valueAt(payload, path)
  return value === undefined ? undefined : quoteValue(value)
}

/** How many unknown keys a message names: the first ones, then how many more (unknownKeysMessage). */
export const KEYS_NAMED = 5

/**
 * zod's `Unrecognized keys: "a", "b"` with the first KEYS_NAMED keys named and the rest counted:
 * zod names every key, and an answer with 100,000 extra keys (1.4 MB) made a 989,123-character
 * warning, printed twice in a later failure's message (audit H7).
 */
function unknownKeysMessage(keys: readonly string[]): string {
  const named = keys.slice(0, KEYS_NAMED).map((key) => quoteValue(key, 60))
  const list = keys.length > KEYS_NAMED ? `${named.join(', ')} and ${keys.length - KEYS_NAMED} more` : named.join(', ')
  return `Unrecognized key${keys.length === 1 ? '' : 's'}: ${list}`
}

/**
 * Unknown keys' values: one key's value alone (`"blue"`), several each after its key
 * (`"params": {…}, "actions": […]`), so no value reads as another key's. The first three, then
 * how many more.
 */
function quoteKeys(payload: unknown, path: readonly PropertyKey[], keys: readonly string[]): string | undefined {
  if (keys.length === 1) return quoteAt(payload, [...path, keys[0]!])
  // A key is the app's too, of any length: shortened as a value is (a 100,000-character key made a line as long).
  const quoted = keys.slice(0, 3).map((key) => `${quoteValue(key, 60)}: ${quoteAt(payload, [...path, key]) ?? 'undefined'}`)
  return keys.length > 3 ? `${quoted.join(', ')} and ${keys.length - 3} more` : quoted.join(', ')
}

/**
 * How many issues a message lists: an 8x8 callflow of 20,000 actions each with a wrong field made
 * 40,000 issues, a 6 MB failure message (measured, audit H7's follow-up); the first ones say what
 * is wrong, and the error's `issues` keep them all.
 */
export const ISSUES_LISTED = 20

/** The `✖ message\n  → at path` list zod prints, from our plain issues (so vendor rules print alike): the first ISSUES_LISTED, then how many more. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  const more = issues.length > ISSUES_LISTED ? `\n… and ${issues.length - ISSUES_LISTED} more issues` : ''
  return issues
    .slice(0, ISSUES_LISTED)
    .map((i) => `${i.level === 'warn' ? '⚠' : '✖'} ${withHint(i)}${i.path ? `\n  → at ${i.path}` : ''}${i.tag ? `\n  → ${citedWithSource(i)}` : ''}`)
    .join('\n')
    .concat(more)
}

/** `rule 8x8/unknown-keys (inferred: not documented)`: an issue's rule on its own line, where its source fits. */
const citedWithSource = (issue: ValidationIssue): string => (issue.source && issue.rule ? `rule ${issue.rule} (${issue.source})` : issue.tag!)
