/**
 * A match key that is the action's own with a word left off: an 8x8 sayAndCapture's prompt is
 * `params.promptMessage`, and a newcomer's `expectAction('sayAndCapture', { params: { prompt: /Press 1/ } })`
 * failed with `params.prompt: expected /Press 1/ to match, got undefined`, the key meant shown
 * only in the diff below (newcomer audit h183). The failure now names it, as it names a key a
 * letter or two off; `.not` names it too (it listed every field of the action's params).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { capture, eightByEightApp, hangup } from '../drivers/8x8/apps.js'

const menu = capture('Press 1 for sales.', { minDigits: 1, maxDigits: 1, completeOnHash: false, overallTimeout: 5000, noOfTries: 1 })
const app = () => eightByEightApp((payload) => (payload.callStatus === 'CALL_RECEIVED' ? { callflow: [menu] } : { callflow: [hangup] })).listener

describe('a match key the action has with a word more', () => {
  it('expectAction names the key the action has', async () => {
    const error = await failureOf(callTo(app(), { platform: '8x8' }).expectAction('sayAndCapture', { params: { prompt: /Press 1/ } } as never))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('sayAndCapture', { params: { prompt: /Press 1/ } }): sayAndCapture did not match: params.prompt: expected /Press 1/ to match, got undefined (no prompt here; the action has promptMessage)",
    )
  })

  it('.not.toHaveAction refuses it naming the key meant', async () => {
    const call = await callTo(app(), { platform: '8x8' }).expectAction('sayAndCapture').pressDigits('1').expectHangup()
    expect(() => expect(call).not.toHaveAction('sayAndCapture', { params: { prompt: /Press 9/ } } as never)).toThrow(/params\.prompt \(no prompt here; the action has promptMessage\)/)
  })
})
