import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { capture, eightByEightApp, hangup, makeCall, say } from './apps.js'

/**
 * A warning for a rule callspec inferred leads with the inference (what 8x8 documents, what
 * callspec does), and names the code a strict run answers after it (audit-94 F8). Before, each
 * opened with a vendor-style error line, `-1009 Invalid call flow entry provided. …`, and
 * contradicted it afterwards. End to end, over HTTP: a VCA answer and a Send Callflow request.
 */
const CALLER = '+6591178965'
const VN = '+6568332048'
const ANSWER = "turn 1: the app's answer to CALL_ACTION: "

/** An inbound call whose app answers CALL_RECEIVED with `first`, and any later VCA with a hangup. */
const inbound = (first: object) =>
  callTo(eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? first : { callflow: [hangup] })).listener, { platform: '8x8', warnings: 'silent' })
    .fromCaller(CALLER)
    .toNumber(VN)

describe("8x8 warnings for inferred rules lead with callspec's inference, then the code a strict run answers", () => {
  it('an empty say text (8x8/empty-text)', async () => {
    const call = await inbound({ callflow: [say(''), say('Goodbye.'), hangup] }).expectAction('say').expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([
      `${ANSWER}text is empty: 8x8 documents no minimum length, so callspec plays nothing for it ` +
        '(a strict run answers -1009 Invalid call flow entry provided. $.callflow[0].params.text: must be at least 1 characters long) at callflow[0].params.text ' +
        '(rule 8x8/empty-text, inferred)',
    ])
  })

  it('a hangup right after sayAndCapture (8x8/hangup-after-capture)', async () => {
    const call = await inbound({ callflow: [capture('Press 1'), hangup] }).expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
    expect(call.warnings).toEqual([
      `${ANSWER}hangup right after sayAndCapture: the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost ` +
        '(a strict run answers -1012 Invalid Callflow: Incorrect use of action Hangup) at callflow[1] ' +
        "(rule 8x8/hangup-after-capture, inferred)",
    ])
  })

  it('a hangup before other actions (8x8/hangup-not-last)', async () => {
    const call = await inbound({ callflow: [say('Bye.'), hangup, say('Never heard.')] }).expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([
      `${ANSWER}hangup before other actions: 8x8 documents -1012 (Incorrect use of action Hangup) but not this trigger; callspec runs the callflow, and nothing after the hangup runs ` +
        '(a strict run answers -1012 Invalid Callflow: Incorrect use of action Hangup) at callflow[1] (rule 8x8/hangup-not-last, inferred)',
    ])
    expect(call.prompts).toEqual(['Bye.'])
  })

  it('a maxDigits below minDigits (8x8/max-digits-below-min)', async () => {
    const call = await inbound({ callflow: [capture('Enter your PIN', { minDigits: 4, maxDigits: 2 })] }).expectAction('sayAndCapture').pressDigits('12').expectAction('hangup')
    expect(call.warnings).toEqual([
      `${ANSWER}maxDigits 2 is below minDigits 4: 8x8 documents -1003 for a minDigits without maxDigits, and refusing a smaller maxDigits is callspec's reading; callspec takes 2 digits as enough ` +
        '(a strict run answers -1003 Valid maxDigits required when minDigits provided) at callflow[0].params.maxDigits ' +
        '(rule 8x8/max-digits-below-min, inferred)',
    ])
  })

  it("a voice profile 8x8's pages do not name (8x8/voice-profile-listed)", async () => {
    const call = await inbound({ callflow: [say('Hello', { voiceProfile: 'en-US-JennyNeural' }), hangup] }).expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([
      `${ANSWER}voiceProfile "en-US-JennyNeural" is not one 8x8's pages name, so callspec cannot tell whether the subaccount has it, and speaks with it; set vendor.voiceProfiles to the subaccount's profiles to check it as 8x8 does ` +
        '(a strict run answers -1002 Speech profile or language parameter invalid) at callflow[0].params.voiceProfile ' +
        "(rule 8x8/voice-profile-listed, inferred)",
    ])
  })

  it("a sayAndCapture's repetition of 4 (8x8/capture-repetition)", async () => {
    const call = await inbound({ callflow: [capture('Press 1', { repetition: 4, maxDigits: 1 })] }).expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
    expect(call.warnings).toEqual([
      `${ANSWER}sayAndCapture's repetition 4 is outside say's documented 1-3: 8x8 shows it in its samples, not its schema; callspec plays the prompt as often as asked, at least once ` +
        '(a strict run answers -1009 Invalid call flow entry provided. $.callflow[0].params.repetition: must have a maximum value of 3) at callflow[0].params.repetition ' +
        "(rule 8x8/capture-repetition, inferred)",
    ])
  })

  it("the same in a Send Callflow request's warning", async () => {
    const { listener } = eightByEightApp(() => ({ callflow: [hangup] }))
    const body = { callflow: [makeCall('6512341234', '6512345678'), say(''), hangup] }
    const start = () =>
      fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const call = await callTo(listener, { platform: '8x8', warnings: 'silent' }).startedBy(start).expectAction('makeCall').expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([expect.stringMatching(/^the app's Send Callflow request: text is empty: 8x8 documents no minimum length, so callspec plays nothing for it \(a strict run answers -1009 /)])
  })

  it('a documented rule the test sets to warn still opens with 8x8\'s code: it is the vendor\'s error, survived', async () => {
    const { listener } = eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('PIN?', { minDigits: 2 })] } : { callflow: [hangup] }))
    const call = await callTo(listener, { platform: '8x8', warnings: 'silent', rules: { '8x8/min-digits-needs-max': 'warn' } })
      .fromCaller(CALLER)
      .toNumber(VN)
      .expectAction('sayAndCapture')
    expect(call.warnings).toEqual([`${ANSWER}-1003 Valid maxDigits required when minDigits provided at callflow[0].params.maxDigits (rule 8x8/min-digits-needs-max)`])
  })
})
