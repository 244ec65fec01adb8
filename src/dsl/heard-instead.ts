import type { ActionRecord } from '../session/types.js'
import { matches } from './match.js'
import type { Phrasing } from './phrasing.js'

/**
 * An expectAction() whose match has the text the caller heard where the action holds something
 * else the platform turned into it (a Voxology SAY's `${sessionData.orderId}` template): the
 * mismatch read `expected "Order 123456 has shipped.", got "Order ${sessionData.orderId} has
 * shipped."` above a transcript line showing the expected text, and nothing said why (audit
 * voxology-75). Said under it: what was heard, and the step that checks what the caller heard.
 */
export function heardInstead(action: ActionRecord, match: unknown, says: Phrasing): string | undefined {
  const heard = action.prompts.map((p) => p.text)
  // Only a text the action as sent does not hold: where it does, the mismatch is elsewhere.
  const sent = textsIn(action.raw).filter((t): t is string => typeof t === 'string')
  const hit = textsIn(match).find((wanted) => heard.some((text) => matches(text, wanted)) && !sent.some((text) => matches(text, wanted)))
  if (hit === undefined) return undefined
  const shown = typeof hit === 'string' ? JSON.stringify(hit) : String(hit)
  const check = says.scenarioFile ? `a \`- heard: ${typeof hit === 'string' ? hit : shown}\` step` : `expect(call).toHavePlayed(${typeof hit === 'string' ? `'${hit.replace(/'/g, "\\'")}'` : shown})`
  return `The caller heard ${shown}, which the platform made from what the app sent: expectAction matches the action as the app sent it. To check what the caller heard, use ${check}.`
}

/** The strings and regular expressions a match object (or an action) holds, at any depth. */
function textsIn(match: unknown): Array<string | RegExp> {
  if (typeof match === 'string' || match instanceof RegExp) return [match]
  if (Array.isArray(match)) return match.flatMap(textsIn)
  if (match && typeof match === 'object') return Object.values(match).flatMap(textsIn)
  return []
}
