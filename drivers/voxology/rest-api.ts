import type { ApiRequest, ApiResponse, PlatformApi, ValidationIssue } from '../../src/driver/index.js'
import { CallspecError, EndedCalls, RuleBook, WaitingCalls, attributeToEndedCall, formatIssues, isJsonContentType, tagIssues } from '../../src/driver/index.js'
import type { VoxologyOptions } from './behaviour.js'
import { checkMakeCall } from './make-call.js'
import { VOXOLOGY_RULES } from './rules.js'
import type { CallLog, MakeCallRequest } from './schemas.js'
import { matchRoute } from './rest-routes.js'
import { byInferredRule, inferredOnly } from '../../src/validation/inferred-lead.js'

/** What the fake API needs from a simulated call. */
export interface ApiCallHandle {
  readonly callId: string
  readonly options: VoxologyOptions
  /** `GET /v1/History/Logs/Calls/{callId}` body (§1.2). */
  log(): CallLog
  recordApi(request: ApiRequest, answer: ApiResponse): void
  /** The rule levels of the call's test: an inferred rule a make-call request breaks warns by default. */
  readonly rules: RuleBook
  /** Rules broken at 'warn' by an accepted make-call request: the call's test reports them. */
  warnIssues(issues: readonly ValidationIssue[], context: string): void
}

export interface MakeCallClaim {
  request: MakeCallRequest
  callId: string
}

/**
 * The vendor documents no error format: "REST error format and codes (none found — no error code
 * table exists in the sources)" (§6). callspec answers `{ error, message }` with a status of its
 * choosing, and a failure quoting one says so (CALLSPECS_ANSWER).
 */
const err = (status: number, error: string, message: string, extra: Record<string, unknown> = {}): ApiResponse => ({
  status,
  body: { error, message, ...extra },
})

/** Said once after a refused request's status and body in a failure: they are callspec's, not Voxology's (audit-94 F7). */
export const CALLSPECS_ANSWER = "(Voxology documents no REST error format: this status and body are callspec's)"

/**
 * The fake Voxology REST API (§1): Make Call and the call log. One instance is shared by the
 * calls that run against it; a make-call request goes to the call waiting for that number, else
 * to the oldest waiting call.
 */
export class VoxologyApi implements PlatformApi {
  readonly #waiting = new WaitingCalls<ApiCallHandle, MakeCallClaim>()
  readonly #calls = new Map<string, ApiCallHandle>()

  /** A call that waits for the app's make-call request. Cancel with the returned function. */
  expectMakeCall(call: ApiCallHandle, dialled?: string): { claimed: Promise<MakeCallClaim>; cancel(): void } {
    return this.#waiting.expect(call, dialled)
  }

  /** The ids of the last calls that ended: a request about one is its app's, late. */
  readonly #ended = new EndedCalls()

  register(call: ApiCallHandle): () => void {
    this.#calls.set(call.callId, call)
    return () => {
      if (this.#calls.get(call.callId) !== call) return
      this.#calls.delete(call.callId)
      this.#ended.add(call.callId)
    }
  }

  /**
   * With no call in progress in this process (an app's request after its call ended): a call log
   * is answered as for an unknown call id; a make-call is left to callspec's own "no call in progress" 404.
   */
  answerWithoutCall(req: ApiRequest): ApiResponse | undefined {
    const match = matchRoute(req.method, req.url.pathname.replace(/\/+$/, ''))
    if (match.kind !== 'route' || match.route.id !== 'call-log') return undefined
    return authProblem(req, undefined) ?? err(404, 'not_found', `no call with id ${match.params[0]!}`)
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    const path = req.url.pathname.replace(/\/+$/, '')
    const match = matchRoute(req.method, path)
    if (match.kind === 'method') {
      // The path is a route, the method is not its (the vendor documents no error format: callspec's own, as on other drivers).
      const allow = match.allow.join(', ')
      return { ...err(405, 'method_not_allowed', `${req.method} ${path}: this route takes ${match.allow.join(' or ')}`), headers: { allow } }
    }
    if (match.kind === 'none') {
      const near = match.nearest ? `; did you mean ${match.nearest.method} ${match.nearest.template} (${match.nearest.name})? Paths are matched as the docs spell them` : ''
      return err(404, 'not_found', `${req.method} ${path} is not a Voxology API route${near}`)
    }
    const { route, params } = match
    if (route.id === 'make-call') return this.#makeCall(req)
    if (route.id === 'call-log') return this.#log(req, params[0]!)
    return err(501, 'not_simulated', `callspec does not simulate ${route.name} (${req.method} ${path})`)
  }

  #log(req: ApiRequest, callId: string): ApiResponse {
    const call = this.#calls.get(callId)
    // A call that has ended: its app's late request, not the live call's (listed apart).
    if (!call && this.#ended.has(callId)) attributeToEndedCall(req)
    const denied = authProblem(req, call?.options)
    if (denied) return denied
    if (!call) return err(404, 'not_found', `no call with id ${callId}`)
    const answer = { status: 200, body: call.log() }
    call.recordApi(req, answer)
    return answer
  }

  #makeCall(req: ApiRequest): ApiResponse {
    const waiter = this.#waiting.oldest()
    const rules = waiter?.call.rules ?? new RuleBook('voxology', VOXOLOGY_RULES)
    const answer = readMakeCall(req, waiter?.call.options ?? {}, rules)
    if ('problem' in answer) {
      const { issues, ...problem } = answer.problem
      // The call waiting for this request fails now, with the vendor's answer (and the rules broken, with their tags) as the reason.
      if (waiter) {
        this.#waiting.drop(waiter)
        waiter.call.recordApi(req, problem)
        // Refused only by rules callspec inferred (at error): said first, never as Voxology's verdict.
        const inferred = inferredOnly(issues)
        const head = inferred ? `callspec refused the app's make-call request ${byInferredRule('Voxology', rules, inferred)}` : "Voxology rejected the app's make-call request"
        waiter.reject(
          new CallspecError(`${head}: HTTP ${problem.status} ${JSON.stringify(problem.body)} ${CALLSPECS_ANSWER}${issues?.length ? `\n${formatIssues(issues)}` : ''}\nRequest body: ${req.bodyText || '(empty)'}`),
        )
      }
      return problem
    }
    const request = answer.request
    const chosen = this.#waiting.take(request.call.no)
    if (!chosen) return err(503, 'no_simulated_call', 'no simulated call is waiting for this make-call request (use startedBy() in the test)')
    // "Response body: **not documented publicly** [inferred: 200/201 with a `call_id`]" (§1.1): callspec's choice.
    const ok: ApiResponse = { status: 200, body: { call_id: chosen.call.callId, status: 'queued' } }
    chosen.call.recordApi(req, ok)
    chosen.call.warnIssues(answer.warnings, "the app's make-call request")
    chosen.resolve({ request, callId: chosen.call.callId })
    return ok
  }
}

/** A rejection, with the issues (and their rules' tags) the failed call shows beside it. */
type Problem = ApiResponse & { issues?: ValidationIssue[] }

function readMakeCall(req: ApiRequest, options: VoxologyOptions, rules: RuleBook): { request: MakeCallRequest; warnings: ValidationIssue[] } | { problem: Problem } {
  const denied = authProblem(req, options)
  if (denied) return { problem: denied }
  const typed = contentTypeIssues(req, rules)
  if (typed.problem) return { problem: typed.problem }
  let body: unknown
  try {
    body = JSON.parse(req.bodyText)
  } catch (error) {
    return { problem: err(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`) }
  }
  const checked = checkMakeCall(body, rules)
  if (!checked.ok) return { problem: { ...err(checked.error.status ?? 400, String(checked.error.code), checked.error.message), issues: [...typed.warnings, ...checked.issues] } }
  return { request: checked.request, warnings: [...typed.warnings, ...checked.warnings] }
}

/**
 * A make-call body sent with another content type than application/json (fetch() sends a string
 * body as text/plain): rule voxology/make-call-content-type, inferred, as the docs say nothing of
 * one. At warn the body is read as JSON anyway, with a warning; at error it is refused 415, the
 * failure led by the inference (audit h126: it was refused in Voxology's name, by no rule).
 */
function contentTypeIssues(req: ApiRequest, rules: RuleBook): { warnings: ValidationIssue[]; problem?: Problem } {
  const type = req.headers['content-type']
  // Any case, any parameters: `Application/JSON; charset=UTF-8` is JSON (media types are case-insensitive).
  if (isJsonContentType(type)) return { warnings: [] }
  const breach = rules.breach('voxology/make-call-content-type')
  if (!breach) return { warnings: [] }
  const issue = {
    path: '',
    message: `the make-call body was sent ${type ? `as content-type ${type}` : 'with no content-type'}, not application/json`,
    atWarn: ': read as JSON anyway, as callspec assumes the API does (send it with content-type: application/json)',
  }
  const warnings = tagIssues([issue], breach)
  if (breach.level !== 'error') return { warnings }
  return { warnings: [], problem: { ...err(415, 'unsupported_media_type', 'Content-Type must be application/json'), issues: warnings } }
}

/** `x-api-key` (any case, HTTP headers are case-insensitive): missing → 401, another key than vendor.apiKey → 403. */
function authProblem(req: ApiRequest, options: VoxologyOptions | undefined): ApiResponse | undefined {
  const key = (req.headers['x-api-key'] ?? '').trim()
  if (!key) return err(401, 'unauthorized', 'missing x-api-key header')
  if (options?.apiKey !== undefined && key !== options.apiKey) return err(403, 'forbidden', 'invalid API key')
  return undefined
}
