import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { sendAction, webexApp } from '../../helpers/webex-apps.js'

/**
 * POST /v1/voice/messages, documented (a one-shot voice message, 202 {acceptedTime, messageId,
 * correlationId}): answered as documented and put in the call's transcript, which says the message
 * itself is not simulated. Audit h130 F5: a Webex-shaped 404 7004, and the call passed with no sign.
 */
const MESSAGES = 'https://api.us.webexconnect.io/v1/voice/messages'
const message = { callerId: '+14155550199', dialedNumber: '+14155550100', audio: { type: 'TTS', text: 'Thanks for calling.' }, correlationId: '1234' }

/** Answers ANSWERED by sending `body` as a voice message, then hangs up; the API's answers land in `answers`. */
function followUpApp(body: object) {
  const answers: Array<{ status: number; body: unknown }> = []
  const app = webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event !== 'ANSWERED') return undefined
    return (res: ServerResponse) =>
      void fetch(MESSAGES, {
        method: 'POST',
        headers: { authorization: 'ServiceKey', 'content-type': 'application/json', 'idempotency-key': 'vm-1' },
        body: JSON.stringify(body),
      })
        .then(async (r) => answers.push({ status: r.status, body: await r.json() }))
        .then(() => sendAction(res, { action: 'HANGUP' }))
  })
  return { app, answers }
}

const apiEntries = (call: { transcript: { entries: readonly unknown[] } }) =>
  call.transcript.entries.flatMap((e) => {
    const entry = e as { kind: string; name?: string; status?: number; body?: string }
    return entry.kind === 'api' ? [{ name: entry.name, status: entry.status, body: JSON.parse(entry.body ?? 'null') as unknown }] : []
  })

describe('POST /v1/voice/messages during a call', () => {
  it('is answered 202 {acceptedTime, messageId, correlationId}, in the transcript, with a note that the message is not simulated', async () => {
    const { app, answers } = followUpApp(message)
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('HANGUP').expectHangup()
    expect(answers).toEqual([{ status: 202, body: { acceptedTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), messageId: expect.any(String), correlationId: '1234' } }])
    expect(apiEntries(call)).toEqual([{ name: 'POST /v1/voice/messages', status: 202, body: answers[0]!.body }])
    expect(call.transcript.entries.some((e) => e.kind === 'note' && e.text === 'voice message to +14155550100 accepted (202): callspec answers the route as documented but does not simulate the message (no call is placed to +14155550100, nothing plays, no event is sent)')).toBe(true)
    expect(call.warnings).toEqual([])
  })

  it('without audio: 400 7003, as a make-call missing a parameter, in the transcript', async () => {
    const { app, answers } = followUpApp({ ...message, audio: undefined })
    const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('HANGUP').expectHangup()
    expect(answers).toEqual([{ status: 400, body: { code: '7003', message: 'Mandatory parameter missing: audio' } }])
    expect(apiEntries(call)).toEqual([{ name: 'POST /v1/voice/messages', status: 400, body: answers[0]!.body }])
  })
})
