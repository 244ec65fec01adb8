import type { ApiRequest, ApiResponse, PlatformApi, ValidationIssue } from '../../src/driver/index.js'
import type { TriggerRecord } from '../../src/driver/index.js'
import { RuleBook, WaitingCalls, decodeSegment, unawaitedMakeCall, caseAndMethod, caseVariantIn, dialledIn, pathCaseIssue, refuseWaiting, withoutTrailingSlashes } from '../../src/driver/index.js'
import type { WebexOptions } from './behaviour.js'
import type { IdempotencyKeys } from './idempotency.js'
import { checkMakeCall } from './make-call.js'
import { authProblem, duplicateKey, err, readRequest, statusNote, type Problem } from './rest-request.js'
import { WEBEX_RULES } from './rules.js'
import { answerVoiceMessage } from './voice-messages.js'
import type { MakeCallRequest } from './schemas.js'

/** What the fake API needs from a simulated call. */
export interface ApiCallHandle {
  readonly sessionId: string
  readonly options: WebexOptions
  /** GET /v1/voice/calls/{sessionId} body (Webex Connect's Get Call Status reference). */
  status(): Record<string, unknown>
  /**
   * GET /v1/voice/calls/{sessionId}/recordings entries (Webex Connect's Get Call Recordings
   * reference).
   */
  recordings(): Array<{ durationSeconds: number; url: string }>
  /** `rule`: the rule a refusal was answered under (the failure says whose refusal it is). */
  recordApi(request: ApiRequest, answer: ApiResponse, rule?: string): void
  /**
   * The Idempotency-Keys this call's make-call requests used (Webex Connect's Voice API v1
   * reference: a duplicate within the hour is refused).
   */
  readonly idempotencyKeys: IdempotencyKeys
  /** A line in the call's transcript. */
  note(text: string): void
  /** The call's virtual now, as an ISO-8601 time (a voice message's acceptedTime). */
  isoNow(): string
  /** A new seeded id (a voice message's messageId). */
  newId(): string
  /** The rule levels of the call's test: an inferred rule a make-call request breaks warns by default. */
  readonly rules: RuleBook
  /** Rules broken at 'warn' by an accepted make-call request: the call's test reports them. */
  warnIssues(issues: readonly ValidationIssue[], context: string): void
}

export interface MakeCallClaim {
  request: MakeCallRequest & { detectVoiceMail: boolean }
  sessionId: string
}


/**
 * The fake Webex Connect REST API (Webex Connect's Voice API v1 reference): make-call, call status
 * and recordings. One instance is shared by the calls that run against it; a make-call request is
 * handed to the call it can be told to be for (WaitingCalls: the one expecting that dialled number,
 * the one whose trigger caused it).
 */
export class WebexApi implements PlatformApi {
  readonly #waiting = new WaitingCalls<ApiCallHandle, MakeCallClaim>('make-call request (POST /v1/voice/calls)')
  readonly #calls = new Map<string, ApiCallHandle>()

  /** A call that waits for the app's make-call request. Cancel with the returned function. */
  expectMakeCall(call: ApiCallHandle, dialled?: string, trigger?: TriggerRecord): { claimed: Promise<MakeCallClaim>; cancel(): void } {
    return this.#waiting.expect(call, dialled, trigger)
  }

  register(call: ApiCallHandle): () => void {
    this.#calls.set(call.sessionId, call)
    return () => this.#calls.delete(call.sessionId)
  }

  /**
   * With no call in progress in this process (an app's request after its call ended): a call's
   * status or recordings are answered as for an unknown session (404, no body, as the docs say);
   * a make-call is left to callspec's own "no call in progress" 404.
   */
  answerWithoutCall(req: ApiRequest): ApiResponse | undefined {
    const path = withoutTrailingSlashes(req.url.pathname)
    if (req.method !== 'GET' || !/^\/v1\/voice\/calls\/([^/]+)(\/recordings)?$/.test(path)) return undefined
    return authProblem(req, undefined) ?? { status: 404 }
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    return this.#answer(req, withoutTrailingSlashes(req.url.pathname))
  }

  /** `path`: the request's, or the documented route's it spelt in another case (`pathWarnings`: rule webex-connect/path-case at warn). */
  #answer(req: ApiRequest, path: string, pathWarnings: ValidationIssue[] = []): ApiResponse {
    if (req.method === 'POST' && path === '/v1/voice/calls') return this.#makeCall(req, pathWarnings)
    // The call in progress most lately started: a voice message names no call, and goes in that one's transcript.
    if (req.method === 'POST' && path === '/v1/voice/messages') {
      const owner = this.#lastCall()
      owner?.warnIssues(pathWarnings, "the app's voice-message request")
      return answerVoiceMessage(req, owner)
    }
    const match = /^\/v1\/voice\/calls\/([^/]+)(\/recordings)?$/.exec(path)
    if (req.method === 'GET' && match) {
      const call = this.#calls.get(decodeSegment(match[1]!))
      const denied = authProblem(req, call?.options)
      if (denied) return denied
      // The docs: an unknown session answers 404 with no body.
      if (!call) return { status: 404 }
      const answer = match[2] ? { status: 200, body: { recordings: call.recordings(), sessionId: call.sessionId } } : { status: 200, body: call.status() }
      call.recordApi(req, answer)
      call.warnIssues(pathWarnings, `the app's ${match[2] ? 'recordings' : 'call status'} request`)
      return answer
    }
    return this.#caseVariant(req, path) ?? wrongMethod(req.method, path) ?? noRoute(`${req.method} ${path} is not a Webex Connect voice route callspec simulates`)
  }

  /** The call in progress started last. */
  #lastCall(): ApiCallHandle | undefined {
    return [...this.#calls.values()].at(-1)
  }

  /**
   * A path that is a documented route's in another case (`POST /v1/Voice/Calls`): the docs do not
   * say whether the API matches paths in case, so this is rule webex-connect/path-case, inferred
   * (audit F6: it was answered 404 7004 by no rule, and the call failed as the platform's
   * refusal). At warn it is answered as the documented route, with a warning; at error it is
   * refused 404 7004 as before, recorded under the rule (a make-call's failure led by callspec's
   * inference). Undefined when the path is no documented route's in any case.
   *
   * Sent with a method its route does not take (`GET /v1/Voice/Calls`): answered as the documented
   * path answers that method (404 7004, callspec's), its message naming both the case and the
   * method, the warning going to the call it is for; at error the refusal names the method the
   * route takes. Either is left to the app, as on the documented path: no call fails on it at once.
   */
  #caseVariant(req: ApiRequest, path: string): ApiResponse | undefined {
    const found = caseVariantIn(ROUTES, req.method, path)
    if (!found) return undefined
    const { route, documented } = found
    const id = /^\/v1\/voice\/calls\/([^/]+)/.exec(documented)?.[1]
    // The call the request is for: the one waiting for a make-call, the one it names, or (a voice message) the one started last.
    const owner = route.template === '/v1/voice/calls' ? this.#waiting.likeliest(dialledIn(req.bodyText, DIALLED))?.call : id !== undefined ? this.#calls.get(decodeSegment(id)) : this.#lastCall()
    const rules = owner?.rules ?? new RuleBook('webex-connect', WEBEX_RULES)
    const breach = rules.breach('webex-connect/path-case')
    const sameMethod = route.method === req.method
    if (!breach) return sameMethod ? this.#answer(req, documented) : noRoute(`${req.method} ${path} is not a Webex Connect voice route callspec simulates`)
    const issue = pathCaseIssue('Webex Connect', breach, req.method, path, route.template)
    if (breach.level === 'warn') {
      if (sameMethod) return this.#answer(req, documented, [issue])
      owner?.warnIssues([issue], `the app's ${req.method} ${path}`)
      return noRoute(`${req.method} ${path} is ${caseAndMethod('webex-connect/path-case', route.template, route.method)}`)
    }
    const takes = sameMethod ? '' : `; that route takes ${route.method}`
    const refusal = err(404, '7004', `Invalid parameter: ${req.method} ${path} is not a Webex Connect voice route (callspec matches paths as the docs spell them, ${route.template}: rule webex-connect/path-case, inferred)${takes}`)
    if (!sameMethod) return { ...refusal, callspecs: BY_PATH_CASE }
    if (route.template === '/v1/voice/calls') return this.#refuseMakeCall(req, { ...refusal, issues: [issue] }, rules)
    owner?.recordApi(req, refusal, 'webex-connect/path-case')
    return refusal
  }

  /** `pathWarnings`: the path-case issue when the app spelt the path in another case, warned with the body's. */
  #makeCall(req: ApiRequest, pathWarnings: ValidationIssue[] = []): ApiResponse {
    const waiter = this.#waiting.likeliest(dialledIn(req.bodyText, DIALLED))
    const rules = waiter?.call.rules ?? new RuleBook('webex-connect', WEBEX_RULES)
    const answer = this.#checkMakeCall(req, waiter?.call.options ?? {}, rules)
    if ('problem' in answer) return this.#refuseMakeCall(req, answer.problem, rules, pathWarnings)
    const { request, key } = answer
    const chosen = this.#waiting.take(request.dialedNumber)
    if (!chosen) return this.#duplicate(req, key) ?? { ...err(503, '7006', 'Internal error occurred: no simulated call is waiting for this make-call request'), callspecs: unawaitedMakeCall('Webex Connect', 503) }
    if (key !== undefined) chosen.call.idempotencyKeys.remember(key)
    const ok: ApiResponse = {
      status: 202,
      body: { sessionId: chosen.call.sessionId, status: 'QUEUED' },
      headers: { 'request-id': `${chosen.call.sessionId}-req` },
    }
    chosen.call.recordApi(req, ok)
    chosen.call.warnIssues([...pathWarnings, ...answer.warnings], "the app's make-call request")
    chosen.resolve({ request, sessionId: chosen.call.sessionId })
    return ok
  }

  /**
   * A refused make-call: the call waiting for it fails now, with the answer as the reason, found as
   * an accepted request's is (refuseWaiting: the number it dials, the trigger's context; each call it
   * could be, saying so, when nothing tells them apart); refused only by rules callspec inferred (at
   * error), with that inference first, and the transcript's entry carries the rule (refusedBy).
   */
  #refuseMakeCall(req: ApiRequest, refusal: Problem, rules: RuleBook, warnings: ValidationIssue[] = []): ApiResponse {
    return refuseWaiting(this.#waiting, req, refusal, { vendor: 'Webex Connect', rules, warnings, note: (inferred) => (inferred ? INFERRED_REFUSAL : statusNote(refusal)), number: dialledIn(req.bodyText, DIALLED) })
  }

  /**
   * A request no call waits for, whose Idempotency-Key a call in progress accepted within the hour:
   * that call's app sent it again (a retry), so it is refused as the duplicate the docs describe,
   * in that call's transcript. Keys are per call (IdempotencyKeys): a call waiting for its request
   * has accepted none, so no call fails on a key another call used.
   */
  #duplicate(req: ApiRequest, key: string | undefined): ApiResponse | undefined {
    if (key === undefined) return undefined
    const owner = [...this.#calls.values()].find((call) => call.idempotencyKeys.age(key) !== undefined)
    return owner && duplicateKey(req, key, owner, 'make-call')
  }

  #checkMakeCall(req: ApiRequest, options: WebexOptions, rules: RuleBook): { request: MakeCallClaim['request']; key?: string; warnings: ValidationIssue[] } | { problem: Problem } {
    const read = readRequest(req, options, rules)
    if ('problem' in read) return read
    const { body, key } = read
    const checked = checkMakeCall(body, rules)
    if (!checked.ok) return { problem: { ...err(checked.error.status ?? 400, String(checked.error.code), checked.error.message), issues: checked.issues } }
    const { request } = checked
    return { request: { ...request, detectVoiceMail: request.detectVoiceMail === true }, ...(key !== undefined && { key }), warnings: [...read.warnings, ...checked.warnings] }
  }
}

/**
 * A path or method no voice route takes: 404 7004, callspec's (the docs list 404 and the
 * `{code, message}` body among the API's errors, not which code such a request gets).
 */
const noRoute = (message: string): ApiResponse => ({ ...err(404, '7004', `Invalid parameter: ${message}`), callspecs: NO_ROUTE })

const NO_ROUTE = "Webex Connect documents no answer for a path or method it has no route for: this 404 and code 7004 are callspec's; rule webex-connect/routes"

/**
 * A documented route's path sent with a method it does not take (`GET /v1/voice/calls`): 405,
 * naming the method it takes. Before, 404 "… is not a Webex Connect voice route callspec
 * simulates", and a call that failed on it listed it as "no call in progress has this id or
 * route", though the path was right (helper-187). The docs list 405 among the statuses their
 * `{code, message}` errors come with, and no code for it: the 405 and 7004 are callspec's reading.
 */
function wrongMethod(method: string, path: string): ApiResponse | undefined {
  const route = ROUTES.find((r) => r.method !== method && new RegExp(`^${r.template.replace('{sessionId}', '[^/]+')}$`).test(path))
  if (!route) return undefined
  return {
    ...err(405, '7004', `Invalid parameter: ${method} ${path}: that route takes ${route.method}`),
    headers: { allow: route.method },
    callspecs: "Webex Connect lists 405 among its API's statuses, with no code for it: this 405 and code 7004 are callspec's; rule webex-connect/routes",
  }
}

/** Said after a path-case refusal listed among what the app sent (its message, shortened there, may not reach the rule). */
const BY_PATH_CASE = "refused by callspec under rule webex-connect/path-case, inferred: Webex Connect does not say whether its API ignores case"

/** Where a make-call body names the number it dials (`dialedNumber`), read before it is checked (dialledIn). */
const DIALLED = ['dialedNumber']

/** The voice routes as the docs spell them (`{sessionId}`: the app's value): a path in another case is rule webex-connect/path-case's. */
const ROUTES = [
  { method: 'POST', template: '/v1/voice/calls' },
  { method: 'POST', template: '/v1/voice/messages' },
  { method: 'GET', template: '/v1/voice/calls/{sessionId}' },
  { method: 'GET', template: '/v1/voice/calls/{sessionId}/recordings' },
] as const

/** Said after the answer to a make-call refused only by rules callspec inferred: the rule's tag, listed below, says what the docs say. */
const INFERRED_REFUSAL = " (the refusal is callspec's inference, not Webex Connect's documented behaviour: the rule below says why)"
