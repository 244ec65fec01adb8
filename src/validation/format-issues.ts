import { z } from 'zod'
import type { ValidationIssue } from './types.js'

/** The value a payload holds at a zod path (undefined when the path does not exist). */
export function valueAt(payload: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = payload
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

/** The value received, as JSON, shortened to `max` characters: `"YOUR HOST URL/game"`. */
export function quoteValue(value: unknown, max = 48): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * zod issues → `{ path, message }` with zod's own dot-path printer (`audio[0].text`). Given the
 * payload, every message quotes the value received there (shortened), so a wrong value is seen,
 * not guessed: `expected an absolute http(s) URL (received "YOUR HOST URL/game")`.
 */
export function toValidationIssues(error: z.ZodError, payload?: unknown): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '' : z.core.toDotPath(issue.path)
    const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path
    const value = payload === undefined ? undefined : valueAt(payload, at as PropertyKey[])
    if (value === undefined) return { path, message: issue.message }
    const received = quoteValue(value)
    // zod's "…, received string" gets the value itself after it; other messages a "(received …)".
    const message = /received \w+$/.test(issue.message) ? `${issue.message} ${received}` : `${issue.message} (received ${received})`
    return { path, message, received }
  })
}

/** The `✖ message\n  → at path` list zod prints, from our plain issues (so vendor rules print alike). */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((i) => `${i.level === 'warn' ? '⚠' : '✖'} ${i.message}${i.path ? `\n  → at ${i.path}` : ''}${i.tag ? `\n  → ${i.tag}` : ''}`)
    .join('\n')
}
