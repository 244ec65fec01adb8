/**
 * EnableX reads nothing from an event's answer (its app drives the call through the REST API), so
 * the caller's keys never wait behind an acknowledgement the app still holds: a `.pressDigits()`
 * step whose key is due while the app's handler for `connected` awaits 3 s before its 200 (an
 * audit write, after it asked for the menu's prompt) types at its own instant. Measured before:
 * the step could not begin until the acknowledgement came, so the key went in at 3.3 s, not 2.3 s
 * (after the 2 s prompt), and a key barging in at 0.3 s went in at 3.3 s, after the prompt had
 * played out. By URL, the prompt asked for before a 3 s acknowledgement ended after it, in real time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { enablexMenuAckedLate, lines } from '../../helpers/held-answer-calls.js'
import { serviceProcess } from '../../helpers/service-process.js'

describe('EnableX: keys go out at their instants while the app holds an acknowledgement', () => {
  it('in process: a key after the 2 s prompt goes in at 2.3 s, though the app acknowledges connected 3 s in', async () => {
    const { app, digits } = enablexMenuAckedLate(3000)
    const call = await callTo(app, { platform: 'enablex', seed: 1 }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 8)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '2000 → playfinished', '2300 ☎ presses 1', '3000 · app timer 3 s → its answer to connected', '4300 → digitcollected'])
    expect(digits).toEqual(['1'])
    expect(call.end).toMatchObject({ by: 'app', at: 4300 })
    expect(call.warnings).toEqual([])
  })

  it('in process: a key barging in at 0.3 s cuts the prompt then', async () => {
    const { app, digits } = enablexMenuAckedLate(3000)
    const call = await callTo(app, { platform: 'enablex', seed: 1 }).expectAction('accept').expectAction('play').pressDigits('1', { bargeIn: true }).expectAction('hangup')
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 6)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '300 ☎ presses 1 (bargeIn)', '300 → playfinished'])
    expect(text).toContain('2300 → digitcollected')
    expect(digits).toEqual(['1'])
    expect(call.end).toMatchObject({ by: 'app', at: 2300 })
  })
})

describe('EnableX: a key while an app reached by URL holds its acknowledgement', () => {
  // The same menu in another process: POST /<apiPort>/event; connected's 200 after 3 s of real
  // time. GET /log: what it got, and when (real ms since connected).
  const app = serviceProcess(`
    let log = [], t0 = 0
    const http = require('node:http')
    const auth = 'Basic ' + Buffer.from('app-id:app-key').toString('base64')
    const api = (base, method, path, body) => new Promise((resolve) => {
      const req = http.request(base + '/voice/v1' + path, { method, headers: { authorization: auth, 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) })
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })
    http.createServer((q, s) => {
      if (q.method === 'GET') { s.setHeader('content-type', 'application/json'); return s.end(JSON.stringify(log.splice(0))) }
      let b = ''
      q.on('data', (c) => (b += c))
      q.on('end', async () => {
        const base = 'http://127.0.0.1:' + q.url.split('/')[1]
        const { voice_id: id, state, playstate } = JSON.parse(b)
        if (state === 'connected') t0 = performance.now()
        const note = (what) => log.push({ what, ms: Math.round(performance.now() - t0) })
        note(playstate || state)
        if (state === 'incomingcall') { await api(base, 'PUT', '/call/' + id + '/accept'); return void s.end() }
        if (state === 'connected') {
          await api(base, 'PUT', '/call/' + id + '/play', { text: 'Say or press a department.', voice: 'female', language: 'en-US', dtmf: true, prompt_ref: 'menu' })
          await new Promise((resolve) => setTimeout(resolve, 3000))
          note('acked connected')
          return void s.end()
        }
        s.end()
        if (playstate === 'digitcollected') await api(base, 'DELETE', '/call/' + id)
      })
    }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
  `)
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('enablex')
  })
  afterAll(() => platform?.close())

  it('the 2 s prompt ends, and playfinished reaches the app, before it acknowledges connected 3 s in; the key after it goes in at 2.3 s', async () => {
    const url = `http://127.0.0.1:${app.port()}/${new URL(platform.url).port}/event`
    const call = await callTo(url, { platform: 'enablex', api: platform, seed: 1, warnings: 'silent' }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 6)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '2000 → playfinished', '2300 ☎ presses 1'])
    const got = (await (await fetch(`http://127.0.0.1:${app.port()}/log`)).json()) as Array<{ what: string; ms: number }>
    // In real time as on the call's clock: playfinished at 2 s, before the ack at 3 s. Measured
    // before: by URL the app got playfinished after its ack (the wait took no note of its play).
    expect(got.map((g) => g.what)).toEqual(['incomingcall', 'connected', 'playfinished', 'acked connected', 'digitcollected', 'disconnected'])
    expect(got[2]!.ms).toBeGreaterThan(1_800)
    expect(got[2]!.ms).toBeLessThan(2_800)
  }, 20_000)
})
