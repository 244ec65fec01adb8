/**
 * audit h131 finding 06: 8x8 plays mp3 or wav files (playFile, fileUrl: "mp3 or wav"). A file off
 * the app is not fetched (callspec reaches only the app under test), so nothing about it was
 * checked, not even a URL that names another format (`.ogg`). Such a URL is now the inferred rule
 * 8x8/file-extension: a warning by default (the file plays unchecked, as before), -2006 under strict,
 * said to be callspec's inference. Nothing is fetched either way. Over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup } from './apps.js'

const OGG = 'https://cdn.example.com/hold-music.ogg'
const playing = (fileUrl: string) => eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [{ action: 'playFile', params: { fileUrl } }, hangup] } : { callflow: [hangup] }))
const inbound = (app: ReturnType<typeof playing>, options: object = {}) =>
  callTo(app.listener, { platform: '8x8', warnings: 'silent', ...options }).fromCaller('+6591178965').toNumber('+6568332048')
const INFERENCE =
  `${OGG} ends in .ogg, not .mp3 or .wav: 8x8 plays mp3 or wav files, so it most likely cannot play this one; callspec does not fetch a file off the app to tell, and plays it unchecked`

describe('a playFile URL off the app that names another format (8x8/file-extension, inferred)', () => {
  it('warns by default, leading with the inference; the file plays unfetched', async () => {
    const app = playing(OGG)
    const call = await inbound(app).expectAction('playFile').expectAction('hangup')
    expect(call.warnings).toEqual([`turn 1: ${INFERENCE} (a strict run answers -2006 Unable to download file for playback) (rule 8x8/file-extension, inferred)`])
    expect(call).toHavePlayed(OGG)
    const notes = call.transcript.entries.flatMap((e) => (e.kind === 'note' ? [e.text] : []))
    expect(notes).toContainEqual(expect.stringMatching(/^https:\/\/cdn\.example\.com\/hold-music\.ogg not fetched: callspec reaches only the app under test/))
  })

  it('fails under strict with -2006, said to be callspec\'s inference', async () => {
    const app = playing(OGG)
    const error = await failureOf(inbound(app, { strict: true }).expectAction('playFile').expectAction('hangup'))
    expect(error.message).toContain(
      `callspec failed the call by a rule it inferred, not one 8x8 documents: 8x8/file-extension, at error under strict: true (rules: { '8x8/file-extension': 'warn' } warns instead, 'off' ignores it): ${OGG} ends in .ogg, not .mp3 or .wav, so the session ends with ERROR -2006 (Unable to download file for playback), callspec's inference`,
    )
    const summary = app.received.find((r) => r.body.eventType === 'SESSION_SUMMARY')!.body.payload
    expect(summary).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2006 } })
  })

  it.each(['https://cdn.example.com/hold.mp3', 'https://cdn.example.com/hold.WAV', 'https://cdn.example.com/audio?id=7', 'https://cdn.example.com/tracks/hold'])(
    'no warning for %s (mp3, wav, or no extension to go by)',
    async (url) => {
      const call = await inbound(playing(url)).expectAction('playFile').expectAction('hangup')
      expect(call.warnings).toEqual([])
    },
  )
})
