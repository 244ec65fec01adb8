/**
 * validate('8x8', …) reports a playFile URL that names another format than mp3 or wav (`.ogg`) as a
 * call does: rule 8x8/file-extension, inferred, a warning by default (8x8 documents "mp3 or wav",
 * not how it tells a file's format). Measured before (audit h179): validate() found nothing in
 * such a callflow, VCA answer or action, while the call warned on it (playfile-extension.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { validate } from '../../../src/index.js'

const OGG = 'https://cdn.example.com/hold-music.ogg'
const makeCall = { action: 'makeCall', params: { source: '+6512345678', destination: '+6587654321' } }
const play = (fileUrl: string) => ({ action: 'playFile', params: { fileUrl } })
const SAID = `${OGG} ends in .ogg, not .mp3 or .wav: 8x8 plays mp3 or wav files, so it most likely cannot play this one (callspec's inference;`

describe("validate('8x8'): a playFile URL naming another format (8x8/file-extension, inferred)", () => {
  it('warns in a Send Callflow body, a VCA answer and one action, the callflow still accepted', async () => {
    const callflow = await validate('8x8', 'callflow', { callflow: [makeCall, play(OGG)] })
    expect(callflow).toMatchObject({ ok: true, issues: [{ path: 'callflow[1].params.fileUrl', rule: '8x8/file-extension', level: 'warn', evidence: 'inferred' }] })
    expect(callflow.issues[0]!.message).toBe(`${SAID} a strict run ends the session with -2006 Unable to download file for playback)`)
    expect(callflow.vendorError).toBeUndefined()
    expect(await validate('8x8', 'vca-response', { callflow: [play(OGG)] })).toMatchObject({ ok: true, issues: [{ path: 'callflow[0].params.fileUrl', rule: '8x8/file-extension' }] })
    expect(await validate('8x8', 'action', play(OGG))).toMatchObject({ ok: true, issues: [{ path: 'params.fileUrl', rule: '8x8/file-extension' }] })
  })

  it('fails under strict, with no Send Callflow answer (8x8 accepts it; the session ends with -2006), and off says nothing', async () => {
    const strict = await validate('8x8', 'callflow', { callflow: [makeCall, play(OGG)] }, { strict: true })
    expect(strict).toMatchObject({ ok: false, issues: [{ rule: '8x8/file-extension', level: 'error' }] })
    expect(strict.issues[0]!.message).toBe(`${SAID} at error the session ends with -2006 Unable to download file for playback)`)
    expect(strict.vendorError).toBeUndefined()
    expect(await validate('8x8', 'callflow', { callflow: [makeCall, play(OGG)] }, { rules: { '8x8/file-extension': 'off' } })).toEqual({ ok: true, issues: [] })
  })

  it('mp3, WAV, no extension and an unknown one say nothing', async () => {
    for (const url of ['https://cdn.example.com/a.mp3', 'https://cdn.example.com/a.WAV', 'https://cdn.example.com/audio?id=7', 'https://cdn.example.com/play.php']) {
      expect(await validate('8x8', 'callflow', { callflow: [makeCall, play(url)] })).toEqual({ ok: true, issues: [] })
    }
  })
})
