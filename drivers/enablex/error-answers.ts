import type { EnableXRuleId } from './rules.js'
import type { ActionName } from './schemas.js'

/**
 * Every error EnableX's simulated API answers a request on a live call with, and its evidence. The
 * documented ones (EnableX's Voice API Routes; EnableX's Voice API error codes: the Voice API
 * routes and error codes) break the rule `enablex/error-answers`; the ones callspec made up where
 * EnableX documents no answer (a call not yet connected or already over, accept twice…) break
 * `enablex/undocumented-errors`, so a warning never cites EnableX's docs for a body they do not
 * show. A correction is a line here.
 */
export interface ErrorAnswer {
  status: number
  /** The body's `result`: a number or a string, as the docs print each. */
  result: number | string
  msg: string
  rule: Extract<EnableXRuleId, 'enablex/error-answers' | 'enablex/undocumented-errors' | 'enablex/unique-recording-name' | 'enablex/accept-first'>
}

const doc = (status: number, result: number | string, msg: string): ErrorAnswer => ({ status, result, msg, rule: 'enablex/error-answers' })
const made = (status: number, result: number | string, msg: string): ErrorAnswer => ({ status, result, msg, rule: 'enablex/undocumented-errors' })

export const ERROR_ANSWERS = {
  // Documented (EnableX's Voice API Routes: Play, Connect, Transfer to Recording; its error codes).
  numberNotFound: doc(404, '6118', 'Phone number not found for the service'),
  noService: doc(404, '6110', 'Application Not Found'),
  voiceNotSupported: doc(406, 6117, 'Voice not supported for text-to-speech conversion'),
  playWhileBridged: doc(405, 6112, "Call is in bridged mode, can't play media"),
  playPending: doc(408, 6114, 'Play request pending'),
  notBridgedYet: doc(409, '409', 'Call is not bridged yet'),
  alreadyRecording: doc(408, '408', 'Call is already recording'),
  /**
   * A reused recording_name: the docs say the request fails (EnableX's Voice API Routes,
   * Recording), not with what. The recording route's one documented error (6119) is callspec's
   * choice, and its HTTP status (undocumented, EnableX's Voice API error codes) too: rule
   * enablex/unique-recording-name, whose source says so.
   */
  recordingNameTaken: { status: 400, result: '6119', msg: 'Failed to start recording on bridge', rule: 'enablex/unique-recording-name' },
  // Not documented: callspec's answers (EnableX documents no answer to a request on an unknown or
  // ended voice_id).
  callOver: made(404, 404, 'Call not found or already disconnected'),
  /** A voice_id no call in progress has: EnableX documents no answer for it [inferred: 404]. */
  callNotFound: made(404, 404, 'Call not found'),
  notConnected: made(409, 409, 'Call is not connected'),
  alreadyConnected: made(409, 409, 'Call is already connected'),
  /**
   * accept on an outbound call, ringing or connected: EnableX's Voice API Routes, Accept has accept
   * take an incomingcall, and documents no error for this.
   */
  notIncoming: made(409, 409, 'Call is not an incoming call'),
  alreadyBridged: made(409, 409, 'Call is already bridged'),
  /**
   * Hold needs a bridge (EnableX's Voice API Routes, Hold), but its error is documented only for
   * transfer, forward and recording.
   */
  holdNotBridged: made(409, '409', 'Call is not bridged yet'),
  notRecording: made(400, '400', 'Recording is not in progress'),
} as const satisfies Record<string, ErrorAnswer>

/** `HTTP 409 "Call is not connected"`, or `HTTP 408, result 6114 "Play request pending"` when the code differs. */
export function describeErrorAnswer(status: number, result: unknown, msg: unknown): string {
  const code = result === undefined || String(result) === String(status) ? '' : `, result ${String(result)}`
  return `HTTP ${status}${code} ${JSON.stringify(String(msg ?? ''))}`
}

/** A route whose errors share one body shape (the call routes, make-call, and GET analyze). */
export type ErrorRoute = ActionName | 'analyze'

/** What an error body says besides its result and msg: the call's, where there is one (validate() has none). */
export interface ErrorContext {
  voiceId?: string
  from?: string
  to?: string
  /** ISO-8601, the call's virtual time. */
  timestamp?: string
}

type Envelope = (at: ErrorContext, result: number | string, msg: string) => Record<string, unknown>

/** `{voice_id, …, result, msg, <key>: "failed", timestamp}`: the connect / transfer family, by the key its docs use. */
const failedAs =
  (key: 'state' | 'status'): Envelope =>
  (at, result, msg) =>
    key === 'state' ? { voice_id: at.voiceId, result, msg, state: 'failed', timestamp: at.timestamp } : { voice_id: at.voiceId, status: 'failed', result, msg, timestamp: at.timestamp }

/**
 * The general error body (EnableX's Voice API Routes show error bodies like `{"result": 1234,
 * "msg": "…", "state": "failed", "timestamp": "…"}`; its Voice API overview, a non-zero `result`
 * and a `msg`), make-call's too: for a request no documented route takes (an unknown path), whose
 * route has no envelope of its own.
 */
const GENERAL: Envelope = (at, result, msg) => ({ result, msg, state: 'failed', timestamp: at.timestamp })

/**
 * The one body every error on a route is answered with, whatever its cause (a state error, a body
 * the API cannot run, auth, a body that is not JSON): the fake API, commands.ts and validate() all
 * build error bodies here. Fields with no value (no call in validate()) are left out.
 * - play: `{"voice_id","from","to","playstate":"failed","result":<code>,"msg","timestamp"}` (EnableX's
 *   Voice API Routes, Play).
 * - make-call: `{"result": 1234, "msg": "description of the error", "state": "failed", "timestamp": "…"}`
 *   (EnableX's Voice API Routes, Make Call).
 * - connect: 404 `{"result":"6110","msg":"Application Not Found","state":"failed",…}` (EnableX's
 *   Voice API Routes, Connect); accept (no error documented) answers alike.
 * - transfer, forward, recording: `{"status":"failed","msg":"Call is not bridged yet",…}`,
 *   `{"status":"failed","result":"6119","msg":…}` (EnableX's Voice API Routes, Transfer, Forward
 *   and Recording); hold (no error documented) alike.
 * - analyze: 400 `{voice_id, from, to, result, msg, timestamp}` (EnableX's Voice API Routes, Analyze).
 * - hangup: no error documented: `{voice_id, result, msg, timestamp}`.
 */
const ENVELOPES: Record<ErrorRoute, Envelope> = {
  'make-call': GENERAL,
  play: (at, result, msg) => ({ voice_id: at.voiceId, from: at.from, to: at.to, playstate: 'failed', result, msg, timestamp: at.timestamp }),
  connect: failedAs('state'),
  accept: failedAs('state'),
  transfer: failedAs('status'),
  forward: failedAs('status'),
  hold: failedAs('status'),
  recording: failedAs('status'),
  analyze: (at, result, msg) => ({ voice_id: at.voiceId, from: at.from, to: at.to, result, msg, timestamp: at.timestamp }),
  hangup: (at, result, msg) => ({ voice_id: at.voiceId, result, msg, timestamp: at.timestamp }),
}

/**
 * The error body of `route` (ENVELOPES; `general` for a path no documented route takes), without
 * the fields `at` has no value for: an answer with no call to take them from (an unknown voice_id,
 * a call that has left the process, validate()) has no parties or time.
 */
export function errorBody(route: ErrorRoute | 'general', at: ErrorContext, result: number | string, msg: string): Record<string, unknown> {
  const body = (route === 'general' ? GENERAL : ENVELOPES[route])(at, result, msg)
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key]
  return body
}

/** Said once after the answer to a request refused only by rules callspec inferred (at error): neither the refusal nor the answer is EnableX's. */
export const INFERRED_ANSWER = " (the refusal and this answer are callspec's inference: EnableX documents neither)"

/**
 * Said once in a failure after an answer whose status, result or msg EnableX does not document:
 * its wording is callspec's (the body's shape is the route's documented one). `kind`: what the
 * answer was for. Empty for an answer the docs give.
 */
export function callspecWording(route: ErrorRoute, status: number, kind: 'body' | 'json' | 'content-type' | 'content-encoding' | 'auth'): string {
  if (kind === 'auth') return ` (this 401 and its msg are callspec's: EnableX documents no answer for bad credentials)`
  if (kind === 'json') return ` (this 400 and its msg are callspec's: EnableX documents no answer for a body that is not JSON)`
  if (kind === 'content-encoding') return ` (this 415 and its msg are callspec's: EnableX documents no answer for a compressed body)`
  if (kind === 'content-type') return ` (this 415 and its msg are callspec's: EnableX documents no answer for a body not sent as JSON)`
  if (route === 'play' && status === 400) return ` (the msg is callspec's wording: EnableX documents HTTP 400, result 400 on play only as "Media Request Failed", and no message naming a field)`
  return ` (this HTTP ${status}, its result and msg are callspec's inference: EnableX documents no validation errors)`
}
