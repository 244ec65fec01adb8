/**
 * withParty() and answeredBy() check the behaviour they are given, as pressDigits() and
 * staySilent() check theirs. Measured before (audit h179), from JavaScript where the types do
 * not hold: an EnableX bridge to withParty(n, { answers: true }) (no hangsUpAfterMs) set the
 * party's hang-up for NaN ms; pressing a key on the bridge then hung until the test's timeout,
 * or, after a hold, failed on "RangeError: Invalid time value" called "a stack overflow".
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'

/** Accepts, bridges the caller to +14155550111, and hangs up on the first key pressed on the bridge. */
const bridgeApp = () =>
  enablexApp(async (event, api) => {
    const call = `/call/${event.voice_id}`
    if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
    if (event.state === 'connected') await api.call('PUT', `${call}/connect`, { from: '14155550199', to: '14155550111' })
    if (event.state === 'dtmfcollected') await api.call('DELETE', call)
  })

const TAKES = "takes 'answers', 'busy', 'no-answer', 'voicemail' or { answers: true, hangsUpAfterMs } (milliseconds ≥ 0)"

describe('withParty() and answeredBy() take only the behaviours PartyBehaviour names', () => {
  it('{ answers: true } without hangsUpAfterMs is refused where it is written, with the behaviour meant', () => {
    const flow = () => callTo(bridgeApp(), { platform: 'enablex' }).withParty('+14155550111', { answers: true } as never)
    expect(flow).toThrow(`[callspec] withParty("+14155550111", …) ${TAKES}, got {"answers":true} (a party who answers and stays on the line is 'answers').`)
  })

  it('a hangsUpAfterMs that is no duration, a misspelt name and an extra key are refused too', () => {
    const flow = callTo(bridgeApp(), { platform: 'enablex' })
    expect(() => flow.answeredBy({ answers: true, hangsUpAfterMs: Number.NaN })).toThrow(`[callspec] answeredBy() ${TAKES}, got {"answers":true,"hangsUpAfterMs":null}.`)
    expect(() => flow.answeredBy({ answers: true, hangsUpAfterMs: -5 })).toThrow(`[callspec] answeredBy() ${TAKES}, got {"answers":true,"hangsUpAfterMs":-5}.`)
    expect(() => flow.withParty('+14155550111', 'hold' as never)).toThrow(`[callspec] withParty("+14155550111", …) ${TAKES}, got "hold".`)
    expect(() => flow.withParty('+14155550111', { answers: true, hangsUpAfterMs: 5000, hangsUp: true } as never)).toThrow(
      `[callspec] withParty("+14155550111", …) ${TAKES}, got {"answers":true,"hangsUpAfterMs":5000,"hangsUp":true}: "hangsUp" is no key of a party behaviour, whose keys are answers and hangsUpAfterMs.`,
    )
  })

  it('an extra key is named, with the keys there are; a misspelt one with the key it is near (audit h183: the object was shown, the key not named)', () => {
    const flow = callTo(bridgeApp(), { platform: 'enablex' })
    expect(() => flow.withParty('+14155550111', { answers: true, extraKey: 1 } as never)).toThrow(
      `[callspec] withParty("+14155550111", …) ${TAKES}, got {"answers":true,"extraKey":1}: "extraKey" is no key of a party behaviour, whose keys are answers and hangsUpAfterMs (a party who answers and stays on the line is 'answers').`,
    )
    expect(() => flow.answeredBy({ answers: true, hangsUpAfter: 5000 } as never)).toThrow(
      `[callspec] answeredBy() ${TAKES}, got {"answers":true,"hangsUpAfter":5000}: "hangsUpAfter" (did you mean "hangsUpAfterMs"?) is no key of a party behaviour, whose keys are answers and hangsUpAfterMs.`,
    )
  })

  it("a named behaviour a letter, a case or a separator away names the one meant ('answer' was refused with no word of 'answers')", () => {
    const flow = callTo(bridgeApp(), { platform: 'enablex' })
    expect(() => flow.withParty('+14155550111', 'answer' as never)).toThrow(`[callspec] withParty("+14155550111", …) ${TAKES}, got "answer" (did you mean 'answers'?).`)
    expect(() => flow.answeredBy('no_answer' as never)).toThrow(`[callspec] answeredBy() ${TAKES}, got "no_answer" (did you mean 'no-answer'?).`)
    expect(() => flow.answeredBy('Busy' as never)).toThrow(`[callspec] answeredBy() ${TAKES}, got "Busy" (did you mean 'busy'?).`)
  })

  it("'answers' and { answers: true, hangsUpAfterMs: 0 } run: a key on the bridge reaches the app", async () => {
    const call = await callTo(bridgeApp(), { platform: 'enablex' }).withParty('+14155550111', 'answers').expectAction('accept').expectAction('connect').pressDigits('5').expectAction('hangup')
    expect(call.event('dtmfcollected')).toMatchObject({ digit: '5' })
    const left = await callTo(bridgeApp(), { platform: 'enablex' }).withParty('+14155550111', { answers: true, hangsUpAfterMs: 0 }).expectAction('accept').expectAction('connect').staySilent(10_000).hangUp()
    expect(left.events).toContain('bridge_disconnected')
  })

  it('a RangeError that is no stack overflow is said as it is, not called one', async () => {
    // A matcher of the test's that throws one: a failure that is not callspec's own, as the NaN timer's was.
    const throws = { asymmetricMatch: () => { throw new RangeError('Invalid time value') } }
    const failure = await failureOf(callTo(bridgeApp(), { platform: 'enablex' }).expectAction('accept', { whenever: throws } as never))
    expect(failure.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('accept', { whenever: [object Object] }): Invalid time value")
  })
})
