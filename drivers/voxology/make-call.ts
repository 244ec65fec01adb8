import type * as z from 'zod'
import { gradedCheck, toValidationIssues, type RuleBook, type ValidationIssue, type VendorError } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { RuleIssue, VoxologyRuleId } from './rules.js'
import { graded } from './script.js'
import { MakeCallRequestSchema, type MakeCallRequest } from './schemas.js'

const RULES = { schema: 'voxology/make-call-schema', unknownKeys: 'voxology/unknown-keys', nullOptional: 'voxology/null-optional' } satisfies Record<string, VoxologyRuleId>

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
  const bounded = checkBounds(parsed.data)
  const { request, issues } = checkMaxCallUnit(bounded.request, bounded.issues, rules)
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

/**
 * Rule voxology/max-call-time-unit, inferred: the docs give `max_call_time` no unit, and callspec
 * reads it as milliseconds from their one example (60000, a minute). The rule's level governs every
 * value: callspec ends the call on its guess of the unit only at error (strict), the end said as
 * callspec's reading (call.ts). At 'off' the limit is dropped silently. At warn a value under
 * BEHAVIOUR.minPlausibleMaxCallTimeMs (a call of a few seconds as ms, a plausible limit as seconds:
 * 300 is 0.3 s or 5 min) is dropped here with a warning naming both readings; a greater one is kept,
 * and when the call reaches it read as ms the call goes on with a warning (call.ts), never both for
 * one call. Before (audit h175 F5) one of 10000 or more ended the call at every level, 'off' too:
 * `max_call_time: 14400` (4 h as seconds) cut the call at 14.4 s with no warning.
 * Never a refusal: the platform takes the integer either way.
 */
function checkMaxCallUnit(request: MakeCallRequest, issues: RuleIssue[], rules: RuleBook): { request: MakeCallRequest; issues: RuleIssue[] } {
  const value = request.max_call_time
  if (value === undefined) return { request, issues }
  const level = rules.level('voxology/max-call-time-unit')
  if (level === 'error') return { request, issues }
  const { max_call_time: _dropped, ...kept } = request
  if (level === 'off') return { request: kept, issues }
  if (value >= BEHAVIOUR.minPlausibleMaxCallTimeMs) return { request, issues }
  const message =
    `max_call_time ${value} has no documented unit: read as milliseconds (callspec's reading of the docs' one example, 60000) it would end the call after ${value / 1000} s, ` +
    `read as seconds after ${formatSeconds(value)}`
  const issue: RuleIssue = {
    path: 'max_call_time',
    message,
    atWarn: ', so callspec does not enforce it (the call has no time limit)',
    hint: `write the limit in milliseconds (${value * 1000} if you mean seconds), or set rules: { 'voxology/max-call-time-unit': 'error' } to have callspec end the call at ${value} ms`,
    received: String(value),
    rule: 'voxology/max-call-time-unit',
  }
  return { request: kept, issues: [...issues, issue] }
}

/** A limit read as seconds, as a person says it: 300 → 5 min, 14400 → 4 h. */
export const formatSeconds = (s: number): string =>
  s >= 7200 && s % 3600 === 0 ? `${s / 3600} h` : s >= 120 && s % 60 === 0 ? `${s / 60} min` : `${s} s`

/** The REST answer names the field; the value received is in the issues. */
function vendorError(error: z.ZodError, index: number): VendorError {
  const issue = toValidationIssues(error)[index]!
  return { status: 400, code: 'invalid_request', message: issue.path ? `${issue.path}: ${issue.message}` : issue.message }
}
