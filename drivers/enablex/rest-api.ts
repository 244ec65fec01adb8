import type { ApiRequest, ApiResponse, PlatformApi, TriggerRecord, ValidationIssue } from '../../src/driver/index.js'
import { COMPRESSED_REFUSED, CallspecError, EndedCalls, compressedBodyIssue, decodeSegment, unawaitedMakeCall, bodyEncoding, encodedBodySaid, queryInsteadOfBody, RuleBook, WaitingCalls, attributeToEndedCall, caseAndMethod, caseVariantOf, dialledIn, nextTurn, notJsonSaid, pathCaseIssue, realNow, tagIssues, refusedRequestError, withoutTrailingSlashes } from '../../src/driver/index.js'
import { closestName } from '../../src/validation/did-you-mean.js'
import { ENABLEX_RULES, type EnableXRuleId } from './rules.js'
import { byInferredRule, inferredOnly } from '../../src/validation/inferred-lead.js'
import { ERROR_ANSWERS, INFERRED_ANSWER, callspecWording, errorBody, type ErrorAnswer, type ErrorContext, type ErrorRoute } from './error-answers.js'
import { BEHAVIOUR, type EnableXOptions } from './behaviour.js'
import { credentialsReason } from './credentials.js'
import { refusalIssues } from './refusal-issue.js'
import { type ActionName, type PlacedMakeCall } from './schemas.js'
import { answerBody, checkMakeCall, checkRequest, requestError, withVoiceCased } from './validate.js'

/**
 * The call routes of EnableX's Voice API Routes (after `/voice/v1/call/{voice_id}`), with the
 * methods the docs give.
 */
export const CALL_ROUTES = {
  accept: ['PUT'],
  // EnableX's Voice API Routes say PUT; its IVR guide shows POST (the sources disagree): both are
  // accepted.
  play: ['PUT', 'POST'],
  connect: ['PUT'],
  transfer: ['PUT'],
  forward: ['PUT'],
  hold: ['POST'],
  recording: ['PUT'],
} as const satisfies Partial<Record<ActionName, readonly string[]>>
export type CallRoute = keyof typeof CALL_ROUTES

/** A route on one call, as the simulated call receives it (auth and body schema already checked). */
export type Command = { route: CallRoute | 'hangup'; body: unknown } | { route: 'analyze' }

/** What the fake API needs from a simulated call. */
export interface ApiCallHandle {
  readonly voiceId: string
  readonly options: EnableXOptions
  /** Executes one request on the call: state checks, the vendor's answer, the action recorded. */
  command(command: Command, request: ApiRequest): ApiResponse
  /**
   * A request the API refused before it reached the call (401, 400): recorded, and it fails the
   * flow. `wording` follows the answer in the failure: whose status and msg they are, when callspec's.
   * `rule`: the rule a refusal with no issues is by (enablex/credentials, enablex/invalid-json),
   * named in the headline and its source under it, as every rule's failure does.
   */
  refused(request: ApiRequest, answer: ApiResponse, problem: string, issues?: ValidationIssue[], wording?: string, rule?: EnableXRuleId): void
  /** What the call's error bodies carry besides result and msg: its voice_id, parties and current (virtual) time. */
  errorContext(): ErrorContext
  /** The app's make-call request was handed to this call: returns the 200 answer. */
  placed(request: PlacedMakeCall): ApiResponse
  /** The rule levels of the call's test. */
  readonly rules: RuleBook
  /** Rules broken at 'warn' by an accepted request: the call's test reports them. */
  warnIssues(issues: readonly ValidationIssue[], context: string): void
  /**
   * The fake API refused a request on this call before any command ran (a method the route does not
   * take, a route EnableX does not have): `answer` is callspec's; `advice`, what the docs have instead.
   */
  refusedByApi(request: ApiRequest, answer: ApiResponse, advice: string): void
}

export interface MakeCallClaim {
  request: PlacedMakeCall
}

/** A recording file the download route serves. */
export interface RecordingFile {
  id: string
  voiceId: string
  durationS: number
}

const err = (status: number, body: Record<string, unknown>): ApiResponse => ({ status, body })
const digits = (n: string) => n.replace(/^\+/, '')

/**
 * The fake EnableX REST API (EnableX's Voice API Routes). Its routing table is one per process,
 * shared by every mount (interception and loopback servers): whichever mount an app's request
 * reaches, it finds the live call by voice_id, and the make-call is handed to the flow waiting for
 * it (WaitingCalls: the one expecting that number, the one whose trigger caused it).
 */
export class EnableXApi implements PlatformApi {
  static readonly #calls = new Map<string, ApiCallHandle>()
  static readonly #waiting = new WaitingCalls<ApiCallHandle, MakeCallClaim>('make-call request (POST /voice/v1/call)')
  static readonly #files = new Map<string, RecordingFile>()
  /** Per voice_id, the app's last request on that call sent without the /voice/v1 prefix (routeHint). */
  static readonly #prefixMisses = new Map<string, string>()

  /** The app's last request on call `voiceId` that missed the /voice/v1 prefix (`PUT /call/<id>/accept`), if any; forgotten once read. */
  static prefixMiss(voiceId: string): string | undefined {
    const miss = EnableXApi.#prefixMisses.get(voiceId)
    EnableXApi.#prefixMisses.delete(voiceId)
    return miss
  }
  /** Bumped by every request answered and every event posted: what the app may still react to. */
  static #activity = 0
  /** The voice_ids of the last calls that ended: a request about one is its app's, late. */
  static readonly #ended = new EndedCalls()
  static #settled = 0
  static readonly #listeners = new Set<() => void>()

  /** Makes a call reachable by its voice_id until the returned function is called. */
  static register(call: ApiCallHandle): () => void {
    // Two calls at once with one voice_id: given the same seed (the ids come from it). The app's
    // requests would reach one of them for both, and the other fail saying its accept never came,
    // though one for its very voice_id did (helper-135).
    if (EnableXApi.#calls.has(call.voiceId)) {
      throw new CallspecError(
        `another EnableX call running at the same time has this call's voice_id (${call.voiceId}): the two were given the same seed, which makes the same ids, and the fake API cannot tell the app's requests for one from the other's. Give each call its own seed (or leave seed out: each call then gets its own).`,
      )
    }
    EnableXApi.#calls.set(call.voiceId, call)
    return () => {
      if (EnableXApi.#calls.get(call.voiceId) === call) {
        EnableXApi.#calls.delete(call.voiceId)
        EnableXApi.#ended.add(call.voiceId)
      }
      EnableXApi.#prefixMisses.delete(call.voiceId)
    }
  }

  /** A call that waits for the app's make-call request. Cancel with the returned function. */
  static expectMakeCall(call: ApiCallHandle, dialled?: string, trigger?: TriggerRecord): { claimed: Promise<MakeCallClaim>; cancel(): void } {
    return EnableXApi.#waiting.expect(call, dialled, trigger)
  }

  static addRecording(file: RecordingFile): void {
    EnableXApi.#files.set(file.id, file)
  }

  /** Resolves when the next request has been answered. Cancel to stop listening. */
  static nextRequest(): { arrived: Promise<void>; cancel(): void } {
    let listener!: () => void
    const arrived = new Promise<void>((resolve) => {
      listener = resolve
    })
    EnableXApi.#listeners.add(listener)
    return { arrived, cancel: () => EnableXApi.#listeners.delete(listener) }
  }

  /** An event went to an app: it may answer with REST requests. */
  static touch(): void {
    EnableXApi.#activity++
  }

  /**
   * For an app by URL (its work unseen): lets requests it is still sending arrive, yielding
   * event-loop turns until none has arrived for `settleQuietMs` of real time, at most `maxMs`. Free when nothing happened
   * since the last settle: an app acts only on events.
   */
  static async settle(maxMs: number): Promise<void> {
    if (EnableXApi.#activity === EnableXApi.#settled) return
    // Real time (realNow): another test's call may hold the app clock meanwhile, and performance.now() reads its time.
    const started = realNow()
    let seen = EnableXApi.#activity
    let quietSince = started
    while (realNow() - quietSince < BEHAVIOUR.settleQuietMs && realNow() - started < maxMs) {
      await nextTurn()
      if (EnableXApi.#activity !== seen) {
        seen = EnableXApi.#activity
        quietSince = realNow()
      }
    }
    EnableXApi.#settled = EnableXApi.#activity
  }

  /**
   * The URL is on a call of this process's that has ended (`/voice/v1/call/{voice_id}…`, the id
   * among the last calls'): a body the mount refused (413, 408) or that never ended is that call's
   * app's, late, as a request answered here is (attributeToEndedCall), not the call in progress's.
   */
  endedCallIn(url: URL): boolean {
    const id = /^\/voice\/v1\/call\/([^/]+)/i.exec(url.pathname)?.[1]
    if (id === undefined) return false
    const voiceId = decodeSegment(id)
    return !EnableXApi.#calls.has(voiceId) && EnableXApi.#ended.has(voiceId)
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    // Answered synchronously; the call schedules what follows on its virtual clock.
    const answer = this.#route(req)
    EnableXApi.#activity++
    for (const listener of [...EnableXApi.#listeners]) listener()
    EnableXApi.#listeners.clear()
    return answer
  }

  /**
   * With no call in progress in this process (an app's request after its call ended): a request
   * on a call is answered as one on an ended call (404 `Call not found or already disconnected`,
   * rule enablex/undocumented-errors), a recording download as ever; a make-call or an unknown
   * route is left to callspec's own "no call in progress" 404.
   */
  answerWithoutCall(req: ApiRequest): ApiResponse | undefined {
    const path = withoutTrailingSlashes(req.url.pathname)
    const file = /^\/voice\/v1\/recording\/([^/]+)$/.exec(path)
    if (file) return this.#download(req, decodeSegment(file[1]!))
    const match = /^\/voice\/v1\/call\/([^/]+)(?:\/([^/]+))?$/.exec(path)
    if (!match) return undefined
    // The route's envelope (a play's {voice_id, playstate: "failed", …}), with no call to take the parties or the time from.
    const at: ErrorContext = { voiceId: decodeSegment(match[1]!) }
    const route = callRoute(req.method, match[2])
    const denied = authProblem(req, undefined)
    if (denied) return enveloped(denied, route, at)
    const { status, result, msg } = ERROR_ANSWERS.callOver
    return { ...err(status, errorBody(route, at, result, msg)), callspecs: NO_CALL }
  }

  /**
   * `path`: the request's, or the documented route's when the app spelt it in another case (rule
   * enablex/path-case at warn: `cased`, its warning and the route as the docs spell it). Sent
   * with a method the route does not take, it is answered 405 as the documented path is, naming
   * both the case and the method, the warning going to the call it is for.
   */
  #route(req: ApiRequest, path = withoutTrailingSlashes(req.url.pathname), cased?: { issue: ValidationIssue; meant: string }): ApiResponse {
    // Never again for the documented path it routes to: that path is no case variant.
    const variant = this.#caseVariant(req, path)
    if (variant) return variant
    const pathIssue = cased?.issue
    const wrongMethod = (allowed: string, route: ErrorRoute, at: ErrorContext, owner: ApiCallHandle | undefined, live = false): ApiResponse => {
      if (cased) owner?.warnIssues([cased.issue], `the app's ${req.method} ${req.url.pathname}`)
      const answer = notAllowed(req, allowed, route, at, cased?.meant)
      // On the live call the path names: in its transcript, and judged (commands.ts refusedByApi).
      if (live) owner?.refusedByApi(req, answer, `EnableX documents it as ${allowed} ${req.url.pathname.replace(owner.voiceId, '{voice_id}')}`)
      return answer
    }
    if (path === '/voice/v1/call') {
      if (req.method !== 'POST') return wrongMethod('POST', 'make-call', {}, EnableXApi.#waiting.likeliest(dialledIn(req.bodyText, ['to']), sameDigits)?.call)
      return this.#makeCall(req, pathIssue)
    }
    const file = /^\/voice\/v1\/recording\/([^/]+)$/.exec(path)
    if (file) return this.#download(req, decodeSegment(file[1]!), cased?.meant)
    const match = /^\/voice\/v1\/call\/([^/]+)(?:\/([^/]+))?$/.exec(path)
    if (!match) {
      // Without /voice/v1, and perhaps in another case too (`/call/<id>/Play`): the route as the docs spell it.
      const unprefixed = prefixed(path)
      const meant = unprefixed && (documentedSpelling(unprefixed) ?? unprefixed)
      // A live call's route without /voice/v1: its failure says so too (the answer is cut short there).
      const id = meant && /^\/voice\/v1\/call\/([^/]+)/.exec(meant)?.[1]
      if (meant && id && EnableXApi.#calls.has(decodeSegment(id))) EnableXApi.#prefixMisses.set(decodeSegment(id), `${req.method} ${path}`)
      // callspec's hint, marked as its own in the msg: EnableX documents no answer for an unknown route.
      const hint = meant ? ` (callspec: did you mean ${req.method} ${meant}?)` : path.startsWith('/voice/v1/calls') ? ' (callspec: the v1 routes are /voice/v1/call/{voice_id}/…, singular "call")' : ''
      const unsimulated = UNSIMULATED_ROUTES.find((route) => route.path.test(path))
      if (unsimulated) return { ...err(404, errorBody('general', {}, 404, `Route not found: ${req.method} ${path} (callspec: ${unsimulated.said})`)), callspecs: NOT_SIMULATED, unsimulated: true }
      return { ...err(404, errorBody('general', {}, 404, `Route not found: ${req.method} ${path}${hint}`)), callspecs: NO_ROUTE }
    }
    const voiceId = decodeSegment(match[1]!)
    const sub = match[2]
    const call = EnableXApi.#calls.get(voiceId)
    // A call of this process's that has ended: its app's late request, not the live call's (listed apart).
    if (!call && EnableXApi.#ended.has(voiceId)) attributeToEndedCall(req)
    // The route's one error envelope (error-answers.ts errorBody): every error on it, the call's parties and time where it is live.
    const route = callRoute(req.method, sub)
    const at: ErrorContext = call ? call.errorContext() : { voiceId }
    const onCall = (answer: ApiResponse): ApiResponse => enveloped(answer, route, at)
    const denied = authProblem(req, call?.options)
    if (denied) {
      const answer = onCall(denied)
      const { reason } = credentialsReason(req, call?.options)
      call?.refused(req, answer, `EnableX refused the app's ${req.method} ${path}: HTTP 401 (Basic auth with APP_ID:APP_KEY): ${reason}`, undefined, callspecWording(route === 'general' ? 'hangup' : route, 401, 'auth'), 'enablex/credentials')
      return answer
    }
    let command: Command
    if (sub === undefined) {
      if (req.method === 'GET') command = { route: 'analyze' }
      else if (req.method === 'DELETE') command = { route: 'hangup', body: {} }
      else return wrongMethod('GET or DELETE', 'hangup', at, call, true)
    } else {
      if (!Object.hasOwn(CALL_ROUTES, sub)) {
        const answer: ApiResponse = { ...err(404, errorBody('general', { timestamp: at.timestamp }, 404, `Route not found: ${req.method} ${path}${nearRoute(req.method, sub)}`)), callspecs: NO_ROUTE }
        call?.refusedByApi(req, answer, 'EnableX documents no such route')
        return answer
      }
      const route = sub as CallRoute
      const methods: readonly string[] = CALL_ROUTES[route]
      if (!methods.includes(req.method)) return wrongMethod(methods.join(' or '), route, at, call, true)
      command = { route, body: undefined }
    }
    // Unknown voice_id: EnableX documents no answer. [inferred: 404, in the route's envelope]
    if (!call) {
      const { status, result, msg } = ERROR_ANSWERS.callNotFound
      return { ...err(status, errorBody(command.route, at, result, msg)), callspecs: NO_CALL }
    }
    if (command.route === 'analyze') return call.command(command, req)
    const parsed = parseBody(req)
    if ('problem' in parsed) {
      const answer = onCall(parsed.problem)
      // Where it breaks, as a refused make-call's failure says it (refusedRequestError).
      // Compressed (gzip, br): said so, not as a JSON syntax error at its first byte (encoded-body.ts).
      // Nor under enablex/invalid-json: not decoding it is callspec's inference, not EnableX's word.
      const encoding = bodyEncoding(req.headers)
      const why = encoding ? `: ${encodedBodySaid(encoding, 'EnableX')}` : ` ${notJsonSaid(req.bodyText)}`
      call.refused(req, answer, `the app's ${req.method} ${path} has a body that is not JSON${why}`, undefined, callspecWording(command.route, 400, 'json'), encoding ? undefined : 'enablex/invalid-json')
      return answer
    }
    const what = `the app's ${command.route} request (${req.method} ${path})`
    if (pathIssue) call.warnIssues([pathIssue], what)
    const typed = contentTypeIssue(req, call.rules)
    if (typed?.level === 'error') {
      const answer = onCall(UNSUPPORTED_TYPE)
      // The rule is inferred: the failure leads with that (inferred-lead.ts), not with the 415.
      call.refused(req, answer, `callspec refused ${what} ${byInferredRule('EnableX', call.rules, [typed.rule!])}`, [typed], callspecWording(command.route, 415, 'content-type'))
      return answer
    }
    if (typed) call.warnIssues([typed], what)
    // A body the fake API decoded (gzip, br): EnableX documents none, so a warning (rule enablex/compressed-body, inferred), 415 under strict.
    const compressed = compressedBodyIssue(req, call.rules, 'enablex/compressed-body', 'EnableX')
    if (compressed?.level === 'error') {
      const answer = onCall(UNSUPPORTED_ENCODING)
      call.refused(req, answer, `callspec refused ${what} ${byInferredRule('EnableX', call.rules, [compressed.rule!])}`, [compressed], callspecWording(command.route, 415, 'content-encoding'))
      return answer
    }
    if (compressed) call.warnIssues([compressed], what)
    // As validate() judges it (checkRequest); a play's unsupported voice is left to the call (the vendor's own 406 / 6117).
    const result = checkRequest(command.route, parsed.body, call.rules)
    if (result.ok) call.warnIssues(result.warnings, what)
    else {
      const vendor = requestError(command.route, parsed.body, result.issues)
      const status = vendor.status ?? 400
      const answer = err(status, answerBody(command.route, vendor, call.errorContext()))
      // Refused only by rules callspec inferred (at error): said first, and the answer as callspec's, never as EnableX's verdict.
      const inferred = inferredOnly(result.issues)
      const problem = inferred ? `callspec refused ${what} ${byInferredRule('EnableX', call.rules, inferred)}` : `${what} is not a valid EnableX request`
      call.refused(req, answer, problem, result.issues, inferred ? INFERRED_ANSWER : callspecWording(command.route, status, 'body'))
      return answer
    }
    // The body as sent: unknown keys (at 'warn') are in it, and nothing reads them. A play's voice in
    // another case ("Female", rule enablex/voice-case, inferred) is played as the voice it names.
    // A play's fields sent under a play key (rule enablex/play-wrapper, inferred) are played from there.
    // Optional fields sent as null (rule enablex/null-optional, inferred) are not in it: read as absent.
    return call.command({ route: command.route, body: command.route === 'play' ? withVoiceCased(result.body) : result.body }, req)
  }

  /**
   * A path the docs spell in another case (`PUT /voice/v1/call/{voice_id}/Play`): EnableX does not
   * say whether its API takes one, so this is rule enablex/path-case, inferred (audit F6: it was
   * answered 404 "Route not found" by no rule, and the call failed as the platform's refusal). At
   * warn the request goes to the documented route, with a warning; at error it is refused 404 as
   * before, the refusal the call's failure, said as callspec's and recorded under the rule.
   * Undefined when the path is no documented route's in any case (routed, or refused, as before).
   */
  #caseVariant(req: ApiRequest, path: string): ApiResponse | undefined {
    const documented = documentedSpelling(path)
    if (documented === undefined) return undefined
    const id = /^\/voice\/v1\/call\/([^/]+)/.exec(documented)?.[1]
    const file = /^\/voice\/v1\/recording\/([^/]+)$/.exec(documented)?.[1]
    // The call the request is for: the one waiting for a make-call, the one it names, or the one a recording is of.
    const voiceId = id ?? (file === undefined ? undefined : EnableXApi.#files.get(decodeSegment(file))?.voiceId)
    const call = documented === '/voice/v1/call' ? EnableXApi.#waiting.likeliest(dialledIn(req.bodyText, ['to']), sameDigits)?.call : voiceId === undefined ? undefined : EnableXApi.#calls.get(decodeSegment(voiceId))
    const rules = call?.rules ?? new RuleBook('enablex', ENABLEX_RULES)
    const breach = rules.breach('enablex/path-case')
    if (!breach) return this.#route(req, documented)
    const meant = id === undefined ? documented : documented.replace(id, '{voice_id}')
    const issue = pathCaseIssue('EnableX', breach, req.method, path, meant)
    if (breach.level === 'warn') {
      if (file !== undefined && req.method === 'GET') call?.warnIssues([issue], "the app's recording download")
      return this.#route(req, documented, { issue, meant })
    }
    // The method the route takes, when the request's is not one (`GET …/Play`: PUT).
    const methods = methodsOf(documented)
    const method = methods.includes(req.method) ? req.method : methods[0]
    const answer = err(404, errorBody('general', {}, 404, `Route not found: ${req.method} ${path} (callspec: did you mean ${method} ${meant}? callspec matches paths as the docs spell them, rule enablex/path-case, inferred)`))
    if (documented === '/voice/v1/call') return this.#makeCall(req, issue, answer)
    call?.refused(req, answer, `callspec refused the app's ${req.method} ${path} ${byInferredRule('EnableX', rules, ['enablex/path-case'])}`, [issue], INFERRED_ANSWER)
    return answer
  }

  /** `pathIssue`: the path-case issue (warned with the body's at warn); `refusal`: its 404 at error. */
  #makeCall(req: ApiRequest, pathIssue?: ValidationIssue, refusal?: ApiResponse): ApiResponse {
    // The number it dials, read before any check: a refused request is its call's by the rule an accepted one follows (WaitingCalls.owners).
    const dialled = dialledIn(req.bodyText, ['to'])
    const waiter = EnableXApi.#waiting.likeliest(dialled, sameDigits)
    const options = waiter?.call.options ?? {}
    // Every make-call error in the documented envelope, {result, msg, state: "failed", timestamp}
    // (EnableX's Voice API Routes, Make Call): the waiting call's virtual time, else (no call
    // waits) the real time.
    const at: ErrorContext = { timestamp: waiter?.call.errorContext().timestamp ?? new Date().toISOString() }
    /**
     * The call waiting for this request fails now, with the vendor's answer (and the body's issues)
     * as the reason: the call an accepted request would go to, or each call it could be, saying so,
     * when nothing tells them apart (WaitingCalls.owners; before, the oldest waiting call failed,
     * whoever's trigger sent it). `wording`: whose answer it is, when callspec's. A refusal by a rule
     * callspec inferred (at error) says so first: neither it nor its answer is EnableX's documented behaviour.
     */
    const refuse = (answer: ApiResponse, why: string, issues?: ValidationIssue[], wording = ''): ApiResponse => {
      const { waiters, untold } = EnableXApi.#waiting.owners(dialled, sameDigits)
      const inferred = inferredOnly(issues)
      const note = inferred ? INFERRED_ANSWER : wording
      for (const owner of waiters) {
        EnableXApi.#waiting.drop(owner)
        owner.call.refused(req, answer, why, issues, note)
        owner.reject(refusedRequestError({ vendor: 'EnableX', what: 'make-call request', rules: owner.call.rules, inferred, answer, note, issues, bodyText: req.bodyText, encoding: bodyEncoding(req.headers), query: queryInsteadOfBody(req, 'EnableX'), untold }))
      }
      return answer
    }
    if (refusal && pathIssue) return refuse(refusal, 'make-call refused: the path is not spelt as the docs spell it', [pathIssue])
    const rules = waiter?.call.rules ?? new RuleBook('enablex', ENABLEX_RULES)
    const denied = authProblem(req, options)
    if (denied) {
      // The env-var case said in the failure itself; a wrong pair's wording stays as it was.
      const { reason, empty } = credentialsReason(req, options)
      return refuse(enveloped(denied, 'make-call', at), `make-call refused: HTTP 401: ${reason}`, refusalIssues(rules, 'enablex/credentials', msgOf(denied)), callspecWording('make-call', 401, 'auth') + (empty ? `: ${reason}` : ''))
    }
    const parsed = parseBody(req)
    if ('problem' in parsed) return refuse(enveloped(parsed.problem, 'make-call', at), 'make-call refused: the body is not JSON', bodyEncoding(req.headers) ? undefined : refusalIssues(rules, 'enablex/invalid-json', msgOf(parsed.problem)), callspecWording('make-call', 400, 'json'))
    const typed = contentTypeIssue(req, rules)
    if (typed?.level === 'error') return refuse(enveloped(UNSUPPORTED_TYPE, 'make-call', at), 'make-call refused: not sent as JSON', [typed], callspecWording('make-call', 415, 'content-type'))
    const compressed = compressedBodyIssue(req, rules, 'enablex/compressed-body', 'EnableX')
    if (compressed?.level === 'error') return refuse(enveloped(UNSUPPORTED_ENCODING, 'make-call', at), 'make-call refused: the body came compressed', [compressed], callspecWording('make-call', 415, 'content-encoding'))
    const result = checkMakeCall(parsed.body, rules)
    if (!result.ok) {
      // 406 / 6117 for a voice under action_on_connect.play: the play route's documented error, callspec's on a make-call (rule enablex/voice-on-connect at error, inferred).
      const vendor = result.vendorError ?? requestError('make-call', parsed.body, result.issues)
      const status = vendor.status ?? 400
      return refuse(err(status, answerBody('make-call', vendor, at)), 'make-call refused: invalid body', result.issues, result.vendorError ? '' : callspecWording('make-call', status, 'body'))
    }
    const request = (result.warnings.length ? result.body : result.data) as PlacedMakeCall
    const numberProblem = numberError(request.from, options)
    if (numberProblem) return refuse(err(numberProblem.status, errorBody('make-call', at, numberProblem.result, numberProblem.msg)), `make-call refused: ${numberProblem.msg}`)
    const chosen = EnableXApi.#waiting.take(request.to, sameDigits)
    if (!chosen) return { ...err(500, errorBody('make-call', at, 500, 'Internal Server Error: no simulated call is waiting for this make-call request')), callspecs: unawaitedMakeCall('EnableX', 500) }
    chosen.call.warnIssues([...(pathIssue ? [pathIssue] : []), ...(typed ? [typed] : []), ...(compressed ? [compressed] : []), ...result.warnings], "the app's make-call request")
    const answer = chosen.call.placed(request)
    chosen.resolve({ request })
    return answer
  }

  /** `meant`: the route as the docs spell it, when the app spelt it in another case (rule enablex/path-case at warn). */
  #download(req: ApiRequest, id: string, meant?: string): ApiResponse {
    // The download's documented error body is {result, msg} (EnableX's Voice API Routes, Recording:
    // 404 "Recording File Not Found"): its 405 alike.
    if (req.method !== 'GET') return { status: 405, body: { result: 405, msg: methodNotAllowed(req, 'GET', meant) }, headers: { allow: 'GET' }, callspecs: NO_ROUTE }
    const file = EnableXApi.#files.get(id)
    const call = file ? EnableXApi.#calls.get(file.voiceId) : undefined
    const denied = authProblem(req, call?.options)
    if (denied) return denied
    if (!file) return err(404, { result: 404, msg: 'Recording File Not Found' })
    // A RIFF/WAVE header stands in for the audio: enough for an app that stores or forwards it.
    return { status: 200, body: `RIFF\u0024\u0000\u0000\u0000WAVEfmt callspec recording ${file.id} (${file.durationS} s)`, headers: { 'content-type': 'audio/wav' } }
  }
}

/** One number, however written (EnableX's numbers: `+14155550101`, `14155550101`). */
const sameDigits = (a: string, b: string): boolean => digits(a) === digits(b)

/** The REST paths as EnableX spells them (`{…}`: a value of the app's): a path in another case is rule enablex/path-case's. */
const DOCUMENTED_PATHS = ['/voice/v1/call', '/voice/v1/call/{voice_id}', '/voice/v1/recording/{id}', ...Object.keys(CALL_ROUTES).map((sub) => `/voice/v1/call/{voice_id}/${sub}`)]

/** `path` as the docs spell it, when it is a documented path in another case (the app's values kept). */
const documentedSpelling = (path: string): string | undefined => DOCUMENTED_PATHS.map((template) => caseVariantOf(template, path)).find((p) => p !== undefined)

/** The methods a documented path (`documented`, as the docs spell it) takes. */
function methodsOf(documented: string): readonly string[] {
  if (documented === '/voice/v1/call') return ['POST']
  if (documented.startsWith('/voice/v1/recording/')) return ['GET']
  const sub = /^\/voice\/v1\/call\/[^/]+\/([^/]+)$/.exec(documented)?.[1]
  return sub !== undefined && Object.hasOwn(CALL_ROUTES, sub) ? CALL_ROUTES[sub as CallRoute] : ['GET', 'DELETE']
}

/**
 * Said after an answer EnableX documents none for, listed among what the app sent: its status and
 * msg are callspec's, the refusal rule enablex/routes' (it named no rule: h203).
 */
const NO_ROUTE = "EnableX documents no answer for a path or method it has no route for: this status and msg are callspec's; rule enablex/routes"
const NOT_SIMULATED = "this status and msg are callspec's, not EnableX's answer"

/**
 * Routes EnableX has that callspec does not simulate. Answered 404 as any unknown route is, but
 * said as callspec's limit: the app's path is right. Measured before: EnableX's
 * voice-broadcast-ivr-bridge sample's POST /voice/v1/broadcast got "Route not found", and the
 * failure told the user to check the app's call id, path, method and credentials. [sample:
 * EnableX's voice-broadcast-ivr-bridge and voice-api-broadcast send it]
 */
const UNSIMULATED_ROUTES: ReadonlyArray<{ path: RegExp; said: string }> = [
  {
    path: /^\/voice\/v1\/broadcast(?:\/|$)/,
    said: "EnableX's broadcast API is not simulated; start each call with POST /voice/v1/call",
  },
]
const NO_CALL = "EnableX documents no answer for a voice_id no call in progress has: this 404 and its msg are callspec's (rule enablex/undocumented-errors)"

/**
 * 6118 for a CLI not provisioned to the project, 6110 for one with no voice service (EnableX's
 * Voice API error codes): the error, its body is the route's.
 */
export function numberError(from: string, options: EnableXOptions): ErrorAnswer | undefined {
  const listed = (list: string[] | undefined) => list?.some((n) => digits(n) === digits(from))
  if (listed(options.numbersWithoutService)) return ERROR_ANSWERS.noService
  if (options.numbers && !listed(options.numbers)) return ERROR_ANSWERS.numberNotFound
  return undefined
}

/** `answer` (a 401, 415 or bad-JSON answer built without a route) in the route's error envelope, its headers kept. */
function enveloped(answer: ApiResponse, route: ErrorRoute | 'general', at: ErrorContext): ApiResponse {
  const { result, msg } = answer.body as { result: number | string; msg: string }
  return { ...answer, body: errorBody(route, at, result, msg) }
}

/**
 * `Authorization: Basic base64(APP_ID:APP_KEY)` (EnableX's Voice API overview). Wrong or missing:
 * 401.
 */
export function authProblem(req: ApiRequest, options: EnableXOptions | undefined): ApiResponse | undefined {
  const header = (req.headers.authorization ?? '').trim()
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
  const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  const id = colon > 0 ? decoded.slice(0, colon) : ''
  const key = colon > 0 ? decoded.slice(colon + 1) : ''
  const wrong =
    !id || !key || (options?.appId !== undefined && id !== options.appId) || (options?.appKey !== undefined && key !== options.appKey)
  if (!wrong) return undefined
  // Another scheme (`Bearer …`, a bare key) is said as such: "invalid APP_ID or APP_KEY" sent the
  // app's author to check credentials that were never read (helper-187).
  const scheme = /^(\S+)/.exec(header)?.[1]
  const msg = !header
    ? 'Unauthorized: missing Basic authentication'
    : !m
      ? `Unauthorized: not Basic authentication (callspec: the request sent ${scheme && scheme.length <= 20 && !/[:=]/.test(scheme) ? `"${scheme} …"` : 'another scheme'}; EnableX takes Authorization: Basic base64(APP_ID:APP_KEY))`
      : // No colon at all: no pair. An empty part (":" from unset variables) is a pair, said empty by credentialsReason.
        colon < 0
        ? 'Unauthorized: invalid APP_ID or APP_KEY (callspec: the Basic credentials decode to no APP_ID:APP_KEY pair)'
        : 'Unauthorized: invalid APP_ID or APP_KEY'
  return { status: 401, body: { result: 401, msg }, headers: { 'www-authenticate': 'Basic realm="EnableX"' } }
}

/**
 * The route a path without the `/voice/v1` prefix names with it, if it names one: an app whose base
 * URL is the bare origin (CALLSPEC_ENABLEX_API_URL, startPlatform().url). Measured (audit-76 F2):
 * `PUT /call/<id>/accept` got `Route not found` and nothing more.
 */
function prefixed(path: string): string | undefined {
  if (path.startsWith('/voice/v1/')) return undefined
  // In any case: `/call/<id>/Play` is the play route without its prefix and in another case (documentedSpelling spells it).
  const meant = `/voice/v1${path.replace(/^\/(voice\/|v1\/)+/i, '/')}`
  return meant.toLowerCase() === '/voice/v1/call' || /^\/voice\/v1\/(call\/[^/]+(\/[^/]+)?|recording\/[^/]+)$/i.test(meant) ? meant : undefined
}

/** A call route a letter or two off the one requested (`ply`, `Play`, `accpet`): ` (callspec: did you mean PUT /voice/v1/call/{voice_id}/play?)`. */
function nearRoute(method: string, sub: string): string {
  const near = closestName(sub, Object.keys(CALL_ROUTES)) as CallRoute | undefined
  if (!near) return ''
  const methods: readonly string[] = CALL_ROUTES[near]
  return ` (callspec: did you mean ${methods.includes(method) ? method : methods[0]} /voice/v1/call/{voice_id}/${near}?)`
}

/**
 * The envelope of a request on `/voice/v1/call/{voice_id}[/{sub}]`: the call route's (`play`,
 * `accept`…), analyze's for a GET on the call, hang-up's for any other method on it, the general
 * one for a sub-route EnableX does not have.
 */
function callRoute(method: string, sub: string | undefined): ErrorRoute | 'general' {
  if (sub === undefined) return method === 'GET' ? 'analyze' : 'hangup'
  return Object.hasOwn(CALL_ROUTES, sub) ? (sub as CallRoute) : 'general'
}

/**
 * 405 for a documented route called with another method, in that route's error envelope (`at`:
 * the call's parties and time when it is live). EnableX documents no 405 for it: the status and
 * msg are callspec's, the hint marked so.
 */
function notAllowed(req: ApiRequest, allowed: string, route: ErrorRoute, at: ErrorContext, meant?: string): ApiResponse {
  return { status: 405, body: errorBody(route, at, 405, methodNotAllowed(req, allowed, meant)), headers: { allow: allowed.replaceAll(' or ', ', ') }, callspecs: NO_ROUTE }
}

/** A 405's msg, callspec's hint marked so; `meant`: the route as the docs spell it, when the app spelt it in another case. */
function methodNotAllowed(req: ApiRequest, allowed: string, meant: string | undefined): string {
  const hint = meant === undefined ? `this route takes ${allowed}` : `this is ${caseAndMethod('enablex/path-case', meant, allowed)}`
  return `Method Not Allowed: ${req.method} ${req.url.pathname} (callspec: ${hint})`
}

/** What `strict` (rule enablex/json-content-type at error) answers a body not sent as JSON: callspec's, EnableX documents none. */
const UNSUPPORTED_TYPE: ApiResponse = { status: 415, body: { result: 415, msg: 'Unsupported Media Type: send Content-Type: application/json', state: 'failed' } }
/** A compressed body refused under rule enablex/compressed-body at error: callspec's answer, as UNSUPPORTED_TYPE is. */
const UNSUPPORTED_ENCODING: ApiResponse = { status: 415, body: { result: 415, msg: COMPRESSED_REFUSED, state: 'failed' } }

/** Where a client sends this type when the app sets none: said, as that is how the header gets left out. */
const DEFAULT_TYPES: Record<string, string> = {
  'application/x-www-form-urlencoded': "what Python's urllib sends when the app sets none",
  'text/plain;charset=utf-8': 'what fetch sends for a string body when the app sets none',
}

/**
 * A request with a body whose Content-Type is not JSON (EnableX's Voice API overview: requests with
 * bodies use `Content-Type: application/json`; what EnableX does otherwise is not documented): the
 * issue, at the level of the rule enablex/json-content-type, if it is on. The body is still read as
 * JSON. Measured (audit-76 V3): a play sent as text/plain, or as urllib's form type, played,
 * unwarned.
 */
export function contentTypeIssue(req: ApiRequest, rules: RuleBook): ValidationIssue | undefined {
  if (req.bodyText.trim() === '') return undefined
  const type = (req.headers['content-type'] ?? '').trim()
  if (/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) return undefined
  const breach = rules.breach('enablex/json-content-type')
  if (!breach) return undefined
  const known = DEFAULT_TYPES[type.toLowerCase().replace(/\s+/g, '')]
  const received = type ? `Content-Type: ${type}${known ? ` (${known})` : ''}` : 'no Content-Type'
  const did = breach.level === 'error' ? 'callspec refuses it (HTTP 415, its own answer: the rule is at error)' : 'callspec read the body as JSON'
  const issue: ValidationIssue = {
    path: '',
    message: `came with ${received}, not application/json`,
    received: type || undefined,
    hint: `EnableX's API reference says a request with a body sends Content-Type: application/json, and not what it does with another type: ${did}. Send the header Content-Type: application/json`,
  }
  return tagIssues([issue], breach)[0]
}

/** An error answer's msg: what the issue of its refusal says (refusalIssues). */
const msgOf = (answer: ApiResponse): string => String((answer.body as { msg?: unknown }).msg)

function parseBody(req: ApiRequest): { body: unknown } | { problem: ApiResponse } {
  if (req.bodyText.trim() === '') return { body: {} }
  try {
    return { body: JSON.parse(req.bodyText) }
  } catch {
    return { problem: err(400, { result: 400, msg: 'Invalid JSON body', state: 'failed' }) }
  }
}
