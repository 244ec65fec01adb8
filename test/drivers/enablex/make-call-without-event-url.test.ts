/**
 * EnableX's make-call table: "event_url | string URL | yes for outbound events | Where events are
 * POSTed". Events need it; the docs do not say EnableX refuses a call without one. Measured
 * (audit-94 F2): such a make-call was refused 400 "Mandatory parameter missing: event_url" as if
 * documented, its issue reading "expected an http(s) URL". Now the call is placed, its events go
 * nowhere, the platform hangs up once action_on_connect is done, and the inferred rule
 * enablex/make-call-without-event-url warns; strict refuses, saying the refusal is callspec's.
 */
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { MakeCallRequestSchema } from '../../../drivers/enablex/index.js'
import { enablexApp, tts } from './apps.js'

const ts = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/)
const TAG = 'rule enablex/make-call-without-event-url'
const SOURCE = 'inferred: EnableX\'s make-call table marks event_url "yes for outbound events" (events need it), and does not say that EnableX refuses a call without one'
const DOCS = 'EnableX\'s make-call table marks event_url "yes for outbound events": events need it, and the docs do not say that EnableX refuses a call without one'
/** A fire-and-forget voice message: no event_url, the message in action_on_connect.play. */
const notice = { from: '14155550199', to: '14155550100', action_on_connect: { play: tts('Your parcel arrives today.') } }

const notifier = () => {
  const app = enablexApp(() => undefined)
  return Object.assign(app, { trigger: () => app.rest.call('POST', '/call', notice) })
}

describe('a make-call without event_url', () => {
  it('is placed, the message plays, the app gets no events, and the platform hangs up after it, with a warning', async () => {
    const app = notifier()
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).startedBy(app.trigger).expectAction('make-call').expectHangup()
    expect(app.answers[0]).toEqual({ method: 'POST', path: '/call', status: 200, body: { voice_id: expect.any(String), state: 'initiated', from: '14155550199', to: '14155550100', timestamp: ts } })
    expect(app.seen).toEqual([])
    expect(call).toHavePlayed('Your parcel arrives today.')
    // Answered at 5 s, 4 words of TTS (1.6 s), then nothing is left to run.
    expect(call.end).toEqual({ by: 'platform', reason: 'no event_url and nothing left to run (action_on_connect done)', at: 6_600 })
    expect(call.warnings).toEqual([
      "the app's make-call request: event_url is missing at event_url; callspec places the call, and the app gets no events for it (there is nowhere to send them): the platform hangs up once action_on_connect is done. " +
        `${DOCS}. Add event_url for the app to hear of ringing, connected, playfinished and disconnected (${TAG}, inferred)`,
    ])
    const printed = call.print()
    for (const event of ['ringing', 'connected', 'playfinished', 'disconnected']) expect(printed).toContain(`· ${event} not sent: the make-call had no event_url`)
  })

  it('lets a test stay silent past its end (the audit\'s repro)', async () => {
    const app = notifier()
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).startedBy(app.trigger).expectAction('make-call').staySilent(10_000)
    expect(call.end).toMatchObject({ by: 'platform', at: 6_600 })
  })

  it('with a connect on answer: the bridge runs until the other party leaves, then the platform hangs up', async () => {
    const app = enablexApp(() => undefined)
    const trigger = () => app.rest.call('POST', '/call', { from: '14155550199', to: '14155550100', action_on_connect: { connect: { from: '14155550199', to: '14155550142' } } })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' })
      .withParty('+14155550142', { answers: true, hangsUpAfterMs: 10_000 })
      .startedBy(trigger)
      .expectAction('make-call')
      .expectHangup()
    expect(app.seen).toEqual([])
    expect(call.end).toMatchObject({ by: 'platform' })
    // Answered at 5 s, bridged at 9 s, the other party leaves 10 s later.
    expect(call.end!.at).toBe(19_000)
    expect(call.print()).toContain('· bridge_disconnected not sent: the make-call had no event_url')
  })

  it('with a bridge no one leaves: the step stops, naming the party, not waiting on an app that hears of nothing', async () => {
    const app = enablexApp(() => undefined)
    const trigger = () => app.rest.call('POST', '/call', { from: '14155550199', to: '14155550100', action_on_connect: { connect: { from: '14155550199', to: '14155550142' } } })
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).startedBy(trigger).expectAction('make-call').expectHangup())
    expect(error.message).toMatch(
      /^\[callspec\] expectHangup\(\): the app neither hung up nor did anything else: the caller is connected to \+14155550142, and the call goes on until one of them hangs up \(nothing else is scheduled\)\. .*\.withParty\('\+14155550142', \{ answers: true, hangsUpAfterMs: 30_000 \}\)\.\n/,
    )
    expect(error.message).not.toContain("the app's next REST request")
  })

  it('strict: refused 400 in the make-call error envelope, the failure saying the refusal is callspec\'s inference and the field is missing', async () => {
    const app = notifier()
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent', strict: true }).startedBy(app.trigger).expectAction('make-call'))
    const body = { result: 400, msg: 'Mandatory parameter missing: event_url', state: 'failed', timestamp: ts }
    expect(app.answers[0]).toEqual({ method: 'POST', path: '/call', status: 400, body })
    expect(error.message).toMatch(
      /^\[callspec\] expectAction\('make-call'\): callspec refused the app's make-call request by a rule it inferred, not one EnableX documents: enablex\/make-call-without-event-url, at error under strict: true \(rules: \{ 'enablex\/make-call-without-event-url': 'warn' \} warns instead, 'off' ignores it\): HTTP 400 \{"result":400,"msg":"Mandatory parameter missing: event_url","state":"failed","timestamp":"[^"]+"\} \(the refusal and this answer are callspec's inference: EnableX documents neither\)\n/,
    )
    expect(error.message).toContain(`✖ event_url is missing; callspec refuses the make-call (HTTP 400, its own answer), as this rule is at error. ${DOCS}\n  → at event_url\n  → ${TAG} (${SOURCE})\n`)
    expect(error.message).not.toContain('http(s) URL')
    expect(error.message).not.toContain('EnableX rejected')
  })

  it('validate() and the exported schema read it as a call does', () => {
    expect(validate('enablex', 'make-call', notice)).toEqual({ ok: true, issues: [expect.objectContaining({ path: 'event_url', message: 'event_url is missing', rule: 'enablex/make-call-without-event-url', level: 'warn', evidence: 'inferred' })] })
    expect(validate('enablex', 'make-call', notice, { strict: true })).toMatchObject({
      ok: false,
      vendorError: { status: 400, message: 'Mandatory parameter missing: event_url', body: { result: 400, msg: 'Mandatory parameter missing: event_url', state: 'failed' } },
    })
    expect(MakeCallRequestSchema.safeParse(notice).success).toBe(true)
  })
})
