import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, say } from './apps.js'

/**
 * An 8x8 app that answers a VCA with its actions but not in a callflow (newcomer audit helper-180:
 * `res.json({ action: 'say', params })` for the first prompt). The answer is in 8x8's own terms,
 * only unwrapped: the failure names the wrapper it needs, and does not ask whether `platform` is
 * right ("an app written for another platform answers like this"), which sent the reader to
 * another platform's docs.
 */
const inbound = (answer: unknown) => callTo(eightByEightApp(() => answer as object).listener, { platform: '8x8' })

describe('8x8 actions answered without the callflow wrapper', () => {
  it('one action as the whole answer: the hint says to wrap it in a callflow', async () => {
    const error = await failureOf(inbound(say('Welcome.')).expectAction('say'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe(
      "[callspec] turn 1, expectAction('say'): the app's answer to CALL_ACTION is not a callflow 8x8 can run, so the session ends with ERROR -2003 (The call flow provided is invalid), callspec's inference (8x8 does not document what it does with an answer it cannot run):",
    )
    expect(lines[1]).toBe('Hint: the answer is one callflow action (say), not a callflow: 8x8 runs the list under "callflow", so wrap it: {"callflow": [{"action": "say", …}]}.')
    expect(error.message).not.toContain('is `platform` right?')
  })

  it('a bare list of actions: the hint names the "callflow" key', async () => {
    const error = await failureOf(inbound([say('Welcome.'), { action: 'hangup' }]).expectAction('say'))
    expect(error.message.split('\n')[1]).toBe('Hint: the answer is a bare list of actions: 8x8 reads them from a "callflow" key of an object ({"callflow": [ … ]}).')
    expect(error.message).not.toContain('is `platform` right?')
  })

  it("another platform's action (a Webex Connect ANSWER) is still asked about platform", async () => {
    const error = await failureOf(inbound({ action: 'ANSWER' }).expectAction('say'))
    expect(error.message.split('\n')[0]).toContain("looks like a webex-connect app's")
    expect(error.message).not.toContain('one callflow action')
  })
})
