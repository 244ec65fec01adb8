import { CallspecError } from '../errors/callspec-error.js'
import { formatIssues } from '../validation/format-issues.js'
import { byInferredRule } from '../validation/inferred-lead.js'
import type { RuleBook } from '../validation/rules.js'
import type { ValidationIssue } from '../validation/types.js'

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
