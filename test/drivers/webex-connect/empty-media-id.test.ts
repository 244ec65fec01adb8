import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { sent } from '../../helpers/events.js'
import { answering, tts } from '../../helpers/webex-apps.js'

/**
 * A MEDIA audio's mediaId is a string with no documented minimum length: an empty one must not
 * fail the call under the documented webex-connect/action-schema. It warns under the inferred
 * rule webex-connect/empty-media-id, plays nothing, and fails under `strict` with the rule's tag.
 * End to end, over HTTP, against an in-process app.
 */
const W = { platform: 'webex-connect' } as const
// At error the message stops before what callspec does at warn (FoundIssue.atWarn).
const atError = 'the mediaId is empty: the docs set no minimum length, but it names no uploaded media'
const said = `${atError}, so callspec plays nothing for this item`
const tag = 'rule webex-connect/empty-media-id'
const source = 'inferred: the docs type a MEDIA audio\'s mediaId as a string (the id of audio uploaded to the portal) and set no minimum length'

describe('an empty MEDIA mediaId (webex-connect/empty-media-id, inferred)', () => {
  const app = () => answering({ action: 'PLAY', audio: [{ type: 'MEDIA', mediaId: '' }, tts('Goodbye.')] })

  it('warns by default; the item plays nothing and the rest of the audio plays', async () => {
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${said} at audio[0].mediaId (${tag}, inferred)`])
    expect(call.prompts).toEqual(['Goodbye.'])
    expect(sent(call, 'PLAYED')[0]).toMatchObject({ status: 'SUCCESS' })
  })

  it('a PLAY of only that item ends at once', async () => {
    const only = answering({ action: 'PLAY', audio: [{ type: 'MEDIA', mediaId: ' ' }] })
    const call = await callTo(only, { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.prompts).toEqual([])
    expect(sent(call, 'PLAYED')[0]).toMatchObject({ status: 'SUCCESS', playedDuration: 0 })
  })

  it('fails under strict, with the tagged message; validate() gives the same verdicts', async () => {
    await expect(callTo(app(), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY')).rejects.toThrow(`✖ ${atError}\n  → at audio[0].mediaId\n  → ${tag} (${source})`)
    const action = { action: 'PATCH', dialedNumber: '+14155550142', holdAudio: { type: 'MEDIA', mediaId: '' } }
    expect(validate('webex-connect', 'action', action)).toMatchObject({ ok: true, issues: [{ rule: 'webex-connect/empty-media-id', level: 'warn', path: 'holdAudio.mediaId' }] })
    expect(validate('webex-connect', 'action', action, { strict: true }).ok).toBe(false)
  })
})
