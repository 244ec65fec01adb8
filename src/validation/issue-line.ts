import type { ValidationIssue } from './types.js'

/*
 * An issue as a list shows it. Apart from format-issues.ts, which reads zod's issues: the matchers
 * list issues too, and must not load zod when they are imported (test/package/startup.test.ts).
 */

/** A warning, or a rule callspec inferred (made an error by strict), names its rule: what strict or a rules setting changes. */
export const namesItsRule = (issue: ValidationIssue): boolean => issue.rule !== undefined && (issue.level === 'warn' || issue.evidence === 'inferred')

/**
 * `  ⚠ message; hint → at path (rule <id>, inferred)`: one issue in a list (`callspec validate`,
 * toBeValidAction); a documented rule's error reads as the vendor's requirement alone. `said`:
 * the issue's words (its message and hint by default).
 */
export function listedIssue(issue: ValidationIssue, said = withHint(issue)): string {
  const at = issue.path ? ` → at ${issue.path}` : ''
  const rule = namesItsRule(issue) ? ` (${issue.tag ?? `rule ${issue.rule!}`})` : ''
  return `  ${issue.level === 'warn' ? '⚠' : '✖'} ${said}${at}${rule}`
}

/** An issue's message with callspec's hint after it, as every printout shows it. */
export const withHint = (issue: ValidationIssue): string => (issue.hint ? `${issue.message}; ${issue.hint}` : issue.message)
