/**
 * audit-87 finding 5: TTS text of spaces only failed the call under the documented
 * webex-connect/action-schema ("TTS text must not be empty"), though the docs require only that the
 * text be non-empty, and text of spaces is not empty. It is the inferred rule
 * webex-connect/blank-text: at warn the PLAY runs and the caller hears nothing.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answering } from '../../helpers/webex-apps.js'

const TAG = '(rule webex-connect/blank-text, inferred)'
const blankPlay = { action: 'PLAY', audio: [{ type: 'TTS', text: '   ' }] }
const app = answering(blankPlay)

describe('TTS text of spaces only (rule webex-connect/blank-text, inferred)', () => {
  it('plays, with a warning that says what callspec did and that it is its own reading', async () => {
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call.warnings).toEqual([
      `turn 2: the app's answer to ANSWERED: the text is blank (spaces only): the docs require text to be non-empty, not what the platform does with blank text; callspec plays it as written, so the caller hears nothing at audio[0].text ${TAG}`,
    ])
  })

  it('fails under strict, naming the rule; validate() grades it the same way', async () => {
    const error = await failureOf(callTo(app, { platform: 'webex-connect', strict: true }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain('the text is blank (spaces only)')
    expect(error.message).toContain('rule webex-connect/blank-text')
    expect(error.message).not.toContain('TTS text must not be empty')
    expect(validate('webex-connect', 'action', blankPlay)).toMatchObject({ ok: true, issues: [{ path: 'audio[0].text', rule: 'webex-connect/blank-text', level: 'warn', evidence: 'inferred' }] })
    expect(validate('webex-connect', 'action', blankPlay, { strict: true }).ok).toBe(false)
  })
})
