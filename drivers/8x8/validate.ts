import * as z from 'zod'
import { VALIDATION_KINDS, type EightByEightKind } from './kinds.js'
import { check, type RuleBook, type ValidationIssue, type ValidationResult } from '../../src/driver/index.js'
import { checkSendCallflow, checkVcaResponse, type CallflowProblem } from './check-callflow.js'
import { SESSION_ERROR, STATUS } from './codes.js'
import { otherFormatExtension } from './file-extension.js'
import { invalidJsonIssue } from './invalid-json.js'
import { VcaWebhookSchema, VcsWebhookSchema, VssWebhookSchema } from './schemas.js'

export { VALIDATION_KINDS, type EightByEightKind } from './kinds.js'

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
export function validate(kind: EightByEightKind, payload: unknown, rules: RuleBook): ValidationResult {
  switch (kind) {
    case 'callflow':
    case 'vca-response': {
      // The raw body text, as the HTTP API receives it: text that is not JSON is -1001.
      const body = typeof payload === 'string' ? parseBody(payload) : payload
      if (body === NOT_JSON) return notJson(rules)
      if (kind === 'callflow') return withFileExtensions(fromCheck(checkSendCallflow(body, { options: {}, now: Date.now(), rules })), body, rules)
      return withFileExtensions(fromCheck(checkVcaResponse(body, { options: {}, legs: 1, rules })), body, rules)
    }
    case 'action':
      return withFileExtensions(validateAction(payload, rules), { callflow: [payload] }, rules, '')
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

const NOT_JSON = Symbol('not JSON')

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

function notJson(rules: RuleBook): ValidationResult {
  const { code, message } = STATUS.invalidJson
  return { ok: false, issues: [invalidJsonIssue(rules)], vendorError: { status: 400, code, message } }
}

function fromCheck(result: { ok: true; warnings: ValidationIssue[] } | { ok: false; problem: CallflowProblem }): ValidationResult {
  if (result.ok) return { ok: true, issues: result.warnings }
  const { status, code, message, issues } = result.problem
  return { ok: false, issues, vendorError: { status, code, message } }
}

/** One element, checked as it would be inside a VCA answer's callflow (so `callRecording` is allowed). */
function validateAction(payload: unknown, rules: RuleBook): ValidationResult {
  const wrapped = checkVcaResponse({ callflow: [payload] }, { options: {}, legs: 0, rules })
  // Report paths relative to the action itself, as the other platforms' `action` kind does.
  const relative = (i: ValidationIssue): ValidationIssue => ({ ...i, path: i.path.replace(/^callflow\[0\]\.?/, '') })
  if (wrapped.ok) return { ok: true, issues: wrapped.warnings.map(relative) }
  const issues: ValidationIssue[] = wrapped.problem.issues.map(relative)
  const { status, code, message } = wrapped.problem
  return { ok: false, issues, vendorError: { status, code, message } }
}


/**
 * The playFile URLs that name another format than mp3 or wav (`.ogg`): rule 8x8/file-extension,
 * inferred, as a call reports it when the file would play (audio.ts). validate() said nothing of
 * them, where the call warned (audit h179). Not part of the Send Callflow answer: 8x8 accepts the
 * callflow and the session ends with -2006, so no `vendorError` is added.
 */
function withFileExtensions(result: ValidationResult, body: unknown, rules: RuleBook, prefix = 'callflow'): ValidationResult {
  const actions = (body as { callflow?: unknown } | null)?.callflow
  if (!Array.isArray(actions)) return result
  const breach = rules.breach('8x8/file-extension')
  if (!breach) return result
  const { code, message } = SESSION_ERROR.download
  const issues: ValidationIssue[] = actions.flatMap((action: unknown, n) => {
    const url = (action as { action?: unknown; params?: { fileUrl?: unknown } } | null)?.action === 'playFile' ? (action as { params?: { fileUrl?: unknown } }).params?.fileUrl : undefined
    const extension = typeof url === 'string' ? otherFormatExtension(url) : undefined
    if (extension === undefined) return []
    const path = prefix ? `${prefix}[${n}].params.fileUrl` : 'params.fileUrl'
    const said = `${url as string} ends in .${extension}, not .mp3 or .wav: 8x8 plays mp3 or wav files, so it most likely cannot play this one (callspec's inference; ${breach.level === 'error' ? 'at error the session ends with' : 'a strict run ends the session with'} ${code} ${message})`
    return [{ path, message: said, rule: breach.rule, level: breach.level, evidence: breach.evidence, tag: breach.tag, source: breach.source }]
  })
  if (issues.length === 0) return result
  return { ...result, ok: result.ok && !issues.some((i) => i.level === 'error'), issues: [...result.issues, ...issues] }
}
