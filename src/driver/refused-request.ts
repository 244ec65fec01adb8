import { CallspecError } from '../errors/callspec-error.js'
import { formatIssues } from '../validation/format-issues.js'
import { printableBody } from '../utils/printable-body.js'
import { notJsonSaid } from '../utils/json-syntax-error.js'
import { bodyEncoding, encodedBodySaid, encodedBodyShown } from './encoded-body.js'
import { queryInsteadOfBody } from './query-instead-of-body.js'
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
  /** The body's Content-Encoding, when it came compressed (bodyEncoding): said where a body that is not JSON is. */
  encoding?: string
  /** Said last but for `untold`, when the request's fields went in its query string (queryInsteadOfBody). */
  query?: string
  /** The driver's own line about what the request got wrong (8x8's 401: the Authorization it sent), after the request body. */
  hint?: string
  /** Why callspec could not tell which of the waiting calls the request was for, when it could not (WaitingCalls.owners): said last. */
  untold?: string
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
  const untold = r.untold === undefined ? '' : `\n${r.untold}`
  return new CallspecError(`${head}: HTTP ${r.answer.status} ${JSON.stringify(r.answer.body)}${r.note}${listed}\nRequest body: ${shownBody(r)}${notJson(r)}${r.query === undefined ? '' : `\n${r.query}`}${r.hint === undefined ? '' : `\n${r.hint}`}${untold}`)
}

/**
 * Where a body that is not JSON breaks, on a line of its own: each platform's answer says only
 * that it is not JSON ("Invalid JSON request body", "Invalid JSON body"), or V8's words with no
 * place (Voxology's fake API, before: "Unexpected token ''', ...\"r_id_no\": '+19495551\"... is not
 * valid JSON"), and a one-line body does not show which quote is wrong (audit h170).
 */
function notJson(r: RefusedRequest): string {
  const said = r.bodyText.trim() === '' ? undefined : notJsonSaid(r.bodyText)
  if (!said) return ''
  return r.encoding ? `\nThe request body is not JSON: ${encodedBodySaid(r.encoding, r.vendor)}` : `\nThe request body is not JSON ${said}`
}

/** The request body as the failure prints it: a compressed one by its size alone (encodedBodyShown). */
function shownBody(r: RefusedRequest): string {
  if (!r.bodyText) return '(empty)'
  return r.encoding && notJsonSaid(r.bodyText) ? encodedBodyShown(r.encoding) : printableBody(r.bodyText)
}

/**
 * The number a make-call body dials, read at `path` before any check (a refused body's too), when
 * it is JSON and holds a string there: which call a refused request is for follows it, as an
 * accepted one's does (WaitingCalls.owners).
 */
export function dialledIn(bodyText: string, path: readonly string[]): string | undefined {
  let value: unknown
  try {
    value = JSON.parse(bodyText)
  } catch {
    return undefined
  }
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' ? value : undefined
}

/** What a call waiting for the app's request does with its refusal. */
interface RefusableCall {
  recordApi(request: ApiRequest, answer: ApiResponse, rule?: string): void
  warnIssues(issues: readonly ValidationIssue[], context: string): void
}

/**
 * The calls waiting for the app's make-call that the refused `request` is for fail now, by the rule
 * an accepted request follows (WaitingCalls.owners: the number dialled, `number`, when it can be
 * read; the trigger's async context; the only call that could own it), with `refusal` (and the
 * rules broken, with their tags) as the reason; the transcript's entry carries the rule when only
 * rules callspec inferred refused it (refusedBy). When several calls could own it and nothing tells
 * them apart, each fails, its failure saying so. `note(inferred)`: said after the answer. The answer
 * is returned for the app, waiting call or not.
 */
export function refuseWaiting<Call extends RefusableCall, Claim>(
  waiting: WaitingCalls<Call, Claim>,
  request: ApiRequest,
  refusal: ApiResponse & { issues?: ValidationIssue[] },
  said: {
    vendor: string
    rules: RuleBook
    warnings?: readonly ValidationIssue[]
    note: (inferred: boolean) => string
    /** The number the request dials, when its body can be read that far. */
    number?: string
    same?: (a: string, b: string) => boolean
  },
): ApiResponse {
  const { issues, ...answer } = refusal
  const { waiters, untold } = waiting.owners(said.number, said.same)
  const inferred = inferredOnly(issues)
  const note = said.note(inferred !== undefined)
  for (const waiter of waiters) {
    waiting.drop(waiter)
    waiter.call.recordApi(request, answer, inferred?.[0])
    waiter.call.warnIssues(said.warnings ?? [], "the app's make-call request")
    waiter.reject(refusedRequestError({ vendor: said.vendor, what: 'make-call request', rules: said.rules, inferred, answer, note, issues, bodyText: request.bodyText, encoding: bodyEncoding(request.headers), query: queryInsteadOfBody(request, said.vendor), untold }))
  }
  return answer
}
