/**
 * Voxology's docs name a callback's target as the number's configured URL "or the URL of the last
 * REDIRECT", and do not say which the final callback uses. Audit h172 F6: callspec always sent it
 * to the configured URL, with no word, so an app that stores its result where the last REDIRECT
 * pointed lost it silently. Now a transcript note says the target is callspec's reading, and
 * vendor.finalCallbackTarget chooses.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'

type Saved = { call: string; rating: string | undefined; status: string }

/** A survey: /voxology/start asks for a rating and REDIRECTs to /voxology/answer, which stores it on the final callback. */
function surveyApp(saved: Saved[], startFinals: string[]) {
  const app = express()
  app.use(express.json())
  app.post('/voxology/start', (req, res) => {
    const body = req.body as { status: string; call_id: string }
    if (body.status !== 'live-in-progress') {
      startFinals.push(body.status)
      return res.sendStatus(200)
    }
    res.json({
      actions: [
        { type: 'COLLECT', name: 'rating', actions: [{ type: 'SAY', params: { text: 'Rate us from 1 to 5.' } }], params: { num_digits: 1, timeout: 5000 } },
        { type: 'REDIRECT', params: { url: 'https://survey.example.com/voxology/answer', method: 'POST' } },
      ],
    })
  })
  const pending = new Map<string, string | undefined>()
  app.post('/voxology/answer', (req, res) => {
    const body = req.body as { status: string; call_id: string; key_presses?: Array<{ digits: string }> }
    if (body.status === 'live-in-progress') {
      pending.set(body.call_id, body.key_presses?.[0]?.digits)
      return res.json({ actions: [{ type: 'SAY', params: { text: 'Thanks. Goodbye.' } }, { type: 'HANGUP' }] })
    }
    saved.push({ call: body.call_id, rating: pending.get(body.call_id), status: body.status })
    res.sendStatus(200)
  })
  return app
}

const NOTE =
  "final callback to the number's URL /voxology/start, not to /voxology/answer of the last REDIRECT: the docs name both as a callback's target and do not say which the final one uses, so this is callspec's reading; " +
  "vendor: { finalCallbackTarget: 'last-redirect' } sends it there ('configured' keeps it here, without this note)"

const run = (app: express.Express, vendor: object = {}) =>
  callTo(app, { platform: 'voxology', webhookPath: '/voxology/start', vendor })
    .expectAction('COLLECT')
    .pressDigits('5')
    .expectAction('REDIRECT')
    .expectAction('SAY', { params: { text: 'Thanks. Goodbye.' } })
    .expectHangup()

describe('Voxology: the final callback after a REDIRECT (inferred target)', () => {
  it('goes to the configured URL by default, with a transcript note that this is callspec’s reading', async () => {
    const saved: Saved[] = []
    const startFinals: string[] = []
    const call = await run(surveyApp(saved, startFinals))
    expect(saved).toEqual([])
    expect(startFinals).toEqual(['completed'])
    expect(call.transcript.print()).toContain(NOTE)
  })

  it("goes to the last REDIRECT's URL with vendor.finalCallbackTarget 'last-redirect'", async () => {
    const saved: Saved[] = []
    const startFinals: string[] = []
    const call = await run(surveyApp(saved, startFinals), { finalCallbackTarget: 'last-redirect' })
    expect(saved).toEqual([{ call: expect.any(String), rating: '5', status: 'completed' }])
    expect(startFinals).toEqual([])
    expect(call.warnings).toEqual([])
    expect(call.transcript.print()).not.toContain('last REDIRECT')
  })

  it("'configured' says the app means the number's URL: no note", async () => {
    const call = await run(surveyApp([], []), { finalCallbackTarget: 'configured' })
    expect(call.transcript.print()).not.toContain('last REDIRECT')
  })
})
