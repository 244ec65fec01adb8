/**
 * What the fake vendor APIs received, so a wait that fails can say what came instead. An app
 * that sends its REST request for the wrong call id (answered 404), to a route the fake does not
 * know, or that the fake refused, would otherwise fail with "it never came" and nothing else.
 *
 * Every request a mount (loopback server, interception) answers goes through answerApiRequest().
 * A driver that attributes a request to a call does so through recordApi(), which calls
 * attribute(); the rest belong to no call: strays. Only the last MAX_KEPT are kept.
 */
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'
import { API_BODY_TIMEOUT_MS, DEFAULT_MAX_API_BODY_BYTES } from './body-limits.js'
import { handedBackWork } from '../clock/handed-back-timers.js'

/** One request a fake API answered. */
export interface SeenRequest {
  seq: number
  method: string
  url: string
  status: number
  /** The answer's body, shortened. */
  answer: string
  /** The call the driver recorded it in, by number (the log must not keep finished calls alive), if any. */
  owner: number | undefined
  /** Why the answer's status or body is callspec's, not the vendor's (ApiResponse.callspecs). */
  callspecs?: string
  /** A route of the vendor's callspec does not simulate (ApiResponse.unsimulated). */
  unsimulated?: true
  /** The Content-Encoding its body did not decode by (ApiResponse.undecodable). */
  undecodable?: string
  /** Refused as sent over plain http to an https API (ApiResponse.plainHttp). */
  plainHttp?: true
}

const MAX_KEPT = 100
const SHOWN = 10
const seen: SeenRequest[] = []
const owners = new WeakMap<ApiRequest, number>()
const ownerIds = new WeakMap<object, number>()
let seq = 0
let lastOwnerId = 0

function idOf(owner: object): number {
  let id = ownerIds.get(owner)
  if (id === undefined) ownerIds.set(owner, (id = ++lastOwnerId))
  return id
}

/** The driver put this request in `owner`'s transcript: it belongs to that call. */
export function attribute(request: ApiRequest, owner: object): void {
  owners.set(request, idOf(owner))
}

/** The owner number of a request about a call that had already ended (owners of live calls count from 1). */
const ENDED_CALL = 0

/**
 * The request names a call that had already ended in this process (a driver remembers the ids of
 * its last calls, see ended-calls.ts): it is that call's app still at work, not the call in
 * progress's. It is listed apart, and never taken for the live call's app giving up.
 */
export function attributeToEndedCall(request: ApiRequest): void {
  owners.set(request, ENDED_CALL)
}

/** A driver put this request in a live call's transcript. */
export const attributed = (request: ApiRequest): boolean => (owners.get(request) ?? ENDED_CALL) !== ENDED_CALL

/** Answers one request through `api`, noting it; an API that throws answers 500 (never an unhandled rejection). */
export async function answerApiRequest(api: PlatformApi, request: ApiRequest): Promise<ApiResponse> {
  let answer: ApiResponse
  try {
    answer = await api.handle(request)
  } catch (error) {
    answer = {
      status: 500,
      body: { error: `callspec's fake API failed on this request: ${error instanceof Error ? error.message : String(error)}` },
      callspecs: "callspec's fake API failed, not the platform: this 500 and its body are callspec's",
    }
  }
  note(request, answer)
  return answer
}

/**
 * Notes an answer a mount gave without asking the API (413, 408): listed as refused like the API's
 * own, or, `late` (its URL names a call that has ended: PlatformApi.endedCallIn), apart with the
 * other requests about ended calls. Before, an earlier test's never-ending body, answered 408 ten
 * seconds on, was listed as the call in progress's refusal, and its headline said callspec's fake
 * API had refused the app's request (helper-187).
 */
export function noteAnswered(method: string, url: URL, answer: ApiResponse, late = false): void {
  const request: ApiRequest = { method: method.toUpperCase(), url, headers: {}, bodyText: '' }
  if (late) attributeToEndedCall(request)
  note(request, answer)
}

function note(request: ApiRequest, answer: ApiResponse): void {
  const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
  keep(seen, {
    seq: ++seq,
    method: request.method,
    url: `${request.url.origin}${request.url.pathname}`,
    status: answer.status,
    answer: body.length > 200 ? `${body.slice(0, 200)}…` : body,
    owner: owners.get(request),
    ...(answer.callspecs !== undefined && { callspecs: answer.callspecs }),
    ...(answer.unsimulated && { unsimulated: true }),
    ...(answer.undecodable !== undefined && { undecodable: answer.undecodable }),
    ...(answer.plainHttp && { plainHttp: true }),
  })
}

/**
 * A request the app sent, while a vendor's hosts were intercepted, to a host no fake API answers:
 * it went to the network. A wrong API base URL in the app's configuration shows up here.
 */
export interface ElsewhereRequest {
  seq: number
  method: string
  url: string
  /** The vendor hosts callspec answered when it was sent. */
  answered: readonly string[]
  /** `HTTP 404`, `failed: fetch failed (ECONNREFUSED)`; unset while no answer came. */
  outcome?: string
  /**
   * Sent by work an ended call's app left, run from a timer handed back to real time when that call
   * ended (handed-back-timers.ts): not the app of a call in progress, whose failure leaves it out.
   * Measured: mocked-dependency-latency.test.ts's app fetched crm.acme.test 1.5 s after its call
   * ended, and a later file's failing call (sharing the worker) listed it as its own app's request.
   */
  fromEndedCall: boolean
}

const elsewhere: ElsewhereRequest[] = []

/**
 * A request since `mark` to a host no fake API answers failed at the network (a wrong API host:
 * `api.enablex.com`, ENOTFOUND): the app's reaction to the last event went nowhere.
 */
export const failedElsewhereSince = (mark: number): boolean => sentSince(elsewhere, mark).some((r) => r.outcome?.startsWith('failed:') === true)

/** The requests of `log` since `mark` that the app of a call in progress may have sent (not an ended call's). */
const sentSince = (log: readonly ElsewhereRequest[], mark: number) => log.filter((r) => r.seq > mark && !r.fromEndedCall)

/** Notes a request to a host no fake API answers; fill in `outcome` when it settles. */
export function noteElsewhere(method: string, url: URL, answered: readonly string[]): ElsewhereRequest {
  return noteIn(elsewhere, method, url, answered)
}

function noteIn(log: ElsewhereRequest[], method: string, url: URL, answered: readonly string[]): ElsewhereRequest {
  const record: ElsewhereRequest = { seq: ++seq, method: method.toUpperCase(), url: `${url.origin}${url.pathname}`, answered, fromEndedCall: handedBackWork() }
  keep(log, record)
  return record
}

const bypassed: ElsewhereRequest[] = []

/**
 * Notes a request for a vendor host that went out through an undici client of the app's own (a
 * `dispatcher` option, a Pool or Client), which no interception sees; fill in `outcome` when it settles.
 */
export function noteBypassed(method: string, url: URL, answered: readonly string[]): ElsewhereRequest {
  return noteIn(bypassed, method, url, answered)
}

/**
 * A request that reached a fake API whose body is still being read, or never was whole: it came,
 * and the fake cannot answer it until its body ends. Dropped once the body is read (the answer is
 * noted then, 413 and 408 included).
 */
export interface Arrival {
  seq: number
  method: string
  url: string
  /** Body bytes read so far. */
  received: number
  /** Set when the app abandoned it mid-body (aborted, destroyed, its stream errored). */
  aborted?: boolean
  /** How long the fake API waits for its body to end, from its head (the mount's bodyTimeoutMs). */
  timeoutMs: number
  /** Whether its URL names a call that has ended (PlatformApi.endedCallIn), asked when it is listed: the call may end after it came. */
  late?: () => boolean
}

const arrivals: Arrival[] = []

/** A request's head reached a fake API: its body is read next. */
export function noteArrival(method: string, url: URL, timeoutMs: number, late?: () => boolean): Arrival {
  const record: Arrival = { seq: ++seq, method: method.toUpperCase(), url: `${url.origin}${url.pathname}`, received: 0, timeoutMs, ...(late && { late }) }
  keep(arrivals, record)
  return record
}

/**
 * Requests since `mark` that came and whose body has not finished (or was abandoned): for a wait's
 * headline to say the request came (call-session.ts says "it never came" today).
 */
export function unfinishedSince(mark: number): readonly Arrival[] {
  return arrivals.filter((r) => r.seq > mark && !isLate(r))
}

/** Requests since `mark` about a call that has ended whose body has not finished: listed with the ended calls' requests. */
const lateUnfinishedSince = (mark: number): readonly Arrival[] => arrivals.filter((r) => r.seq > mark && isLate(r))

const isLate = (r: Arrival): boolean => r.late?.() ?? false

/** The body was read whole (or refused whole, 413 or 408, and noted with its answer): nothing left to say. */
export function arrivalDone(record: Arrival): void {
  const at = arrivals.indexOf(record)
  if (at >= 0) arrivals.splice(at, 1)
}

/** How a request that went to the network failed, with the system's code (or its cause) when there is one. */
export function failureOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause
  const detail = (error as { code?: string } | null)?.code ?? cause?.code ?? cause?.message
  return `failed: ${message}${detail && !message.includes(detail) ? ` (${detail})` : ''}`
}

/** A position in the log: requests after it are "since". */
export function seenMark(): number {
  return seq
}

/**
 * Requests since `mark` that the fake refused (not 2xx) and that belong to `owner`'s call or to
 * none (wrong id, unknown route, nobody waiting), and those that went to a host no fake answers
 * (a wrong API base URL): what came instead of what was awaited. Empty when there were none; else
 * a paragraph for a failure message.
 */
export function describeStrays(mark: number, owner: object): string {
  return describeUnfinished(mark) + describeRefused(mark, owner) + describeEndedCalls(mark) + describeElsewhere(mark) + describeBypassed(mark)
}

/** Requests since `mark` about calls that had already ended: not this call's, said apart so that nobody looks for them in this call's app. */
function describeEndedCalls(mark: number): string {
  const answered = seen.filter((r) => r.seq > mark && r.owner === ENDED_CALL).map((r) => ({ seq: r.seq, line: `${r.method} ${r.url} → HTTP ${r.status}${r.answer ? ` ${r.answer}` : ''}` }))
  const unfinished = lateUnfinishedSince(mark).map((r) => ({ seq: r.seq, line: unfinishedLine(r) }))
  const late = [...answered, ...unfinished].sort((a, b) => a.seq - b.seq)
  if (late.length === 0) return ''
  const lines = bullets(late, (r) => r.line)
  return (
    `\nThe fake vendor API also received requests about calls that had already ended, since this call started (not this call's):\n${lines}\n` +
    `Such a request comes from an app still at work after its call ended (an earlier test's, whose timer or awaited request outlived the test, or a concurrent call's: clear such work at its test's end), or from this call's app using an id it kept from an earlier call.`
  )
}

/** Requests since `mark` that came but whose body never ended: still arriving, or abandoned mid-body. */
function describeUnfinished(mark: number): string {
  const came = unfinishedSince(mark)
  if (came.length === 0) return ''
  const lines = bullets(came, unfinishedLine)
  return (
    `\nThe app's requests that came but whose body did not finish, since this call started (the fake vendor API answers a request once its body has ended):\n${lines}\n` +
    `The request itself came: check how the app sends its body (a stream it never closes, a Content-Length above the bytes it writes, a request it destroys or aborts).`
  )
}

function unfinishedLine(r: Arrival): string {
  return r.aborted
    ? `${r.method} ${r.url}: the app abandoned it mid-body (${bytes(r.received)} of its body had come)`
    : `${r.method} ${r.url}: its body has not finished (${bytes(r.received)} so far); the fake API answers 408 if it has not ended ${duration(r.timeoutMs)} after the request came`
}

/** A bound as the failure says it: `10 s` (API_BODY_TIMEOUT_MS), or startPlatform()'s bodyTimeoutMs as given (`300 ms`, `5 s`). */
const duration = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`)

const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`

function describeBypassed(mark: number): string {
  const sent = sentSince(bypassed, mark)
  if (sent.length === 0) return ''
  const lines = bullets(sent, (r) => `${r.method} ${r.url} → ${r.outcome ?? 'no answer yet'}`)
  return (
    `\nThe app's requests to the vendor API that went out through an undici client of its own (a \`dispatcher\` option, a Pool or a Client), which callspec cannot answer (they went to the network):\n${lines}\n` +
    `Send them through undici's global dispatcher (no \`dispatcher\` option), fetch or https.request, which callspec answers; or point that client at startPlatform()'s URL and pass { api: platform }.`
  )
}

/** Requests since `mark` the fake refused (not 2xx) that belong to `owner`'s call or to none. */
function refused(mark: number, owner: object): SeenRequest[] {
  // 2xx answers moved something on (a recording download belongs to no call, and is fine).
  const id = ownerIds.get(owner)
  return seen.filter((r) => r.seq > mark && (r.status < 200 || r.status > 299) && (r.owner === undefined || r.owner === id))
}

/** The fake refused a request of this call's (or of no call's) since `mark`. */
export const refusedSince = (mark: number, owner: object): boolean => refused(mark, owner).length > 0

/** Every refusal since `mark` (there is one) was answered in a form callspec chose, the vendor documenting none (ApiResponse.callspecs). */
export const refusedInCallspecsAnswers = (mark: number, owner: object): boolean => {
  const strays = refused(mark, owner)
  return strays.length > 0 && strays.every((r) => r.callspecs !== undefined)
}

function describeRefused(mark: number, owner: object): string {
  const strays = refused(mark, owner)
  if (strays.length === 0) return ''
  const lines = bullets(strays, (r) => `${r.method} ${r.url} → HTTP ${r.status}${r.answer ? ` ${r.answer}` : ''} (${whyRefused(r)}${r.callspecs ? `; ${r.callspecs}` : ''})`)
  // The closing advice for what was refused: state errors (409) are the order of the app's requests.
  // Each refusal's own advice: a generic one read wrong under a refusal of another kind (audit qa-76:
  // a transfer before any bridge was told an inbound call is accepted first; a 406 for a TTS voice,
  // to check the call id and credentials).
  const allStates = strays.every((r) => r.status === 409)
  const allBodies = strays.every((r) => r.status === 413 || r.status === 408)
  const allValues = strays.every((r) => CONTENT_REFUSED.has(r.status))
  const advice = strays.every((r) => r.unsimulated)
    ? `The app's path is the vendor's: callspec does not simulate that route, so a test cannot drive the app through it (its answer says which route callspec plays instead).`
    : strays.every((r) => r.undecodable !== undefined)
    ? `Check how the app compresses its request bodies: the bytes are not in the coding its Content-Encoding header names (or send the body uncompressed, with no Content-Encoding header).`
    : allStates
    ? `The call was not in a state to take them: check the order of the app's requests, and what each needs done first (the platform's answer says).`
    : allBodies
      ? `Check how the app sends its request bodies: callspec's fake API reads one of at most ${DEFAULT_MAX_API_BODY_BYTES} bytes by default, and waits ${API_BODY_TIMEOUT_MS / 1000} s at most for it to end (startPlatform() options maxBodyBytes and bodyTimeoutMs).`
      : allValues
        ? `Check what the app's request says: the platform's answer names the field or value it refused.`
        : `Check the call id, path, method and credentials the app uses in its requests (a request for another call's id comes from a concurrent call, or from an earlier test's app still at work after its call ended).`
  return `\nWhat the fake vendor API received instead, since this call started:\n${lines}\n${advice}`
}

/** The refusals of a request's content (a field, a value, its media type): the request itself reached a route that takes it. */
const CONTENT_REFUSED = new Set([400, 406, 415, 422])

/** Why the fake API refused a request, by what it answered. */
function whyRefused(r: SeenRequest): string {
  if (r.unsimulated) return 'a route of the vendor\'s that callspec does not simulate'
  if (r.undecodable !== undefined) return `its body did not decode as ${r.undecodable}`
  if (r.plainHttp) return "sent over plain http to the vendor's https API"
  if (r.status === 405) return 'this route takes another method'
  if (r.status === 401 || r.status === 403) return 'credentials refused'
  if (r.status === 404 && r.owner === undefined) return 'no call in progress has this id or route'
  if (r.status === 409) return 'the call was not in a state to take it'
  if (CONTENT_REFUSED.has(r.status)) return 'the platform refused what it says'
  if (r.status === 413) return "its body is over what callspec's fake API reads"
  if (r.status === 408) return 'its body did not finish'
  return 'refused'
}

function describeElsewhere(mark: number): string {
  const sent = sentSince(elsewhere, mark)
  if (sent.length === 0) return ''
  const lines = bullets(sent, (r) => `${r.method} ${r.url} → ${r.outcome ?? 'no answer yet'}`)
  const answered = [...new Set(sent.flatMap((r) => r.answered))]
  return (
    `\nThe app's requests to hosts callspec does not answer, since this call started (they went to the network):\n${lines}\n` +
    `callspec answers the vendor API at ${answered.join(', ')}: check the API base URL the app is configured with.`
  )
}

/** The last SHOWN records as bullet lines, after one that counts the earlier ones left out. */
function bullets<T>(records: readonly T[], line: (record: T) => string): string {
  const more = records.length > SHOWN ? `  … and ${records.length - SHOWN} earlier\n` : ''
  return more + records.slice(-SHOWN).map((r) => `  • ${line(r)}`).join('\n')
}

/** Appends to a log, dropping the oldest past MAX_KEPT. */
function keep<T>(log: T[], record: T): void {
  log.push(record)
  if (log.length > MAX_KEPT) log.splice(0, log.length - MAX_KEPT)
}
