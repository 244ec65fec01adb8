import type * as z from 'zod'
import { gradedCheck, tagIssues, type RuleBook, type ValidationIssue, type VendorError } from '../../src/driver/index.js'
import type { WebexRuleId } from './rules.js'
import { inferredOnly } from '../../src/validation/inferred-lead.js'
import { MakeCallRequestSchema, VoiceMessageRequestSchema, type MakeCallRequest, type VoiceMessageRequest } from './schemas.js'

const RULES = { schema: 'webex-connect/make-call-schema', unknownKeys: 'webex-connect/unknown-keys', nullOptional: 'webex-connect/null-optional' } satisfies Record<string, WebexRuleId>

export type MakeCallCheck =
  | { ok: true; request: MakeCallRequest; warnings: ValidationIssue[] }
  | { ok: false; error: VendorError; issues: ValidationIssue[] }

/**
 * A make-call body (Webex Connect's Make Call API reference) graded by the call's rules, with the
 * REST API's own error (Webex Connect's common API error codes) when it fails: 7000 for a body that
 * is not a JSON object, 7003 for a missing parameter, 7004 for an invalid one. An unknown key is
 * dropped with a warning unless its rule is an error: the docs do not say the API rejects one. So
 * is a missing callbackUrl, on which the sources disagree.
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

const MESSAGE_RULES = { schema: 'webex-connect/voice-message-schema', unknownKeys: 'webex-connect/unknown-keys', nullOptional: 'webex-connect/null-optional' } satisfies Record<string, WebexRuleId>

/**
 * A voice-message body, graded and answered as a make-call's: 7000, 7003, 7004. The docs
 * list its fields and mark none required: a missing callerId, dialedNumber or audio is callspec's
 * inference (rule webex-connect/voice-message-required, inferred): a warning by default, the
 * message answered 202 as any; at error (strict) 400 7003, callspec's answer. Measured (audit F7a):
 * a body with no audio was answered 7003 as the documented, fixed voice-message-schema.
 */
export function checkVoiceMessage(body: unknown, rules: RuleBook): { ok: true; request: VoiceMessageRequest; warnings: ValidationIssue[] } | { ok: false; error: VendorError; issues: ValidationIssue[]; inferred?: true } {
  const parsed = gradedCheck(VoiceMessageRequestSchema, body, rules, MESSAGE_RULES)
  if (!parsed.ok) {
    const first = parsed.error.issues[Math.max(0, parsed.issues.findIndex((i) => i.level === 'error'))]!
    return { ok: false, error: vendorError(first, body), issues: parsed.issues }
  }
  const issues = [...requiredIssues(parsed.data, rules), ...styleIssues(parsed.data, rules)]
  const failing = issues.filter((i) => i.level === 'error')
  if (failing.length === 0) return { ok: true, request: parsed.data, warnings: [...issues, ...parsed.warnings] }
  // 7003 for the first field missing; said as callspec's answer when only inferred rules refuse it.
  const error = { status: 400, code: '7003', message: `Mandatory parameter missing: ${failing[0]!.path}` }
  return { ok: false, error, issues: failing, ...(inferredOnly(failing) && { inferred: true as const }) }
}

/** callerId, dialedNumber and audio, missing: rule webex-connect/voice-message-required (inferred: the docs mark none required). */
function requiredIssues(request: VoiceMessageRequest, rules: RuleBook): ValidationIssue[] {
  const breach = rules.breach('webex-connect/voice-message-required')
  const missing = (['callerId', 'dialedNumber', 'audio'] as const).filter((field) => request[field] === undefined)
  if (!breach || missing.length === 0) return []
  return tagIssues(
    missing.map((field) => ({
      path: field,
      message: `${field} is missing`,
      atWarn: ': callspec answers the message 202 as any (it does not simulate the message)',
      hint: `the docs list ${field} among the fields of a voice message and do not say it is required; callspec takes it as needed (a message with no one to say it to, or nothing to say)`,
    })),
    breach,
  )
}

/**
 * A TTS audio with no style: rule webex-connect/voice-message-style. The voice-message page marks
 * style mandatory (documented), and its own table gives style a default, NEURAL, as the SDKs
 * (style optional, NEURAL their one value) and the call actions' examples (a TTS with text only)
 * do: the sources disagree on what the platform does without one, so the rule warns by default
 * (callspec answers 202, the style taken as NEURAL) and fails only under strict, with the 7003 the
 * docs give for a mandatory field. Audit F7b: accepted with no word.
 */
function styleIssues(request: VoiceMessageRequest, rules: RuleBook): ValidationIssue[] {
  if (request.audio?.type !== 'TTS' || request.audio.style !== undefined) return []
  const breach = rules.breach('webex-connect/voice-message-style')
  if (!breach) return []
  const issue = {
    path: 'audio.style',
    message: 'audio.style is missing',
    atWarn: ': callspec answers the message 202, the style taken as NEURAL',
    hint: 'the voice-message docs mark a TTS audio\'s style mandatory, and also give it a default (NEURAL), as the SDKs and the call actions\' examples treat it as optional: send style "NEURAL"',
  }
  return tagIssues([issue], breach)
}

/** The vendor's answer to the first issue that fails the request. */
function vendorError(issue: z.core.$ZodIssue, body: unknown): VendorError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, code: '7000', message: 'Invalid JSON' }
  if (issue.code === 'unrecognized_keys') return { status: 400, code: '7004', message: `Invalid parameter: ${issue.keys.join(', ')}` }
  const name = String(issue.path[0] ?? '')
  const missing = (body as Record<string, unknown>)[name] === undefined
  return missing ? { status: 400, code: '7003', message: `Mandatory parameter missing: ${name}` } : { status: 400, code: '7004', message: `Invalid parameter: ${name}` }
}
