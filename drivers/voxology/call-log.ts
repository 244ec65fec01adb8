import { createHash } from 'node:crypto'
import type { CallContext } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'
import type { CallState } from './call-state.js'
import type { CallLog } from './schemas.js'

/**
 * The call as `GET /v1/History/Logs/Calls/{callId}` reports it (the call log as a third-party
 * README shows it; Voxology documents none): `duration` in ms since the call began; billing counts
 * only the connected time, in started 6-second units (tenths of a minute), and `charge.total` is
 * those billed minutes at BEHAVIOUR.chargePerMinute, as in the docs' sample record (0.1 billed,
 * 0.0015 charged).
 */
export function callLog(state: CallState, clock: CallContext['clock']): CallLog {
  const end = state.endedAt
  const duration = (end ?? clock.now()) - (state.answeredAt ?? 0)
  const connected = state.answeredAt === undefined ? 0 : Math.max(0, duration)
  const tenths = Math.ceil(connected / 6000)
  return {
    id: logIdOf(state.callId),
    app_id: state.appId,
    subaccount_id: 0,
    call_id: state.callId,
    caller_no: state.remote,
    api_no: state.ours,
    start_time: clock.iso(0),
    end_time: end === undefined ? null : clock.iso(end),
    type: 'voice',
    direction: state.direction,
    hangup_end: state.hangupEnd,
    duration: end ?? clock.now(),
    status: end === undefined ? BEHAVIOUR.status.live : state.endStatus,
    detection: state.answeredAt === undefined ? BEHAVIOUR.detection.unknown : state.detection,
    error: null,
    connect_time_billed: tenths / 10,
    connect_time_sec: Math.round(connected / 1000),
    origin_api: 'CallFlows',
    // Rounded to 8 decimals: 0.1 × 0.015 is 0.0015000000000000002 in floating point.
    charge: { total: Math.round((tenths / 10) * BEHAVIOUR.chargePerMinute * 1e8) / 1e8 },
    service: 'programmable_voice',
  }
}

/**
 * The log record's own `id`: in the sample record a UUID of its own ("4469ea1f-…"), not the call's
 * `call_id` ("10605776@17155753"). It was the call id, so an app that read `id` as the call's id
 * passed here and would not against Voxology. Derived from the call id (a v4-shaped UUID from its
 * SHA-1), so it is stable for a call and draws nothing from the seeded ids the call's others use.
 */
function logIdOf(callId: string): string {
  const hex = createHash('sha1').update(`call-log:${callId}`).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
