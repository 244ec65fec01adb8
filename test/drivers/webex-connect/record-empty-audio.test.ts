import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { RecordActionSchema } from '../../../drivers/webex-connect/index.js'
import { sent } from '../../helpers/events.js'
import { answering, tts } from '../../helpers/webex-apps.js'

/**
 * RECORD's audio (the prompt played before recording, §3.6): the Node SDK requires at least one
 * item, the Java SDK makes it optional, and the docs' example sends one. With the evidence split,
 * `audio: []` must not fail the call under the documented webex-connect/action-schema: it warns
 * under the inferred rule webex-connect/record-empty-audio and records with no prompt played, as
 * a RECORD with no audio does. End to end, over HTTP, against an in-process app.
 */
const W = { platform: 'webex-connect' } as const
// At error the message stops before what callspec does at warn (FoundIssue.atWarn).
const atError = 'audio is empty (received []): the SDKs disagree on whether RECORD needs a prompt'
const said = `${atError}, so callspec plays none and records at once, as with no audio`
const tag = 'rule webex-connect/record-empty-audio'
const source = 'inferred: the SDKs disagree on RECORD\'s audio: the Node SDK requires at least one item, the Java SDK makes it optional; the docs\' example sends one'

describe('RECORD with audio: [] (webex-connect/record-empty-audio, inferred)', () => {
  const app = () => answering({ action: 'RECORD', audio: [], timeoutSeconds: 10, terminationDigit: '#' })

  it('warns by default, plays no prompt and records the caller until the termination digit', async () => {
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('RECORD', { audio: [] }).say('Call me back').pressDigits('#').expectAction('HANGUP')
    expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${said} at audio (${tag}, inferred)`])
    expect(call.prompts).toEqual([])
    const [recorded] = sent(call, 'RECORDED')
    expect(recorded).toMatchObject({ status: 'SUCCESS', recordingFileName: expect.stringMatching(/\.wav$/) })
    expect(recorded!.recordingLength).toBeGreaterThan(0)
  })

  it('records for timeoutSeconds from the RECORD itself: no prompt time before it', async () => {
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('RECORD').staySilent().expectAction('HANGUP')
    expect(sent(call, 'RECORDED')[0]).toMatchObject({ status: 'SUCCESS', recordingLength: 10 })
  })

  it('a RECORD with a prompt, or with no audio key, gives no warning', async () => {
    for (const action of [{ action: 'RECORD', audio: [tts('Leave a message.')], timeoutSeconds: 5 }, { action: 'RECORD', timeoutSeconds: 5 }]) {
      const call = await callTo(answering(action), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('RECORD').staySilent().expectAction('HANGUP')
      expect(call.warnings).toEqual([])
    }
  })

  it('fails under strict, with the tagged message; validate() and the exported schema give the same verdicts', async () => {
    await expect(callTo(app(), { ...W, strict: true }).expectAction('ANSWER').expectAction('RECORD')).rejects.toThrow(`✖ ${atError}\n  → at audio\n  → ${tag} (${source})`)
    const action = { action: 'RECORD', audio: [] }
    expect(validate('webex-connect', 'action', action)).toMatchObject({ ok: true, issues: [{ rule: 'webex-connect/record-empty-audio', level: 'warn', evidence: 'inferred', path: 'audio' }] })
    expect(validate('webex-connect', 'action', action, { strict: true }).ok).toBe(false)
    expect(RecordActionSchema.safeParse(action).success).toBe(true)
  })
})
