/**
 * An 8x8 app that serves its own playFile audio and renders it on a timer of its own (a TTS
 * render, `await sleep(ms)` in the route). callspec downloads the file from the app while the
 * call's clock runs, as a webhook's wait does. Before (audit-107 #2), a GET the app routed at once
 * set its timer before callspec's wait looked at the app's timers: taken for an older one, a
 * render over the 4 s patience was never fired, the download failed after ~3.5 s of real time with
 * "the app never answered", and the call ended with 8x8's -2006 at 0.0 s, as if 8x8 documented a
 * download deadline. 8x8 documents none: the wait is callspec's inference, rule 8x8/answer-in-time.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { silentWav } from '../../helpers/silent-wav.js'


/** Plays its greeting, rendered in `renderMs` on its own timer, then hangs up. */
const app = (renderMs: number) =>
  express()
    .use(express.json())
    .get('/audio/hello.wav', async (_req, res) => {
      await sleep(renderMs)
      res.type('audio/wav').send(silentWav(2_000))
    })
    .post('/8x8/vca', (req, res) => {
      const { callStatus } = (req.body as { payload: { callStatus: string } }).payload
      if (callStatus === 'CALL_RECEIVED') return void res.json({ callflow: [{ action: 'playFile', params: { fileUrl: 'http://localhost/audio/hello.wav' } }, { action: 'hangup' }] })
      res.json({ callflow: [{ action: 'hangup' }] })
    })
    .post('/8x8/vss', (_req, res) => void res.sendStatus(200))

const play = (renderMs: number, options: { strict?: boolean } = {}) =>
  callTo(app(renderMs), { platform: '8x8', seed: 4, ...options }).expectAction('playFile').expectAction('hangup').expectHangup()

describe('an 8x8 playFile the app renders on its own timer', () => {
  it('in 500 ms: downloaded at virtual +500 ms, no warning', async () => {
    const call = await play(500)
    expect(call.print()).toContain('app timer 500 ms → its answer to GET http://localhost/audio/hello.wav')
    expect(call.warnings).toEqual([])
  })

  it("in 5 s, past the 4 s callspec assumes: the app's timer fires, the file plays, with a warning of the inferred rule, in little real time", async () => {
    const started = performance.now()
    const call = await play(5_000)
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(call.print()).toContain('app timer 5 s → its answer to GET http://localhost/audio/hello.wav')
    expect(call.warnings).toEqual([
      'turn 1: the app answered GET http://localhost/audio/hello.wav 5 s (virtual) after it was sent, held back by its own timer: longer than the 4 s callspec assumes the platform waits (the vendor documents no request timeout: 4 s is callspec\'s default; a limits.responseTimeoutMs you set is taken as it, and is callspec\'s wait too) (rule 8x8/answer-in-time, inferred)',
    ])
  })

  it("in 5 s under strict: fails by the inferred rule, said to be callspec's, not as a session error 8x8 documents", async () => {
    const failure = await play(5_000, { strict: true }).then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    )
    expect(failure).toContain("callspec failed the call by a rule it inferred, not one 8x8 documents: 8x8/answer-in-time")
    expect(failure).toContain('the app answered GET http://localhost/audio/hello.wav 5 s (virtual) after it was sent, held back by its own timer')
    expect(failure).not.toContain('8x8 ended the session')
    expect(failure).not.toContain('the app never answered')
  })
})
