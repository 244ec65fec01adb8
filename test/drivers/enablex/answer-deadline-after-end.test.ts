import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answersAfter } from './apps.js'

/**
 * An app that accepts, hangs up once connected, and holds its answer to the final `disconnected`
 * event `ms` on its own timer (writing a call record first, say).
 */
function slowOnDisconnected(ms: number) {
  return answersAfter(
    (event) => (event.state === 'disconnected' ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined),
    (event, rest) =>
      event.state === 'incomingcall' ? rest.call('PUT', `/call/${event.voice_id}/accept`) : event.state === 'connected' ? rest.call('DELETE', `/call/${event.voice_id}`) : undefined,
  )
}

const LATE =
  'turn 3: the app answered disconnected 6 s (virtual) after it was sent, held back by its own timer: longer than the 5 s the vendor documents the platform waits, but the call was over when it was sent: no call is left to cut short, so callspec infers the platform drops the late answer (rule enablex/final-callback-answered, inferred)'

/**
 * EnableX's 5 s deadline says a late answer means "the call may terminate": a live call's fate.
 * `disconnected` is sent after the call ended, so a late answer to it is callspec's inference,
 * judged as a non-2xx answer to it is (helper-127 finding 2: a slow 200 failed the call citing
 * EnableX's docs, while a 500 only warned).
 */
describe('a late answer to the final disconnected event (rule enablex/final-callback-answered, inferred)', () => {
  it('warns, and the call passes: the documented deadline is a live call\'s', async () => {
    const call = await callTo(slowOnDisconnected(6_000), { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('hangup')
    expect(call.end).toMatchObject({ by: 'app' })
    expect(call.warnings).toEqual([LATE])
  })

  it('fails under strict, led by the inference, not by EnableX\'s docs', async () => {
    const error = await failureOf(callTo(slowOnDisconnected(6_000), { platform: 'enablex', strict: true }).expectAction('accept').expectAction('hangup'))
    expect(error.message.startsWith(
      "[callspec] turn 3, end of call: callspec failed the call by a rule it inferred, not one EnableX documents: enablex/final-callback-answered, at error under strict: true (rules: { 'enablex/final-callback-answered': 'warn' } warns instead, 'off' ignores it): the app answered disconnected 6 s (virtual) after it was sent, held back by its own timer: longer than the 5 s the vendor documents the platform waits, but the call was over when it was sent: no call is left to cut short, so callspec infers the platform drops the late answer (rule enablex/final-callback-answered, inferred). Answer first and act after: write the call's record once the answer is sent.\nRule enablex/final-callback-answered, inferred: not documented (a 404 means the app has no route for it; the 5 s deadline's stated consequence, \"the call may terminate\", is about a live call, and this one is over).\n",
    )).toBe(true)
    expect(error.message).not.toContain('enablex/answer-in-time')
  })
})
