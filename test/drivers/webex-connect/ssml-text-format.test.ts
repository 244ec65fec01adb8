import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { answering } from '../../helpers/webex-apps.js'

/**
 * TTS text written as SSML (`<speak>…</speak>`) with no `textFormat: "SSML"`: the docs make
 * `TEXT` the default, so the platform reads it as plain text, and a caller would likely hear the
 * markup. Not something the docs say the platform refuses: a warning under the inferred rule
 * webex-connect/ssml-text-format; `strict` fails it with the rule's tag. End to end, over HTTP.
 */
const W = { platform: 'webex-connect' } as const
const SSML = '<speak>Enter your PIN, <break time="500ms"/> then press hash.</speak>'
// At error the message stops before what callspec does at warn (FoundIssue.atWarn).
const atError = 'the text is SSML (it starts with <speak>) but textFormat is not "SSML": the docs make TEXT the default, so the platform reads it as plain text and the caller may hear the tags'
const said = `${atError}; callspec hears it as written`
const tag = 'rule webex-connect/ssml-text-format'
const source = 'inferred: the docs make textFormat TEXT by default and say text is plain text or SSML, not what TEXT does with SSML markup'

describe('SSML text with no textFormat SSML (webex-connect/ssml-text-format, inferred)', () => {
  const app = (textFormat?: string) => answering({ action: 'PLAY', audio: [{ type: 'TTS', text: SSML, ...(textFormat && { textFormat }) }] })

  it('warns, naming the fix; the text is heard as written', async () => {
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${said} at audio[0].textFormat (${tag}, inferred)`])
    expect(call.prompts).toEqual([SSML])
  })

  it('says nothing with textFormat SSML (the tags are read as markup), nor for TEXT with no markup', async () => {
    const call = await callTo(app('SSML'), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([])
    expect(call.prompts).toEqual(['Enter your PIN, then press hash.'])
    expect(validate('webex-connect', 'action', { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press <1> for sales.' }] })).toMatchObject({ ok: true, issues: [] })
  })

  it('fails under strict, with the tagged message; validate() gives the same verdicts', async () => {
    await expect(callTo(app('TEXT'), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY')).rejects.toThrow(`✖ ${atError}\n  → at audio[0].textFormat\n  → ${tag} (${source})`)
    const action = { action: 'PLAY', audio: [{ type: 'TTS', text: SSML }] }
    expect(validate('webex-connect', 'action', action)).toMatchObject({ ok: true, issues: [{ rule: 'webex-connect/ssml-text-format', level: 'warn', path: 'audio[0].textFormat' }] })
    expect(validate('webex-connect', 'action', action, { strict: true }).ok).toBe(false)
  })
})
