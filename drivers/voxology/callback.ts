/**
 * The callback request (the callback sample in Voxology's Call Flow Loop docs): its fields, the
 * location lookup of the two numbers, and the query-string form of a GET callback.
 */
import type { CallContext } from '../../src/driver/index.js'
import { BEHAVIOUR, type NumberInfo } from './behaviour.js'
import type { CallState } from './call-state.js'
import type { CallbackRequest } from './schemas.js'

export type CallbackKind = keyof typeof BEHAVIOUR.callbackTypes

/**
 * Callback type → its request: what `call.event()` autocompletes for this platform. A GET
 * callback's fields arrive as query parameters, so as strings.
 */
export type VoxologyEvents = { [N in (typeof BEHAVIOUR.callbackTypes)[CallbackKind]]: CallbackRequest & { type: N } }

/**
 * The request of one callback, as things stand. Built key by key, in the order the wire shows
 * (object spread was a hot spot in profiles, and this runs on every turn): `end_time` only in the
 * final one, each number's location fields after it, only those that are known.
 */
export function callbackRequest(kind: CallbackKind, state: CallState, clock: CallContext['clock']): CallbackRequest {
  const now = state.endedAt ?? clock.now()
  const final = kind === 'final'
  const { options } = state
  const request: Record<string, unknown> = {
    type: BEHAVIOUR.callbackTypes[kind],
    app_id: state.appId,
    subaccount_id: '0',
    call_id: state.callId,
    start_time: clock.iso(0),
  }
  if (final) request.end_time = clock.iso(now)
  request.direction = state.direction
  request.duration = now
  request.status = final ? state.endStatus : BEHAVIOUR.status.live
  request.detection = state.answeredAt === undefined ? BEHAVIOUR.detection.unknown : state.detection
  request.caller_no = state.remote
  addLocationFields(request, 'caller_no', numberInfo(state.remote, options.numberInfo))
  request.api_no = state.ours
  addLocationFields(request, 'api_no', numberInfo(state.ours, options.numberInfo))
  request.key_presses = state.keyPressesOut
  request.recordings = state.recordingsOut
  request.custom_data = options.customData ?? null
  request.session_data = state.sessionData
  request.sip_domain = BEHAVIOUR.sipDomain(state.account)
  return request as CallbackRequest
}

/** Location data for a number: the test's own, else a known NANP area code, else the country alone. */
export function numberInfo(number: string, overrides: Record<string, NumberInfo> = {}): NumberInfo {
  const own = overrides[number]
  if (own) return own
  const nanp = /^\+1(\d{3})\d{7}$/.exec(number)
  if (nanp) return BEHAVIOUR.areaCodes[nanp[1]!] ?? { country: 'US' }
  if (number.startsWith('+44')) return { country: 'GB' }
  return {}
}

const LOCATION_KEYS = ['city', 'region', 'country', 'timezone'] as const

/** Adds `caller_no_city`, `caller_no_region`, … to `out`: only the fields that are known. */
export function addLocationFields(out: Record<string, unknown>, prefix: 'caller_no' | 'api_no', info: NumberInfo): void {
  for (const key of LOCATION_KEYS) {
    const value = info[key]
    if (value !== undefined) out[`${prefix}_${key}`] = value
  }
}

/**
 * A GET callback's query string. Scalars go as they are; arrays, objects and null as JSON
 * (`key_presses=[{"name":"rating","digits":"4"}]`), since the docs do not say how. [inferred]
 */
export function toQuery(payload: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined) continue
    params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
  return params.toString()
}

/** Appends a query string to a path or absolute URL that may already have one. */
export function withQuery(target: string, query: string): string {
  if (!query) return target
  return `${target}${target.includes('?') ? '&' : '?'}${query}`
}

/** One transcript line for a callback. */
export function summarizeCallback(cb: CallbackRequest, method: string, target: string): string {
  const parts: string[] = []
  if (cb.type === BEHAVIOUR.callbackTypes.first) parts.push(`${cb.direction} ${cb.caller_no} ↔ ${cb.api_no}`)
  else parts.push(`${method} ${target.replace(/\?.*$/, '')}`)
  if (cb.key_presses.length) parts.push(`key_presses ${cb.key_presses.map((k) => `${k.name ?? '(unnamed)'}=${JSON.stringify(k.digits)}`).join(', ')}`)
  if (cb.recordings.length) parts.push(`recordings ${cb.recordings.map((r) => r.name ?? r.id).join(', ')}`)
  if (cb.type === BEHAVIOUR.callbackTypes.final) parts.push(`${cb.status}, ${(cb.duration / 1000).toFixed(1)} s`)
  return parts.join(' · ')
}
