import type { z } from 'zod'
import { toDotPath } from 'zod/v4/core'
import { valueAt } from './format-issues.js'
import { tagIssues, type FoundIssue } from './graded-check.js'
import type { RuleBook } from './rules.js'
import { schemasAt } from './schema-walk.js'
import { safeParseOnce } from './verdict-cache.js'
import { withoutKeys } from './without-keys.js'

/** A field the schema makes optional that the payload sends as null, and the type the schema expects there. */
export interface NullOptional {
  path: PropertyKey[]
  expected: string
}

/**
 * Where `payload` holds null in a field `schema` makes optional (`correlationId: null`,
 * `collectInput.terminationDigit: null`), and the payload without those fields. Apps send such
 * nulls routinely (Python's dataclasses.asdict, pydantic without exclude_none, C# and Java
 * serialisers, `{ x: maybe ?? null }`), and vendors that type a field without null mostly do not
 * say what null does: a driver chooses per vendor (SchemaRules.nullOptional).
 *
 * Found from a failed parse's issues, so it costs nothing on a payload that passes and never walks
 * the whole payload: an `invalid_type` issue whose value is null, at a field whose schema zod marks
 * optional (`_zod.optin`: `.optional()`, `.default()`). A required field sent as null is not one:
 * it stays missing, a failure. Issues inside a union are read at their full path.
 */
export function nullOptionals(schema: z.ZodType, payload: unknown, issues: readonly z.core.$ZodIssue[] = schema.safeParse(payload).error?.issues ?? []): { value: unknown; found: NullOptional[] } {
  const found = new Map<string, NullOptional>()
  for (const issue of leafIssues(issues, [])) {
    if (issue.code !== 'invalid_type' || issue.path.length === 0 || valueAt(payload, issue.path) !== null) continue
    const key = JSON.stringify(issue.path.map(String))
    if (found.has(key) || !schemasAt(schema, issue.path, payload).some(isOptional)) continue
    found.set(key, { path: issue.path, expected: issue.expected })
  }
  if (found.size === 0) return { value: payload, found: [] }
  const list = [...found.values()]
  return { value: withoutKeys(payload, list.map(({ path }) => ({ path: path.slice(0, -1), keys: path.slice(-1) }))), found: list }
}

/** Whether zod reads the field as optional (absent is valid): its own mark for an object's optional keys. */
const isOptional = (schema: z.ZodType): boolean => (schema as unknown as { _zod: { optin?: string } })._zod.optin === 'optional'

/** The issues with those inside a union's options brought out, their paths made whole (zod gives them relative to the union). */
function leafIssues(issues: readonly z.core.$ZodIssue[], at: readonly PropertyKey[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...at, ...issue.path]
    if (issue.code === 'invalid_union') return issue.errors.flatMap((option) => leafIssues(option, path))
    return [{ ...issue, path } as z.core.$ZodIssue]
  })
}

/** zod's names for what it expected, where they are not JSON's. */
const JSON_TYPE: Readonly<Record<string, string>> = { record: 'object' }

/** The nulls as issues, before grading: at warn the field is read as absent, and the message says so. */
export function nullIssues(found: readonly NullOptional[]): FoundIssue[] {
  return found.map(({ path, expected }) => ({
    path: toDotPath(path),
    received: 'null',
    message: `null in an optional field typed ${JSON_TYPE[expected] ?? expected}: the docs do not say what the platform does with null`,
    atWarn: '; callspec reads the field as absent',
  }))
}

/**
 * For a driver that reads the body as sent (not zod's output) after checking it: the body as the
 * platform reads it, without its optional nulls, and their warnings, unless `rule` is an error;
 * then the body is left as sent, for the schema check to fail them (SchemaRules.nullOptional).
 */
export function readNulls(schema: z.ZodType, payload: unknown, book: RuleBook, rule: string): { value: unknown; warnings: ReturnType<typeof tagIssues> } {
  // Through the verdict cache, as gradedCheck: a body that passed before costs no parse here, and
  // the driver's gradedCheck right after reuses this one's verdict (h196: each EnableX request paid
  // a parse of its own here).
  const parsed = safeParseOnce(schema, payload)
  if (parsed.success) return { value: payload, warnings: [] }
  const nulls = nullOptionals(schema, payload, parsed.error.issues)
  const breach = book.breach(rule)
  if (nulls.found.length === 0 || breach?.level === 'error') return { value: payload, warnings: [] }
  return { value: nulls.value, warnings: breach ? tagIssues(nullIssues(nulls.found), breach) : [] }
}
