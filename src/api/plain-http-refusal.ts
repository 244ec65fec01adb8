import type { ApiRequest, ApiResponse } from './types.js'
import { ONCE_NOTICE } from './late-requests.js'

/**
 * What callspec answers a request an app sends to a vendor host over plain `http://` once a call
 * has had callspec answer that host (vendor-guard.ts): a refusal saying the API is https.
 *
 * Every vendor callspec plays documents its REST API at an `https://` base URL (EnableX
 * https://api.enablex.io/voice/v1/, Voxology https://api.voxolo.gy/v1, 8x8 https://voice.8x8.com,
 * Webex Connect https://api.{region}.webexconnect.io), and none says what it does with plain
 * http: a redirect to https, a refusal, or nothing listening on port 80. So the refusal is
 * callspec's inference, and says so; callspec fails no call on it (a call whose app gives up on
 * the refusal fails on what the app then does or does not send, with this answer listed as
 * callspec's). The request never goes to the network: sent as written, it carries the app's
 * credentials in clear text to the real host.
 */
export function plainHttpRefused(request: ApiRequest, secureOrigin: string): ApiResponse {
  return {
    status: 403,
    body: {
      error:
        `callspec refused this request itself, not the vendor: the app sent it over plain http to ${request.url.origin}, and the vendor's API is served at ${secureOrigin}. ` +
        `Send it to ${secureOrigin}${request.url.pathname}${request.url.search} (callspec's inference: the vendor documents its API at https:// only, not what it answers plain http with).`,
    },
    plainHttp: true,
    callspecs: "callspec's inference, not the vendor's documented answer: the vendor documents its API at https:// only; this 403 and its body are callspec's, and the request never reached the network",
  }
}

/** The console notice of the first such refusal in this process (vendor-guard.ts says it once). */
export function plainHttpNotice(request: ApiRequest, answerText: string, status: number): string {
  return (
    `[callspec] the app sent ${request.method} ${request.url.origin}${request.url.pathname} over plain http to a vendor host. ` +
    `callspec answered it HTTP ${status} ${answerText}, and it did not reach the network (the app's credentials would have gone in clear text). ` +
    `The vendor's API is https: point the app's base URL at https://. callspec's inference, said as a warning: it fails no call by itself. ${ONCE_NOTICE}`
  )
}
