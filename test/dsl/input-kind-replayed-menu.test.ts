/**
 * audit h193: say() at a Webex Connect menu that collects keys only, which the app replays on no
 * input (as IVRs do), waited for the platform to listen for speech through 500 menus (5,290 s of
 * virtual time, 3 s of real) and failed "the call passed 500 webhooks (limits.maxTurns): is the app
 * looping?", blaming the app for the test's step. It now fails at the third replay, saying what
 * the platform listened for and which step answers it; an app that offers speech on a retry is
 * still reached. Over real HTTP, in memory, with Express.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { expressPlayer } from '../helpers/webex-apps.js'

const KEYS = { collectInput: { maxDigits: 1 } }
const SPEECH = { streamInput: { timeout: 5 } }

/** A menu the app plays again whenever it got no input: what it listens for at its `n`th play (from 1). */
function replayingMenu(inputAt: (n: number) => object) {
  return expressPlayer((n) => ({ audio: [{ type: 'TTS', text: 'Press 1 or say sales.' }], ...inputAt(n) }))
}

describe('the caller waits with the wrong kind of input at a menu the app replays', () => {
  it('say() at a keys-only menu fails at the third replay, naming pressDigits()', async () => {
    const error = await failureOf(callTo(replayingMenu(() => KEYS), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').say('sales').expectAction('PLAY'))
    expect(error.message.split('\n')[0]).toBe(
      '[callspec] turn 5, say("sales"): the app went on 3 times and the platform never listened for speech (last PLAY, turn 5). The platform listened for digits (max 1, 5 s timeout), not speech, while the caller waited: to answer that prompt, use pressDigits().',
    )
    expect(error.message).not.toContain('limits.maxTurns')
    // Turn 5, not 500: the message's turn says how far the wait went (not a wall-clock bound, which a loaded machine stretches).
  })

  it('pressDigits() at a speech-only menu, the same the other way round', async () => {
    const error = await failureOf(callTo(replayingMenu(() => SPEECH), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('PLAY'))
    expect(error.message.split('\n')[0]).toMatch(/^\[callspec\] turn 5, pressDigits\('1'\): the app went on 3 times and the platform never listened for digits \(last PLAY, turn 5\)\. The platform listened for speech, not digits, while the caller waited: to answer that prompt, use say\(\)\.$/)
  })

  it('an app that offers speech on its second retry is reached: say() speaks there (unconsumed: ignore)', async () => {
    // Keys twice, then speech: "If you cannot use the keypad, say your choice."
    const app = replayingMenu((n) => (n < 3 ? KEYS : SPEECH))
    const call = await callTo(app, { platform: 'webex-connect', unconsumed: 'ignore' }).expectAction('ANSWER').expectAction('PLAY').say('sales')
    expect(call.print()).toMatch(/says "sales"/)
  })

  it('the first menu is no replay: say() written before it reaches speech offered on the third retry, as after expectAction(PLAY) (h196)', async () => {
    // Keys for the menu and two retries, then keys or speech. Written right after the ANSWER, the
    // step counted the first menu as the app going on, and failed at the second retry.
    const app = () => replayingMenu((n) => (n < 4 ? KEYS : SPEECH))
    const before = await callTo(app(), { platform: 'webex-connect', unconsumed: 'ignore' }).expectAction('ANSWER').say('sales')
    expect(before.print()).toMatch(/says "sales"/)
    const after = await callTo(app(), { platform: 'webex-connect', unconsumed: 'ignore' }).expectAction('ANSWER').expectAction('PLAY').say('sales')
    expect(after.print()).toMatch(/says "sales"/)
  })
})
