/**
 * The call's clock, and so the app's `Date.now()` and `performance.now()`, moves on with the real
 * time the app's real I/O held it, as production's runs on through the wait (audit-136 F07). Before,
 * it stood still: an EnableX app that times its CRM lookup with `Date.now()` read 0 ms for a 1.5 s
 * lookup in another process and greeted "Hello Ann.", where production reads ~1500 ms and
 * apologises for the wait. A hold of 50 ms or less (the host's jitter, as the answer's deadline
 * reads it) moves nothing, so an app with fast I/O prints the same transcript every run.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'

/** A CRM in a process of its own that answers `/<ms>` with `{"name":"Ann"}` after that many ms of real time. */
const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('{"name":"Ann"}'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)

const auth = 'Basic ' + Buffer.from('my-app-id:my-app-key').toString('base64')
const enablex = (method: string, path: string, body?: unknown) =>
  fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })

/** The audit's app: times its CRM lookup (`lookupMs` of real time) with Date.now() and performance.now(), and apologises past 1 s. */
function timedLookupApp(lookupMs: number, read: { date?: number; perf?: number }, answersFirst = true) {
  const app = express()
  app.use(express.json())
  app.post('/event', async (req, res) => {
    if (answersFirst) res.sendStatus(200)
    const { voice_id: id, state, playstate } = req.body as { voice_id: string; state?: string; playstate?: string }
    if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
    if (state === 'connected') {
      const t0 = Date.now()
      const p0 = performance.now()
      const { name } = (await (await fetch(`http://127.0.0.1:${crm.port()}/${lookupMs}`)).json()) as { name: string }
      const took = Date.now() - t0
      read.date = took
      read.perf = performance.now() - p0
      await enablex('PUT', `/call/${id}/play`, { text: took > 1000 ? `Sorry for the wait, ${name}.` : `Hello ${name}.`, voice: 'female', language: 'en-US', prompt_ref: 'hi' })
    }
    if (playstate === 'playfinished') await enablex('DELETE', `/call/${id}`)
    if (!answersFirst) res.sendStatus(200)
  })
  return app
}

describe("the app's Date moves with the real time its I/O held the call (audit-136 F07)", () => {
  it('a 1.5 s CRM lookup in another process reads ~1.5 s on Date.now(): the app apologises, and plays at ~1.5 s', async () => {
    const read: { date?: number; perf?: number } = {}
    const call = await callTo(timedLookupApp(1_500, read), { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Sorry for the wait, Ann.')
    expect(read.date).toBeGreaterThanOrEqual(1_400)
    expect(read.date).toBeLessThan(2_500)
    expect(read.perf).toBeGreaterThanOrEqual(1_400)
    // The play is placed at the later instant, where production sends it: after the lookup.
    const play = call.actions.find((a) => a.name === 'play')!
    const connected = call.transcript.entries.find((e) => 'name' in e && e.name === 'connected') as { at: number }
    expect(play.at - connected.at).toBeGreaterThanOrEqual(1_400)
    expect(play.at - connected.at).toBeLessThan(2_500)
  }, 15_000)

  it('the same lookup awaited before the app answers the webhook: the app apologises, and plays at ~1.5 s', async () => {
    const read: { date?: number } = {}
    const call = await callTo(timedLookupApp(1_500, read, false), { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Sorry for the wait, Ann.')
    expect(read.date).toBeGreaterThanOrEqual(1_400)
    expect(read.date).toBeLessThan(2_500)
    const play = call.actions.find((a) => a.name === 'play')!
    expect(play.at).toBeGreaterThanOrEqual(1_400)
    expect(play.at).toBeLessThan(2_500)
  }, 15_000)

  it('a 5 ms lookup moves nothing: Date.now() reads 0 ms and the transcript is the same every run', async () => {
    const prints: string[] = []
    for (let i = 0; i < 3; i++) {
      const read: { date?: number } = {}
      const call = await callTo(timedLookupApp(5, read), { platform: 'enablex', seed: 7 }).expectAction('accept').expectAction('play').expectAction('hangup')
      expect(call).toHavePlayed('Hello Ann.')
      expect(read.date).toBe(0)
      prints.push(call.print())
    }
    expect(new Set(prints).size).toBe(1)
  }, 15_000)
})
