import { CallspecError } from '../errors/callspec-error.js'
import { formatIssues } from '../validation/format-issues.js'
import type { ApiRequest, ApiResponse } from '../api/types.js'
import { byInferredRule, inferredOnly } from '../validation/inferred-lead.js'
import type { RuleBook } from '../validation/rules.js'
import type { ValidationIssue } from '../validation/types.js'
import type { WaitingCalls } from './waiting-calls.js'

/** A request of the app's that a call waits for (its make-call, 8x8's Send Callflow), refused. */
export interface RefusedRequest {
  /** The vendor as failures name it ("Webex Connect"). */
  vendor: string
  /** The request as a failure names it ("make-call request"). */
  what: string
  rules: RuleBook
  /** The rules that refused it, when only rules callspec inferred did (inferredOnly). */
  inferred: readonly string[] | undefined
  answer: { status: number; body?: unknown }
  /** Said right after the answer: whose it is, when it is callspec's (each driver words its own). */
  note: string
  issues?: readonly ValidationIssue[]
  bodyText: string
}

/**
 * The failure of the call that waited for a refused request, one wording on every platform: led
 * by callspec's inference, naming the rule and how to relax it, when only rules callspec inferred
 * refused it (never "<vendor> rejected …": the vendor documents no such refusal); else the
 * vendor's rejection. The answer, the issues with their rules' tags and the body sent follow.
 */
export function refusedRequestError(r: RefusedRequest): CallspecError {
  const head = r.inferred ? `callspec refused the app's ${r.what} ${byInferredRule(r.vendor, r.rules, r.inferred)}` : `${r.vendor} rejected the app's ${r.what}`
  const listed = r.issues?.length ? `\n${formatIssues(r.issues)}` : ''
  return new CallspecError(`${head}: HTTP ${r.answer.status} ${JSON.stringify(r.answer.body)}${r.note}${listed}\nRequest body: ${r.bodyText || '(empty)'}`)
}

/** What a call waiting for the app's request does with its refusal. */
interface RefusableCall {
  recordApi(request: ApiRequest, answer: ApiResponse, rule?: string): void
  warnIssues(issues: readonly ValidationIssue[], context: string): void
}

/**
 * The call waiting for the app's make-call that it most likely is (WaitingCalls.likeliest) fails now, with `refusal` (and the rules broken,
 * with their tags) as the reason; the transcript's entry carries the rule when only rules callspec
 * inferred refused it (refusedBy). `note(inferred)`: said after the answer. The answer is returned
 * for the app, waiting call or not.
 */
export function refuseLikeliestWaiting<Call extends RefusableCall, Claim>(
  waiting: WaitingCalls<Call, Claim>,
  request: ApiRequest,
  refusal: ApiResponse & { issues?: ValidationIssue[] },
  said: { vendor: string; rules: RuleBook; warnings?: readonly ValidationIssue[]; note: (inferred: boolean) => string },
): ApiResponse {
  const { issues, ...answer } = refusal
  const waiter = waiting.likeliest()
  if (!waiter) return answer
  waiting.drop(waiter)
  const inferred = inferredOnly(issues)
  waiter.call.recordApi(request, answer, inferred?.[0])
  waiter.call.warnIssues(said.warnings ?? [], "the app's make-call request")
  const note = said.note(inferred !== undefined)
  waiter.reject(refusedRequestError({ vendor: said.vendor, what: 'make-call request', rules: said.rules, inferred, answer, note, issues, bodyText: request.bodyText }))
  return answer
}
