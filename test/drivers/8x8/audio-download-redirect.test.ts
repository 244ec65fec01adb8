/**
 * An 8x8 playFile the app answers with a redirect (a versioned file, a signed URL). 8x8 documents
 * nothing about redirects on a download; a media fetcher most plausibly follows them, so callspec
 * does, up to 5, and says where an outcome rests on that inference. Before (audit h154 G11): a
 * 302 to /static/hold-v2.wav on the same host ended "8x8 ended the session with ERROR -2006
 * (Unable to download file for playback): GET http://localhost/hold.wav answered HTTP 302.", said
 * as 8x8's, with no word of inference.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { silentWav } from '../../helpers/silent-wav.js'


/** Plays http://localhost/hold.wav, which `/hold.wav` redirects to `to`, then hangs up. */
const app = (to: string) =>
  express()
    .use(express.json())
    .get('/hold.wav', (_req, res) => res.redirect(302, to))
    .get('/loop.wav', (_req, res) => res.redirect(302, '/hold.wav'))
    .get('/r/:n.wav', (req, res) => res.redirect(302, `/r/${Number(req.params.n) + 1}.wav`))
    .get('/static/hold-v2.wav', (_req, res) => void res.type('audio/wav').send(silentWav()))
    .post('/8x8/vca', (_req, res) => void res.json({ callflow: [{ action: 'playFile', params: { fileUrl: 'http://localhost/hold.wav' } }, { action: 'hangup' }] }))
    .post('/8x8/vss', (_req, res) => void res.sendStatus(200))

const play = (to: string) => callTo(app(to), { platform: '8x8', seed: 4 }).expectAction('playFile').expectAction('hangup').expectHangup()
const INFERRED = "8x8 documents nothing about redirects on a download: that callspec follows them, up to 5, is its inference"

// A download's failure comes in the step after the one that saw the playFile: the download starts
// at the playFile's instant, as a platform timer (audit-154 G1), so it is expectAction('hangup')'s.
describe('an 8x8 playFile the app redirects', () => {
  it('to another path on the same host: followed, and the file plays, the transcript saying it is inferred', async () => {
    const call = await play('/static/hold-v2.wav')
    expect(call.warnings).toEqual([])
    expect(call.print()).toContain(`· GET http://localhost/hold.wav answered HTTP 302 to http://localhost/static/hold-v2.wav: followed (${INFERRED})`)
    expect(call.print()).toContain('· downloaded http://localhost/static/hold-v2.wav (audio/wav)')
    expect(call.print()).toContain('♪ "http://localhost/hold.wav"')
  })

  it("to another of the app's hosts (127.0.0.1): followed there", async () => {
    const call = await play('http://127.0.0.1/static/hold-v2.wav')
    expect(call.print()).toContain('· downloaded http://127.0.0.1/static/hold-v2.wav (audio/wav)')
  })

  it('off the app (a CDN): not fetched, as a file off the app, and it plays', async () => {
    const call = await play('https://cdn.example.com/hold-v2.wav')
    expect(call.warnings).toEqual([])
    expect(call.print()).toContain('https://cdn.example.com/hold-v2.wav not fetched: callspec reaches only the app under test')
  })

  it('to a 404: -2006, naming the chain, and the inference it rests on', async () => {
    const error = await failureOf(play('/static/gone.wav'))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('hangup'): 8x8 ended the session with ERROR -2006 (Unable to download file for playback): " +
        `GET http://localhost/hold.wav → http://localhost/static/gone.wav answered HTTP 404 (${INFERRED}).`,
    )
  })

  it('more than 5 times: -2006, naming the chain, and the inference it rests on', async () => {
    const error = await failureOf(play('/r/1.wav'))
    const chain = ['http://localhost/hold.wav', ...[1, 2, 3, 4, 5, 6].map((n) => `http://localhost/r/${n}.wav`)].join(' → ')
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('hangup'): 8x8 ended the session with ERROR -2006 (Unable to download file for playback): " +
        `GET http://localhost/hold.wav redirects more than 5 times: ${chain} (${INFERRED}).`,
    )
  })

  it('in a loop: -2006, naming the loop, and the inference it rests on', async () => {
    const error = await failureOf(play('/loop.wav'))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('hangup'): 8x8 ended the session with ERROR -2006 (Unable to download file for playback): " +
        `GET http://localhost/hold.wav redirects in a loop: http://localhost/hold.wav → http://localhost/loop.wav → http://localhost/hold.wav, so no file comes (${INFERRED}).`,
    )
  })
})
