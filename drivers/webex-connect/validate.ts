import * as z from 'zod'
import { VALIDATION_KINDS, type WebexKind } from './kinds.js'
import { check, gradedCheck, type RuleBook, type ValidationResult } from '../../src/driver/index.js'
import { checkMakeCall } from './make-call.js'
import { recaseAction } from './action-case.js'
import { nullCollectInput } from './null-collect-input.js'
import { SCHEMA_RULES, explainActionKey } from './read-action.js'
import { ActionSchema, eventSchemas, type Action } from './schemas.js'
import { gradeSoft, softProblems } from './soft-checks.js'

export { VALIDATION_KINDS, type WebexKind } from './kinds.js'

/**
 * `validate('webex-connect', kind, payload)`. Actions and make-call requests are graded as in a
 * call (an inferred rule warns unless the rules say otherwise); for make-call requests the answer
 * carries the REST API's own error (Webex Connect's common API error codes): 7003 for a missing
 * parameter, 7004 for an invalid one.
 */
export function validate(kind: WebexKind, payload: unknown, rules: RuleBook): ValidationResult {
  switch (kind) {
    case 'action':
      return validateAction(payload, rules)
    case 'make-call': {
      const result = checkMakeCall(payload, rules)
      return result.ok ? { ok: true, issues: result.warnings } : { ok: false, issues: result.issues, vendorError: result.error }
    }
    case 'event': {
      const result = check(eventSchemas().EventSchema as z.ZodType, payload)
      return { ok: result.ok, issues: result.issues }
    }
    default:
      throw new TypeError(`[callspec] webex-connect validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  }
}

/** The schema, then the checks callspec inferred: warnings alone leave `ok` true. */
function validateAction(payload: unknown, rules: RuleBook): ValidationResult {
  // As a call reads it: a known action in another case is read in UPPERCASE (rule webex-connect/action-case, inferred).
  const cased = recaseAction(payload, rules)
  const result = gradedCheck(ActionSchema, cased.raw, rules, SCHEMA_RULES)
  if (!result.ok) return { ok: false, issues: [...cased.issues, ...nullCollectInput(explainActionKey(result.issues, result.error.issues, payload), payload)] }
  const issues = [...cased.issues, ...nullCollectInput(result.warnings, payload), ...gradeSoft(softProblems(result.data as Action), rules)]
  return { ok: !issues.some((i) => i.level === 'error'), issues }
}
