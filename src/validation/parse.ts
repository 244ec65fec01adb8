import type { z } from 'zod'
import { toValidationIssues } from './format-issues.js'
import type { ValidationResult } from './types.js'

/** safeParse that answers in callspec's `{ ok, issues }` shape, each issue quoting the value received. */
export function check<S extends z.ZodType>(
  schema: S,
  payload: unknown,
): ValidationResult & { data?: z.infer<S> } {
  const parsed = schema.safeParse(payload)
  if (parsed.success) return { ok: true, issues: [], data: parsed.data }
  return { ok: false, issues: toValidationIssues(parsed.error, payload) }
}
