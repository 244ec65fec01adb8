import type { ApiRequest, ApiResponse, RuleBook, ValidationIssue } from '../../src/driver/index.js'
import { COMPRESSED_REFUSED, bodyEncoding, compressedBodyIssue, isJsonContentType, tagIssues } from '../../src/driver/index.js'
import type { WebexOptions } from './behaviour.js'
import type { WebexRuleId } from './rules.js'

/**
 * A rejection, and what the failed call says beside it: the issues with their rules' tags (under
 * strict, an inferred rule says it is callspec's).
 */
export type Problem = ApiResponse & { issues?: ValidationIssue[] }

export const err = (status: number, code: string, message: string): Problem => ({ status, body: { code, message } })

/**
 * What make-call and voice-message requests share (Webex Connect's Voice API v1 reference gives
 * both the same auth and headers): the key, a JSON body, an Idempotency-Key of at most 64
 * characters. The body, parsed, or the documented error. The Idempotency-Key is rule
 * webex-connect/idempotency-key, graded by `rules`: at error its refusal lists the rule, at warn
 * the request goes on with `warnings`.
 */
export function readRequest(req: ApiRequest, options: WebexOptions, rules: RuleBook): { body: unknown; key?: string; warnings: ValidationIssue[] } | { problem: Problem } {
  const denied = authProblem(req, options)
  // The refusal named no rule (h203): its issue says it, with the rule's tag and source.
  if (denied) return { problem: { ...denied, issues: refusalIssues(denied, 'webex-connect/service-key', rules) } }
  // Media types are case-insensitive: `Application/JSON; charset=UTF-8` is JSON (h130 F2).
  const typed = contentTypeIssues(req, rules)
  if ('problem' in typed) return typed
  // A body the fake API decoded (gzip, br): Webex Connect documents none, so a warning (rule webex-connect/compressed-body, inferred), 415 under strict.
  const compressed = compressedBodyIssue(req, rules, 'webex-connect/compressed-body' satisfies WebexRuleId, 'Webex Connect')
  if (compressed?.level === 'error') return { problem: { ...err(415, '415', COMPRESSED_REFUSED), issues: [compressed] } }
  let body: unknown
  try {
    body = JSON.parse(req.bodyText)
  } catch {
    const invalid = err(400, '7000', 'Invalid JSON')
    // A compressed body is not under the rule: that callspec does not decode it is its own inference.
    return { problem: bodyEncoding(req.headers) ? invalid : { ...invalid, issues: refusalIssues(invalid, 'webex-connect/invalid-json', rules) } }
  }
  const key = req.headers['idempotency-key']
  const breach = rules.breach(KEY_RULE)
  const found =
    key === undefined
      ? options.requireIdempotencyKey === false
        ? undefined
        : { issue: { path: 'Idempotency-Key', message: 'no Idempotency-Key header: the API reference marks it required', atWarn: KEY_AT_WARN }, problem: err(400, '7003', 'Mandatory parameter missing: Idempotency-Key') }
      : key.length === 0 || key.length > 64
        ? { issue: { path: 'Idempotency-Key', message: `an Idempotency-Key of ${key.length} characters: the API reference allows 1 to 64`, received: JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key), atWarn: KEY_AT_WARN }, problem: err(400, '7004', 'Invalid parameter: Idempotency-Key') }
        : undefined
  const issues = found && breach ? tagIssues([found.issue], breach) : []
  if (found && breach?.level === 'error') return { problem: { ...found.problem, issues } }
  return { body, ...(key !== undefined && { key }), warnings: [...typed.warnings, ...(compressed ? [compressed] : []), ...issues] }
}

/**
 * A body sent with another Content-Type than JSON: the docs' own error sample, 400 `7004 Invalid
 * parameter - : contentType`, under rule webex-connect/json-content-type (it named no rule, where
 * every other refusal does: helper-205). At warn (a user's choice) the body is read as JSON, with a
 * warning; off, read as JSON.
 */
function contentTypeIssues(req: ApiRequest, rules: RuleBook): { warnings: ValidationIssue[] } | { problem: Problem } {
  const type = req.headers['content-type']
  if (isJsonContentType(type)) return { warnings: [] }
  const refusal = err(400, '7004', 'Invalid parameter - : contentType')
  const breach = rules.breach(CONTENT_TYPE_RULE)
  if (!breach) return { warnings: [] }
  const issue = { path: '', message: `7004 Invalid parameter - : contentType (the body was sent ${type ? `as ${type}` : 'with no Content-Type'}, not application/json)`, atWarn: '; read as JSON anyway, as the rule is at warn' }
  const issues = tagIssues([issue], breach)
  return breach.level === 'error' ? { problem: { ...refusal, issues } } : { warnings: issues }
}

const CONTENT_TYPE_RULE = 'webex-connect/json-content-type' satisfies WebexRuleId

const KEY_RULE = 'webex-connect/idempotency-key' satisfies WebexRuleId

/** A refusal (`{code, message}`, the docs' own) as the issue a failed call lists under `rule`: `7002 Service key missing`. */
function refusalIssues(answer: ApiResponse, rule: WebexRuleId, rules: RuleBook): ValidationIssue[] {
  const { code, message } = answer.body as { code: string; message: string }
  const breach = rules.breach(rule)
  return breach ? tagIssues([{ path: '', message: `${code} ${message}` }], breach) : []
}

/** What callspec does with such a request at warn: said after the issue then only (tagIssues). */
const KEY_AT_WARN = '; accepted, as the rule is at warn'

/**
 * `Authorization: <key>` or `Authorization: Bearer <key>`: both are seen (Webex Connect's Voice API
 * v1 reference, auth note).
 */
export function authProblem(req: ApiRequest, options: WebexOptions | undefined): ApiResponse | undefined {
  const header = (req.headers.authorization ?? '').trim()
  const key = header.replace(/^Bearer\s+/i, '')
  if (!key) return err(401, '7002', 'Service key missing')
  if (options?.serviceKey !== undefined && key !== options.serviceKey) return err(403, '7001', 'Authentication failed.')
  return undefined
}

/**
 * The 409 for an Idempotency-Key `owner` accepted within the hour, with a transcript note saying so
 * (the status and code are callspec's), recorded under rule webex-connect/idempotency-key. With the
 * rule at warn the request is taken as new, with a warning; off, as new.
 */
export function duplicateKey(
  req: ApiRequest,
  key: string,
  owner: { idempotencyKeys: { age(key: string): number | undefined }; rules: RuleBook; recordApi(r: ApiRequest, a: ApiResponse, rule?: string): void; note(t: string): void; warnIssues(issues: readonly ValidationIssue[], context: string): void },
  what: string,
): ApiResponse | undefined {
  const age = owner.idempotencyKeys.age(key)
  if (age === undefined) return undefined
  const breach = owner.rules.breach(KEY_RULE)
  if (!breach) return undefined
  const accepted = `this call accepted a request with Idempotency-Key ${JSON.stringify(key)} ${Math.round(age / 1000)} s earlier (virtual), and the docs reject a key reused within an hour as a duplicate`
  if (breach.level === 'warn') {
    owner.warnIssues(tagIssues([{ path: 'Idempotency-Key', message: `${accepted}: taken as a new request` }], breach), `the app's ${what} request`)
    return undefined
  }
  const answer = err(409, '7004', 'Invalid parameter: Idempotency-Key (duplicate request)')
  owner.recordApi(req, answer, KEY_RULE)
  owner.note(`${what} refused: ${accepted} (the 409 and 7004 are callspec's: the docs give no status or code; ${breach.tag})`)
  return answer
}

/**
 * Said after a make-call refusal whose HTTP status is callspec's pick: the docs give the error
 * codes and their messages, and list 400, 401, 403, 404, 405, 409, 429 and 5xx as the statuses
 * their `{code, message}` bodies come with, but pair a status with a code only in the 403 7001
 * sample (Make Call API reference). Like 8x8's Send Callflow codes, the code is the vendor's
 * word, the status callspec's reading.
 */
export function statusNote(answer: ApiResponse): string {
  const code = (answer.body as { code?: unknown } | undefined)?.code
  if (typeof code !== 'string' || (answer.status === 403 && code === '7001')) return ''
  return ` (Webex Connect documents code ${code} and its message; HTTP ${answer.status} with it is callspec's reading: the docs list the statuses their errors come with, and pair one with a code only in their 403 7001 sample)`
}
