import { attributed } from './stray-requests.js'
import { AFTER_END_ADVICE, answerBodyText } from './late-requests.js'
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'

/**
 * `api` as a fake API server for apps outside this process serves it, warning once of a request
 * on a call that no call in progress took (an app's timer or clean-up after its call ended). An
 * app in this process gets that warning from the vendor guard (vendor-guard.ts); an app by URL got
 * none, and its late request passed unseen (audit-81). A request is "on a call" when the driver
 * could answer it as one on an ended call (answerWithoutCall): a make-call or an unknown route is
 * not. Refused requests a live call took are its own to report (stray-requests.ts).
 */
export function warnOfUnplaced(api: PlatformApi): PlatformApi {
  let warned = false
  return {
    async handle(request) {
      const answer = await api.handle(request)
      if (!warned && answer.status >= 400 && !attributed(request) && api.answerWithoutCall?.(request) !== undefined) {
        warned = true
        console.warn(unplacedNotice(request, answer))
      }
      return answer
    },
    // What the mount asks of a body it answers itself (413, 408): passed through, or such a body about an ended call is taken for the call in progress's.
    ...(api.endedCallIn && { endedCallIn: (url: URL) => api.endedCallIn!(url) }),
  }
}

function unplacedNotice(request: ApiRequest, answer: ApiResponse): string {
  return (
    `[callspec] the app sent ${request.method} ${request.url.origin}${request.url.pathname} about a call no call in progress has (its call had ended, or the id is wrong). ` +
    `callspec's fake API answered it HTTP ${answer.status} ${answerBodyText(answer)}. No call took it, so nothing failed on it: ${AFTER_END_ADVICE}`
  )
}
