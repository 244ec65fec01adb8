import type { z } from 'zod'

/**
 * Payloads a schema has already passed, by their JSON text. An app answers the same JSON turn
 * after turn and call after call (a menu, a hang-up), and zod's verdict on the same text never
 * changes (callspec's schemas are pure), so it is not asked twice. Kept only when zod's output is
 * the payload itself as JSON (no defaults, no transforms, same key order): then a fresh parse of
 * the text is exactly what zod would return. Failures are not kept: they are rare, and their
 * issues are graded against each call's own rules.
 */
const passed = new WeakMap<z.ZodType, Set<string>>()

/** Bounds: small payloads only, and a few hundred per schema (forgotten when full). */
const MAX_TEXT = 8_192
const MAX_ENTRIES = 512

/** The payload's key, or undefined when it is not worth keeping. */
export function verdictKey(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  let text: string
  try {
    text = JSON.stringify(payload)
  } catch {
    // Too deep for the stack, or not JSON at all (validate() takes any value): zod judges it.
    return undefined
  }
  return text.length <= MAX_TEXT ? text : undefined
}

/** zod's output for a payload the schema passed before (a fresh copy), or undefined. */
export function passedBefore(schema: z.ZodType, key: string): unknown {
  return passed.get(schema)?.has(key) ? JSON.parse(key) : undefined
}

export function rememberPass(schema: z.ZodType, key: string, output: unknown): void {
  if (JSON.stringify(output) !== key) return
  let keys = passed.get(schema)
  if (!keys) passed.set(schema, (keys = new Set()))
  if (keys.size >= MAX_ENTRIES) keys.clear()
  keys.add(key)
}
