/**
 * EnableX's sources disagree on inbound calls (its vendor reference, §2.2: "Older docs say the
 * platform always accepts inbound calls itself and plays the configured greeting before invoking
 * the webhook; newer docs say the app accepts via this route"). An app written to the older docs
 * plays on incomingcall without PUT …/accept. Measured (audit-94 F1): it failed by default with
 * callspec's own 409 "Call is not connected" and a failure blaming "the order of the app's
 * requests". Now it runs as the older docs have it, with a warning under the inferred rule
 * enablex/accept-first; strict keeps the refusal, its headline naming both models.
 */
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { enablexApp, tts, type EnableXEvent } from './apps.js'

const ts = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/)
const parties = { from: '14155550100', to: '14155550199' }
const TAG =
  "rule enablex/accept-first, inferred"

/** Written to EnableX's older docs: the call arrives accepted, so the app plays on incomingcall and hangs up after it. */
const olderDocsApp = () =>
  enablexApp(async (event, api) => {
    if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/play`, tts('Welcome.'))
    if (event.playstate === 'playfinished') await api.call('DELETE', `/call/${event.voice_id}`)
  })

const names = (seen: EnableXEvent[]) => seen.map((e) => e.playstate ?? e.state)

describe('an inbound app written to the older docs (no accept)', () => {
  it('passes by default: the platform accepts the call, the play runs, and a warning names both models and vendor.autoAccept', async () => {
    const app = olderDocsApp()
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('play', { text: 'Welcome.' }).expectAction('hangup')
    expect(app.answers[0]).toMatchObject({ status: 200, body: { playstate: 'initiated', ...parties, timestamp: ts } })
    // As vendor.autoAccept: no connected event (the older platform sends incomingcall on a call already up), no accept action.
    expect(names(app.seen)).toEqual(['incomingcall', 'playfinished', 'disconnected'])
    expect(call.actions.map((a) => a.name)).toEqual(['play', 'hangup'])
    expect(call).toHavePlayed('Welcome.')
    expect(call.warnings).toEqual([
      "turn 1: the app's PUT /voice/v1/call/{voice_id}/play came before any accept of the incoming call: callspec ran it as EnableX's older docs have it (the platform accepts an inbound call itself), " +
        'not as its newer docs do (the app accepts first with PUT /voice/v1/call/{voice_id}/accept). Say which model the app follows: vendor: { autoAccept: true } for the older one (no warning), or accept the call first ' +
        `(${TAG})`,
    ])
    expect(call.print()).toContain("· the platform accepts the call itself, as EnableX's older docs have it: the app's play came before any accept (no connected event follows)")
  })

  it('passes with no warning under vendor: { autoAccept: true }', async () => {
    const call = await callTo(olderDocsApp(), { platform: 'enablex', vendor: { autoAccept: true }, warnings: 'silent' }).expectAction('play').expectAction('hangup')
    expect(call.warnings).toEqual([])
  })

  it('carries a connect before the accept the same way: it bridges', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/connect`, { from: '14155550199', to: '14155550142' })
      if (event.state === 'bridged') await api.call('DELETE', `/call/${event.voice_id}`)
    })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('connect', { to: '14155550142' }).expectAction('hangup')
    expect(app.answers[0]).toMatchObject({ status: 200, body: { state: 'initiated', to: '14155550142' } })
    expect(call.warnings).toEqual([expect.stringMatching(/^turn 1: the app's PUT \/voice\/v1\/call\/\{voice_id\}\/connect came before any accept of the incoming call: callspec ran it as EnableX's older docs have it/)])
  })

  it('answers an accept after that 409 "Call is already connected", saying the platform accepted the call', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state !== 'incomingcall') return
      await api.call('PUT', `/call/${event.voice_id}/play`, tts('Welcome.'))
      await api.call('PUT', `/call/${event.voice_id}/accept`)
    })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent', unconsumed: 'ignore' }).expectAction('play')
    expect(app.answers[1]).toEqual({ method: 'PUT', path: `/call/${app.seen[0]!.voice_id}/accept`, status: 409, body: { voice_id: app.seen[0]!.voice_id, result: 409, msg: 'Call is already connected', state: 'failed', timestamp: ts } })
    expect(call.warnings[1]).toBe(
      `turn 1: callspec answered the app's PUT /voice/v1/call/{voice_id}/accept with an error EnableX does not document: HTTP 409 "Call is already connected" — the platform accepted the call itself when the app's play (turn 1) came before any accept (EnableX's older docs; rule enablex/accept-first) (rule enablex/undocumented-errors, inferred)`,
    )
  })
})

describe('strict (or enablex/accept-first at error): the newer docs\' refusal, said as the app\'s choice of the older model', () => {
  // Led by the inference, its rule and how to relax it; then why, and how to choose the older model.
  const HEADLINE = (why: string) =>
    `callspec refused the app's PUT /voice/v1/call/{voice_id}/play by a rule it inferred, not one EnableX documents: enablex/accept-first, at error ${why} (rules: { 'enablex/accept-first': 'warn' } warns instead, 'off' ignores it): ` +
    "it came before any accept of the incoming call, as EnableX's older docs have it (the platform accepts an inbound call itself). " +
    'callspec follows the newer docs here (the app accepts with PUT /voice/v1/call/{voice_id}/accept), and answered HTTP 409 "Call is not connected" (callspec\'s answer: neither version documents one). ' +
    `Choose the older model with vendor: { autoAccept: true }, or accept the call first (${TAG})`

  for (const [name, options, why] of [
    ['strict: true', { strict: true }, 'under strict: true'],
    ["rules: { 'enablex/accept-first': 'error' }", { rules: { 'enablex/accept-first': 'error' as const } }, 'as rules sets it'],
  ] as const) {
    it(`${name}: refuses the play 409 in the play error envelope, and fails with the headline`, async () => {
      const app = olderDocsApp()
      const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent', ...options }).expectAction('play').expectAction('hangup'))
      expect(error.message).toBe(error.message.replace(/^[^\n]*/, `[callspec] turn 1, expectAction('play'): ${HEADLINE(why)}`))
      expect(error.message.split('\n')[1]).toBe("Rule enablex/accept-first, inferred: EnableX's docs disagree: its newer docs have the app accept an inbound call (PUT …/accept), its older docs have the platform accept it itself; neither says what a play before an accept gets.")
      expect(error.message).not.toContain('check the order of the app')
      const voice_id = app.seen[0]!.voice_id
      expect(app.answers[0]).toEqual({ method: 'PUT', path: `/call/${voice_id}/play`, status: 409, body: { voice_id, ...parties, playstate: 'failed', result: 409, msg: 'Call is not connected', timestamp: ts } })
    })
  }
})
