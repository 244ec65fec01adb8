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

/**
 * The answer last read off the wire and the text it was parsed from (see `parseAnswer`): its key
 * as it came, so a turn does not serialise it again to look it up. One slot, not a WeakMap: a
 * driver checks what it read right away, and a WeakMap entry per answer cost more than the
 * serialising it saved (measured in a CPU profile of a call: ~9 µs a call against ~3).
 */
let lastAnswer: object | undefined
let lastText = ''

/**
 * An answer parsed only to be looked at (`peekAnswer`), never handed to anything that keeps it: the
 * next `parseAnswer` of the same text takes it instead of parsing the text again. A driver looks at
 * each answer (does it name an instruction at all?) right before it reads it: one parse serves both.
 */
let peeked: { text: string; value: unknown } | undefined

/** `JSON.parse(text)` for a look that keeps nothing and changes nothing: the value is `parseAnswer`'s next, if its text comes next. */
export function peekAnswer(text: string): unknown {
  const value: unknown = JSON.parse(text)
  peeked = { text, value }
  return value
}

/** `JSON.parse(text)`, remembering the text as the payload's key for `safeParseOnce`. */
export function parseAnswer(text: string): unknown {
  const taken = peeked
  peeked = undefined
  const value: unknown = taken?.text === text ? taken.value : JSON.parse(text)
  if (typeof value === 'object' && value !== null && text.length <= MAX_TEXT) {
    lastAnswer = value
    lastText = text
  }
  return value
}

/**
 * `schema.safeParse(payload)`, asked only once per JSON text a schema passes: a payload passed
 * before gets a fresh parse of its text.
 */
export function safeParseOnce<S extends z.ZodType>(schema: S, payload: unknown): z.ZodSafeParseResult<z.output<S>> {
  const source = payload === lastAnswer && payload !== undefined ? lastText : undefined
  const key = source ?? verdictKey(payload)
  if (key !== undefined && passed.get(schema)?.has(key)) return { success: true, data: JSON.parse(key) as z.output<S> }
  const parsed = schema.safeParse(payload) as z.ZodSafeParseResult<z.output<S>>
  // A source text may differ from the payload's own serialisation (spaces, escapes): compared as JSON.
  if (parsed.success && key !== undefined) rememberPass(schema, key, parsed.data, source === undefined ? key : JSON.stringify(payload))
  return parsed
}

/** The payload's key, or undefined when it is not worth keeping. */
function verdictKey(payload: unknown): string | undefined {
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

/** Kept only when zod's output, as JSON, is the payload as JSON (`payloadJson`). */
function rememberPass(schema: z.ZodType, key: string, output: unknown, payloadJson: string): void {
  if (JSON.stringify(output) !== payloadJson) return
  let keys = passed.get(schema)
  if (!keys) passed.set(schema, (keys = new Set()))
  if (keys.size >= MAX_ENTRIES) keys.clear()
  keys.add(key)
}
