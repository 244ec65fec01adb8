import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { capture, eightByEightApp, hangup, makeCall, say, type ServedFile } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'

const VCA_ANSWER_SOURCE =
  "Rule 8x8/vca-answer: 8x8 docs: Responding to Call Action Request, the app answers in the HTTP 200 body with {clientActionId?, callflow}; what 8x8 does with another answer is callspec's inference."

/** An app that answers CALL_RECEIVED with `first`, and anything later with a hangup. */
function answering(first: unknown, files: Record<string, ServedFile> = {}) {
  return eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? (first as object) : { callflow: [hangup] }), files)
}
const inbound = (listener: ReturnType<typeof answering>['listener'], vendor: object = {}, options: { warnings?: 'silent' } = {}) =>
  callTo(listener, { platform: '8x8', vendor, ...options }).fromCaller(CALLER).toNumber(VN)
const summaryOf = (received: ReturnType<typeof answering>['received']) => received.find((r) => r.body.eventType === 'SESSION_SUMMARY')?.body.payload

/** The VSS every session error ends with (§2.2, §5.2). */
const errorSummary = (errorCode: number, errorMsg: string) => ({ sessionStatus: 'ERROR', errorDetails: { errorCode, errorMsg }, details: { callA: { callStatus: 'ERROR' } } })

describe('-2003: an answer 8x8 cannot run', () => {
  it.each([
    ['a say without text', { callflow: [{ action: 'say', params: { voiceProfile: 'en-US-ZiraRUS' } }] }, /✖ Invalid input: expected string, received undefined\n {2}→ at callflow\[0\]\.params\.text\n {2}→ rule 8x8\/callflow-schema \(8x8 docs: Send Callflow, -1009\)\n8x8's check: -1009 Invalid call flow entry provided\. \$\.callflow\[0\]\.params\.text: is missing but it is required/],
    ['an unknown action', { callflow: [{ action: 'play', params: {} }] }, /8x8's check: -1007 \$\.callflow\[0\]\.action should be one of: say,sayAndCapture,makeCall,hangup,playFile/],
    ['three makeCall in one callflow', { callflow: [makeCall(VN, '+6531589338'), makeCall(VN, '+6531589339'), makeCall(VN, '+6531589330')] }, /8x8's check: -1010 Some actions are provided beyond the allowed count/],
    ['a callflow key spelt callFlow', { callFlow: [hangup] }, /✖ Invalid input: expected array, received undefined\n {2}→ at callflow\n {2}→ rule 8x8\/callflow-schema \(8x8 docs: Send Callflow, -1009\)\n⚠ Unrecognized key: "callFlow" \(received \[\{"action":"hangup"\}\]\); did you mean "callflow"\?\n {2}→ rule 8x8\/unknown-keys \(inferred/],
  ])('%s fails the flow and ends the session with -2003', async (_, answer, detail) => {
    const { listener, received } = answering(answer)
    const flow = inbound(listener).expectAction('say')
    await expect(flow).rejects.toThrow(
      "[callspec] turn 1, expectAction('say'): the app's answer to CALL_ACTION is not a callflow 8x8 can run, so the session ends with ERROR -2003 (The call flow provided is invalid), callspec's inference (8x8 does not document what it does with an answer it cannot run):",
    )
    await expect(inbound(answering(answer).listener).expectAction('say')).rejects.toThrow(detail)
    expect(summaryOf(received)).toMatchObject(errorSummary(-2003, 'The call flow provided is invalid'))
  })

  it.each([
    ['HTTP 500', (res: any) => res.writeHead(500).end('oops'), 'the app answered CALL_ACTION with HTTP 500\nThe platform expects a 2xx with a JSON object { clientActionId?, callflow: [...] }. So the session ends with ERROR -2003 (The call flow provided is invalid), callspec\'s inference (8x8 does not document what it does with an answer it cannot run) (rule 8x8/vca-answer).'],
    ['HTML', (res: any) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'), 'the app answered CALL_ACTION with HTML/XML, not JSON; the platform expects a JSON object { clientActionId?, callflow: [...] }. So the session ends with ERROR -2003 (The call flow provided is invalid), callspec\'s inference (8x8 does not document what it does with an answer it cannot run) (rule 8x8/vca-answer).'],
    ['an empty body', (res: any) => res.writeHead(200).end(), 'the app answered CALL_ACTION with an empty body; the platform expects a JSON object { clientActionId?, callflow: [...] }. So the session ends with ERROR -2003 (The call flow provided is invalid), callspec\'s inference (8x8 does not document what it does with an answer it cannot run) (rule 8x8/vca-answer).'],
  ])('%s fails the flow with -2003, naming the rule (8x8/vca-answer)', async (_, write, message) => {
    const { listener, received } = answering(write)
    await expect(inbound(listener).expectAction('say')).rejects.toThrow(message)
    // The rule's source on a line of its own, under the explanation (it named no rule: h198).
    await expect(inbound(answering(write).listener).expectAction('say')).rejects.toThrow(`\n${VCA_ANSWER_SOURCE}\nRequest sent: POST`)
    expect(summaryOf(received)).toMatchObject(errorSummary(-2003, 'The call flow provided is invalid'))
  })

  describe('a hangup right after sayAndCapture (8x8/hangup-after-capture): the docs say the digits would be ignored, not that 8x8 refuses it', () => {
    const answer = { callflow: [capture('Press 1'), hangup] }

    it('warns by default: the callflow runs, the call ends, and the digits are never reported', async () => {
      const { listener, received } = answering(answer)
      const call = await inbound(listener, {}, { warnings: 'silent' }).expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
      expect(call.warnings).toEqual([
        "turn 1: the app's answer to CALL_ACTION: hangup right after sayAndCapture: the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost (a strict run answers -1012 Invalid Callflow: Incorrect use of action Hangup) at callflow[1] (rule 8x8/hangup-after-capture, inferred)",
      ])
      expect(received.filter((r) => r.body.eventType === 'CALL_ACTION')).toHaveLength(1)
      expect(summaryOf(received)).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'HANGUP' })
    })

    it('fails under strict with -2003 and the tagged rule', async () => {
      const { listener, received } = answering(answer)
      await expect(callTo(listener, { platform: '8x8', strict: true }).fromCaller(CALLER).toNumber(VN).expectAction('sayAndCapture')).rejects.toThrow(
        "callspec's answer, in 8x8's terms: -1012 Invalid Callflow: Incorrect use of action Hangup",
      )
      await expect(callTo(answering(answer).listener, { platform: '8x8', strict: true }).fromCaller(CALLER).toNumber(VN).expectAction('sayAndCapture')).rejects.toThrow(
        "✖ hangup right after sayAndCapture: the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost (at error, callspec answers -1012 Invalid Callflow: Incorrect use of action Hangup instead)\n  → at callflow[1]\n  → rule 8x8/hangup-after-capture (inferred: the docs say not to place hangup right after sayAndCapture (the digits would be ignored), not that 8x8 rejects it; -1012 is callspec's guess)",
      )
      expect(summaryOf(received)).toMatchObject(errorSummary(-2003, 'The call flow provided is invalid'))
    })
  })

  it('only ends the session with failOnSessionError: false, so the test can assert the summary', async () => {
    const { listener, received } = answering({ callflow: [{ action: 'say', params: {} }] })
    const call = await inbound(listener, { failOnSessionError: false }).expectHangup()
    expect(call.end).toEqual({ by: 'platform', reason: 'session error -2003 The call flow provided is invalid', at: 0 })
    expect(summaryOf(received)).toMatchObject({ ...errorSummary(-2003, 'The call flow provided is invalid'), lastAction: 'MAKE_CALL' })
  })
})

describe('-2005 and -2008: answers the subaccount cannot run', () => {
  it('-2005 for a speech profile the subaccount does not have', async () => {
    const { listener, received } = answering({ callflow: [say('Hello', { voiceProfile: 'xx-XX-Nobody' })] })
    const flow = inbound(listener, { voiceProfiles: ['en-US-ZiraRUS', 'en-GB-Emma'] }).expectAction('say')
    await expect(flow).rejects.toThrow(
      /so the session ends with ERROR -2005 \(Unable to synthesize text to speech\), callspec's inference \(8x8 does not document what it does with an answer it cannot run\):\n✖ Speech profile or language parameter invalid\n {2}→ at callflow\[0\]\.params\.voiceProfile/,
    )
    expect(summaryOf(received)).toMatchObject(errorSummary(-2005, 'Unable to synthesize text to speech'))
  })

  it('not for a profile 8x8 does not name when the test gives no list: callspec does not know the full one, so it warns', async () => {
    const { listener } = answering({ callflow: [say('Hello', { voiceProfile: 'en-US-JennyNeural' })] })
    const call = await inbound(listener, {}, { warnings: 'silent' }).expectAction('say', { params: { text: 'Hello' } })
    expect(call.warnings.join("\n")).toMatch(/callflow\[0\]\.params\.voiceProfile[\s\S]*\(rule 8x8\/voice-profile-listed, inferred\)$/m)
  })

  it('-2008 for a makeCall source that is not whitelisted', async () => {
    const { listener, received } = answering({ callflow: [makeCall('+6500000000', '+6531589338')] })
    const flow = inbound(listener, { allowedSources: [VN] }).expectAction('makeCall')
    await expect(flow).rejects.toThrow('so 8x8 ends the session with ERROR -2008 (The provided source MSISDN or caller ID is not whitelisted)')
    expect(summaryOf(received)).toMatchObject(errorSummary(-2008, 'The provided source MSISDN or caller ID is not whitelisted'))
  })
})

// A Content-Type callspec does not know is not a documented download failure: rule 8x8/file-type (inferred-rules.test.ts).
// A file whose bytes are another format (a login page, an Ogg file) is no mp3 or wav as documented: it fails, below.
describe('-2006: a file 8x8 cannot play', () => {
  const playing = (path: string, files: Record<string, ServedFile>) =>
    answering({ callflow: [{ action: 'playFile', params: { fileUrl: `http://app.callspec.local${path}` } }, hangup] }, files)

  it.each([
    ['missing', '/audio/gone.wav', {}, 'GET http://app.callspec.local/audio/gone.wav answered HTTP 404'],
    ['over 5120 KB', '/audio/long.wav', { '/audio/long.wav': { bytes: 5_120 * 1024 + 1 } }, 'http://app.callspec.local/audio/long.wav is 5121 KB; the limit is 5120 KB'],
    ['empty', '/audio/empty.wav', { '/audio/empty.wav': { body: '' } }, 'GET http://app.callspec.local/audio/empty.wav answered an empty body'],
  ])('%s → the flow fails with -2006 and the reason', async (_, path, files, reason) => {
    const { listener, received } = playing(path, files)
    const flow = inbound(listener).expectAction('playFile').expectAction('hangup')
    await expect(flow).rejects.toThrow(
      `8x8 ended the session with ERROR -2006 (Unable to download file for playback): ${reason}.\nSet vendor.failOnSessionError: false to let the session end and assert on the session summary instead.`,
    )
    expect(summaryOf(received)).toMatchObject({ ...errorSummary(-2006, 'Unable to download file for playback'), lastAction: 'PLAY_FILE' })
  })

  it.each([
    ['localhost, as an in-process app builds it from its PUBLIC_URL', 'http://localhost:3000/audio/gone.wav', {}],
    ['the host of an absolute VCA URL (vendor.vcaPath)', 'https://ivr.example.com/audio/gone.wav', { vcaPath: 'https://ivr.example.com/8x8/vca' }],
  ])("a file on the app's own host (%s) is still downloaded from the app: a 404 is -2006", async (_, fileUrl, vendor) => {
    const { listener, received } = answering({ callflow: [{ action: 'playFile', params: { fileUrl } }, hangup] })
    const flow = inbound(listener, vendor).expectAction('playFile').expectAction('hangup')
    await expect(flow).rejects.toThrow(`8x8 ended the session with ERROR -2006 (Unable to download file for playback): GET ${fileUrl} answered HTTP 404.`)
    expect(summaryOf(received)).toMatchObject({ ...errorSummary(-2006, 'Unable to download file for playback'), lastAction: 'PLAY_FILE' })
  })

  it.each([
    ['a login page in the audio\'s place', '/audio/page.wav', { type: 'text/html', body: '<html>login</html>' }, 'is not mp3 or wav: it is an HTML or XML page (Content-Type: text/html)'],
    ['an Ogg file', '/audio/a.ogg', { type: 'audio/ogg', body: 'OggS\u0000 pages' }, 'is not mp3 or wav: it is an Ogg file (Content-Type: audio/ogg)'],
  ])('%s: not mp3 or wav by its bytes, the flow fails with -2006, the code said as callspec\'s inference', async (_, path, file, reason) => {
    const { listener, received } = playing(path, { [path]: file })
    const flow = inbound(listener).expectAction('playFile').expectAction('hangup')
    await expect(flow).rejects.toThrow(
      `http://app.callspec.local${path} ${reason}: 8x8 plays mp3 or wav files, so the session ends with ERROR -2006 (Unable to download file for playback); that code is callspec's inference (8x8 documents -2006 for a failed download, not what a file in another format gets).\n` +
        'Set vendor.failOnSessionError: false to let the session end and assert on the session summary instead.',
    )
    expect(summaryOf(received)).toMatchObject({ ...errorSummary(-2006, 'Unable to download file for playback'), lastAction: 'PLAY_FILE' })
  })

  it('plays a file of exactly 5120 KB', async () => {
    const { listener } = playing('/audio/max.mp3', { '/audio/max.mp3': { type: 'audio/mpeg', bytes: 5_120 * 1024 } })
    const call = await inbound(listener).expectAction('playFile').expectAction('hangup')
    expect(call).toHavePlayed('http://app.callspec.local/audio/max.mp3')
  })

  it('with failOnSessionError: false, the caller hears nothing and the session ends', async () => {
    const { listener, received } = playing('/audio/gone.wav', {})
    const call = await inbound(listener, { failOnSessionError: false }).expectAction('playFile').expectHangup()
    expect(call.prompts).toEqual([])
    expect(call).not.toHaveHungUp()
    expect(summaryOf(received)).toMatchObject(errorSummary(-2006, 'Unable to download file for playback'))
  })
})

describe('-2004 and -2007: sessions that cannot go ahead', () => {
  const start = (body: object) => () =>
    fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('-2004 when the destination has no coverage', async () => {
    const { listener, received } = answering({ callflow: [hangup] })
    const flow = callTo(listener, { platform: '8x8', vendor: { uncoveredPrefixes: ['850'] } })
      .startedBy(start({ callflow: [makeCall('6568332048', '850212345678'), say('Hello')] }))
      .expectAction('makeCall')
    await expect(flow).rejects.toThrow(
      '8x8 ended the session with ERROR -2004 (No coverage available for requested area): +850212345678 is in an area without coverage (vendor.uncoveredPrefixes: 850).',
    )
    expect(summaryOf(received)).toMatchObject({ ...errorSummary(-2004, 'No coverage available for requested area'), callCount: 1 })
    expect(summaryOf(received).details.callA).not.toHaveProperty('connectedTimestamp')
  })

  it('-2007 when validUntil passes while the callee is still ringing', async () => {
    const { listener, received } = answering({ callflow: [hangup] })
    let validUntil = ''
    const flow = callTo(listener, { platform: '8x8' })
      .startedBy(() => {
        // The app stamps validUntil from its own clock: during the call, the call's virtual time.
        validUntil = new Date(Date.now() + 2_000).toISOString()
        return start({ validUntil, callflow: [makeCall('6568332048', '6591178965'), say('Your table is ready.')] })()
      })
      .expectAction('makeCall')
      .expectAction('say')
    const error = await flow.then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error?.message).toContain(
      `8x8 ended the session with ERROR -2007 (The validity period of the call flow request has expired): validUntil ${validUntil} passed before the callee answered.`,
    )
    expect(summaryOf(received)).toMatchObject(errorSummary(-2007, 'The validity period of the call flow request has expired'))
  })

  it('runs the session when validUntil is still ahead at answer time', async () => {
    const { listener } = answering({ callflow: [hangup] })
    const validUntil = new Date(Date.now() + 60_000).toISOString()
    const call = await callTo(listener, { platform: '8x8' })
      .startedBy(start({ validUntil, callflow: [makeCall('6568332048', '6591178965'), say('Your table is ready.')] }))
      .expectAction('makeCall')
      .expectAction('say')
      .expectAction('hangup')
    expect(call).toHaveHungUp()
  })
})
