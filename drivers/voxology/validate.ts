import * as z from 'zod'
import { VALIDATION_KINDS, type VoxologyKind } from './kinds.js'
import { check, gradedCheck, tooDeep, toValidationIssues, type RuleBook, type ValidationResult, type VendorError } from '../../src/driver/index.js'
import { actionIssues } from './action-checks.js'
import { ExpressionError } from './expression/tokenize.js'
import { parseExpression } from './expression/parse.js'
import { LIMITS, limitNote } from './limits.js'
import { checkScript, graded, redirectIssues, relativeRedirects, resolveRedirects, SCHEMA_RULES } from './script.js'
import { ActionSchema, CallbackRequestSchema, MakeCallRequestSchema, type Action } from './schemas.js'

export { VALIDATION_KINDS, type VoxologyKind } from './kinds.js'

/**
 * `validate('voxology', kind, payload)`. `script` is a whole callback answer with every rule the
 * platform applies before running it (types, labels, GOTO targets, conditions, templates);
 * `action` one action's shape; `condition` an IF condition string. Make-call answers carry the
 * REST error callspec's fake API would answer.
 */
export function validate(kind: VoxologyKind, payload: unknown, rules: RuleBook): ValidationResult {
  // The script check bounds IF nesting itself, with a better message; the other kinds are bounded here.
  const deep = kind === 'script' ? undefined : tooDeep(payload, LIMITS.maxAnswerDepth)
  if (deep) {
    const message = `the payload nests objects and arrays more than ${LIMITS.maxAnswerDepth} deep here; the limit is ${LIMITS.maxAnswerDepth} (${limitNote('maxAnswerDepth')})`
    return { ok: false, issues: [{ path: deep.path, message }], ...(kind === 'make-call' ? { vendorError: { status: 400, code: 'invalid_request', message } } : {}) }
  }
  switch (kind) {
    case 'script': {
      const result = checkScript(payload, { requireCollectNames: true, book: rules })
      return { ok: result.ok, issues: result.ok ? result.warnings : result.issues }
    }
    case 'condition':
      return validateCondition(payload)
    case 'make-call': {
      const result = check(MakeCallRequestSchema, payload)
      return result.ok ? { ok: true, issues: [] } : { ok: false, issues: result.issues, vendorError: makeCallError(payload) }
    }
    case 'action':
      return validateAction(payload, rules)
    case 'callback': {
      const result = check(CallbackRequestSchema as z.ZodType, payload)
      return { ok: result.ok, issues: result.issues }
    }
    default:
      throw new TypeError(`[callspec] voxology validates ${VALIDATION_KINDS.join(', ')}; got ${JSON.stringify(kind)}.`)
  }
}

/** One action: its documented shape (zod), then the inferred checks a script gets too (action-checks.ts, and a REDIRECT url that is not absolute). */
function validateAction(payload: unknown, rules: RuleBook): ValidationResult {
  // As in a script (rule voxology/redirect-url): the url is resolved, and the rule says whether that warns or fails.
  const redirects = redirectIssues(relativeRedirects([payload], ''), rules).map((i) => ({ ...i, path: i.path.replace(/^\[0\]\.?/, '') }))
  const action = redirects.length ? (resolveRedirects({ actions: [payload] }, true) as { actions: unknown[] }).actions[0] : payload
  const parsed = gradedCheck(ActionSchema as z.ZodType<Action>, action, rules, SCHEMA_RULES)
  if (!parsed.ok) return { ok: false, issues: [...graded(redirects, rules).errors, ...parsed.issues] }
  const checks = actionIssues(parsed.data, '').map((i) => ({ ...i, path: i.path.replace(/^\./, '') }))
  const issues = [...parsed.warnings, ...graded([...redirects, ...checks], rules).all]
  return { ok: issues.every((i) => i.level !== 'error'), issues }
}

function validateCondition(payload: unknown): ValidationResult {
  if (typeof payload !== 'string') return { ok: false, issues: [{ path: '', message: `a condition is a string, got ${typeof payload}` }] }
  try {
    parseExpression(payload)
    return { ok: true, issues: [] }
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, issues: [{ path: '', message: error.message }] }
    throw error
  }
}

/** The REST error the fake API answers for an invalid make-call body: 400 `invalid_request` naming the field. */
export function makeCallError(payload: unknown): VendorError {
  const parsed = MakeCallRequestSchema.safeParse(payload)
  if (parsed.success) throw new Error('makeCallError() called for a valid request')
  // The REST answer names the field; the value received is in validate()'s issues.
  const issue = toValidationIssues(parsed.error)[0]!
  return { status: 400, code: 'invalid_request', message: issue.path ? `${issue.path}: ${issue.message}` : issue.message }
}

