import type { ApiRequest, ApiResponse, PlatformApi, TriggerRecord, ValidationIssue } from '../../src/driver/index.js'
import { COMPRESSED_REFUSED, EndedCalls, RuleBook, bodyEncoding, compressedBodyIssue, unawaitedMakeCall, WaitingCalls, attributeToEndedCall, caseAndMethod, caseVariantIn, isJsonContentType, notJsonSaid, pathCaseIssue, tagIssues, dialledIn, refuseWaiting, withoutTrailingSlashes } from '../../src/driver/index.js'
import type { VoxologyOptions } from './behaviour.js'
import { checkMakeCall } from './make-call.js'
import { VOXOLOGY_RULES } from './rules.js'
import type { CallLog, MakeCallRequest } from './schemas.js'
import { ROUTES, matchRoute, type Route } from './rest-routes.js'

/** What the fake API needs from a simulated call. */
export interface ApiCallHandle {
  readonly callId: string
  readonly options: VoxologyOptions
  /**
   * `GET /v1/History/Logs/Calls/{callId}` body (the call log as a third-party README shows it;
   * Voxology documents none).
   */
  log(): CallLog
  /** `rule`: the rule a refusal was answered under (the failure says whose refusal it is). */
  recordApi(request: ApiRequest, answer: ApiResponse, rule?: string): void
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
 * The vendor documents no error format: none of Voxology's published sources (its REST API
 * reference, tutorials, samples) has an error body or an error code table. callspec answers `{
 * error, message }` with a status of its choosing, and a failure quoting one says so
 * (CALLSPECS_ANSWER; a refusal listed among what the app sent, `callspecs`).
 */
const err = (status: number, error: string, message: string, extra: Record<string, unknown> = {}): ApiResponse => ({
  status,
  body: { error, message, ...extra },
  callspecs: NO_ERROR_FORMAT,
})

const NO_ERROR_FORMAT = "Voxology documents no REST error format: this status and body are callspec's"

/** Said after a path-case refusal listed among what the app sent (its message, shortened there, may not reach the rule). */
const BY_PATH_CASE = "refused by callspec under rule voxology/path-case, inferred: Voxology neither says whether its API ignores case nor documents a REST error format"

/** Where a make-call body names the number it dials (`call.no`), read before it is checked (dialledIn). */
const DIALLED = ['call', 'no']

/** Said once after a refused request's status and body in a failure: they are callspec's, not Voxology's (audit-94 F7). */
export const CALLSPECS_ANSWER = `(${NO_ERROR_FORMAT})`

/** 405 for a route's path with another method (`sent`: the path as the app wrote it): callspec's, as every error here. */
function notAllowed(method: string, sent: string, allow: readonly string[], message = `${method} ${sent}: this route takes ${allow.join(' or ')}`): ApiResponse {
  return { ...err(405, 'method_not_allowed', message), headers: { allow: allow.join(', ') } }
}

/**
 * The fake Voxology REST API (Voxology's REST API reference): Make Call and the call log. One
 * instance is shared by the calls that run against it; a make-call request goes to the call it can
 * be told to be for (WaitingCalls).
 */
export class VoxologyApi implements PlatformApi {
  readonly #waiting = new WaitingCalls<ApiCallHandle, MakeCallClaim>('make-call request (POST /v1/Dials/Connect)')
  readonly #calls = new Map<string, ApiCallHandle>()

  /** A call that waits for the app's make-call request. Cancel with the returned function. */
  expectMakeCall(call: ApiCallHandle, dialled?: string, trigger?: TriggerRecord): { claimed: Promise<MakeCallClaim>; cancel(): void } {
    return this.#waiting.expect(call, dialled, trigger)
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
    const match = matchRoute(req.method, withoutTrailingSlashes(req.url.pathname))
    if (match.kind !== 'route' || match.route.id !== 'call-log') return undefined
    return authCheck(req, undefined, new RuleBook('voxology', VOXOLOGY_RULES)).problem ?? err(404, 'not_found', `no call with id ${match.params[0]!}`)
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    const path = withoutTrailingSlashes(req.url.pathname)
    const match = matchRoute(req.method, path)
    // The path is a route, the method is not its (the vendor documents no error format: callspec's own, as on other drivers).
    if (match.kind === 'method') return notAllowed(req.method, path, match.allow)
    if (match.kind === 'none') {
      const cased = this.#caseVariant(req, path)
      if (cased) return cased
      const near = match.nearest ? `; did you mean ${match.nearest.method} ${match.nearest.template} (${match.nearest.name})? Paths are matched as the docs spell them` : ''
      return err(404, 'not_found', `${req.method} ${path} is not a Voxology API route${near}`)
    }
    return this.#answer(req, path, match.route, match.params)
  }

  /** A request for a route the docs list; `warnings`: the path-case issue when the app spelt the path in another case. */
  #answer(req: ApiRequest, path: string, route: Route, params: string[], warnings: ValidationIssue[] = []): ApiResponse {
    if (route.id === 'make-call') return this.#makeCall(req, warnings)
    if (route.id === 'call-log') return this.#log(req, params[0]!, warnings)
    return err(501, 'not_simulated', `callspec does not simulate ${route.name} (${req.method} ${path})`)
  }

  /**
   * A path that is a documented route's in another case (`POST /v1/dials/connect`): the docs do
   * not say whether the API matches paths in case, so this is rule voxology/path-case, inferred
   * (audit F6: it was refused 404 by no rule, and the call failed as "the platform refused the
   * app's request"). At warn it is answered as the documented route, with a warning; at error it
   * is refused 404 as before, recorded under the rule so the failure says the refusal is
   * callspec's. Undefined when the path is no route's in any case (then a 404 as before).
   *
   * Sent with a method its route does not take (`GET /v1/dials/connect`): answered as the
   * documented path answers that method, 405, naming both the case and the method (the warning
   * goes to the call it is for); at error the 404 names the method the route takes. Either is
   * left to the app, as a 405 on the documented path is: no call fails on it at once.
   */
  #caseVariant(req: ApiRequest, path: string): ApiResponse | undefined {
    const found = caseVariantIn(ROUTES, req.method, path)
    if (!found) return undefined
    const { route, documented } = found
    const params = paramsIn(route, documented)
    // The call the request is for: the one waiting for a make-call, or the call the log names.
    const call = route.id === 'make-call' ? this.#waiting.likeliest(dialledIn(req.bodyText, DIALLED))?.call : route.id === 'call-log' ? this.#calls.get(params[0]!) : undefined
    const rules = call?.rules ?? new RuleBook('voxology', VOXOLOGY_RULES)
    const breach = rules.breach('voxology/path-case')
    const sameMethod = route.method === req.method
    if (!breach) return sameMethod ? this.#answer(req, documented, route, params) : notAllowed(req.method, path, [route.method])
    const issue = pathCaseIssue('Voxology', breach, req.method, path, documented)
    if (breach.level === 'warn') {
      if (sameMethod) return this.#answer(req, documented, route, params, [issue])
      call?.warnIssues([issue], `the app's ${req.method} ${path}`)
      return notAllowed(req.method, path, [route.method], `${req.method} ${path} is ${caseAndMethod('voxology/path-case', documented, route.method)}`)
    }
    const refusal = err(
      404,
      'not_found',
      `${req.method} ${path} is not a Voxology API route; did you mean ${route.method} ${route.template} (${route.name})? callspec matches paths as the docs spell them (rule voxology/path-case, inferred: the docs do not say whether the API ignores case)`,
    )
    if (!sameMethod) return { ...refusal, callspecs: BY_PATH_CASE }
    if (route.id === 'make-call') return this.#refuseMakeCall(req, { ...refusal, issues: [issue] }, rules)
    call?.recordApi(req, refusal, 'voxology/path-case')
    return refusal
  }

  #log(req: ApiRequest, callId: string, warnings: ValidationIssue[] = []): ApiResponse {
    const call = this.#calls.get(callId)
    // A call that has ended: its app's late request, not the live call's (listed apart).
    if (!call && this.#ended.has(callId)) attributeToEndedCall(req)
    const auth = authCheck(req, call?.options, call?.rules ?? new RuleBook('voxology', VOXOLOGY_RULES))
    if (auth.problem) {
      const { issues: _, ...answer } = auth.problem
      call?.recordApi(req, answer, 'voxology/api-key')
      return answer
    }
    if (!call) return err(404, 'not_found', `no call with id ${callId}`)
    const answer = { status: 200, body: call.log() }
    call.recordApi(req, answer)
    call.warnIssues([...warnings, ...auth.warnings], "the app's call log request")
    return answer
  }

  /** `pathWarnings`: the path-case issue when the app spelt the path in another case, warned with the body's. */
  #makeCall(req: ApiRequest, pathWarnings: ValidationIssue[] = []): ApiResponse {
    const waiter = this.#waiting.likeliest(dialledIn(req.bodyText, DIALLED))
    const rules = waiter?.call.rules ?? new RuleBook('voxology', VOXOLOGY_RULES)
    const answer = readMakeCall(req, waiter?.call.options ?? {}, rules)
    if ('problem' in answer) return this.#refuseMakeCall(req, answer.problem, rules, pathWarnings)
    const request = answer.request
    const chosen = this.#waiting.take(request.call.no)
    if (!chosen) return { ...err(503, 'no_simulated_call', 'no simulated call is waiting for this make-call request (use startedBy() in the test)'), callspecs: unawaitedMakeCall('Voxology', 503) }
    // Voxology's Make Call reference documents no response body: 200 with a `call_id` is callspec's
    // choice (inferred).
    const ok: ApiResponse = { status: 200, body: { call_id: chosen.call.callId, status: 'queued' } }
    chosen.call.recordApi(req, ok)
    chosen.call.warnIssues([...pathWarnings, ...answer.warnings], "the app's make-call request")
    chosen.resolve({ request, callId: chosen.call.callId })
    return ok
  }

  /**
   * A refused make-call: the call waiting for it fails now, with the answer (and the rules broken,
   * with their tags) as the reason, found as an accepted request's is (refuseWaiting). Refused only
   * by rules callspec inferred (at error): said first, never as Voxology's verdict, and the
   * transcript's entry carries the rule (refusedBy).
   */
  #refuseMakeCall(req: ApiRequest, refusal: Problem, rules: RuleBook, warnings: ValidationIssue[] = []): ApiResponse {
    return refuseWaiting(this.#waiting, req, refusal, { vendor: 'Voxology', rules, warnings, note: () => ` ${CALLSPECS_ANSWER}`, number: dialledIn(req.bodyText, DIALLED) })
  }
}

/** The values of `route`'s open segments in `documented`, a path of the route's. */
function paramsIn(route: Route, documented: string): string[] {
  const match = matchRoute(route.method, documented)
  return match.kind === 'route' ? match.params : []
}

/** A rejection, with the issues (and their rules' tags) the failed call shows beside it. */
type Problem = ApiResponse & { issues?: ValidationIssue[] }

function readMakeCall(req: ApiRequest, options: VoxologyOptions, rules: RuleBook): { request: MakeCallRequest; warnings: ValidationIssue[] } | { problem: Problem } {
  const auth = authCheck(req, options, rules)
  if (auth.problem) return { problem: auth.problem }
  const typed = contentTypeIssues(req, rules)
  if (typed.problem) return { problem: typed.problem }
  // A body the fake API decoded (gzip, br): Voxology documents none, so a warning (rule voxology/compressed-body, inferred), 415 under strict.
  const compressed = compressedBodyIssue(req, rules, 'voxology/compressed-body', 'Voxology')
  if (compressed?.level === 'error') return { problem: { ...err(415, 'unsupported_content_encoding', COMPRESSED_REFUSED), issues: [compressed] } }
  const warnings = [...auth.warnings, ...typed.warnings, ...(compressed ? [compressed] : [])]
  let body: unknown
  try {
    body = JSON.parse(req.bodyText)
  } catch {
    // Where, as the failure says it (V8's message names no place for a wrong token, and quotes the body).
    // Compressed (gzip, br): said so, not as a syntax error at its first byte (encoded-body.ts).
    const encoding = bodyEncoding(req.headers)
    const why = encoding ? `: it came with Content-Encoding: ${encoding}, which callspec's fake API does not decode` : ` ${notJsonSaid(req.bodyText, { shown: false })}`
    // Under its rule, as the failure lists it (it named none: h203); a compressed body is not:
    // that callspec does not decode it is its own inference, not Voxology's word.
    const message = `the body is not valid JSON${why}`
    return { problem: { ...err(400, 'invalid_json', message), ...(!encoding && { issues: tagIssues([{ path: '', message }], rules.breach('voxology/invalid-json')!) }) } }
  }
  const checked = checkMakeCall(body, rules)
  if (!checked.ok) return { problem: { ...err(checked.error.status ?? 400, String(checked.error.code), checked.error.message), issues: [...warnings, ...checked.issues] } }
  return { request: checked.request, warnings: [...warnings, ...checked.warnings] }
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

/**
 * `x-api-key` (any case, HTTP headers are case-insensitive): missing → 401, another key than
 * vendor.apiKey → 403. A request with no x-api-key but an Authorization: Basic header (Voxology's
 * Postman environment defines a BASIC_AUTH value, and its docs do not say what for) is rule
 * voxology/api-key-header, inferred: at warn it is accepted, with a warning; at error refused 401,
 * the refusal said as callspec's. It was refused 401 by no rule, the call failing as "Voxology
 * rejected the app's make-call request".
 */
function authCheck(req: ApiRequest, options: VoxologyOptions | undefined, rules: RuleBook): { warnings: ValidationIssue[]; problem?: Problem } {
  const key = (req.headers['x-api-key'] ?? '').trim()
  if (key) return options?.apiKey !== undefined && key !== options.apiKey ? { warnings: [], problem: keyRefused(403, 'forbidden', 'invalid API key', rules) } : { warnings: [] }
  const missing = keyRefused(401, 'unauthorized', 'missing x-api-key header', rules)
  const scheme = (req.headers.authorization ?? '').trim().split(/\s+/)[0]
  // Only Basic: the Postman environment's BASIC_AUTH is the whole evidence. Another scheme
  // (`Bearer <api key>`, a key sent in the wrong header) has none, and is refused as a request with
  // no x-api-key is (h196: it was accepted with a warning, the key never checked).
  if (scheme?.toLowerCase() !== 'basic') return { warnings: [], problem: missing }
  const breach = rules.breach('voxology/api-key-header')
  if (!breach) return { warnings: [] }
  const issue = {
    path: 'x-api-key',
    message: `no x-api-key header: the request authenticates with Authorization: ${scheme} …`,
    atWarn: ': accepted, as callspec assumes the API may (Voxology documents x-api-key; its Postman environment also defines a BASIC_AUTH value, and its docs do not say what for)',
  }
  const warnings = tagIssues([issue], breach)
  if (breach.level !== 'error') return { warnings }
  return { warnings: [], problem: { ...missing, issues: warnings } }
}

/**
 * A request refused for its key (none, or another than vendor.apiKey), listed under rule
 * voxology/api-key: the docs' x-api-key header. It named no rule (helper-205), where 8x8/api-key
 * and enablex/credentials do. The status and body are callspec's (Voxology documents neither), and
 * the failure says so after the answer.
 */
function keyRefused(status: number, error: string, message: string, rules: RuleBook): Problem {
  return { ...err(status, error, message), issues: tagIssues([{ path: '', message }], rules.breach('voxology/api-key')!) }
}
