import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { accepting, enablexApp, tts } from './apps.js'

/**
 * An app that transfers a call no bridge holds: EnableX refuses it 409 "Call is not bridged yet"
 * (documented, a warning). Before audit-94 F1 these tests used an app that plays without
 * accepting; that play now runs as EnableX's older docs have it (older-docs-inbound.test.ts).
 */
const transfersUnbridged = () =>
  enablexApp(async (event, api) => {
    if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/transfer`, { from: '14155550199', transfer_to: '14155550177' })
  })

describe('a request the platform refused counts as something the app did (helper-21 U2)', () => {
  it('fails a test with no steps on the app whose request is refused, as it fails the correct app', async () => {
    const broken = await failureOf(callTo(transfersUnbridged(), { platform: 'enablex', warnings: 'silent' }))
    expect(broken.message).toMatch(
      /^\[callspec\] turn 1, end of call: the app sent 1 request\(s\) the test never expected, refused by the platform:\n {2}• turn 1 ← PUT \/voice\/v1\/call\/\{voice_id\}\/transfer: refused, HTTP 409 Call is not bridged yet — transfer needs a bridged call: .*\nA request the platform refused is something the app did that no expectAction matches: fix the request the answer names, or assert what the app does after it \(or set unconsumed: 'warn' \| 'ignore'\)\.\n/,
    )
    const correct = await failureOf(callTo(accepting(tts('Press 1.', { dtmf: true })), { platform: 'enablex' }))
    expect(correct.message).toMatch(/^\[callspec\] turn 1, end of call: the app sent 2 action\(s\) the test never expected:\n {2}• turn 1 ← accept \n {2}• turn 2 ← play TTS "Press 1\.", dtmf\nAdd \.expectAction\('accept'\)/)
  })

  it('does not let a refused play satisfy expectAction(play)', async () => {
    // A voice EnableX cannot speak: its documented 406 / 6117, a warning; the app goes quiet after it.
    const app = accepting(tts('Press 1.', { voice: 'robot' }))
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 }, warnings: 'silent' }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(/^\[callspec\] turn 2, expectAction\('play'\): the app's next REST request to EnableX after the "connected" event \(turn 2\) never came: the platform refused the app's request/)
    expect(error.message).toMatch(/• PUT https:\/\/api\.enablex\.io\/voice\/v1\/call\/[^/]+\/play → HTTP 406 .*"msg":"Voice not supported for text-to-speech conversion"/)
  })

  it('lists a refusal among the unexpected actions under unconsumed: warn, and passes', async () => {
    const call = await callTo(transfersUnbridged(), { platform: 'enablex', unconsumed: 'warn', warnings: 'silent' })
    expect(call.warnings.at(-1)).toMatch(/^the app sent 1 request\(s\) the test never expected, refused by the platform:\n {2}• turn 1 ← PUT \/voice\/v1\/call\/\{voice_id\}\/transfer: refused, HTTP 409 Call is not bridged yet — transfer needs a bridged call/)
  })
})

describe("a play or connect before the accept, when rule enablex/accept-first is at error, says to accept first (the 409 is callspec's, the accept is in the docs)", () => {
  const ACCEPT_FIRST = "an incoming call is accepted first (PUT /voice/v1/call/{voice_id}/accept, as EnableX's newer docs say; its older docs have the platform accept it itself: vendor.autoAccept)"

  it('on a connect before the accept, in the failure and in the transcript', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/connect`, { from: '14155550199', to: '14155550142' })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent', rules: { 'enablex/accept-first': 'error' } }))
    expect(error.message).toMatch(/^\[callspec\] turn 1[^\n]*: callspec refused the app's PUT \/voice\/v1\/call\/\{voice_id\}\/connect by a rule it inferred, not one EnableX documents: enablex\/accept-first, at error as rules sets it .*: it came before any accept of the incoming call, as EnableX's older docs have it .* Choose the older model with vendor: \{ autoAccept: true \}, or accept the call first \(rule enablex\/accept-first, inferred\)\nRule enablex\/accept-first, inferred: EnableX's docs disagree: its newer docs have the app accept an inbound call \(PUT …\/accept\), its older docs have the platform accept it itself; neither says what a play before an accept gets\.\n/)
    expect(error.message).toContain(`⇠ PUT /voice/v1/call/{voice_id}/connect Call is not connected — ${ACCEPT_FIRST} → 409`)
    // The app gets the same body as before, in the connect route's error envelope: the advice is callspec's, not EnableX's.
    expect(app.answers[0]!.body).toEqual({ voice_id: app.seen[0]!.voice_id, result: 409, msg: 'Call is not connected', state: 'failed', timestamp: expect.any(String) })
  })

  it('not for a play after the call ended (404), nor for an outbound call the callee has not answered yet', async () => {
    const late = enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
      if (event.state === 'connected') await api.call('DELETE', call)
      if (event.state === 'disconnected') await api.call('PUT', `${call}/play`, tts('Bye.'))
    })
    const ended = await callTo(late, { platform: 'enablex', unconsumed: 'warn', warnings: 'silent' }).expectAction('accept').expectAction('hangup')
    expect(ended.warnings.join('\n')).not.toContain('accepted first')

    // The app plays on the make-call's voice_id at once, while the callee's phone still rings.
    const eager = enablexApp(() => undefined)
    const trigger = async () => {
      const placed = await eager.rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' })
      await eager.rest.call('PUT', `/call/${placed.body.voice_id}/play`, tts('Too early.'))
    }
    const dialing = await callTo(eager, { platform: 'enablex', unconsumed: 'warn', warnings: 'silent' }).startedBy(trigger).expectAction('make-call')
    expect(eager.answers[1]).toMatchObject({ status: 409, body: { msg: 'Call is not connected' } })
    expect(dialing.warnings.join('\n')).toContain('HTTP 409 "Call is not connected" (rule enablex/undocumented-errors')
    expect(dialing.warnings.join('\n')).not.toContain('accepted first')
  })
})

describe('a refusal the test walked past is a warning tagged with its own evidence (helper-21 item 4)', () => {
  /** Accepts twice (callspec's 409), plays, then plays again at once (EnableX's 6114). */
  const hasty = () =>
    enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state !== 'incomingcall') return
      await api.call('PUT', `${call}/accept`)
      await api.call('PUT', `${call}/accept`)
      await api.call('PUT', `${call}/play`, tts('Welcome.'))
      await api.call('PUT', `${call}/play`, tts('Again.'))
      await api.call('DELETE', call)
    })

  it('tags a body callspec made up as inferred, a documented one with the docs, and says each code once', async () => {
    const call = await callTo(hasty(), { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call.warnings).toEqual([
      `turn 1: callspec answered the app's PUT /voice/v1/call/{voice_id}/accept with an error EnableX does not document: HTTP 409 "Call is already connected" (rule enablex/undocumented-errors, inferred)`,
      `turn 1: EnableX answered the app's PUT /voice/v1/call/{voice_id}/play with an error: HTTP 408, result 6114 "Play request pending" (rule enablex/error-answers)`,
    ])
  })

  it('tags the 404 for a request after the end as inferred', async () => {
    const late = enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
      if (event.state === 'connected') await api.call('DELETE', call)
      if (event.state === 'disconnected') await api.call('PUT', `${call}/play`, tts('Bye.'))
    })
    const call = await callTo(late, { platform: 'enablex', unconsumed: 'warn', warnings: 'silent' }).expectAction('accept').expectAction('hangup')
    expect(call.warnings[0]).toBe(
      `turn 3: callspec answered the app's PUT /voice/v1/call/{voice_id}/play with an error EnableX does not document: HTTP 404 "Call not found or already disconnected" (rule enablex/undocumented-errors, inferred)`,
    )
  })
})

/**
 * helper-127 finding 7: an accept on an outbound call still ringing was answered 409 "Call is
 * already connected" while analyze said "In progress" at the same instant. Accept takes an
 * incoming call (§2.2): on an outbound call, ringing or connected, there is none to take. The
 * answer is still callspec's (rule enablex/undocumented-errors), but a true one.
 */
describe('accept on an outbound call (rule enablex/undocumented-errors, inferred)', () => {
  it('is answered 409 "Call is not an incoming call", ringing or connected, with a warning that says what accept takes', async () => {
    const app = enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'ringing') {
        await api.call('PUT', `${call}/accept`)
        await api.call('GET', call)
      }
      if (event.state === 'connected') {
        await api.call('PUT', `${call}/accept`)
        await api.call('DELETE', call)
      }
    })
    const trigger = () => app.rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event' })
    const call = await callTo(app, { platform: 'enablex', unconsumed: 'warn', warnings: 'silent' }).startedBy(trigger).expectAction('make-call').expectAction('hangup')
    const accepts = app.answers.filter((a) => a.path.endsWith('/accept'))
    expect(accepts.map((a) => [a.status, a.body.msg])).toEqual([
      [409, 'Call is not an incoming call'],
      [409, 'Call is not an incoming call'],
    ])
    expect(app.answers.find((a) => a.method === 'GET')!.body.state).toBe('In progress')
    const said = `callspec answered the app's PUT /voice/v1/call/{voice_id}/accept with an error EnableX does not document: HTTP 409 "Call is not an incoming call" — accept takes an inbound call after its incomingcall event; an outbound call is connected when the callee answers (the connected event) (rule enablex/undocumented-errors, inferred)`
    expect(call.warnings.filter((w) => w.includes('/accept')).map((w) => w.replace(/^turn \d+: /, ''))).toEqual([said, said])
  })
})
