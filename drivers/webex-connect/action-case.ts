import { tagIssues, type RuleBook, type ValidationIssue } from '../../src/driver/index.js'

const ACTION_NAMES = ['ANSWER', 'PLAY', 'PATCH', 'RECORD', 'HANGUP', 'REJECT'] as const

/**
 * An action named in another case (`{"action": "answer"}`, `"Hangup"`). The docs and the SDKs spell
 * every action in UPPERCASE and do not say what the platform does with another case, so rule
 * webex-connect/action-case is inferred: at warn the action runs as its UPPERCASE name, with a
 * warning, as Voxology's lower-case types do; strict fails the call, said as callspec's rule. It
 * failed under the documented webex-connect/action-schema, cited as the docs (h198). Returns the
 * answer with the name recased, and the issue graded by the call's rules (none at 'off').
 */
export function recaseAction(raw: unknown, rules: RuleBook): { raw: unknown; issues: ValidationIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { raw, issues: [] }
  const written = (raw as { action?: unknown }).action
  if (typeof written !== 'string') return { raw, issues: [] }
  const upper = written.toUpperCase()
  if (upper === written || !(ACTION_NAMES as readonly string[]).includes(upper)) return { raw, issues: [] }
  const message = `action "${written}" is not upper case: Webex Connect's actions are UPPERCASE, write "${upper}"; whether the platform takes another case is not documented (at 'warn' callspec runs it as "${upper}")`
  const breach = rules.breach('webex-connect/action-case')
  const issues = breach ? tagIssues([{ path: 'action', message, received: JSON.stringify(written) }], breach) : []
  return { raw: { ...raw, action: upper }, issues }
}
