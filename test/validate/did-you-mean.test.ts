/**
 * An unknown key close to one the vendor names says which one it meant: a key the vendor ignores
 * disables what it configured (a PLAY that collects nothing) with only a warning. Measured before
 * (helper-17): `collectinput` got a hint about the 2021 SDK shape, read off the value it held.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../src/index.js'
import { accepting, tts as enablexTts } from '../drivers/enablex/apps.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'

describe('an unknown key close to a known one', () => {
  it('Webex Connect, over HTTP: a casing typo is named, and no hint about another cause', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Your PIN?')], collectinput: { maxDigits: 4, terminationDigit: '#' } })
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY')
    expect(call.warnings).toEqual([
      'turn 2: the app\'s answer to ANSWERED: Unrecognized key: "collectinput" (received {"maxDigits":4,"terminationDigit":"#"}): ignored, as callspec assumes the vendor does with keys it does not know; did you mean "collectInput"? (rule webex-connect/unknown-keys, inferred)',
    ])
  })

  it('EnableX: the hint is callspec\'s, in the warning, not in the fake API\'s 400 body under strict', async () => {
    const app = accepting({ ...enablexTts('Hi.'), prompt_reff: 'x' })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain('✖ Unrecognized key: "prompt_reff" (received "x"); did you mean "prompt_ref"?')
    expect(error.message).toContain('Answer: HTTP 400 {"voice_id"')
    expect(error.message).toContain('"playstate":"failed","result":400,"msg":"Invalid parameter: prompt_reff","timestamp":"')
  })

  it('a letter missing, in a nested object, and as an error under strict (8x8)', () => {
    const say = { action: 'sayAndCapture', params: { promptMessage: 'PIN?', voiceProfile: 'en-US-AriaNeural', maxDigit: 4 } }
    const { issues } = validate('8x8', 'action', say, { strict: true })
    expect(issues).toContainEqual(expect.objectContaining({ message: 'Unrecognized key: "maxDigit" (received 4)', hint: 'did you mean "maxDigits"?', level: 'error' }))
  })

  it('a short key only with a letter missing or extra: one letter changed is as often another word', () => {
    // In the audio item, where `text` is a key (at the PLAY's own level it is none: audit-94 F9).
    // The item holds no text (h202: beside a text it holds, the hint would rename onto it).
    const hint = (key: string) => validate('webex-connect', 'action', { action: 'PLAY', audio: [{ type: 'TTS', [key]: 'Hi.' }] }).issues.find((i) => i.message.includes(key))?.hint
    expect([hint('txt'), hint('next')]).toEqual(['did you mean "text"?', undefined])
  })

  it('names only a key of the level the unknown key is at: `txt` beside a PLAY\'s own keys names nothing', () => {
    const hint = validate('webex-connect', 'action', { action: 'PLAY', audio: [{ type: 'TTS', text: 'Hi.' }], txt: 1 }).issues[0]?.hint
    expect(hint).toBeUndefined()
  })

  it('a key that is the known one without its first or last word: timeout → digitTimeout in a collectInput (helper-125)', () => {
    const hint = (collectInput: object) => validate('webex-connect', 'action', { action: 'PLAY', audio: [{ type: 'TTS', text: 'PIN?' }], collectInput }).issues[0]?.hint
    expect(hint({ maxDigits: 4, timeout: 5 })).toBe('did you mean "digitTimeout"?')
    expect(hint({ digits: 4 })).toBe('did you mean "maxDigits"?')
    // A word two keys there have ("digit": maxDigits, terminationDigit, digitTimeout) names none.
    expect(hint({ digit: 4 })).toBeUndefined()
  })

  it('a key that is the known one with a word after or before it: voice_type → voice on an EnableX play (newcomer audit h199)', async () => {
    const { voice: _voice, ...withoutVoice } = enablexTts('Hi.') as { voice: string }
    const app = accepting({ ...withoutVoice, voice_type: 'female' })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').catch((error: unknown) => error as Error)
    expect(String(call instanceof Error ? call.message : call.warnings.join('\n'))).toContain('Unrecognized key: "voice_type" (received "female"); did you mean "voice"?')
    // Camel case and a word before it too, in Webex Connect's audio item: only one known key there may hold it.
    // The item holds no text (h202: beside a text it holds, the hint would rename onto it).
    const hint = (key: string) => validate('webex-connect', 'action', { action: 'PLAY', audio: [{ type: 'TTS', [key]: 'Hi.' }] }).issues.find((i) => i.message.includes(key))?.hint
    expect([hint('textToSay'), hint('tts_text'), hint('context')]).toEqual(['did you mean "text"?', 'did you mean "text"?', undefined])
  })

  it("no word-around hint for a key whose known word the object holds already: an EnableX play's voice_id beside its voice (h202)", async () => {
    // An app that copies the event's voice_id into its play: "did you mean voice?" sent the tester
    // to rename the call's id onto the voice the play sets.
    const app = accepting(enablexTts('Hi.', { voice_id: 'abc', language_code: 'en' }))
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play')
    expect(call.warnings.join('\n')).toContain(
      'Unrecognized keys: "voice_id", "language_code" (received "voice_id": "abc", "language_code": "en"): ignored, as callspec assumes the vendor does with keys it does not know (rule enablex/unknown-keys, inferred)',
    )
    expect(call.warnings.join('\n')).not.toContain('did you mean')
    // Without the voice, the hint stands, as for voice_type.
    const { voice: _voice, ...withoutVoice } = enablexTts('Hi.') as { voice: string }
    expect(validate('enablex', 'play', { ...withoutVoice, voice_id: 'abc' }).issues[0]?.hint).toBe('did you mean "voice"?')
  })

  it('says nothing when no known key is close', () => {
    const { issues } = validate('webex-connect', 'action', { action: 'HANGUP', comment: 'done' })
    expect(issues[0]).toMatchObject({ message: 'Unrecognized key: "comment" (received "done"): ignored, as callspec assumes the vendor does with keys it does not know' })
    expect(issues[0]!.hint).toBeUndefined()
  })
})
