/**
 * `appClock` in a JavaScript test: `true` reads as "on" (the default), and a value that is no app
 * clock fails as the option it is. Measured: `appClock: true` failed every call at its first step
 * with "Invalid value used as weak map key".
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { webexConnectScenario } from '../bench/scenarios/webex-connect.js'
import { failureOf } from '../helpers/failure-of.js'

const app = webexConnectScenario.listener
// What a JavaScript test may write: the types allow neither.
const option = (appClock: unknown) => ({ platform: 'webex-connect' as const, appClock: appClock as false, seed: 1 })

describe('the appClock option', () => {
  it('true is the default: the call runs with the app on the call clock', async () => {
    const call = await callTo(app, option(true)).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
    expect(call.transcript.entries.filter((e) => e.kind === 'event').map((e) => e.name)).toEqual(['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'DROPPED'])
  })

  it.each([
    ['a string', 'agent', '"agent"'],
    ['an object that is no clock', { kind: 'agent' }, 'an object with keys ["kind"]'],
  ])('%s fails naming the option and what to pass', async (_what, given, shown) => {
    const { message } = await failureOf(callTo(app, option(given)).expectAction('ANSWER'))
    expect(message).toContain(
      `[callspec] start of call: appClock: ${shown} is not an app clock: leave it out (or true) for an app in this process, pass the handle callspec/agent gives for an app in another process, or false for none.`,
    )
  })
})
