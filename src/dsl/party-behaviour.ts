import { closestName } from '../validation/did-you-mean.js'

/** The named behaviours a party may have (PartyBehaviour's strings). */
export const PARTY_BEHAVIOURS = ['answers', 'busy', 'no-answer', 'voicemail'] as const

/** The keys of the one object behaviour, `{ answers: true, hangsUpAfterMs }`. */
const KEYS = ['answers', 'hangsUpAfterMs']

/**
 * What is wrong with a withParty()/answeredBy() behaviour, as the sentence a usage error ends
 * with; undefined when it is one PartyBehaviour names. From JavaScript the types do not hold: an
 * extra key (`{ answers: true, extraKey: 1 }`) was refused with the object shown and no word of
 * which key was wrong (newcomer audit h183), so each such key is named, with the keys there are.
 */
export function partyBehaviourProblem(behaviour: unknown, method: string): string | undefined {
  if (typeof behaviour === 'string' && (PARTY_BEHAVIOURS as readonly string[]).includes(behaviour)) return undefined
  const isObject = typeof behaviour === 'object' && behaviour !== null && !Array.isArray(behaviour)
  if (isObject) {
    const { answers, hangsUpAfterMs: ms, ...rest } = behaviour as Record<string, unknown>
    if (answers === true && typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && Object.keys(rest).length === 0) return undefined
  }
  const shown = typeof behaviour === 'string' ? JSON.stringify(behaviour) : (JSON.stringify(behaviour) ?? String(behaviour))
  const takes = `[callspec] ${method} takes ${PARTY_BEHAVIOURS.map((b) => `'${b}'`).join(', ')} or { answers: true, hangsUpAfterMs } (milliseconds ≥ 0), got ${shown}`
  // A named behaviour a case, a typo or a separator away ('answer', 'no_answer', 'Busy') names the one meant.
  const near = typeof behaviour === 'string' ? nearBehaviour(behaviour) : undefined
  if (!isObject) return `${takes}${near ? ` (did you mean '${near}'?)` : ''}.`
  const extra = Object.keys(behaviour).filter((key) => !KEYS.includes(key))
  const unknown = extra.map((key) => {
    const near = closestName(key, KEYS)
    return `${JSON.stringify(key)}${near && !(near in behaviour) ? ` (did you mean "${near}"?)` : ''}`
  })
  const keys = extra.length ? `: ${unknown.join(', ')} ${extra.length === 1 ? 'is no key' : 'are no keys'} of a party behaviour, whose keys are answers and hangsUpAfterMs` : ''
  const stays = (behaviour as { hangsUpAfterMs?: unknown }).hangsUpAfterMs === undefined && !unknown.some((u) => u.includes('did you mean')) ? " (a party who answers and stays on the line is 'answers')" : ''
  return `${takes}${keys}${stays}.`
}

/** The named behaviour `word` is a case, a separator ('no_answer') or a typo away from, if one is (a scenario file's too). */
export function nearBehaviour(word: string): string | undefined {
  const normal = word.trim().toLowerCase().replace(/[\s_]+/g, '-')
  return (PARTY_BEHAVIOURS as readonly string[]).includes(normal) ? normal : closestName(normal, PARTY_BEHAVIOURS)
}
