/**
 * EnableX's own voice-broadcast-ivr-bridge sample sends every prompt as
 * `PUT …/play { "play": { "type": "tts", "text", "voice", "language", "prompt_ref", "dtmf" } }`;
 * its API reference shows the fields at the top level, and no page says the wrapper is refused.
 * Measured before: the sample's menu was refused 400 "Mandatory parameter missing: text" under the
 * documented request-schema rule, and the call failed as if EnableX's docs refused it.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

const vendor = { appId: 'app-id', appKey: 'app-key' }
const menu = { type: 'tts', text: 'Press 1 or 2.', voice: 'female', language: 'en-US', prompt_ref: 'ivr_prompt', dtmf: true }

/** Accepts the call and plays the menu as the sample does, the fields under play; then what the key chose. */
const sampleApp = () =>
  enablexApp(async (event, rest) => {
    const id = event.voice_id
    if (event.state === 'incomingcall') await rest.call('PUT', `/call/${id}/accept`)
    if (event.state === 'connected') await rest.call('PUT', `/call/${id}/play`, { play: menu })
    if (event.playstate === 'digitcollected') await rest.call('PUT', `/call/${id}/play`, { play: { ...menu, text: 'Please hold while we connect your call.', prompt_ref: 'hold', dtmf: false } })
  })

describe("a play's fields under a play key, as EnableX's broadcast IVR sample sends them", () => {
  it('are played, with a warning that names the rule as inferred and the place EnableX documents', async () => {
    const app = sampleApp()
    const call = await callTo(app, { platform: 'enablex', vendor })
      .expectAction('accept')
      .expectAction('play', { prompt_ref: 'ivr_prompt', dtmf: true }) // as callspec reads it: the fields at the top level
      .pressDigits('1')
      .expectAction('play', { prompt_ref: 'hold' })
    expect(call).toHavePlayed('Press 1 or 2.')
    expect(call.event('digitcollected')).toMatchObject({ digit: '1', prompt_ref: 'ivr_prompt' })
    expect(app.rest.answers.filter((a) => a.path.endsWith('/play')).map((a) => a.status)).toEqual([200, 200])
    const warning = call.warnings.find((w) => w.includes('enablex/play-wrapper'))
    expect(warning).toMatch(/the play's fields are under a play key: callspec reads them from there/)
    expect(warning).toMatch(/send them at the top level of the body .*as EnableX's API reference does/)
    expect(warning).toMatch(/rule enablex\/play-wrapper, inferred/)
  })

  it('under strict: true, are refused as callspec\'s rule, not as EnableX documenting it', async () => {
    const error = await failureOf(callTo(sampleApp(), { platform: 'enablex', vendor, strict: true, limits: { appTimeoutMs: 500 } }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(/callspec refused the app's play request \(PUT \/voice\/v1\/call\/[^)]+\/play\) by rules it inferred, not ones EnableX documents: enablex\/play-wrapper and enablex\/unknown-keys, at error under strict: true/)
    expect(error.message).not.toMatch(/Mandatory parameter missing: text/)
  })

  it('validate() reads them the same way', () => {
    const result = validate('enablex', 'play', { play: menu })
    expect(result.ok).toBe(true)
    expect(result.issues.map((i) => i.rule)).toContain('enablex/play-wrapper')
  })
})
