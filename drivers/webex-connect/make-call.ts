import type * as z from 'zod'
import { gradedCheck, tagIssues, type RuleBook, type ValidationIssue, type VendorError } from '../../src/driver/index.js'
import type { WebexRuleId } from './rules.js'
import { MakeCallRequestSchema, VoiceMessageRequestSchema, type MakeCallRequest, type VoiceMessageRequest } from './schemas.js'

const RULES = { schema: 'webex-connect/make-call-schema', unknownKeys: 'webex-connect/unknown-keys' } satisfies Record<string, WebexRuleId>

export type MakeCallCheck =
  | { ok: true; request: MakeCallRequest; warnings: ValidationIssue[] }
  | { ok: false; error: VendorError; issues: ValidationIssue[] }

/**
 * A make-call body (§1.1) graded by the call's rules, with the REST API's own error (§5.1) when
 * it fails: 7000 for a body that is not a JSON object, 7003 for a missing parameter, 7004 for an
 * invalid one. An unknown key is dropped with a warning unless its rule is an error: the docs do
 * not say the API rejects one. So is a missing callbackUrl, which the sources disagree on (§6).
 */
export function checkMakeCall(body: unknown, rules: RuleBook): MakeCallCheck {
  const parsed = gradedCheck(MakeCallRequestSchema, body, rules, RULES)
  if (!parsed.ok) {
    const first = parsed.error.issues[Math.max(0, parsed.issues.findIndex((i) => i.level === 'error'))]!
    return { ok: false, error: vendorError(first, body), issues: parsed.issues }
  }
  const warnings = [...parsed.warnings]
  if (parsed.data.callbackUrl === undefined) {
    const breach = rules.breach('webex-connect/make-call-callback-url')
    const issue = { path: 'callbackUrl', message: "no callbackUrl: the API reference and the SDKs require one, the guide does not (allowed, callspec sends the events to the flow's webhookPath)" }
    if (breach?.level === 'error') {
      return { ok: false, error: { status: 400, code: '7003', message: 'Mandatory parameter missing: callbackUrl' }, issues: tagIssues([issue], breach) }
    }
    if (breach) warnings.push(...tagIssues([issue], breach))
  }
  return { ok: true, request: parsed.data, warnings }
}

const MESSAGE_RULES = { schema: 'webex-connect/voice-message-schema', unknownKeys: 'webex-connect/unknown-keys' } satisfies Record<string, WebexRuleId>

/** A voice-message body (§1.2), graded and answered as a make-call's: 7000, 7003, 7004. */
export function checkVoiceMessage(body: unknown, rules: RuleBook): { ok: true; request: VoiceMessageRequest; warnings: ValidationIssue[] } | { ok: false; error: VendorError; issues: ValidationIssue[] } {
  const parsed = gradedCheck(VoiceMessageRequestSchema, body, rules, MESSAGE_RULES)
  if (parsed.ok) return { ok: true, request: parsed.data, warnings: parsed.warnings }
  const first = parsed.error.issues[Math.max(0, parsed.issues.findIndex((i) => i.level === 'error'))]!
  return { ok: false, error: vendorError(first, body), issues: parsed.issues }
}

/** The vendor's answer to the first issue that fails the request. */
function vendorError(issue: z.core.$ZodIssue, body: unknown): VendorError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, code: '7000', message: 'Invalid JSON' }
  if (issue.code === 'unrecognized_keys') return { status: 400, code: '7004', message: `Invalid parameter: ${issue.keys.join(', ')}` }
  const name = String(issue.path[0] ?? '')
  const missing = (body as Record<string, unknown>)[name] === undefined
  return missing ? { status: 400, code: '7003', message: `Mandatory parameter missing: ${name}` } : { status: 400, code: '7004', message: `Invalid parameter: ${name}` }
}
