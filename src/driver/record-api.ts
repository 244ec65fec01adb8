import { attribute } from '../api/stray-requests.js'
import type { ApiRequest, ApiResponse } from '../api/types.js'
import type { CallContext } from './types.js'

/**
 * Puts a REST request the app made, and the fake API's answer, in the call's transcript. The
 * request now belongs to this call: a failed wait lists only the requests that belong to none
 * (or that were refused), as what came instead.
 */
export function recordApi(
  ctx: CallContext,
  request: ApiRequest,
  answer: ApiResponse,
  summary = '',
  name = `${request.method} ${request.url.pathname}`,
  rule?: string,
  /** What the rule at 'off' does with this request (RefusedBy.whenOff), for a refusal under a rule callspec inferred. */
  whenOff?: string,
): void {
  attribute(request, ctx)
  ctx.apiRequest({
    name,
    summary,
    // The rule a refusal was answered under, and whether callspec inferred it: a failure that lists
    // the refusal says whose it is (the vendor's documented answer, or callspec's own).
    ...(rule !== undefined && answer.status >= 400 && { refusedBy: { rule, inferred: ctx.rules.def(rule).evidence === 'inferred', ...(whenOff !== undefined && { whenOff }) } }),
    method: request.method,
    url: request.url.href,
    headers: request.headers,
    body: request.bodyText,
    status: answer.status,
    responseBody: answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
  })
}
