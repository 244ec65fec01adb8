/**
 * audit h131 finding 04: with a VCS webhook configured, 8x8 reports a call's progress with the
 * documented callStatus values, DTMF_RECEIVED among them (CALL_INITIATED, CALL_RECEIVED,
 * CALL_CONNECTED, CALL_DISCONNECTED, CALL_UPDATED, DTMF_RECEIVED); callspec never sent it. Now
 * each key the caller presses on a live call is a DTMF_RECEIVED, with the documented VCS fields
 * (the VCA's, without eventData and clientActionId). Over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { capture, eightByEightApp, hangup } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'

function menu() {
  return eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('Enter your code, then press hash')] } : { callflow: [hangup] }))
}
const statuses = (received: ReturnType<typeof menu>['received']) =>
  received.filter((r) => r.body.eventType === 'CALL_STATUS').map((r) => r.body.payload)

describe('VCS DTMF_RECEIVED', () => {
  it('is sent for each key the caller presses, before the VCA the keys lead to', async () => {
    const { listener, received } = menu()
    await callTo(listener, { platform: '8x8', vendor: { vcsPath: true } }).fromCaller(CALLER).toNumber(VN).expectAction('sayAndCapture').pressDigits('12#').expectAction('hangup')
    const vcs = statuses(received)
    expect(vcs.map((p) => p.callStatus)).toEqual(['CALL_RECEIVED', 'DTMF_RECEIVED', 'DTMF_RECEIVED', 'DTMF_RECEIVED', 'CALL_DISCONNECTED'])
    const order = received.map((r) => r.body.payload.callStatus)
    expect(order.lastIndexOf('DTMF_RECEIVED')).toBeLessThan(order.indexOf('ACTION_COMPLETED'))
  })

  it('carries the documented VCS fields of the caller\'s leg, and no eventData or clientActionId', async () => {
    const { listener, received } = menu()
    await callTo(listener, { platform: '8x8', vendor: { vcsPath: true } }).fromCaller(CALLER).toNumber(VN).expectAction('sayAndCapture').pressDigits('1#').expectAction('hangup')
    const [receivedStatus, dtmf] = statuses(received)
    const body = received.find((r) => r.body.payload.callStatus === 'DTMF_RECEIVED')!.body
    expect(body).toMatchObject({ namespace: 'VOICE', eventType: 'CALL_STATUS', description: 'Status update of a call' })
    expect(Object.keys(dtmf)).toEqual(Object.keys(receivedStatus))
    expect(dtmf).toMatchObject({
      callId: receivedStatus.callId,
      sessionId: receivedStatus.sessionId,
      callStatus: 'DTMF_RECEIVED',
      callDirection: 'INBOUND',
      source: CALLER,
      destination: VN,
      sipCode: 200,
    })
    expect(dtmf.eventId).not.toBe(receivedStatus.eventId)
    expect(dtmf).not.toHaveProperty('eventData')
    expect(validate('8x8', 'vcs', body).ok).toBe(true)
  })

  it('is not sent without a VCS webhook', async () => {
    const { listener, received } = menu()
    await callTo(listener, { platform: '8x8' }).fromCaller(CALLER).toNumber(VN).expectAction('sayAndCapture').pressDigits('1#').expectAction('hangup')
    expect(statuses(received)).toEqual([])
  })
})
