import * as z from 'zod'
import { VALIDATION_KINDS, type WebexKind } from './kinds.js'
import { check, gradedResult, type RuleBook, type ValidationResult, type VendorError } from '../../src/driver/index.js'
import { SCHEMA_RULES } from './read-action.js'
import { ActionSchema, EventSchema, MakeCallRequestSchema } from './schemas.js'

export { VALIDATION_KINDS, type WebexKind } from './kinds.js'

const SCHEMAS = { action: ActionSchema, event: EventSchema, 'make-call': MakeCallRequestSchema } as const

/**
 * `validate('webex-connect', kind, payload)`. For make-call requests the answer carries the REST
 * API's own error (§5.1): 7003 for a missing parameter, 7004 for an invalid one.
 */
export function validate(kind: WebexKind, payload: unknown, rules: RuleBook): ValidationResult {
  const schema = SCHEMAS[kind]
  if (!schema) throw new TypeError(`[callspec] webex-connect validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  // An action is graded as in a call: unknown keys are a warning unless the rule says otherwise.
  if (kind === 'action') return gradedResult(ActionSchema, payload, rules, SCHEMA_RULES)
  const result = check(schema as z.ZodType, payload)
  if (result.ok || kind !== 'make-call') return { ok: result.ok, issues: result.issues }
  return { ok: false, issues: result.issues, vendorError: makeCallError(payload) }
}

/** The REST error the vendor answers for an invalid make-call body. */
export function makeCallError(payload: unknown): VendorError {
  const parsed = MakeCallRequestSchema.safeParse(payload)
  if (parsed.success) throw new Error('makeCallError() called for a valid request')
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { status: 400, code: '7000', message: 'Invalid JSON' }
  }
  const issue = parsed.error.issues[0]!
  if (issue.code === 'unrecognized_keys') {
    return { status: 400, code: '7004', message: `Invalid parameter: ${issue.keys.join(', ')}` }
  }
  const name = String(issue.path[0] ?? '')
  const missing = (payload as Record<string, unknown>)[name] === undefined
  return missing
    ? { status: 400, code: '7003', message: `Mandatory parameter missing: ${name}` }
    : { status: 400, code: '7004', message: `Invalid parameter: ${name}` }
}
