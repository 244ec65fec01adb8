import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { messageOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { accepting, tts as enxTts } from '../drivers/enablex/apps.js'

/** Calls over loopback HTTP, as a user's app is reached. */
const TCP = { transport: 'tcp' } as const
const patching = (dialedNumber: string) => answering({ action: 'PLAY', audio: [tts('Press 2 for an agent.')], collectInput: { maxDigits: 1 } }, () => ({ action: 'PATCH', dialedNumber }))
const patched = (dialedNumber = '+14155550142') =>
  callTo(patching(dialedNumber), { platform: 'webex-connect', ...TCP }).expectAction('ANSWER').expectAction('PLAY').pressDigits('2').expectAction('PATCH')

describe('toBeValidAction on an entry of call.actions (audit newcomer-65)', () => {
  it("judges the body the app sent (its raw), not callspec's record of it", async () => {
    const call = await patched()
    // Before: failed with "the `action` key is missing: the key is `action`, not `name`: did you mean {"action": "PATCH"}?".
    expect(call.actions.at(-1)).toBeValidAction('webex-connect')
    expect(call.actions.at(-1)!.raw).toBeValidAction('webex-connect')
    expect(call.actions).toEqual(expect.arrayContaining([expect.toBeValidAction('webex-connect')]))
  })

  it("fails on the app's body, naming the action and its turn", async () => {
    const call = await patched()
    // The PATCH judged as another platform's action: the issues are the body's, not the record's.
    expect(messageOf(() => expect(call.actions.at(-1)).toBeValidAction('8x8'))).toBe(
      [
        'expect(action).toBeValidAction(platform)',
        '',
        "Expected a valid 8x8 action, got the body of the app's PATCH (turn 3), Object {",
        '  "action": "PATCH",',
        '  "dialedNumber": "+14155550142",',
        '}:',
        "  ✖ Invalid discriminator value. Expected 'makeCall' | 'say' | 'sayAndCapture' | 'playFile' | 'hangup' (received \"PATCH\") → at action",
      ].join('\n'),
    )
    expect(messageOf(() => expect(call.actions.at(-1)).not.toBeValidAction('webex-connect')).split('\n')[2]).toBe(
      "Expected the body of the app's PATCH (turn 3), Object {",
    )
  })

  it('judges an EnableX action (its body carries no name) in the { action, body } form validate() reads', async () => {
    const app = accepting(enxTts('Hello.', { prompt_ref: 'hi' }), (event, api) => (event.playstate === 'playfinished' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined))
    const call = await callTo(app, { platform: 'enablex', ...TCP }).expectAction('accept').expectAction('play').expectAction('hangup')
    for (const action of call.actions) expect(action).toBeValidAction('enablex')
    expect(messageOf(() => expect(call.actions[1]).not.toBeValidAction('enablex'))).toBe(
      [
        'expect(action).not.toBeValidAction(platform)',
        '',
        "Expected the body of the app's play (turn 2), Object {",
        '  "action": "play",',
        '  "body": Object {',
        '    "language": "en-US",',
        '    "prompt_ref": "hi",',
        '    "text": "Hello.",',
        '    "voice": "female",',
        '  },',
        '} not to be a valid enablex action, but it is.',
      ].join('\n'),
    )
  })

  it('still judges a plain body shaped like a record only when it has every field of one', () => {
    // An app body with a `name` (not a record): judged as it is.
    expect(messageOf(() => expect({ name: 'PATCH', raw: { action: 'PATCH', dialedNumber: '+14155550142' } }).toBeValidAction('webex-connect'))).toContain(
      'the `action` key is missing',
    )
  })
})

describe('toHaveAction handed call.actions, or one of them', () => {
  it('says to pass the call, with the matcher call to write', async () => {
    const call = await patched()
    expect(call).toHaveAction('PATCH')
    // Before: "[callspec] toHaveAction: the received value must be a CallResult, got object."
    expect(() => expect(call.actions).toContainEqual(expect.toHaveAction('PATCH'))).toThrow(
      "[callspec] toHaveAction: the received value must be a CallResult (the awaited call), got an action record (ANSWER, an entry of call.actions). " +
        "Pass the call itself: expect(call).toHaveAction('PATCH'), which looks through all its actions; " +
        'expect(call.actions).toContainEqual(expect.toHaveAction(…)) hands the matcher one action at a time.',
    )
    // A type error too (matchers/types.ts PassTheCall); JavaScript callers get the run-time refusal.
    // @ts-expect-error call.actions, not the call
    expect(() => expect(call.actions).toHaveAction('PATCH', { dialedNumber: '+14155550142' })).toThrow(
      '[callspec] toHaveAction: the received value must be a CallResult (the awaited call), got an array of action records (call.actions). ' +
        'Pass the call itself: expect(call).toHaveAction(\'PATCH\', { dialedNumber: "+14155550142" }).',
    )
    expect(() => expect(call.actions.at(-1)).toHavePlayed('agent')).toThrow(
      '[callspec] toHavePlayed: the received value must be a CallResult (the awaited call), got an action record (PATCH, an entry of call.actions). Pass the call itself: expect(call).toHavePlayed("agent"),',
    )
    // call.prompts: was "got object" (newcomer audit-155 N10).
    expect(() => expect(call.prompts).toHavePlayed('agent')).toThrow(
      '[callspec] toHavePlayed: the received value must be a CallResult (the awaited call), got an array of strings (call.prompts?). Pass the call itself: expect(call).toHavePlayed("agent").',
    )
  })
})

describe('toHaveAction with a match no action of that name meets', () => {
  it("says why each did not match, as expectAction does: a misspelt key names the call's own (helper-125)", async () => {
    const call = await patched()
    // @ts-expect-error misspelt on purpose (a JavaScript test, or a typed one cast, can write it)
    const said = messageOf(() => expect(call).toHaveAction('PATCH', { dialledNumber: '+14155550142' }))
    expect(said).toContain('Expected the app to send PATCH { dialledNumber: "+14155550142" }.\nActions sent: ')
    expect(said).toMatch(/\nPATCH at turn \d+ did not match: dialledNumber: expected "\+14155550142", got undefined \(no dialledNumber here; the action has dialedNumber\)\n/)
  })
})
