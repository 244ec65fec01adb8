/**
 * The call log's billing (docs' sample record, third-party): connect_time_billed in started
 * 6-second units (tenths of a minute), and charge.total that billed time at the sample's rate
 * (0.1 billed → 0.0015), not a whole started minute (audit h126 finding 5).
 */
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src/clock/virtual-clock.js'
import { callLog } from '../../../drivers/voxology/call-log.js'
import type { CallState } from '../../../drivers/voxology/call-state.js'

/** The log of a call answered at 0 and ended after `connectedMs`. */
const logOf = (connectedMs: number) => {
  const state = { callId: 'c1', appId: 'a1', remote: '+15551231234', ours: '+15559871234', direction: 'inbound', answeredAt: 0, endedAt: connectedMs, endStatus: 'completed', hangupEnd: 'caller', detection: 'live_person' }
  return callLog(state as CallState, new VirtualClock(0))
}

describe('call log billing', () => {
  it.each([
    [1_200, 0.1, 1, 0.0015],
    [6_000, 0.1, 6, 0.0015],
    [6_001, 0.2, 6, 0.003],
    [61_000, 1.1, 61, 0.0165],
    [600_000, 10, 600, 0.15],
  ])('%i ms connected: %d min billed, %i s, charge %d', (connectedMs, billed, seconds, total) => {
    expect(logOf(connectedMs)).toMatchObject({ connect_time_billed: billed, connect_time_sec: seconds, charge: { total } })
  })

  it('a call never answered is billed and charged nothing', () => {
    const state = { callId: 'c1', appId: 'a1', remote: '+1', ours: '+2', direction: 'outbound', answeredAt: undefined, endedAt: 4_000, endStatus: 'no-answer', hangupEnd: null, detection: 'unknown' }
    expect(callLog(state as CallState, new VirtualClock(0))).toMatchObject({ connect_time_billed: 0, connect_time_sec: 0, charge: { total: 0 } })
  })
})
