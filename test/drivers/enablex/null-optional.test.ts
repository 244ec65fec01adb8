/**
 * Audit h192: a REST request that sent null for an optional field (a play's `prompt_ref: null`, a
 * make-call's `owner_ref: null`: what Python's dataclasses.asdict, C# and Java serialisers, or
 * `{ x: maybe ?? null }` send) was refused 400 under the documented enablex/request-schema, though
 * EnableX does not say what its API does with null. Now rule enablex/null-optional, inferred: the
 * field is read as absent, with a warning; under strict, refused as callspec's rule. A required
 * field sent as null is still missing, a refusal.
 */
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { accepting, tts } from './apps.js'

const TAG = '(rule enablex/null-optional, inferred)'
const play = { ...tts('Hello.'), prompt_ref: null }

describe('null in an optional field of a REST request (rule enablex/null-optional, inferred)', () => {
  it('plays, the field read as absent, with a warning', async () => {
    const app = accepting(play)
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').staySilent(3000)
    expect(call).toHavePlayed('Hello.')
    expect(app.answers.map((a) => a.status)).toEqual([200, 200])
    expect(app.seen.some((event) => 'prompt_ref' in event)).toBe(false)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(/^turn \d+: the app's play request \(PUT \/voice\/v1\/call\/[^/]+\/play\): /)
    expect(call.warnings[0]).toContain(`null in an optional field typed string: the docs do not say what the platform does with null; callspec reads the field as absent at prompt_ref ${TAG}`)
  })

  it("under strict, is refused 400 as callspec's rule; validate() grades it as a call does", async () => {
    const app = accepting(play)
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain("callspec refused the app's play request (PUT ")
    expect(error.message).toContain('by a rule it inferred, not one EnableX documents: enablex/null-optional, at error under strict: true')
    expect(app.answers[1]).toMatchObject({ status: 400 })
    expect(validate('enablex', 'play', play)).toMatchObject({ ok: true, issues: [{ path: 'prompt_ref', rule: 'enablex/null-optional', level: 'warn', evidence: 'inferred' }] })
    expect(validate('enablex', 'play', play, { strict: true })).toMatchObject({ ok: false, issues: [{ path: 'prompt_ref', rule: 'enablex/null-optional', level: 'error' }] })
    const call = { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', owner_ref: null }
    expect(validate('enablex', 'make-call', call)).toMatchObject({ ok: true, issues: [{ path: 'owner_ref', rule: 'enablex/null-optional' }] })
  })

  it('a field the request needs, sent as null, is still missing: refused under the documented schema', async () => {
    // text is optional alone, but a play needs one of text, prompt_name or text_to_speech_option.
    const app = accepting({ ...tts('Hello.'), text: null })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain('is not a valid EnableX request')
    expect(error.message).toContain('✖ play needs one of text, prompt_name or text_to_speech_option\n  → at text\n  → rule enablex/request-schema')
    const required = validate('enablex', 'make-call', { from: '14155550199', to: null, event_url: 'https://app.example/event' })
    expect(required).toMatchObject({ ok: false, issues: [{ path: 'to', rule: 'enablex/request-schema', level: 'error' }] })
  })
})
