import { withoutTrailingSlashes } from '../utils/trailing-slashes.js'
import type { WireRequest, WireResponse } from '../session/types.js'

/**
 * What a 3xx answer to a webhook needs said: where it pointed (its Location header, which the
 * response printed below the failure does not show), that the platform does not follow it, and,
 * for the usual cause, the fix. No vendor documents following a redirect on its webhooks
 * (drivers' behaviour.md: [inferred]), so callspec posts each webhook once, to one URL. The usual
 * cause is a framework's trailing-slash redirect (FastAPI's 307, Django's APPEND_SLASH 301, Rails):
 * the route was declared with a slash the webhook URL lacks, or the other way round.
 * Empty for any other status.
 */
export function redirectNote(response: WireResponse, request: WireRequest | undefined): { where: string; hint: string } {
  if (response.status < 300 || response.status > 399 || response.status === 304) return { where: '', hint: '' }
  const location = response.headers.location
  if (location === undefined || location === '') return { where: ' (a redirect with no Location header)', hint: NOT_FOLLOWED }
  const where = ` (a redirect to ${JSON.stringify(location.slice(0, 300))})`
  const to = urlOf(location, request?.url)
  const from = urlOf(request?.url ?? '')
  if (!to || !from) return { where, hint: NOT_FOLLOWED }
  const slashOnly = to.origin === from.origin && to.search === from.search && to.pathname !== from.pathname && trimSlash(to.pathname) === trimSlash(from.pathname)
  if (slashOnly) {
    return {
      where,
      hint: `${NOT_FOLLOWED} It only ${to.pathname.endsWith('/') ? 'adds' : 'drops'} a trailing slash: the app's route is declared ${to.pathname.endsWith('/') ? 'with' : 'without'} one (FastAPI and Django's APPEND_SLASH redirect so). Post the webhook to ${JSON.stringify(to.pathname)} (callTo's webhookPath, or the scenario's), or declare the route as the platform calls it.`,
    }
  }
  if (to.pathname === from.pathname && to.origin !== from.origin) {
    return { where, hint: `${NOT_FOLLOWED} It points at the same path on ${to.origin}: give that as the app's URL, or stop the app redirecting (an HTTPS or canonical-host redirect).` }
  }
  return { where, hint: NOT_FOLLOWED }
}

const NOT_FOLLOWED = '\ncallspec does not follow redirects (no vendor documents following one: an inference): it posts each webhook once, to the URL it was given, and reads that answer.'

const trimSlash = (path: string) => withoutTrailingSlashes(path) || '/'

function urlOf(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base)
  } catch {
    return undefined
  }
}
