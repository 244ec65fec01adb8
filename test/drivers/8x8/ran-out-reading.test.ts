/**
 * A callflow that runs out with neither hangup nor sayAndCapture (audit h172 F5). 8x8 documents the
 * VCA after sayAndCapture and for a received call; that it asks again when a callflow runs out is
 * callspec's reading (BEHAVIOUR.ranOut, 'ask'), the other being that the session ends. An app that
 * takes every ACTION_COMPLETED for its menu's answer re-prompts on it: the transcript now says the
 * VCA is callspec's reading and names `vendor.ranOut: 'end'`, which ends the session there. Over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { stubServer } from '../../helpers/stub-server.js'
import { capture, eightByEightApp, hangup, say } from './apps.js'

/** Out of hours it just says so (no hangup); every ACTION_COMPLETED is read as the menu's answer. */
const app = eightByEightApp((p) => {
  if (p.callStatus === 'CALL_RECEIVED') return { callflow: [say('We are closed. Please call again between 9 and 5.')] }
  const digit = p.eventData?.dtmf
  if (!digit) return { callflow: [say('Sorry, I did not get that.'), capture('Press 1 for sales, 2 for support.', { maxDigits: 1 })] }
  return { callflow: [say(`You chose ${digit}.`), hangup] }
})
const server = stubServer(app.listener)
const closed = (vendor: object = {}) =>
  callTo(`${server.url}/8x8/vca`, { platform: '8x8', vendor }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('say', { params: { text: /closed/ } })
const RAN_OUT = "the callflow ran out (no hangup, no sayAndCapture): callspec asks the VCA webhook what next, an ACTION_COMPLETED without eventData (callspec's reading"

describe('8x8: a callflow that runs out', () => {
  it("asks the VCA again by default, and the failure's transcript says that VCA is callspec's reading", async () => {
    const error = await failureOf(closed().expectHangup())
    expect(error.message).toContain('expected the app to hang up, got say "Sorry, I did not get that."')
    expect(error.message).toContain(RAN_OUT)
    expect(error.message).toContain("vendor: { ranOut: 'end' } ends the session here instead")
  })

  it("ends the session there with vendor.ranOut: 'end'", async () => {
    const call = await closed({ ranOut: 'end' }).expectHangup()
    expect(call.end).toMatchObject({ by: 'platform', reason: 'callflow ran out' })
    expect(app.received.filter((r) => r.body.eventType === 'CALL_ACTION').at(-1)!.body.payload.callStatus).toBe('CALL_RECEIVED')
    expect(app.received.at(-1)!.body.payload).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'SAY' })
  })
})

describe('8x8: a callflow with a sayAndCapture that runs out', () => {
  const menu = eightByEightApp((p) =>
    p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('Press 1 for sales.', { maxDigits: 1, overallTimeout: 5_000, noOfTries: 1 })] } : { callflow: [say(`You chose ${p.eventData?.dtmf}.`), hangup] },
  )
  const menuServer = stubServer(menu.listener)
  it("sends the documented VCA with the digits, without the ran-out note, whatever vendor.ranOut says", async () => {
    const call = await callTo(`${menuServer.url}/8x8/vca`, { platform: '8x8', vendor: { ranOut: 'end' } })
      .fromCaller('+6591178965')
      .toNumber('+6568332048')
      .expectAction('sayAndCapture')
      .pressDigits('1')
      .expectAction('say', { params: { text: 'You chose 1.' } })
      .expectHangup()
    expect(call.transcript.entries.some((e) => e.kind === 'note' && e.text.startsWith('the callflow ran out'))).toBe(false)
  })
})
