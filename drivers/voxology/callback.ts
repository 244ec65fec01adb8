/**
 * The callback request (§2.1): its fields, the location lookup of the two numbers, and the
 * query-string form of a GET callback.
 */
import { BEHAVIOUR, type NumberInfo } from './behaviour.js'
import type { CallbackRequest } from './schemas.js'

/** Location data for a number: the test's own, else a known NANP area code, else the country alone. */
export function numberInfo(number: string, overrides: Record<string, NumberInfo> = {}): NumberInfo {
  const own = overrides[number]
  if (own) return own
  const nanp = /^\+1(\d{3})\d{7}$/.exec(number)
  if (nanp) return BEHAVIOUR.areaCodes[nanp[1]!] ?? { country: 'US' }
  if (number.startsWith('+44')) return { country: 'GB' }
  return {}
}

/** `caller_no_city`, `caller_no_region`, …: only the fields that are known. */
export function locationFields(prefix: 'caller_no' | 'api_no', info: NumberInfo): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of ['city', 'region', 'country', 'timezone'] as const) {
    const value = info[key]
    if (value !== undefined) out[`${prefix}_${key}`] = value
  }
  return out
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
