import * as z from 'zod'
import { VALIDATION_KINDS, type VoxologyKind } from './kinds.js'
import { check, gradedCheck, tagIssues, tooDeep, type RuleBook, type ValidationResult } from '../../src/driver/index.js'
import { actionIssues } from './action-checks.js'
import { ExpressionError } from './expression/tokenize.js'
import { parseExpression } from './expression/parse.js'
import { keyHints } from './key-hints.js'
import { LIMITS, limitNote } from './limits.js'
import { checkMakeCall } from './make-call.js'
import { checkScript, conditionProblem, graded, redirectIssues, relativeRedirects, resolveRedirects, SCHEMA_RULES } from './script.js'
import { ActionSchema, CallbackRequestSchema, type Action } from './schemas.js'
import { checkTypes } from './type-check.js'
import { EMPTY_RULE, isEmptyObject, noScriptProblem } from './empty-answer.js'

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
      // `{}` names no script: what a call does with it (rule voxology/empty-callback-answer,
      // inferred: a warning, the flow ends), not voxology/script-shape's documented failure.
      if (isEmptyObject(payload)) {
        const problem = noScriptProblem('a live callback', 'an empty JSON object {}')
        const { all, errors } = graded([{ path: '', message: problem, rule: EMPTY_RULE }], rules)
        return { ok: errors.length === 0, issues: all }
      }
      const result = checkScript(payload, { requireCollectNames: true, book: rules })
      return { ok: result.ok, issues: result.ok ? result.warnings : result.issues }
    }
    case 'condition':
      return validateCondition(payload, rules)
    case 'make-call': {
      // The fake REST API's own check and answer (make-call.ts): an unknown key warns, as in a call.
      const result = checkMakeCall(payload, rules)
      return result.ok ? { ok: true, issues: result.warnings } : { ok: false, issues: result.issues, vendorError: result.error }
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

/**
 * One action, read as the script check reads it in a script of its own: its type first
 * (type-check.ts: an unknown type, or a non-prompt in a COLLECT, is skipped under the inferred
 * rule voxology/action-types; a known one in lower case is read in UPPERCASE, voxology/action-type-case, inferred), then its documented shape (zod), then the inferred
 * checks a script gets too (action-checks.ts, and a REDIRECT url that is not absolute), each
 * graded by the same rules. Paths are the action's own (`params.url`, `actions[1].type`).
 */
function validateAction(payload: unknown, rules: RuleBook): ValidationResult {
  const types = checkTypes({ actions: [payload] })
  /** A path in the kept action → the same place in the app's (`actions[0]` → `actions[1]` after a skipped prompt), without the wrapper. */
  const at = (path: string) => types.originalPath(`actions[0]${path && !path.startsWith('[') ? '.' : ''}${path}`).replace(/^actions\[0\]\.?/, '')
  const own = <T extends { path: string }>(issue: T): T => ({ ...issue, path: issue.path.replace(/^actions\[0\]\.?/, '') })
  if (types.issues.length) return { ok: false, issues: tagIssues(types.issues.map(own), rules.breach('voxology/script-shape')!) }
  const skipped = types.skipped.map(own)
  const kept = (types.script as { actions: unknown[] }).actions
  if (kept.length === 0) {
    // The action itself is skipped: nothing else of it is read, as in a script.
    const { all, errors } = graded(skipped, rules)
    return { ok: errors.length === 0, issues: all }
  }
  // As in a script (rule voxology/redirect-url): the url is resolved, and the rule says whether that warns or fails.
  const redirects = redirectIssues(relativeRedirects(kept, 'actions'), rules).map((i) => ({ ...i, path: at(i.path.replace(/^actions\[0\]\.?/, '')) }))
  const action = redirects.length ? (resolveRedirects({ actions: kept }, true) as { actions: unknown[] }).actions[0] : kept[0]
  const parsed = gradedCheck(ActionSchema as z.ZodType<Action>, action, rules, SCHEMA_RULES)
  if (!parsed.ok) return { ok: false, issues: [...graded([...skipped, ...redirects], rules).errors, ...keyHints(parsed.issues.map((i) => ({ ...i, path: at(i.path) })), payload)] }
  const checks = actionIssues(parsed.data, '').map((i) => ({ ...i, path: at(i.path.replace(/^\./, '')) }))
  const issues = [...keyHints(parsed.warnings.map((i) => ({ ...i, path: at(i.path) })), payload), ...graded([...skipped, ...redirects, ...checks], rules).all]
  return { ok: issues.every((i) => i.level !== 'error'), issues }
}

/** A condition as the script check reads one: not JavaScript fails (voxology/conditions), JavaScript callspec does not evaluate is graded (voxology/condition-subset). */
function validateCondition(payload: unknown, rules: RuleBook): ValidationResult {
  if (typeof payload !== 'string') return { ok: false, issues: [{ path: '', message: `a condition is a string, got ${typeof payload}` }] }
  try {
    parseExpression(payload)
    return { ok: true, issues: [] }
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error
    const rule = error.form ? 'voxology/condition-subset' : 'voxology/conditions'
    const readAsFalse = rules.breach('voxology/condition-subset')?.level !== 'error'
    const { all, errors } = graded([{ path: '', message: conditionProblem(error, readAsFalse), rule }], rules)
    return { ok: errors.length === 0, issues: all }
  }
}
