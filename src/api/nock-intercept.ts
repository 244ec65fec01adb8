import type { ApiRequest, PlatformApi } from './types.js'
import { encode } from './loopback-server.js'
import { answerApiRequest } from './stray-requests.js'

export interface Interception {
  remove(): void
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Answers requests to the vendor's hosts from inside this process, for both `fetch` and
 * `http.request` clients (nock covers both). nock is imported only when a flow needs it, so
 * `import 'callspec'` alone never patches the user's HTTP stack.
 */
export async function interceptVendorHosts(origins: readonly string[], api: PlatformApi): Promise<Interception> {
  const nock = (await import('nock')).default
  if (!nock.isActive()) nock.activate()
  const interceptors: ReturnType<ReturnType<typeof nock>['get']>[] = []
  for (const origin of origins) {
    for (const method of METHODS) {
      const interceptor = nock(origin).persist().intercept(/.*/, method)
      interceptor.reply(async function (this: { req: { headers: Record<string, string> } }, uri, body) {
        const request: ApiRequest = {
          method,
          url: new URL(uri, origin),
          headers: lowerHeaders(this.req.headers),
          bodyText: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
        }
        const answer = await answerApiRequest(api, request)
        const encoded = encode(answer)
        return [answer.status, encoded.body, encoded.headers]
      })
      interceptors.push(interceptor)
    }
  }
  return {
    remove() {
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor)
    },
  }
}

function lowerHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
  return out
}
