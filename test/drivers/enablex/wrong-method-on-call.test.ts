/**
 * A live call's route called with a method it does not take (`PUT …/hold`, which EnableX documents
 * as POST). callspec's fake API answers 405, a status and msg of its own (EnableX documents none),
 * under rule enablex/undocumented-errors. Before, that 405 reached only the list of what the fake
 * API received, shown when a wait on the app failed: an app whose hold was refused so, and that
 * played next, passed a test expecting the play with no word, and failed one expecting the hold as
 * "expected action hold, got play", with nothing of the 405 in the failure or the transcript.
 * A route EnableX does not have (`…/hodl`, 404) on the live call was as silent.
 */
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { enablexApp, tts } from './apps.js'

/** Holds the caller with PUT on `route` (EnableX's hold route takes POST), then plays the wait message. */
const holdsWithPut = (route = 'hold') =>
  enablexApp(async (event, api) => {
    const call = `/call/${event.voice_id}`
    if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
    if (event.state === 'connected') {
      await api.call('PUT', `${call}/${route}`, { hold: true })
      await api.call('PUT', `${call}/play`, tts('Please wait.'))
    }
  })

const WARNING =
  /^turn 2: callspec answered the app's PUT \/voice\/v1\/call\/\{voice_id\}\/hold with an error EnableX does not document: HTTP 405 "Method Not Allowed: PUT \/voice\/v1\/call\/[^/]+\/hold \(callspec: this route takes POST\)" — EnableX documents it as POST \/voice\/v1\/call\/\{voice_id\}\/hold \(rule enablex\/undocumented-errors, inferred\)$/

describe('a method the route does not take, on the live call it names', () => {
  it('a test expecting the hold says why it is missing: the 405, in the failure and the transcript', async () => {
    const error = await failureOf(callTo(holdsWithPut(), { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('hold'))
    expect(error.message).toMatch(/^\[callspec\] turn 2, expectAction\('hold'\): expected action hold, got play TTS "Please wait\."\n\ncallspec warned earlier in this call \(a cause, perhaps\):\n {2}⚠ turn 2: callspec answered the app's PUT \/voice\/v1\/call\/\{voice_id\}\/hold with an error EnableX does not document: HTTP 405/)
    expect(error.message).toMatch(/2 ⇠ PUT \/voice\/v1\/call\/\{voice_id\}\/hold Method Not Allowed: PUT \/voice\/v1\/call\/[^/]+\/hold \(callspec: this route takes POST\) — EnableX documents it as POST \/voice\/v1\/call\/\{voice_id\}\/hold → 405\n/)
  })

  it('a test expecting the play passes, with the warning', async () => {
    const app = holdsWithPut()
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play')
    expect(call.warnings).toEqual([expect.stringMatching(WARNING)])
    expect(app.answers.map((a) => `${a.method} ${a.status}`)).toEqual(['PUT 200', 'PUT 405', 'PUT 200'])
  })

  it("at 'error' the call fails, said as callspec's inference", async () => {
    const error = await failureOf(
      callTo(holdsWithPut(), { platform: 'enablex', rules: { 'enablex/undocumented-errors': 'error' } })
        .expectAction('accept')
        .expectAction('play'),
    )
    expect(error.message).toMatch(/callspec failed the call by a rule it inferred, not one EnableX documents: enablex\/undocumented-errors, at error as rules sets it[^\n]*: callspec answered the app's PUT \/voice\/v1\/call\/\{voice_id\}\/hold with an error EnableX does not document: HTTP 405/)
  })

  it("at 'off' no warning, and the request stays refused: the 405 is in the transcript, marked as not let through", async () => {
    const app = holdsWithPut()
    const call = await callTo(app, { platform: 'enablex', rules: { 'enablex/undocumented-errors': 'off' } }).expectAction('accept').expectAction('play')
    expect(call.warnings).toEqual([])
    expect(app.answers[1]).toMatchObject({ method: 'PUT', status: 405 })
    expect(call.transcript.print()).toMatch(/⇠ PUT \/voice\/v1\/call\/\{voice_id\}\/hold Method Not Allowed: .* → 405/)
  })

  it('a route EnableX does not have, on the live call (…/hodl): the 404 is in the transcript and warns, the same way', async () => {
    const app = holdsWithPut('hodl')
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play')
    expect(call.warnings).toEqual([
      expect.stringMatching(
        /^turn 2: callspec answered the app's PUT \/voice\/v1\/call\/\{voice_id\}\/hodl with an error EnableX does not document: HTTP 404 "Route not found: PUT \/voice\/v1\/call\/[^/]+\/hodl \(callspec: did you mean POST \/voice\/v1\/call\/\{voice_id\}\/hold\?\)" — EnableX documents no such route \(rule enablex\/undocumented-errors, inferred\)$/,
      ),
    ])
    expect(call.transcript.print()).toMatch(/2 ⇠ PUT \/voice\/v1\/call\/\{voice_id\}\/hodl Route not found: .* → 404\n/)
  })
})

// h203: the refusal of a route EnableX does not have named no rule where a failure listed it, only
// whose answer it was. It is rule enablex/routes (doc, fixed), named there.
describe('a route EnableX does not have, then nothing', () => {
  it('the failure lists the 404 under rule enablex/routes', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') await api.call('PUT', `/call/${event.voice_id}/mute`, {})
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(
      /\n {2}• PUT https:\/\/api\.enablex\.io\/voice\/v1\/call\/([^/]+)\/mute → HTTP 404 \{"result":404,"msg":"Route not found: PUT \/voice\/v1\/call\/\1\/mute","state":"failed",[^\n]*\} \(refused; EnableX documents no answer for a path or method it has no route for: this status and msg are callspec's; rule enablex\/routes\)\n/,
    )
  })
})
