import type { RuleBook, ValidationIssue } from '../../src/driver/index.js'
import { STATUS } from './codes.js'

/**
 * A Send Callflow body that is not JSON: 8x8's documented -1001 "Invalid JSON request body", rule
 * 8x8/invalid-json (doc, fixed). One issue for validate() and for the failure of the call waiting
 * for the request, so both name the rule (the failure named none: h198).
 */
export function invalidJsonIssue(rules: RuleBook): ValidationIssue {
  const breach = rules.breach('8x8/invalid-json')
  const { message } = STATUS.invalidJson
  return { path: '', message, ...(breach ? { rule: breach.rule, level: breach.level, evidence: breach.evidence, tag: breach.tag, source: breach.source } : {}) }
}
