/**
 * A SAY nested in a COLLECT (its prompt) expected as an action of its own: the failure said only
 * `expected action SAY …, got COLLECT "q1" (max 1, 5 s timeout)` (helper-188). It now says the
 * SAY is the COLLECT's prompt, and how to match it or what the caller heard.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const question = { type: 'COLLECT', name: 'q1', params: { num_digits: 1, timeout: 5000 }, actions: [say('On a scale of 1 to 5, how satisfied were you?')] }

describe("a COLLECT's prompt expected as an action", () => {
  it('says the SAY is the COLLECT’s prompt, and how to match it', async () => {
    const app = scriptApp({ '/': serve([say('Welcome.'), question, { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY').expectAction('SAY', { params: { text: /satisfied/ } }))
    expect(error.message.split('\n').slice(0, 2)).toEqual([
      `[callspec] turn 1, expectAction('SAY', { params: { text: /satisfied/ } }): expected action SAY { params: { text: /satisfied/ } }, got COLLECT "q1" (max 1, 5 s timeout)`,
      `The COLLECT's SAY (its actions[0], text: "On a scale of 1 to 5, how satisfied were you?") is its prompt, played while it listens, not an action of its own: expect the COLLECT, matching its prompt with expectAction('COLLECT', { actions: [{ params: { text: … } }] }), or check what the caller heard with toHavePlayed(…).`,
    ])
  })

  it('the way it names passes', async () => {
    const app = scriptApp({ '/': serve([say('Welcome.'), question, { type: 'HANGUP' }]) }).app
    const call = await callTo(app, { platform: 'voxology' })
      .expectAction('SAY')
      .expectAction('COLLECT', { actions: [{ params: { text: /satisfied/ } }] })
      .pressDigits('4')
      .expectHangup()
    expect(call).toHavePlayed('On a scale of 1 to 5, how satisfied were you?')
  })

  it('another action than a COLLECT gets no such line', async () => {
    const app = scriptApp({ '/': serve([say('Welcome.'), { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY').expectAction('PLAY'))
    expect(error.message).not.toContain("is its prompt, played while it listens")
  })
})
