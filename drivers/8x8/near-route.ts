import { closestName } from '../../src/validation/did-you-mean.js'

/** Send Callflow's path, segment by segment; `null` stands for the subaccount id. */
const SEND_CALLFLOW: readonly (string | null)[] = ['api', 'v1', 'subaccounts', null, 'callflows']

/**
 * The Send Callflow path an app's unrouted path most likely meant, with the app's own subaccount
 * id: a segment a letter or two off (`/callflow`, `/subaccount/`, `/call-flows`), or the `/api`
 * prefix left out. Undefined when the path is not near it. Before, such a request was answered
 * "is not an 8x8 route callspec simulates" and the session failed with "no call in progress has
 * this id or route", leaving the newcomer to spot a missing "s" (audit h193).
 */
export function nearSendCallflow(path: string): string | undefined {
  const segments = path.split('/').slice(1)
  const parts = segments.length === SEND_CALLFLOW.length - 1 ? ['api', ...segments] : segments
  if (parts.length !== SEND_CALLFLOW.length) return undefined
  let off = segments.length !== parts.length
  for (const [i, expected] of SEND_CALLFLOW.entries()) {
    const part = parts[i]!
    if (expected === null || part === expected) continue
    if (closestName(part, [expected]) !== expected) return undefined
    off = true
  }
  return off ? `/api/v1/subaccounts/${parts[3]}/callflows` : undefined
}
