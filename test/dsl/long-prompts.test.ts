/**
 * A very long prompt is quoted cut in the transcript and in failures, with its length said
 * (audit-122: a 1 MB prompt was printed whole in every line that named it, a 2 MB HTML report for
 * one passing call), while the call's prompts and the matchers keep every character.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { messageOf } from '../helpers/failure-of.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

const LONG = `${'Please hold. '.repeat(2_000)}Press 1 now.`
const app = webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts(LONG)] } : { action: 'HANGUP' }))

describe('a 26,000-character prompt', () => {
  it('is quoted in 500 characters in the transcript, its length said; the matchers see all of it', async () => {
    const call = await callTo(app, { platform: 'webex-connect', seed: 2 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    const line = call.print().split('\n').find((l) => l.includes('♪'))!
    expect(line).toMatch(/♪ "(Please hold\. )+Please…" \(26,012 characters\)$/)
    expect(line.length).toBeLessThan(560)
    expect(call.prompts[0]).toBe(LONG)
    expect(call).toHavePlayed('Press 1 now.')
    const failure = messageOf(() => expect(call).toHavePlayed('Press 2 now.'))
    expect(failure).toContain('Prompts heard:\n  • "Please hold. ')
    expect(failure.length).toBeLessThan(3_000)
  })
})
