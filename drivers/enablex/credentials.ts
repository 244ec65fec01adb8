import type { ApiRequest } from '../../src/driver/index.js'
import type { EnableXOptions } from './behaviour.js'

/**
 * Why the fake API refused a request's Basic credentials, in the app author's words. The 401's msg
 * ("invalid APP_ID or APP_KEY") said nothing of the commonest cause (helper-188): an app that reads
 * its credentials from environment variables the test did not set sends an empty pair (axios's
 * `auth` with undefined sends `Basic Og==`, ":"), and its author read "invalid" as a wrong key.
 * `empty`: the header is missing or holds no APP_ID or APP_KEY, the env-var case.
 */
export function credentialsReason(req: ApiRequest, options: EnableXOptions | undefined): { reason: string; empty: boolean } {
  const header = (req.headers.authorization ?? '').trim()
  const basic = 'EnableX takes Authorization: Basic base64(APP_ID:APP_KEY)'
  if (!header) return { reason: `the request carried no Authorization header: ${basic}`, empty: true }
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
  if (!m) return { reason: `its Authorization header is not Basic credentials ("${header.split(/\s+/)[0]} …"): ${basic}`, empty: false }
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  // No colon (`Basic base64(APP_KEY)`, a token): no pair, as the 401's msg says. Read as an APP_ID
  // with an empty key, the failure said "its APP_KEY is empty (… decodes to "<the key>:")" beside
  // that msg, and printed the secret (helper-190).
  if (colon < 0 && decoded !== '') return { reason: `its Basic credentials decode to no APP_ID:APP_KEY pair (no colon in them): ${basic}`, empty: false }
  const id = colon >= 0 ? decoded.slice(0, colon) : decoded
  const key = colon >= 0 ? decoded.slice(colon + 1) : ''
  if (!id || !key) {
    const missing = !id && !key ? 'APP_ID and APP_KEY are' : !id ? 'APP_ID is' : 'APP_KEY is'
    const shown = `${id}:${key ? '…' : ''}`
    return {
      reason:
        `its ${missing} empty (the Authorization header decodes to ${JSON.stringify(shown)}): an app that reads them from environment variables needs them set in the test ` +
        `(test.env in vitest.config.ts, which is set before the app's module loads); callspec accepts any non-empty pair unless vendor: { appId, appKey } names one`,
      empty: true,
    }
  }
  if (options?.appId !== undefined && id !== options.appId) return { reason: `its APP_ID ${JSON.stringify(id)} is not vendor.appId ${JSON.stringify(options.appId)}`, empty: false }
  return { reason: 'its APP_KEY is not vendor.appKey', empty: false }
}
