import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { tts, webexApp } from '../../helpers/webex-apps.js'

/**
 * The Idempotency-Key checks are rule webex-connect/idempotency-key (audit h182): they were made
 * outside the rules table, so a refusal named no rule, and no test could relax it by rule.
 */
const API = 'https://api.us.webexconnect.io/v1/voice/calls'
const body = JSON.stringify({ callerId: '+15550001234', dialedNumber: '+15559994321', callbackUrl: 'https://webhook.example.com/' })

/** Places the call with `key` as its Idempotency-Key (none when undefined). */
const place = (key?: string) => async () => {
  const res = await fetch(API, {
    method: 'POST',
    headers: { authorization: 'ServiceKey', 'content-type': 'application/json', ...(key !== undefined && { 'idempotency-key': key }) },
    body,
  })
  return { status: res.status, body: await res.text() }
}

const app = webexApp((event) => {
  if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Your appointment is tomorrow.')] }
  if (event.event === 'PLAYED') return { action: 'HANGUP' }
  return undefined
})

describe('rule webex-connect/idempotency-key', () => {
  it('a make-call without the key fails the call naming the rule and its documented source', async () => {
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).startedBy(place()).expectAction('PLAY'))
    expect(error.message).toContain(
      `Webex Connect rejected the app's make-call request: HTTP 400 {"code":"7003","message":"Mandatory parameter missing: Idempotency-Key"} (Webex Connect documents code 7003 and its message; HTTP 400 with it is callspec's reading: the docs list the statuses their errors come with, and pair one with a code only in their 403 7001 sample)`,
    )
    expect(error.message).toContain('✖ no Idempotency-Key header: the API reference marks it required\n  → at Idempotency-Key\n  → rule webex-connect/idempotency-key (Webex Connect docs: Make Call API reference, Idempotency-Key (required')
  })

  it("a key of 65 characters, at 'warn', places the call with a warning naming the rule", async () => {
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent', rules: { 'webex-connect/idempotency-key': 'warn' } })
      .startedBy(place('k'.repeat(65)))
      .expectAction('PLAY')
      .expectAction('HANGUP')
      .expectHangup()
    expect(call.events).toEqual(['ANSWERED', 'PLAYED', 'DROPPED'])
    expect(call.warnings).toContainEqual(expect.stringMatching(/an Idempotency-Key of 65 characters: the API reference allows 1 to 64; accepted, as the rule is at warn.*\(rule webex-connect\/idempotency-key\)$/))
  })

  it("at 'off', a make-call without the key is placed, with no warning", async () => {
    const call = await callTo(app, { platform: 'webex-connect', rules: { 'webex-connect/idempotency-key': 'off' } })
      .startedBy(place())
      .expectAction('PLAY')
      .expectAction('HANGUP')
      .expectHangup()
    expect(call.events).toEqual(['ANSWERED', 'PLAYED', 'DROPPED'])
    expect(call.warnings).toEqual([])
  })

  it('a retry with the same key is refused 409, the transcript note naming the rule', async () => {
    const answers: Array<{ status: number; body: string }> = []
    const retrying = webexApp((event) => {
      if (event.event === 'ANSWERED') {
        void place('reminder-7')().then((a) => answers.push(a))
        return { action: 'PLAY', audio: [tts('Your appointment is tomorrow.')] }
      }
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const call = await callTo(retrying, { platform: 'webex-connect', unconsumed: 'ignore' })
      .startedBy(async () => void answers.push(await place('reminder-7')()))
      .expectAction('PLAY')
      .expectAction('HANGUP')
      .expectHangup()
    expect(answers.map((a) => a.status)).toEqual([202, 409])
    const notes = call.transcript.entries.flatMap((e) => (e.kind === 'note' && e.text.startsWith('make-call refused') ? [e.text] : []))
    expect(notes).toEqual([
      `make-call refused: this call accepted a request with Idempotency-Key "reminder-7" 4 s earlier (virtual), and the docs reject a key reused within an hour as a duplicate (the 409 and 7004 are callspec's: the docs give no status or code; rule webex-connect/idempotency-key)`,
    ])
  })
})
