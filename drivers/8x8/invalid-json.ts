import type { RuleBook, ValidationIssue } from '../../src/driver/index.js'
import { STATUS } from './codes.js'
import type { EightRuleId } from './rules.js'

/**
 * A Send Callflow body that is not JSON: 8x8's documented -1001 "Invalid JSON request body", rule
 * 8x8/invalid-json (doc, fixed). One issue for validate() and for the failure of the call waiting
 * for the request, so both name the rule (the failure named none: h198).
 */
export function invalidJsonIssue(rules: RuleBook): ValidationIssue {
  return refusalIssue(rules, '8x8/invalid-json', STATUS.invalidJson.message)
}

/**
 * A refusal of a Send Callflow request as an issue under its rule (`message`: 8x8's own words for
 * it), which the failure lists with the rule's tag and source, as every rule's failure does: the
 * 401 (8x8/api-key) and the 404 (8x8/subaccount) named none (h203).
 */
export function refusalIssue(rules: RuleBook, rule: EightRuleId, message: string): ValidationIssue {
  const breach = rules.breach(rule)
  return { path: '', message, ...(breach ? { rule: breach.rule, level: breach.level, evidence: breach.evidence, tag: breach.tag, source: breach.source } : {}) }
}
