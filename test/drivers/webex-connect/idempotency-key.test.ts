import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { tts, webexApp } from '../../helpers/webex-apps.js'

/**
 * Idempotency-Key (vendor docs: a request re-using a key seen in the previous 1 hour is rejected
 * as a duplicate). callspec keeps the keys per call, on the call's virtual clock (behaviour.md):
 * audit h130 F1, one set for the whole process refused the next call and the next test.
 */
const API = 'https://api.us.webexconnect.io/v1/voice/calls'
const body = JSON.stringify({ callerId: '+15550001234', dialedNumber: '+15559994321', callbackUrl: 'https://webhook.example.com/' })

/** Places the call for reminder 42, with a key derived from it (as an app deduplicating its own retries does). */
const placeReminder = async () => {
  const res = await fetch(API, {
    method: 'POST',
    headers: { authorization: 'ServiceKey', 'content-type': 'application/json', 'idempotency-key': 'reminder-42' },
    body,
  })
  return { status: res.status, body: await res.text() }
}

const reminderApp = () =>
  webexApp((event) => {
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Your appointment is tomorrow.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

describe('an Idempotency-Key one call used does not refuse another call', () => {
  const app = reminderApp()

  it('a second call in the same test, with the same key, is placed (3 h later, and at the same virtual time)', async () => {
    for (const startAt of ['2026-03-02T09:00:00Z', '2026-03-02T12:00:00Z', '2026-03-02T12:00:00Z']) {
      const call = await callTo(app, { platform: 'webex-connect', startAt }).startedBy(placeReminder).expectAction('PLAY').expectAction('HANGUP').expectHangup()
      expect(call.events).toEqual(['ANSWERED', 'PLAYED', 'DROPPED'])
    }
  })

  it('the next test, placing the same key, is placed: it does not depend on the test before', async () => {
    const call = await callTo(app, { platform: 'webex-connect' }).startedBy(placeReminder).answeredBy('busy')
    expect(call.events).toEqual(['DROPPED'])
  })
})

describe('within one call, the key is a duplicate for an hour of its virtual time', () => {
  /**
   * Places the call, then sends the same request again at each of `retriesAfterMs` (the app's own
   * timers, on the call's clock) while the caller is bridged to an agent who stays on the line.
   */
  const retryingApp = (retriesAfterMs: number[]) => {
    const answers: Array<{ status: number; body: string }> = []
    const app = webexApp((event) => {
      if (event.event === 'ANSWERED') return { action: 'PATCH', dialedNumber: '+14155550142' }
      return undefined
    })
    const trigger = async () => {
      answers.push(await placeReminder())
      for (const ms of retriesAfterMs) setTimeout(() => void placeReminder().then((a) => answers.push(a)), ms)
    }
    return { app, trigger, answers }
  }

  it('a retry 30 min later is refused 409 7004, and the call says why in its transcript; one 61 min later is not a duplicate', async () => {
    const { app, trigger, answers } = retryingApp([30 * 60_000, 61 * 60_000])
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent', unconsumed: 'ignore' })
      .withParty('+14155550142', 'answers')
      .startedBy(trigger)
      .expectAction('PATCH')
      .staySilent(62 * 60_000)
      .hangUp()
    expect(answers.map((a) => a.status)).toEqual([202, 409, 503])
    expect(JSON.parse(answers[1]!.body)).toEqual({ code: '7004', message: 'Invalid parameter: Idempotency-Key (duplicate request)' })
    // The hour past, the key is forgotten: no call waits for a second make-call, so the answer is callspec's 503, not a duplicate.
    expect(JSON.parse(answers[2]!.body)).toEqual({ code: '7006', message: 'Internal error occurred: no simulated call is waiting for this make-call request' })
    const notes = call.transcript.entries.flatMap((e) => (e.kind === 'note' && e.text.startsWith('make-call refused') ? [e.text] : []))
    expect(notes).toEqual([
      `make-call refused: this call accepted a request with Idempotency-Key "reminder-42" 1800 s earlier (virtual), and the docs reject a key reused within an hour as a duplicate (the 409 and 7004 are callspec's: the docs give no status or code; rule webex-connect/idempotency-key)`,
    ])
    expect(call.transcript.entries.filter((e) => e.kind === 'api').map((e) => (e as { status: number }).status)).toEqual([202, 409])
  })
})
