import { z } from 'zod'
import { check, type ValidationIssue, type ValidationResult } from '../../src/driver/index.js'
import { checkSendCallflow, checkVcaResponse, type CallflowProblem } from './check-callflow.js'
import { VcaWebhookSchema, VcsWebhookSchema, VssWebhookSchema } from './schemas.js'

export const VALIDATION_KINDS = ['callflow', 'vca-response', 'action', 'vca', 'vss', 'vcs'] as const
export type EightByEightKind = (typeof VALIDATION_KINDS)[number]

const WEBHOOKS = { vca: VcaWebhookSchema, vss: VssWebhookSchema, vcs: VcsWebhookSchema } as const

/**
 * `validate('8x8', kind, payload)`:
 * - 'callflow': a Send Callflow request body; `vendorError` is the fake API's exact answer
 *   (HTTP status, negative `statusCode`, `statusMessage`), checked with the default options
 *   and the current time for `validUntil`;
 * - 'vca-response': the answer to a VCA webhook (`{ clientActionId?, callflow }`), with the same code;
 * - 'action': one callflow element, with its code;
 * - 'vca' | 'vss' | 'vcs': a webhook the platform sends.
 */
export function validate(kind: EightByEightKind, payload: unknown): ValidationResult {
  switch (kind) {
    case 'callflow':
      return fromCheck(checkSendCallflow(payload, { options: {}, now: Date.now() }))
    case 'vca-response':
      return fromCheck(checkVcaResponse(payload, { options: {}, legs: 1 }))
    case 'action':
      return validateAction(payload)
    case 'vca':
    case 'vss':
    case 'vcs': {
      const result = check(WEBHOOKS[kind] as z.ZodType, payload)
      return { ok: result.ok, issues: result.issues }
    }
    default:
      throw new TypeError(`[callspec] 8x8 validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  }
}

function fromCheck(result: { ok: true } | { ok: false; problem: CallflowProblem }): ValidationResult {
  if (result.ok) return { ok: true, issues: [] }
  const { status, code, message, issues } = result.problem
  return { ok: false, issues, vendorError: { status, code, message } }
}

/** One element, checked as it would be inside a VCA answer's callflow (so `callRecording` is allowed). */
function validateAction(payload: unknown): ValidationResult {
  const wrapped = checkVcaResponse({ callflow: [payload] }, { options: {}, legs: 0 })
  if (wrapped.ok) return { ok: true, issues: [] }
  // Report paths relative to the action itself, as the other platforms' `action` kind does.
  const issues: ValidationIssue[] = wrapped.problem.issues.map((i) => ({ ...i, path: i.path.replace(/^callflow\[0\]\.?/, '') }))
  const { status, code, message } = wrapped.problem
  return { ok: false, issues, vendorError: { status, code, message } }
}

