/**
 * Shapes Voxology documents loosely are not failed as if documented: a PLAY url that is not
 * absolute (the docs say "string URL", nothing of relative ones) and a make-call timeout under 1
 * (the docs say "integer", no bounds) are inferred rules that warn; comments, "allowed and
 * ignored", may be any JSON value.
 */
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const hangup = { type: 'HANGUP' }
const play = (url: string) => ({ type: 'PLAY', params: { url } })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a relative PLAY url (rule voxology/play-url, inferred)', () => {
  const TAG = 'rule voxology/play-url'
  const SOURCE = 'inferred: the docs and tutorials show only absolute PLAY urls (S3), and say nothing of relative ones'
  const app = () => scriptApp({ '/': serve([play('/audio/welcome.mp3'), hangup]) }).app

  it('plays it as written, with a warning that quotes it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(app(), { platform: 'voxology' }).expectAction('PLAY', { params: { url: '/audio/welcome.mp3' } }).expectHangup()
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: PLAY url "/audio/welcome.mp3" is not an absolute http(s) URL: Voxology's docs and tutorials show only absolute URLs, so the real platform may not fetch it; ` +
        `callspec plays it as written (3 s, or vendor.audioDurationsMs) at actions[0].params.url; write an absolute URL (${TAG}, inferred)`,
    ])
  })

  it('fails under strict with the rule\'s tag', async () => {
    const error = await failureOf(callTo(app(), { platform: 'voxology', strict: true }).expectAction('PLAY'))
    expect(error.message).toContain('✖ PLAY url "/audio/welcome.mp3" is not an absolute http(s) URL')
    expect(error.message).toContain(`→ ${TAG} (${SOURCE})`)
    expect(error.message).not.toContain('vendor.resolveUrl')
  })

  it('a PLAY with no url still fails under the documented schema', async () => {
    const error = await failureOf(callTo(scriptApp({ '/': serve([{ type: 'PLAY', params: {} }, hangup]) }).app, { platform: 'voxology' }).expectAction('PLAY'))
    expect(error.message).toContain('PLAY has no params.url: it needs an absolute http(s) URL')
    expect(error.message).toContain('rule voxology/action-schema')
  })
})

describe('comments are "allowed and ignored": any JSON value', () => {
  it('an array of lines, or an object, on the script and its actions', async () => {
    const answer = { comments: ['Greets the caller', 'v2'], actions: [{ type: 'SAY', comments: ['Greets the caller', 'v2'], comment: { by: 'ops' }, params: { text: 'Hello.' } }, hangup] }
    const call = await callTo(scriptApp({ '/': (cb) => (cb.type === 'call_end' ? undefined : answer) }).app, { platform: 'voxology', strict: true }).expectAction('SAY').expectHangup()
    expect(call.warnings).toEqual([])
    expect(call.prompts).toEqual(['Hello.'])
  })
})

describe('a make-call timeout under 1 (rule voxology/make-call-bounds, inferred)', () => {
  const TAG = 'rule voxology/make-call-bounds'
  const SOURCE = 'inferred: the docs give make-call timeout and max_call_time as integers, with no bounds'
  const app = express()
  app.use(express.json())
  const placed: Array<{ status: number; json: unknown }> = []
  app.post('/call', async (_req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: '+14155550140', caller_id_no: '+17145550199' }, timeout: 0 }),
    })
    placed.push({ status: r.status, json: await r.json() })
    res.status(r.status === 200 ? 201 : 502).end()
  })
  app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [{ type: 'SAY', params: { text: 'Hi.' } }, hangup] }) : res.status(204).end()))
  const start = (a: { fetch: (p: string, i: object) => Promise<unknown> }) => a.fetch('/call', { method: 'POST', body: {} })

  it('places the call, rings for the default 30 s, with a warning', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(app, { platform: 'voxology' }).startedBy(start).answeredBy('no-answer').expectHangup()
    expect(placed.at(-1)!.status).toBe(200)
    expect(call.end).toMatchObject({ reason: 'no answer within 30 s', at: 30_000 })
    expect(call.warnings).toEqual([
      `the app's make-call request: timeout 0 is under 1: Voxology documents an integer and no bounds, so callspec ignores it and the default ring timeout (30 s) applies at timeout; write a positive value, or leave it out (${TAG}, inferred)`,
    ])
  })

  it('answers 400 under strict, with the rule\'s tag', async () => {
    const error = await failureOf(callTo(app, { platform: 'voxology', strict: true }).startedBy(start).expectAction('SAY'))
    expect(placed.at(-1)).toEqual({ status: 400, json: { error: 'invalid_request', message: 'timeout: timeout 0 is under 1: Voxology documents an integer and no bounds' } })
    expect(error.message).toContain(`→ ${TAG} (${SOURCE})`)
  })
})
