import * as z from 'zod'
import { VALIDATION_KINDS, type EnableXKind } from './kinds.js'
import { check, gradedCheck, type RuleBook, type ValidationIssue, type ValidationResult, type VendorError } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import { ActionSchema, EventSchema, REQUEST_SCHEMAS, type ActionName } from './schemas.js'

export { VALIDATION_KINDS, type EnableXKind } from './kinds.js'

const SCHEMAS: Record<EnableXKind, z.ZodType> = {
  action: ActionSchema,
  event: EventSchema,
  'make-call': REQUEST_SCHEMAS['make-call'],
  play: REQUEST_SCHEMAS.play,
  connect: REQUEST_SCHEMAS.connect,
  transfer: REQUEST_SCHEMAS.transfer,
  forward: REQUEST_SCHEMAS.forward,
  hold: REQUEST_SCHEMAS.hold,
  recording: REQUEST_SCHEMAS.recording,
}

/**
 * `validate('enablex', kind, payload)`. A request body kind (`play`, `make-call`, …) answers with
 * the REST API's own error too: what the fake API sends the app for that body. `action` takes
 * `{ action: '<route>', body }`.
 */
export function validate(kind: EnableXKind, payload: unknown, rules: RuleBook): ValidationResult {
  const schema = SCHEMAS[kind]
  if (!schema) throw new TypeError(`[callspec] enablex validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  if (kind === 'event') {
    const result = check(schema, payload)
    return { ok: result.ok, issues: result.issues }
  }
  const graded = gradedCheck(schema, payload, rules, { schema: 'enablex/request-schema', unknownKeys: 'enablex/unknown-keys' })
  const result = graded.ok ? { ok: true, issues: graded.warnings } : { ok: false, issues: graded.issues }
  if (kind === 'action') return result
  const voice = kind === 'play' ? unsupportedVoice(payload) : undefined
  if (voice) return { ok: false, issues: [{ path: 'voice', message: voice.message }, ...result.issues.filter((i) => i.path !== 'voice')], vendorError: voice }
  if (result.ok) return result
  return { ok: false, issues: result.issues, vendorError: requestError(kind, payload, result.issues) }
}

/** Play with a voice EnableX cannot speak: 406 / 6117 (§2.3). */
export function unsupportedVoice(payload: unknown): VendorError | undefined {
  const voice = typeof payload === 'object' && payload !== null ? (payload as { voice?: unknown }).voice : undefined
  if (typeof voice !== 'string' || (BEHAVIOUR.voices as readonly string[]).includes(voice)) return undefined
  return { status: 406, code: 6117, message: 'Voice not supported for text-to-speech conversion' }
}

/**
 * The REST error for an invalid body. The docs publish no validation errors, so callspec answers
 * 400 with `result` 400 and a message naming the field: "Mandatory parameter missing: to",
 * "Invalid parameter: start_timeout (must be 1–10 seconds)". [inferred]
 */
export function requestError(route: ActionName, payload: unknown, issues: ValidationIssue[]): VendorError {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { status: 400, code: 400, message: `Invalid parameter: the ${route} body must be a JSON object` }
  }
  const issue = issues[0]
  if (!issue) return { status: 400, code: 400, message: 'Invalid request' }
  const unknown = /^Unrecognized keys?: (.*?)(?: \(received .*\))?$/.exec(issue.message)
  if (unknown) return { status: 400, code: 400, message: `Invalid parameter: ${unknown[1]!.replace(/"/g, '')}` }
  const name = issue.path.split(/[.[]/)[0] ?? ''
  const missing = name !== '' && (payload as Record<string, unknown>)[name] === undefined
  if (missing) return { status: 400, code: 400, message: `Mandatory parameter missing: ${issue.path}` }
  return { status: 400, code: 400, message: `Invalid parameter: ${issue.path || '(body)'} (${issue.message})` }
}
