import type { RuleBook, ValidationIssue } from '../../src/driver/index.js'
import { tagIssues } from '../../src/driver/index.js'
import type { EnableXRuleId } from './rules.js'

/**
 * A refusal the fake API makes before a request's body is checked (credentials, a body that is
 * not JSON) as the issue its failure lists under `rule`, with the rule's tag and source, as every
 * rule's failure does: they named none (h203). `message`: the answer's msg.
 */
export function refusalIssues(rules: RuleBook, rule: EnableXRuleId, message: string): ValidationIssue[] {
  const breach = rules.breach(rule)
  return breach ? tagIssues([{ path: '', message }], breach) : []
}
