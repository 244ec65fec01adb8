import type * as z from 'zod'
import { gradedCheck, toValidationIssues, type RuleBook, type ValidationIssue, type VendorError } from '../../src/driver/index.js'
import type { VoxologyRuleId } from './rules.js'
import { MakeCallRequestSchema, type MakeCallRequest } from './schemas.js'

const RULES = { schema: 'voxology/make-call-schema', unknownKeys: 'voxology/unknown-keys' } satisfies Record<string, VoxologyRuleId>

export type MakeCallCheck =
  | { ok: true; request: MakeCallRequest; warnings: ValidationIssue[] }
  | { ok: false; error: VendorError; issues: ValidationIssue[] }

/**
 * A make-call body (§1.1) graded by the call's rules, with the REST error callspec's fake API
 * answers when it fails (the vendor documents none: 400 `invalid_request` naming the field). An
 * unknown key is dropped with a warning unless its rule (voxology/unknown-keys, inferred: Voxology
 * documents no rejection of unknown fields) is an error, as in a script and on the other platforms.
 */
export function checkMakeCall(body: unknown, rules: RuleBook): MakeCallCheck {
  const parsed = gradedCheck(MakeCallRequestSchema, body, rules, RULES)
  if (parsed.ok) return { ok: true, request: parsed.data, warnings: parsed.warnings }
  // The first issue that fails the request (an unknown key at 'warn' beside a bad field does not).
  const first = Math.max(0, parsed.issues.findIndex((i) => i.level === 'error'))
  return { ok: false, error: vendorError(parsed.error, first), issues: parsed.issues }
}

/** The REST answer names the field; the value received is in the issues. */
function vendorError(error: z.ZodError, index: number): VendorError {
  const issue = toValidationIssues(error)[index]!
  return { status: 400, code: 'invalid_request', message: issue.path ? `${issue.path}: ${issue.message}` : issue.message }
}
