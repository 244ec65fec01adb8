import type * as z from 'zod'
import { gradedCheck, toValidationIssues, type RuleBook, type ValidationIssue, type VendorError } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { RuleIssue, VoxologyRuleId } from './rules.js'
import { graded } from './script.js'
import { MakeCallRequestSchema, type MakeCallRequest } from './schemas.js'

const RULES = { schema: 'voxology/make-call-schema', unknownKeys: 'voxology/unknown-keys' } satisfies Record<string, VoxologyRuleId>

export type MakeCallCheck =
  | { ok: true; request: MakeCallRequest; warnings: ValidationIssue[] }
  | { ok: false; error: VendorError; issues: ValidationIssue[] }

/**
 * A make-call body (Voxology's Make Call reference) graded by the call's rules, with the REST error
 * callspec's fake API answers when it fails (the vendor documents none: 400 `invalid_request`
 * naming the field). An unknown key is dropped with a warning unless its rule
 * (voxology/unknown-keys, inferred: Voxology documents no rejection of unknown fields) is an error,
 * as in a script and on the other platforms.
 */
export function checkMakeCall(body: unknown, rules: RuleBook): MakeCallCheck {
  const parsed = gradedCheck(MakeCallRequestSchema, body, rules, RULES)
  if (!parsed.ok) {
    // The first issue that fails the request (an unknown key at 'warn' beside a bad field does not).
    const first = Math.max(0, parsed.issues.findIndex((i) => i.level === 'error'))
    return { ok: false, error: vendorError(parsed.error, first), issues: parsed.issues }
  }
  const { request, issues } = checkBounds(parsed.data)
  const { errors, warnings } = graded(issues, rules)
  if (errors.length) {
    const issue = errors[0]!
    return { ok: false, error: { status: 400, code: 'invalid_request', message: `${issue.path}: ${issue.message}` }, issues: [...parsed.warnings, ...errors] }
  }
  return { ok: true, request, warnings: [...parsed.warnings, ...warnings] }
}

/**
 * Rule voxology/make-call-bounds, inferred: the docs give `timeout` and `max_call_time` as
 * integers and set no bounds. One under 1 (a ring of 0 s, a call of 0 ms) is dropped, so the
 * default applies (30 s of ringing; no limit), as the platform plausibly reads "no value".
 */
function checkBounds(request: MakeCallRequest): { request: MakeCallRequest; issues: RuleIssue[] } {
  const issues: RuleIssue[] = []
  const kept = { ...request }
  const defaults = { timeout: `the default ring timeout (${BEHAVIOUR.ringTimeoutS} s) applies`, max_call_time: 'the call has no time limit' } as const
  for (const field of ['timeout', 'max_call_time'] as const) {
    const value = request[field]
    if (value === undefined || value >= 1) continue
    delete kept[field]
    const message = `${field} ${value} is under 1: Voxology documents an integer and no bounds`
    issues.push({ path: field, message, atWarn: `, so callspec ignores it and ${defaults[field]}`, hint: 'write a positive value, or leave it out', received: String(value), rule: 'voxology/make-call-bounds' })
  }
  return { request: kept, issues }
}

/** The REST answer names the field; the value received is in the issues. */
function vendorError(error: z.ZodError, index: number): VendorError {
  const issue = toValidationIssues(error)[index]!
  return { status: 400, code: 'invalid_request', message: issue.path ? `${issue.path}: ${issue.message}` : issue.message }
}
