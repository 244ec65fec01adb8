import type { EnableXRuleId } from './rules.js'

/**
 * Every error EnableX's simulated API answers a request on a live call with, and its evidence.
 * The documented ones (§2, §4: the Voice API routes and error codes) break the rule
 * `enablex/error-answers`; the ones callspec made up where EnableX documents no answer (a call
 * not yet connected or already over, accept twice…) break `enablex/undocumented-errors`, so a
 * warning never cites EnableX's docs for a body they do not show. A correction is a line here.
 */
export interface ErrorAnswer {
  status: number
  /** The body's `result`: a number or a string, as the docs print each. */
  result: number | string
  msg: string
  rule: Extract<EnableXRuleId, 'enablex/error-answers' | 'enablex/undocumented-errors' | 'enablex/unique-recording-name'>
}

const doc = (status: number, result: number | string, msg: string): ErrorAnswer => ({ status, result, msg, rule: 'enablex/error-answers' })
const made = (status: number, result: number | string, msg: string): ErrorAnswer => ({ status, result, msg, rule: 'enablex/undocumented-errors' })

export const ERROR_ANSWERS = {
  // Documented (§2.3, §2.5–§2.8, §4).
  voiceNotSupported: doc(406, 6117, 'Voice not supported for text-to-speech conversion'),
  playWhileBridged: doc(405, 6112, "Call is in bridged mode, can't play media"),
  playPending: doc(408, 6114, 'Play request pending'),
  notBridgedYet: doc(409, '409', 'Call is not bridged yet'),
  alreadyRecording: doc(408, '408', 'Call is already recording'),
  /**
   * A reused recording_name: the docs say the request fails (§2.8), not with what. The recording
   * route's one documented error (6119) is callspec's choice, and its HTTP status (undocumented,
   * §4) too: rule enablex/unique-recording-name, whose source says so.
   */
  recordingNameTaken: { status: 400, result: '6119', msg: 'Failed to start recording on bridge', rule: 'enablex/unique-recording-name' },
  // Not documented: callspec's answers (§5 "REST calls on an unknown/ended voice_id — not documented").
  callOver: made(404, 404, 'Call not found or already disconnected'),
  notConnected: made(409, 409, 'Call is not connected'),
  alreadyConnected: made(409, 409, 'Call is already connected'),
  alreadyBridged: made(409, 409, 'Call is already bridged'),
  /** Hold needs a bridge (§2.7), but its error is documented only for transfer, forward and recording. */
  holdNotBridged: made(409, '409', 'Call is not bridged yet'),
  notRecording: made(400, '400', 'Recording is not in progress'),
} as const satisfies Record<string, ErrorAnswer>

/** `HTTP 409 "Call is not connected"`, or `HTTP 408, result 6114 "Play request pending"` when the code differs. */
export function describeErrorAnswer(status: number, result: unknown, msg: unknown): string {
  const code = result === undefined || String(result) === String(status) ? '' : `, result ${String(result)}`
  return `HTTP ${status}${code} ${JSON.stringify(String(msg ?? ''))}`
}
