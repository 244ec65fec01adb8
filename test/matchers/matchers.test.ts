import { beforeAll, describe, expect, it } from 'vitest'
import { callTo, type CallResult } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { messageOf } from '../helpers/failure-of.js'

let call: CallResult
beforeAll(async () => {
  const app = answering({ action: 'PLAY', audio: [tts('Please enter your PIN.')], collectInput: { terminationDigit: '#' } })
  call = await callTo(app, { platform: 'webex-connect', seed: 11 }).expectAction('ANSWER').expectAction('PLAY').pressDigits('12#').expectHangup()
})

describe('.toHavePlayed', () => {
  it('passes for a substring or a RegExp of a prompt heard', () => {
    expect(call).toHavePlayed('enter your PIN')
    expect(call).toHavePlayed(/enter your pin/i)
  })
  it('fails with the prompts heard and the transcript', () => {
    expect(messageOf(() => expect(call).toHavePlayed('goodbye'))).toMatchInlineSnapshot(`
      "expect(call).toHavePlayed(text)

      Expected the caller to hear: "goodbye"
      Prompts heard:
        • "Please enter your PIN."

      Call (webex-connect, inbound +14155550100 → +14155550199, seed 11, 2.7 s virtual):
        •    0.0s  1 → ACCEPTED           from +14155550100 to +14155550199
                   1 ← ANSWER
        •    0.2s  2 → ANSWERED           from +14155550100 to +14155550199
                   2 ← PLAY               TTS "Please enter your PIN.", collectInput(# ends, 5 s)
             0.2s    ♪ "Please enter your PIN."
             2.1s    ☎ presses 12#
        •    2.7s  3 → COLLECTED_DIGITS   "12" + #
                   3 ← HANGUP
        •    2.7s  4 → DROPPED            by CALLEE, 2005 End-user call dropped by platform
           2.7s  ■ call ended by app: HANGUP"
    `)
  })
  // audit-122: text that differed only in case or punctuation failed with no word of it.
  it('hints at text that differs from a prompt heard only in case or punctuation', () => {
    expect(messageOf(() => expect(call).toHavePlayed('enter your pin'))).toContain(
      '\nHint: "enter your pin" differs from "Please enter your PIN." only in case, punctuation or spacing; text matches exactly: copy it as played, or write a pattern with /…/i.\n',
    )
    expect(messageOf(() => expect(call).toHavePlayed('goodbye'))).not.toContain('Hint:')
  })
  it('says a prompt was played but cut off when the caller hung up as it began, and how to hear it', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Welcome to Pizza Planet.')], collectInput: { maxDigits: 1 } })
    const hungUp = await callTo(app, { platform: 'webex-connect', seed: 11 }).expectAction('ANSWER').expectAction('PLAY').hangUp()
    expect(messageOf(() => expect(hungUp).toHavePlayed(/Pizza Planet/)).split('\n').slice(2, 5).join('\n')).toBe(
      'Expected the caller to hear: /Pizza Planet/\n' +
        'Prompts heard: (none)\n' +
        '"Welcome to Pizza Planet." (PLAY, turn 2) was played but cut off at 0.2 s (hung up), before the caller heard any of it. To hear it, let the call go on first: .staySilent(ms) before .hangUp().',
    )
  })
  it('.not passes when the caller never heard it, and fails when they did', () => {
    expect(call).not.toHavePlayed('goodbye')
    expect(messageOf(() => expect(call).not.toHavePlayed(/PIN/)).split('\n').slice(0, 3).join('\n')).toMatchInlineSnapshot(`
      "expect(call).not.toHavePlayed(text)

      Expected the caller not to hear: /PIN/"
    `)
  })
  it('names the forgotten await', () => {
    const flow = callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect' })
    // @ts-expect-error a flow not awaited is a type error too (matchers/types.ts AwaitFirst); JavaScript callers get this
    expect(() => expect(flow).toHavePlayed('x')).toThrow(
      '[callspec] toHavePlayed: the received value must be a CallResult, got a CallFlow (not yet run). Did you forget `await` before callTo(…)?',
    )
    return flow.expectAction('ANSWER').expectAction('HANGUP').then(() => undefined)
  })
  it("points the runner at the test's expect(), not at callspec's matcher files (audit-111 8)", () => {
    const flow = callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect' })
    const thrown = (fn: () => void) => {
      try {
        fn()
      } catch (error) {
        return error as Error
      }
      throw new Error('did not throw')
    }
    const frames = (error: Error) => (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '))
    // @ts-expect-error the flow, not awaited (a type error too): the refusal's stack is what this checks
    for (const error of [thrown(() => expect(flow).toHavePlayed('x')), thrown(() => expect(call).toHavePlayed(42 as unknown as string)), thrown(() => expect(call.actions).toHaveAction('PLAY' as never))]) {
      expect(error.message).toMatch(/^\[callspec\] /)
      expect(frames(error).filter((line) => /\/matchers\/(format|to-[a-z-]+|vitest)\.ts/.test(line))).toEqual([])
      expect(frames(error).find((line) => !/node_modules/.test(line))).toContain('matchers.test.ts')
    }
    return flow.expectAction('ANSWER').expectAction('HANGUP').then(() => undefined)
  })
})

describe('.toHaveAction', () => {
  it('passes for a name, and a partial match', () => {
    expect(call).toHaveAction('PLAY')
    expect(call).toHaveAction('PLAY', { collectInput: { terminationDigit: '#' } })
    expect(call).toHaveAction('PLAY', { audio: [{ text: expect.stringContaining('PIN') }] })
  })
  it('fails naming the actions sent', () => {
    expect(messageOf(() => expect(call).toHaveAction('PATCH', { dialedNumber: '+14155550142' })).split('\n').slice(0, 4).join('\n')).toMatchInlineSnapshot(`
      "expect(call).toHaveAction(name, match)

      Expected the app to send PATCH { dialedNumber: "+14155550142" }.
      Actions sent: ANSWER, PLAY, HANGUP"
    `)
  })
  it('.not', () => {
    expect(call).not.toHaveAction('PATCH')
    expect(() => expect(call).not.toHaveAction('ANSWER')).toThrow(/Expected the app not to send ANSWER/)
  })
  // newcomer audit-155 N2: both passed, whatever the app sent.
  it('.not refuses a name the platform has no action for, and a misspelt key of the match, naming the right one', () => {
    const untyped = expect(call) as unknown as { not: { toHaveAction(name: string, match?: object): void }; toHaveAction(name: string): void }
    expect(() => untyped.not.toHaveAction('PATCHH')).toThrow(`[callspec] toHaveAction('PATCHH'): webex-connect has no action "PATCHH". Did you mean 'PATCH'? Its actions: ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT.`)
    expect(() => untyped.toHaveAction('PATCHH')).toThrow(`webex-connect has no action "PATCHH". Did you mean 'PATCH'?`)
    expect(() => untyped.not.toHaveAction('PLAY', { colectInput: { terminationDigit: '*' } })).toThrow(
      `[callspec] .not.toHaveAction('PLAY', { colectInput: { terminationDigit: "*" } }): the match names colectInput (no colectInput here; the action has collectInput) in PLAY at turn 2. A misspelt key never matches, so .not would pass whatever the app sent: fix the key.`,
    )
    expect(() => untyped.not.toHaveAction('PLAY', { collectInput: { terminationDgit: '*' } })).toThrow('the match names collectInput.terminationDgit (no terminationDgit here; the action has terminationDigit) in PLAY at turn 2.')
    // A key the action does not have, near none it has: a real .not, which passes.
    expect(call).not.toHaveAction('PLAY', { recordCall: true })
    expect(call).not.toHaveAction('PLAY', { collectInput: { terminationDigit: '*' } })
  })
  // newcomer audit-155 N2's remainder: with no PATCH sent, nothing told the misspelt key, and both passed.
  it('.not refuses a key the action has no field for by the platform\'s schema, where no action of the name was sent', () => {
    const untyped = expect(call) as unknown as { not: { toHaveAction(name: string, match?: object): void } }
    expect(() => untyped.not.toHaveAction('PATCH', { dialedNumbr: '+14155550142' })).toThrow(
      `[callspec] .not.toHaveAction('PATCH', { dialedNumbr: "+14155550142" }): PATCH has no field "dialedNumbr" (did you mean "dialedNumber"?); its fields there are action, dialedNumber, patchCallerId, recordCall, holdAudio, greetingAudio, greetingRepeatCount, patchDigit, passDtmf. A key the action cannot have never matches, so .not would pass whatever the app sent: fix the key.`,
    )
    expect(() => untyped.not.toHaveAction('PATCH', { holdAudio: { type: 'TTS', txt: 'Hold on.' } })).toThrow(/: PATCH at holdAudio has no field "txt" \(did you mean "text"\?\); its fields there are type, location, text, /)
    expect(() => untyped.not.toHaveAction('PLAY', { audio: [{ type: 'TTS', text: 'Bye.' }, { txt: 'Bye.' }] })).toThrow(/: PLAY at audio\[1\] has no field "txt"/)
    expect(call).not.toHaveAction('RECORD', { timeoutSeconds: 30 })
    // Fields the schema has: a real .not, which passes; and the positive form says why it cannot hold.
    expect(call).not.toHaveAction('PATCH', { dialedNumber: '+14155550142', holdAudio: { text: expect.any(String) } })
    expect(messageOf(() => expect(call).toHaveAction('PATCH', { dialedNumbr: '+14155550142' }))).toContain('The match cannot hold: PATCH has no field "dialedNumbr" (did you mean "dialedNumber"?);')
  })
  it("matches a field the app sent that the platform's schema does not list, as written", async () => {
    const patched = await callTo(answering({ action: 'PATCH', dialedNumber: '+14155550142', vendorExtra: 1 }), { platform: 'webex-connect', seed: 11 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
    // A field no schema lists is a type error, as in expectAction: written as a JavaScript test would.
    const untyped = expect(patched) as unknown as { toHaveAction(name: string, match?: object): void; not: { toHaveAction(name: string, match?: object): void } }
    untyped.toHaveAction('PATCH', { vendorExtra: 1 })
    untyped.not.toHaveAction('PATCH', { vendorExtra: 2 })
    expect(patched.warnings.join('\n')).toContain('vendorExtra')
  })
  it('works as an asymmetric matcher', () => {
    expect({ result: call }).toEqual({ result: expect.toHaveAction('ANSWER') })
  })
})

describe('.toHaveHungUp', () => {
  it('passes when the app hung up', () => {
    expect(call).toHaveHungUp()
  })
  it('fails saying how the call ended', async () => {
    const callerHungUp = await callTo(answering({ action: 'PLAY', audio: [tts('Hold on.')] }), { platform: 'webex-connect', seed: 2 })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .hangUp()
    expect(callerHungUp).not.toHaveHungUp()
    expect(messageOf(() => expect(callerHungUp).toHaveHungUp()).split('\n').slice(0, 3).join('\n')).toMatchInlineSnapshot(`
      "expect(call).toHaveHungUp()

      Expected the app to hang up; the call ended by caller: caller hung up."
    `)
  })
})

describe('.toBeValidAction', () => {
  it('passes for an action the platform accepts', () => {
    expect({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Hello' }] }).toBeValidAction('webex-connect')
    expect({ action: 'PLAY', audio: [] }).not.toBeValidAction('webex-connect')
  })
  it('fails listing every issue with its path', () => {
    expect(messageOf(() => expect({ action: 'PATCH', dialedNumber: '555-0142', passDtmf: 'yes' }).toBeValidAction('webex-connect'))).toMatchInlineSnapshot(`
      "expect(action).toBeValidAction(platform)

      Expected a valid webex-connect action, got Object {
        "action": "PATCH",
        "dialedNumber": "555-0142",
        "passDtmf": "yes",
      }:
        ✖ expected an E.164 number such as +14155550100 (received "555-0142") → at dialedNumber
        ✖ Invalid input: expected boolean, received string "yes" → at passDtmf"
    `)
  })
})
