/**
 * A test that forgets the caller's input (no pressDigits() after the prompt that asks for a PIN):
 * the platform's input times out while the next expectAction() waits, the app replays its prompt,
 * and the failure said only `expected action PATCH, got PLAY …`, the cause visible in one
 * transcript line (`COLLECTED_DIGITS "" (no input)`). Audit newcomer-65. The failure now says
 * the caller gave no input and which step answers the prompt.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect', warnings: 'silent', transport: 'tcp' } as const
const askPin = { action: 'PLAY', audio: [tts('Enter your PIN.')], collectInput: { maxDigits: 4, terminationDigit: '#' } }
/** Asks for the PIN until it gets 1234, then transfers. */
const pinApp = () => answering(askPin, (e) => (e.event === 'COLLECTED_DIGITS' && e.digitsReceived === '1234' ? { action: 'PATCH', dialedNumber: '+14155550142' } : askPin))
const askSpeech = { action: 'PLAY', audio: [tts('How can I help?')], streamInput: { timeout: 4 } }

describe('an expectAction() after a prompt the test never answered', () => {
  it('says the caller gave no input and to add pressDigits()', async () => {
    const error = await failureOf(callTo(pinApp(), W).expectAction('ANSWER').expectAction('PLAY').expectAction('PATCH'))
    expect(error.message.split('\n').slice(0, 2).join('\n')).toBe(
      "[callspec] turn 3, expectAction('PATCH'): expected action PATCH, got PLAY TTS \"Enter your PIN.\", collectInput(# ends, max 4, 5 s)\n" +
        'The caller pressed nothing: the platform listened for digits (max 4, # ends, 5 s timeout) from turn 2 while this step waited, and its input timed out. If the caller answers that prompt, add .pressDigits(…) before this step.',
    )
  })

  it('names say() where the platform listened for speech', async () => {
    const app = answering(askSpeech, () => askSpeech)
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP'))
    expect(error.message).toMatch(/\nThe caller said nothing: the platform listened for speech.* from turn 2 while this step waited, and its input timed out\. If the caller answers that prompt, add \.say\(…\) before this step\.\n/)
  })

  it('says nothing of the kind when the test chose the silence, or the input came', async () => {
    // staySilent(): the silence is the test's; the mismatch after it is the app's.
    const silent = await failureOf(callTo(pinApp(), W).expectAction('ANSWER').expectAction('PLAY').staySilent().expectAction('PATCH'))
    expect(silent.message).toContain("expectAction('PATCH'): expected action PATCH, got PLAY")
    expect(silent.message).not.toContain('The caller pressed nothing')
    // The right PIN: the call goes on as the test says.
    const call = await callTo(pinApp(), W).expectAction('ANSWER').expectAction('PLAY').pressDigits('1234#').expectAction('PATCH')
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY', 'PATCH'])
    // A wrong PIN: the caller did answer; the app's replay is what failed.
    const wrong = await failureOf(callTo(pinApp(), W).expectAction('ANSWER').expectAction('PLAY').pressDigits('9999#').expectAction('PATCH'))
    expect(wrong.message).toContain("expectAction('PATCH'): expected action PATCH, got PLAY")
    expect(wrong.message).not.toContain('The caller pressed nothing')
  })
})
