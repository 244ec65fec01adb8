import type { ApiRequest, ApiResponse, PlatformApi } from '../../src/driver/index.js'
import type { TriggerRecord } from '../../src/driver/index.js'
import { COMPRESSED_REFUSED, RuleBook, WaitingCalls, compressedBodyIssue, decodeSegment, unawaitedMakeCall, bodyEncoding, queryInsteadOfBody, caseAndMethod, caseVariantOf, pathCaseIssue, type ValidationIssue, refusedRequestError, withoutTrailingSlashes } from '../../src/driver/index.js'
import { inferredOnly } from '../../src/validation/inferred-lead.js'
import { EIGHT_RULES } from './rules.js'
import type { EightByEightOptions } from './behaviour.js'
import { checkSendCallflow, toE164 } from './check-callflow.js'
import { STATUS } from './codes.js'
import { invalidJsonIssue, refusalIssue } from './invalid-json.js'
import { nearSendCallflow } from './near-route.js'
import { authSaid } from './auth-said.js'
import type { SendCallflowRequest } from './schemas.js'

/** What the fake API needs from a simulated session. */
export interface ApiCallHandle {
  readonly sessionId: string
  readonly options: EightByEightOptions
  /** Seeded ids, so the same seed gives the same callFlowRequestId. */
  uuid(): string
  /** `rule`: the rule a refusal was answered under (the failure says whose refusal it is). */
  recordApi(request: ApiRequest, answer: ApiResponse, summary: string, rule?: string): void
  /** The rule levels of the session's test; absent when no session waits (the defaults apply). */
  readonly rules: RuleBook
  /** Rules broken at 'warn' by an accepted request: the session's test reports them. */
  warnIssues(issues: readonly ValidationIssue[], context: string): void
  /** The app's wall clock now (CallContext.appNow): `validUntil` is written on it. */
  appNow(): number
}

/** A Send Callflow request the API accepted, handed to the session waiting for it. */
export interface CallflowClaim {
  request: SendCallflowRequest
  subAccountId: string
  /** The app's wall-clock ms when it arrived: `validUntil` is on the app's clock, not the virtual one. */
  receivedAt: number
}

/** `subAccountId` path parameter (8x8's Voice API reference). */
const SUBACCOUNT = /^[A-Za-z0-9\-._&]{3,50}$/
const CALLFLOWS = /^\/api\/v1\/subaccounts\/([^/]+)\/callflows$/
/** Send Callflow's path as the docs spell it: one in another case is rule 8x8/path-case's. */
const CALLFLOWS_TEMPLATE = '/api/v1/subaccounts/{subAccountId}/callflows'

const notCreated = (status: number, requestId: string, statusCode: number, statusMessage: string): ApiResponse => ({
  status,
  body: { sessionStatus: 'NOT_CREATED', callFlowRequestId: requestId, statusCode, statusMessage },
})

/**
 * The fake 8x8 Voice API (8x8's Voice API reference): Send Callflow, answering exactly as 8x8's
 * Send Callflow reference documents its responses. One instance is shared by the sessions that run
 * against it; a request goes to the session it can be told to be for (WaitingCalls: its destination
 * pinned with `toNumber()`, the trigger that caused it).
 */
export class EightByEightApi implements PlatformApi {
  readonly #waiting = new WaitingCalls<ApiCallHandle, CallflowClaim>(`Send Callflow request (POST ${CALLFLOWS_TEMPLATE})`)
  /** Request ids when no session is waiting (no seeded source to draw from). */
  #unclaimed = 0

  /** A session that waits for the app's Send Callflow request. Cancel with the returned function. */
  expectCallflow(call: ApiCallHandle, dialled?: string, trigger?: TriggerRecord): { claimed: Promise<CallflowClaim>; cancel(): void } {
    return this.#waiting.expect(call, dialled, trigger)
  }

  /**
   * With no call in progress in this process (an app's request after its session ended): 8x8's
   * one route, Send Callflow, starts a new session, which callspec cannot place with no test
   * waiting for it: callspec's own "no call in progress" 404 answers it.
   */
  answerWithoutCall(): ApiResponse | undefined {
    return undefined
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    const path = withoutTrailingSlashes(req.url.pathname)
    const match = CALLFLOWS.exec(path)
    if (req.method === 'POST' && match) return this.#sendCallflow(req, decodeSegment(match[1]!))
    // The route in another case (`/api/v1/SubAccounts/{id}/CallFlows`): rule 8x8/path-case, inferred, graded with the session's rules.
    const documented = caseVariantOf(CALLFLOWS_TEMPLATE, path)
    if (documented && req.method === 'POST') return this.#sendCallflow(req, decodeSegment(CALLFLOWS.exec(documented)![1]!), path)
    if (documented) return this.#casedOtherMethod(req, path)
    if (match) return wrongMethod(req.method, path)
    // The guess leads: a failure lists the answer's first 200 characters.
    const near = nearSendCallflow(path)
    return noRoute(`${near ? `did you mean POST ${near} (Send Callflow)? ` : ''}${req.method} ${path} is not an 8x8 route callspec simulates`)
  }

  /**
   * Send Callflow's path in another case with another method than POST (`GET …/SubAccounts/{id}/CallFlows`):
   * answered as the documented path answers that method (callspec's 404), naming both the case
   * and the method, the warning going to the session waiting; at error the refusal names the
   * rule. Either is left to the app, as on the documented path: no session fails on it at once.
   */
  #casedOtherMethod(req: ApiRequest, path: string): ApiResponse {
    const waiter = this.#waiting.likeliest()
    const issue = casePathIssue(waiter?.call.rules ?? new RuleBook('8x8', EIGHT_RULES), req.method, path)
    if (!issue) return noRoute(`${req.method} ${path} is not an 8x8 route callspec simulates`)
    if (issue.level === 'error') {
      const refusal = noRoute(`${req.method} ${path} is not an 8x8 route callspec simulates (callspec matches paths as the docs spell them, rule 8x8/path-case, inferred); ${CALLFLOWS_TEMPLATE} takes POST`)
      return { ...refusal, callspecs: BY_PATH_CASE }
    }
    waiter?.call.warnIssues([issue], `the app's ${req.method} ${path}`)
    return noRoute(`${req.method} ${path} is ${caseAndMethod('8x8/path-case', CALLFLOWS_TEMPLATE, 'POST')}`)
  }

  /**
   * `sentPath`: the app's path when it spelt the route in another case. 8x8 does not say whether
   * its API matches paths in case, so that is rule 8x8/path-case, inferred (audit F6: it was
   * answered 404 by no rule, the session failing as the platform's refusal): at warn the request
   * is read as Send Callflow's, with a warning; at error it is refused 404 as before, the failure
   * led by callspec's inference.
   */
  #sendCallflow(req: ApiRequest, subAccountId: string, sentPath?: string): ApiResponse {
    const body = parse(req.bodyText)
    const waiter = this.#waiting.find(destinationOf(body))
    const requestId = waiter ? waiter.call.uuid() : `00000000-0000-4000-8000-${(++this.#unclaimed).toString(16).padStart(12, '0')}`
    const options = waiter?.call.options ?? {}
    const rules = waiter?.call.rules ?? new RuleBook('8x8', EIGHT_RULES)
    // The app's clock, which under callspec/agent is the call's, not this process's (then real).
    const now = waiter ? waiter.call.appNow() : Date.now()
    const pathIssue = sentPath === undefined ? undefined : casePathIssue(rules, 'POST', sentPath)
    const answer =
      pathIssue?.level === 'error'
        ? { problem: { status: 404, body: { statusCode: 404, statusMessage: `Not found: POST ${sentPath} is not an 8x8 route callspec simulates (callspec matches paths as the docs spell them, rule 8x8/path-case, inferred)` } }, issues: [pathIssue] }
        : check(req, subAccountId, body, options, requestId, rules, now)
    if ('problem' in answer) {
      // The session waiting for this request fails now, with the vendor's answer as the reason.
      if (waiter) {
        this.#waiting.drop(waiter)
        const b = answer.problem.body as { statusCode: number }
        // The issues carry each rule's tag. Refused only by rules callspec inferred (at error): said first, and the answer as callspec's.
        const inferred = inferredOnly(answer.issues)
        waiter.call.recordApi(req, answer.problem, `NOT_CREATED ${b.statusCode}`, inferred?.[0])
        const note = inferred ? INFERRED_REFUSAL : statusNote(answer.problem.status, b.statusCode)
        waiter.reject(
          refusedRequestError({ vendor: '8x8', what: 'Send Callflow request', rules: waiter.call.rules, inferred, answer: answer.problem, note, issues: answer.issues, bodyText: req.bodyText, encoding: bodyEncoding(req.headers), query: queryInsteadOfBody(req, '8x8'), hint: answer.problem.status === 401 ? authSaid(req.headers.authorization, options.apiKey) : undefined }),
        )
      }
      return answer.problem
    }
    if (!waiter) {
      return { ...notCreated(503, requestId, 503, 'callspec: no simulated session is waiting for this callflow (start the flow with .startedBy())'), callspecs: unawaitedMakeCall('8x8', 503) }
    }
    this.#waiting.drop(waiter)
    const { request } = answer
    const ok: ApiResponse = {
      status: 200,
      body: {
        sessionId: waiter.call.sessionId,
        sessionStatus: 'CREATED',
        callFlowRequestId: requestId,
        statusCode: STATUS.created.code,
        statusMessage: STATUS.created.message,
        ...(request.validUntil !== undefined ? { validUntil: request.validUntil } : {}),
      },
    }
    waiter.call.recordApi(req, ok, 'CREATED')
    waiter.call.warnIssues([...(pathIssue ? [pathIssue] : []), ...answer.warnings], "the app's Send Callflow request")
    waiter.resolve({ request, subAccountId, receivedAt: now })
    return ok
  }

}

/** The issue for Send Callflow's path spelt in another case (`sent`), at the level of rule 8x8/path-case; undefined when the rule is off. */
function casePathIssue(rules: RuleBook, method: string, sent: string): ValidationIssue | undefined {
  const breach = rules.breach('8x8/path-case')
  return breach && pathCaseIssue('8x8', breach, method, sent, CALLFLOWS_TEMPLATE)
}

/** A path or method 8x8 has no route for (or none callspec simulates): 404, callspec's (8x8 documents its 404 only for an unknown subaccount). */
const noRoute = (statusMessage: string): ApiResponse => ({ status: 404, body: { statusCode: 404, statusMessage: `Not found: ${statusMessage}` }, callspecs: NO_ROUTE })

const NO_ROUTE = "8x8 documents no answer for a path or method it has no route for: this 404 and its body are callspec's"

/**
 * Send Callflow's path with another method than POST (`GET …/callflows`): 405 naming POST. Before,
 * 404 "… is not an 8x8 route callspec simulates", and a session that failed on it listed it as "no
 * call in progress has this id or route", though the path was right (helper-187). 8x8 documents
 * no answer for it: the 405 and its body are callspec's.
 */
const wrongMethod = (method: string, path: string): ApiResponse => ({
  status: 405,
  body: { statusCode: 405, statusMessage: `Method Not Allowed: ${method} ${path}: that route takes POST` },
  headers: { allow: 'POST' },
  callspecs: "8x8 documents no answer for a method its route does not take: this 405 and its body are callspec's",
})

/** Said after a path-case refusal listed among what the app sent (its message, shortened there, may not reach the rule). */
const BY_PATH_CASE = "refused by callspec under rule 8x8/path-case, inferred: 8x8 does not say whether its API ignores case"


/** The first makeCall's destination, in E.164: which waiting session a request is for. */
function destinationOf(body: unknown): string | undefined {
  const first = (body as { callflow?: Array<{ params?: { destination?: unknown } }> } | undefined)?.callflow?.[0]
  return typeof first?.params?.destination === 'string' ? toE164(first.params.destination) : undefined
}

const UNPARSABLE = Symbol('unparsable')

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return UNPARSABLE
  }
}

/**
 * Auth, subaccount, JSON, then the callflow's own rules, in that order (8x8's Send Callflow
 * responses).
 */
function check(
  req: ApiRequest,
  subAccountId: string,
  body: unknown,
  options: EightByEightOptions,
  requestId: string,
  rules: RuleBook,
  now: number,
): { request: SendCallflowRequest; warnings: ValidationIssue[] } | { problem: ApiResponse; issues?: ValidationIssue[] } {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
  if (!token || (options.apiKey !== undefined && token !== options.apiKey)) {
    const message = 'Authentication header not found or token invalid'
    return { problem: notCreated(401, requestId, 401, message), issues: [refusalIssue(rules, '8x8/api-key', message)] }
  }
  if (!SUBACCOUNT.test(subAccountId) || (options.subAccountId !== undefined && subAccountId !== options.subAccountId)) {
    const message = `SubAccount not found by Id : ${subAccountId}`
    return { problem: notCreated(404, requestId, 404, message), issues: [refusalIssue(rules, '8x8/subaccount', message)] }
  }
  // A body the fake API decoded (gzip, br): 8x8 documents none, so a warning (rule 8x8/compressed-body, inferred), 415 under strict.
  const compressed = compressedBodyIssue(req, rules, '8x8/compressed-body', '8x8')
  if (compressed?.level === 'error') return { problem: notCreated(415, requestId, 415, COMPRESSED_REFUSED), issues: [compressed] }
  if (body === UNPARSABLE) return { problem: notCreated(400, requestId, STATUS.invalidJson.code, STATUS.invalidJson.message), issues: [invalidJsonIssue(rules)] }
  const checked = checkSendCallflow(body, { options, now, rules })
  if (!checked.ok) return { problem: notCreated(checked.problem.status, requestId, checked.problem.code, checked.problem.message), issues: checked.problem.issues }
  return { request: checked.data, warnings: [...(compressed ? [compressed] : []), ...checked.warnings] }
}

/** Said after the answer to a request refused only by rules callspec inferred: neither the refusal nor its code and status are 8x8's word for it. */
const INFERRED_REFUSAL = " (the refusal and this answer are callspec's inference: 8x8 does not document refusing this callflow)"

/**
 * Status codes whose HTTP status a vendor sample shows (8x8's Send Callflow responses): 401, 404,
 * -1007 on 400, -1013 on 422.
 */
const SHOWN = new Set([401, 404, STATUS.unknownAction.code, STATUS.firstNotMakeCall.code])

/** Said after a rejection whose HTTP status is callspec's inference, not the vendor's sample. */
function statusNote(status: number, statusCode: number): string {
  if (SHOWN.has(statusCode)) return ''
  return ` (8x8 documents the statusCode and its message; HTTP ${status} for it is callspec's inference: the docs show 400 only with -1007 and 422 only with -1013)`
}
