import type { ApiRequest, ApiResponse, ValidationIssue } from '../../src/driver/index.js'
import { isJsonContentType } from '../../src/driver/index.js'
import type { WebexOptions } from './behaviour.js'

/**
 * A rejection, and what the failed call says beside it: the issues with their rules' tags (under
 * strict, an inferred rule says it is callspec's).
 */
export type Problem = ApiResponse & { issues?: ValidationIssue[] }

export const err = (status: number, code: string, message: string): Problem => ({ status, body: { code, message } })

/**
 * What make-call and voice-message requests share (Webex Connect's Voice API v1 reference gives
 * both the same auth and headers): the key, a JSON body, an Idempotency-Key of at most 64
 * characters. The body, parsed, or the documented error.
 */
export function readRequest(req: ApiRequest, options: WebexOptions): { body: unknown; key?: string } | { problem: Problem } {
  const denied = authProblem(req, options)
  if (denied) return { problem: denied }
  // Media types are case-insensitive: `Application/JSON; charset=UTF-8` is JSON (h130 F2).
  if (!isJsonContentType(req.headers['content-type'])) return { problem: err(400, '7004', 'Invalid parameter - : contentType') }
  let body: unknown
  try {
    body = JSON.parse(req.bodyText)
  } catch {
    return { problem: err(400, '7000', 'Invalid JSON') }
  }
  const key = req.headers['idempotency-key']
  if (key === undefined && options.requireIdempotencyKey !== false) return { problem: err(400, '7003', 'Mandatory parameter missing: Idempotency-Key') }
  if (key !== undefined && (key.length === 0 || key.length > 64)) return { problem: err(400, '7004', 'Invalid parameter: Idempotency-Key') }
  return { body, ...(key !== undefined && { key }) }
}

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

/** The 409 for an Idempotency-Key `owner` accepted within the hour, with a transcript note saying so (the status and code are callspec's). */
export function duplicateKey(req: ApiRequest, key: string, owner: { idempotencyKeys: { age(key: string): number | undefined }; recordApi(r: ApiRequest, a: ApiResponse): void; note(t: string): void }, what: string): ApiResponse | undefined {
  const age = owner.idempotencyKeys.age(key)
  if (age === undefined) return undefined
  const answer = err(409, '7004', 'Invalid parameter: Idempotency-Key (duplicate request)')
  owner.recordApi(req, answer)
  owner.note(`${what} refused: this call accepted a request with Idempotency-Key ${JSON.stringify(key)} ${Math.round(age / 1000)} s earlier (virtual), and the docs reject a key reused within an hour as a duplicate (the 409 and 7004 are callspec's: the docs give no status or code)`)
  return answer
}
