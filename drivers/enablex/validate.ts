import * as z from 'zod'
import { VALIDATION_KINDS, type EnableXKind } from './kinds.js'
import { check, gradedCheck, type RuleBook, type ValidationIssue, type ValidationResult, type VendorError } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import { ERROR_ANSWERS } from './error-answers.js'
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
  const result = { ok: graded.ok, issues: hintMisplacedEventUrl(graded.ok ? graded.warnings : graded.issues) }
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
  const { status, result, msg } = ERROR_ANSWERS.voiceNotSupported
  return { status, code: result, message: msg }
}

/**
 * The REST error for an invalid body. The docs publish no validation errors, so callspec answers
 * 400 with `result` 400 and a message naming the field: "Mandatory parameter missing: to",
 * "Invalid parameter: start_timeout (must be 1–10 seconds)". [inferred] One message, so the issue
 * that made the request fail is named: a missing mandatory field first (an app that sent
 * `voice_type` for `voice` lacks `voice`; the unknown key alone would only have been ignored),
 * then any other error, and an unknown key only when it is itself the error (strict).
 */
export function requestError(route: ActionName, payload: unknown, issues: ValidationIssue[]): VendorError {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { status: 400, code: 400, message: `Invalid parameter: the ${route} body must be a JSON object` }
  }
  const body = payload as Record<string, unknown>
  const missing = (i: ValidationIssue) => {
    const name = i.path.split(/[.[]/)[0] ?? ''
    return name !== '' && body[name] === undefined
  }
  const issue = issues.find(missing) ?? issues.find((i) => i.level !== 'warn') ?? issues[0]
  if (!issue) return { status: 400, code: 400, message: 'Invalid request' }
  const unknown = /^Unrecognized keys?: (.*?)(?: \(received .*\))?$/.exec(issue.message)
  if (unknown) return { status: 400, code: 400, message: `Invalid parameter: ${unknown[1]!.replace(/"/g, '')}` }
  if (missing(issue)) return { status: 400, code: 400, message: `Mandatory parameter missing: ${issue.path}` }
  return { status: 400, code: 400, message: `Invalid parameter: ${issue.path || '(body)'} (${issue.message})` }
}

/**
 * `event_url` under `action_on_connect`: EnableX's own field table lists it there
 * (`action_on_connect.event_url`), but its JSON example and every sample put it at the top level,
 * where callspec reads it (§2.1). The unknown-key issue it makes says where it goes.
 */
export function hintMisplacedEventUrl(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) =>
    issue.path === 'action_on_connect' && /^Unrecognized keys?: .*"event_url"/.test(issue.message)
      ? { ...issue, hint: 'move event_url to the top level of the make-call body: EnableX\'s field table lists it under action_on_connect, but its JSON example and samples send it at the top level' }
      : issue,
  )
}
