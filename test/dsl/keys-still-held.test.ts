/**
 * A flow that ends right after keys the platform still holds (it passes an entry on after more
 * keys, a terminator or a pause) fails, saying so: the test's hang-up came next, the app never
 * heard of them, and an assertion about its reaction could not fail (helper-132 finding 2:
 * `.pressDigits('7')` last, then `not.toHaveAction('connect')`, passed on an app that connects
 * every key, since EnableX passes keys on after a 2 s pause).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { accepting, tts } from '../drivers/enablex/apps.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'
import { eightByEightApp } from '../drivers/8x8/apps.js'
import { tts as webexTts, webexApp } from '../helpers/webex-apps.js'

/** Connects every key to the agent: the bug a test of a wrong key is written to catch. */
const connectsEveryKey = () =>
  accepting(tts('Press 2 for an agent.', { dtmf: true, prompt_ref: 'menu' }), (event, api) =>
    event.playstate === 'digitcollected' ? api.call('PUT', `/call/${event.voice_id}/connect`, { to: '14155550142', from: '14155550199' }) : undefined,
  )

describe('a flow ending right after keys the platform still holds', () => {
  it('EnableX: fails, naming the keys and the steps that would test the reaction', async () => {
    const error = await failureOf(callTo(connectsEveryKey(), { platform: 'enablex' }).expectAction('accept').expectAction('play').pressDigits('7'))
    expect(error.message.split('\n')[0]).toBe(
      `[callspec] turn 3, end of call: the flow ended right after pressDigits('7'), while the platform still held the keys "7" (it passes an entry on after more keys, a terminator or a pause): the caller hangs up next, so the app never hears of them, and nothing said of what it does with them can fail. ` +
        "Add the step you expect next: .expectAction('…') for the app's reaction, or .staySilent(ms) to let the call go on.",
    )
  })

  it('EnableX: with the reaction expected, the planted bug fails', async () => {
    const error = await failureOf(
      callTo(connectsEveryKey(), { platform: 'enablex' }).expectAction('accept').expectAction('play').pressDigits('7').staySilent(5_000),
    )
    expect(error.message).toContain('the app sent 1 action(s) the test never expected')
    expect(error.message).toMatch(/⇠ connect +→ 14155550142 \(from 14155550199\) +✖ never expected/)
  })

  it('Voxology: a COLLECT still waiting for its timeout', async () => {
    const { app } = scriptApp({ '/': serve([{ type: 'COLLECT', name: 'pin', params: { num_digits: 4, timeout: 3000 }, actions: [{ type: 'SAY', params: { text: 'Your PIN?' } }] }]) })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('COLLECT').pressDigits('12'))
    expect(error.message.split('\n')[0]).toContain(`the flow ended right after pressDigits('12'), while the platform still held the keys "12"`)
  })

  it('passes once the platform passed the keys on (an entry complete at its last key)', async () => {
    const app = webexApp((event) =>
      event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [webexTts('Press 1.')], collectInput: { maxDigits: 1 } } : { action: 'HANGUP' },
    )
    const call = await callTo(app, { platform: 'webex-connect', unconsumed: 'ignore' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1')
    expect(call.events).toContain('COLLECTED_DIGITS')
  })
})

describe('a flow ending right after keys a Webex Connect collection still holds', () => {
  it('fails: the collection waits for its terminator or digit timeout', async () => {
    const app = webexApp((event) =>
      event.event === 'ACCEPTED'
        ? { action: 'ANSWER' }
        : event.event === 'ANSWERED'
          ? { action: 'PLAY', audio: [webexTts('Enter your PIN, then hash.')], collectInput: { maxDigits: 6, terminationDigit: '#' } }
          : { action: 'HANGUP' },
    )
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1234'))
    expect(error.message.split('\n')[0]).toContain(`the flow ended right after pressDigits('1234'), while the platform still held the keys "1234"`)
  })
})

describe('a flow ending right after keys an 8x8 sayAndCapture still holds', () => {
  it('fails: with completeOnHash (the default) the entry ends on # or its timeout', async () => {
    const app = eightByEightApp((p) =>
      p.callStatus === 'CALL_RECEIVED'
        ? { callflow: [{ action: 'sayAndCapture', params: { promptMessage: 'Press 1.', voiceProfile: 'en-US-ZiraRUS', maxDigits: 1 } }] }
        : { callflow: [{ action: 'hangup' }] },
    )
    const error = await failureOf(callTo(app.listener, { platform: '8x8' }).expectAction('sayAndCapture').pressDigits('1'))
    expect(error.message.split('\n')[0]).toContain(`the flow ended right after pressDigits('1'), while the platform still held the keys "1"`)
  })
})
