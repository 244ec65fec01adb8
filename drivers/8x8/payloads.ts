import { BEHAVIOUR } from './behaviour.js'
import type { SessionError } from './codes.js'
import type { ActionName, LegSummary, VcaPayload, VcaWebhook, VcsWebhook, VssWebhook } from './schemas.js'

/**
 * One call leg of a session (8x8's Voice Session Summary webhook guide `details.callA`,
 * `details.callB`). Times are virtual ms.
 */
export interface Leg {
  key: 'callA' | 'callB'
  callId: string
  direction: 'INBOUND' | 'OUTBOUND'
  /** E.164, with `+`. */
  source: string
  destination: string
  initiatedAt: number
  connectedAt?: number
  disconnectedAt?: number
  status?: LegSummary['callStatus']
  sipCode: number
}

/** What every webhook of one session shares. */
export interface SessionFacts {
  sessionId: string
  subAccountId: string
  /** ISO-8601 of virtual `at`, with milliseconds. */
  iso(at?: number): string
  now(): number
  uuid(): string
}

/** Country of an E.164 number by its calling code (longest known prefix). */
export function countryOf(number: string): string {
  const digits = number.replace(/^\+/, '')
  let best: readonly [string, string] | undefined
  for (const entry of BEHAVIOUR.countries) if (digits.startsWith(entry[0]) && entry[0].length > (best?.[0].length ?? 0)) best = entry
  return best?.[1] ?? 'ZZ'
}

/** The leg fields VCA, VCS and VSS share (8x8's Voice Call Action webhook guide table). */
function legFields(leg: Leg) {
  return {
    callId: leg.callId,
    callDirection: leg.direction,
    callType: 'PSTN' as const,
    source: leg.source,
    destination: leg.destination,
    sourceFormat: 'MSISDN',
    destinationFormat: 'MSISDN',
    sourceCountryCode: countryOf(leg.source),
    destinationCountryCode: countryOf(leg.destination),
    // The app's virtual number carries the reference id: the destination inbound, the source outbound.
    sourceRefId: leg.direction === 'OUTBOUND' ? BEHAVIOUR.refId(leg.source) : null,
    destinationRefId: leg.direction === 'INBOUND' ? BEHAVIOUR.refId(leg.destination) : null,
  }
}

const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000))
/** VSS times are whole seconds with `Z` (8x8's Voice Session Summary webhook guide sample). */
const isoSeconds = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z')

/**
 * The fields of a VCA or VCS payload, in the order of the vendor's sample (8x8's Voice Call Action
 * webhook guide). Named one by one, not spread from legFields: this runs for every webhook, and
 * object spread was a hot spot in profiles.
 */
function callEvent<S extends string>(s: SessionFacts, leg: Leg, callStatus: S) {
  const f = legFields(leg)
  return {
    eventId: s.uuid(),
    callId: f.callId,
    sessionId: s.sessionId,
    subAccountId: s.subAccountId,
    callStatus,
    callDirection: f.callDirection,
    callType: f.callType,
    source: f.source,
    destination: f.destination,
    sourceFormat: f.sourceFormat,
    destinationFormat: f.destinationFormat,
    sourceCountryCode: f.sourceCountryCode,
    destinationCountryCode: f.destinationCountryCode,
    sourceRefId: f.sourceRefId,
    destinationRefId: f.destinationRefId,
    callDuration: leg.connectedAt === undefined ? 0 : seconds(s.now() - leg.connectedAt),
    sipCode: leg.sipCode,
    timestamp: s.iso(),
  }
}

/**
 * Voice Call Action webhook (8x8's Voice Call Action webhook guide). `dtmf` is set after a
 * sayAndCapture (null: nothing valid captured), at both places 8x8's sources give it
 * (`BEHAVIOUR.flatDtmf`): `eventData.dtmf` and, unless `flatDtmf` is false, a flat `dtmf`.
 */
export function vcaWebhook(
  s: SessionFacts,
  leg: Leg,
  callStatus: 'CALL_RECEIVED' | 'ACTION_COMPLETED',
  extra: { dtmf?: string | null; clientActionId?: string; flatDtmf?: boolean },
): VcaWebhook {
  const { dtmf, clientActionId, flatDtmf } = extra
  // The optional fields are added in place, in this order, instead of spread in (a per-turn cost).
  const payload: VcaPayload = callEvent(s, leg, callStatus)
  if (dtmf !== undefined) payload.eventData = { dtmf }
  if (dtmf !== undefined && (flatDtmf ?? BEHAVIOUR.flatDtmf)) payload.dtmf = dtmf
  if (clientActionId !== undefined) payload.clientActionId = clientActionId
  return { namespace: 'VOICE', eventType: 'CALL_ACTION', description: 'Action request of a call', payload }
}

/**
 * Voice Call Status webhook for one leg (8x8's Voice Call Status webhook docs): the VCA fields
 * without eventData / clientActionId.
 */
export function vcsWebhook(s: SessionFacts, leg: Leg, callStatus: VcsWebhook['payload']['callStatus']): VcsWebhook {
  return {
    namespace: 'VOICE',
    eventType: 'CALL_STATUS',
    description: 'Status update of a call',
    payload: callEvent(s, leg, callStatus),
  }
}

/**
 * Voice Session Summary (8x8's Voice Session Summary webhook guide), with `errorDetails` when the
 * session ended in ERROR.
 */
export function vssWebhook(
  s: SessionFacts,
  legs: readonly Leg[],
  summary: { status: VssWebhook['payload']['sessionStatus']; lastAction: ActionName; error?: SessionError },
): VssWebhook {
  const details: Record<string, LegSummary> = {}
  for (const leg of legs) details[leg.key] = legSummary(s, leg)
  // Fields in the vendor sample's order, the optional ones added in place. Measured: built from
  // spreads of conditional literals, as it was, every finished call's objects outlived V8's
  // young-generation collections (~0.25-0.4 MB promoted per scavenge in a bench loop); built in
  // place, ~13 KB. test/drivers/8x8/gc-retention.test.ts keeps it so.
  const payload: Omit<VssWebhook['payload'], 'details'> & { details?: Record<string, LegSummary> } = {
    sessionId: s.sessionId,
    subAccountId: s.subAccountId,
    sessionStatus: summary.status,
    startTime: isoSeconds(s.iso(legs[0]?.initiatedAt ?? 0)),
    endTime: isoSeconds(s.iso()),
    lastAction: UPPER_SNAKE[summary.lastAction],
    callCount: legs.length,
  }
  if (summary.error) payload.errorDetails = { errorMsg: summary.error.message, errorCode: summary.error.code }
  payload.details = details
  return {
    payload: payload as VssWebhook['payload'],
    namespace: 'VOICE',
    eventType: 'SESSION_SUMMARY',
    description: 'Summary of a completed call session',
    version: 5,
  }
}

/**
 * One leg in the VSS `details` (8x8's Voice Session Summary webhook guide): the shared leg fields,
 * then its times, status and quality, in the sample's order.
 */
function legSummary(s: SessionFacts, leg: Leg): LegSummary {
  const end = leg.disconnectedAt ?? s.now()
  const out: Partial<LegSummary> = legFields(leg)
  out.initiatedTimestamp = isoSeconds(s.iso(leg.initiatedAt))
  if (leg.connectedAt !== undefined) out.connectedTimestamp = isoSeconds(s.iso(leg.connectedAt))
  out.disconnectedTimestamp = isoSeconds(s.iso(end))
  out.callStatus = leg.status ?? 'COMPLETED'
  out.callDuration = leg.connectedAt === undefined ? 0 : seconds(end - leg.connectedAt)
  if (leg.connectedAt !== undefined) out.callQuality = { ...BEHAVIOUR.callQuality }
  return out as LegSummary
}

/**
 * `lastAction` spells the action names in UPPER_SNAKE (8x8's Voice Session Summary webhook guide).
 */
const UPPER_SNAKE = {
  makeCall: 'MAKE_CALL',
  say: 'SAY',
  sayAndCapture: 'SAY_AND_CAPTURE',
  playFile: 'PLAY_FILE',
  hangup: 'HANGUP',
} as const satisfies Record<ActionName, VssWebhook['payload']['lastAction']>
