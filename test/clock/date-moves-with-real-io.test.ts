/**
 * The call's clock, and so the app's `Date.now()` and `performance.now()`, moves on with the real
 * time the app's real I/O held it, as production's runs on through the wait (audit-136 F07). Before,
 * it stood still: an EnableX app that times its CRM lookup with `Date.now()` read 0 ms for a 1.5 s
 * lookup in another process and greeted "Hello Ann.", where production reads ~1500 ms and
 * apologises for the wait. A hold of 50 ms or less (the host's jitter, as the answer's deadline
 * reads it) moves nothing, so an app with fast I/O prints the same transcript every run.
 */
import express from 'express'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { realNow, realTimers } from '../../src/clock/real-timers.js'

/** A CRM in a process of its own that answers `/<ms>` with `{"name":"Ann"}` after that many ms of real time. */
const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('{"name":"Ann"}'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)

/**
 * How far short of the lookup's real time the app's read may fall: a stretch of the wait that is
 * not a look at the I/O (the app's own turns between) counts only past APP_WORK_MS, 50 ms.
 */
const TOLERANCE_MS = 60

/**
 * The same past the 2 s callspec waits on a request, where the request paces the call: there, more
 * goes uncounted on a loaded machine (61-81 ms at load ~6; where, not traced yet).
 */
const PACED_TOLERANCE_MS = 110

/** Queries the last test makes, each with the thread blocked across its reply: enough that a read short of it shows in almost every run. */
const QUERIES = 10

/** The CRM asked over a connection of the app's own, as a database driver asks (no HTTP client): resolves on its reply. */
function rawQuery(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(crm.port(), '127.0.0.1', () => socket.write(`GET /${ms} HTTP/1.1\r\nhost: crm\r\nconnection: close\r\n\r\n`))
    socket.on('data', () => {
      socket.destroy()
      resolve()
    })
    socket.on('error', reject)
  })
}

const auth = 'Basic ' + Buffer.from('my-app-id:my-app-key').toString('base64')
const enablex = (method: string, path: string, body?: unknown) =>
  fetch(`https://api.enablex.io/voice/v1${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })

/** What the app read of its lookup on its clock (`date`, `perf`), and how long it really took (`real`). */
interface Read {
  date?: number
  perf?: number
  real?: number
}

/**
 * The audit's app: times its CRM lookup (`lookupMs` of real time) with Date.now() and performance.now(), and apologises past 1 s.
 * `whileInFlight`: run as the lookup is sent.
 */
function timedLookupApp(lookupMs: number, read: Read, answersFirst = true, whileInFlight?: () => void) {
  const app = express()
  app.use(express.json())
  app.post('/event', async (req, res) => {
    if (answersFirst) res.sendStatus(200)
    const { voice_id: id, state, playstate } = req.body as { voice_id: string; state?: string; playstate?: string }
    if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
    if (state === 'connected') {
      const t0 = Date.now()
      const p0 = performance.now()
      const r0 = realNow()
      whileInFlight?.()
      const { name } = (await (await fetch(`http://127.0.0.1:${crm.port()}/${lookupMs}`)).json()) as { name: string }
      const took = Date.now() - t0
      read.real = realNow() - r0
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
    const read: Read = {}
    const call = await callTo(timedLookupApp(1_500, read), { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Sorry for the wait, Ann.')
    expect(read.date).toBeGreaterThanOrEqual(1_400)
    expect(read.date).toBeLessThan(2_500)
    expect(read.perf).toBeGreaterThanOrEqual(1_400)
    // All of it, as production reads it: callspec's looks at the I/O, every 2 ms, count the real
    // time between them, their own included. Counted from after each look's catch-up, it read
    // ~90%: 1,467 ms for a lookup that took 1,572.
    expect(read.date).toBeGreaterThanOrEqual(read.real! - TOLERANCE_MS)
    // The play is placed at the later instant, where production sends it: after the lookup.
    const play = call.actions.find((a) => a.name === 'play')!
    const connected = call.transcript.entries.find((e) => 'name' in e && e.name === 'connected') as { at: number }
    expect(play.at - connected.at).toBeGreaterThanOrEqual(1_400)
    expect(play.at - connected.at).toBeLessThan(2_500)
  }, 15_000)

  it('the same lookup awaited before the app answers the webhook: the app apologises, and plays at ~1.5 s', async () => {
    const read: Read = {}
    const call = await callTo(timedLookupApp(1_500, read, false), { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Sorry for the wait, Ann.')
    expect(read.date).toBeGreaterThanOrEqual(1_400)
    expect(read.date).toBeLessThan(2_500)
    expect(read.date).toBeGreaterThanOrEqual(read.real! - TOLERANCE_MS)
    const play = call.actions.find((a) => a.name === 'play')!
    expect(play.at).toBeGreaterThanOrEqual(1_400)
    expect(play.at).toBeLessThan(2_500)
  }, 15_000)

  it('a 3.5 s lookup, past the 2 s callspec waits on a request, beside a 1 s heartbeat: the app reads all of it too', async () => {
    // Past 2 s the call is paced by the request (the heartbeat fires at its instants meanwhile),
    // looked at by other code than before: the same count from where the last look had counted to.
    // Before, it read 120-157 ms short of the real time (3,354-3,389 ms for ~3,510, 4 runs, idle
    // machine); now 13-24 ms idle, and 61-81 ms at load ~6 (PACED_TOLERANCE_MS).
    const read: Read = {}
    let beat: ReturnType<typeof setInterval> | undefined
    const heartbeat = () => {
      beat = setInterval(() => {}, 1_000)
    }
    const call = await callTo(timedLookupApp(3_500, read, true, heartbeat), { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    clearInterval(beat)
    expect(call).toHavePlayed('Sorry for the wait, Ann.')
    expect(read.date).toBeGreaterThanOrEqual(read.real! - PACED_TOLERANCE_MS)
    expect(read.date).toBeLessThan(4_500)
  }, 15_000)

  it("the thread kept from running as the answer came (a loaded host): the app's read, before callspec looks again, counts that time too", async () => {
    // The test's own real timer blocks the thread for 400 ms across the CRM's answer at 1.5 s, as
    // a loaded host's preemption does: production's clock runs on through it. Before, callspec's
    // looks at the I/O counted from the end of each catch-up, not from where they had counted to,
    // ~90% of the real time held, and the look that found the answer in counted none of its
    // stretch: with the thread blocked 250 ms at 1.45 s, the app read 1,368-1,375 ms (4 runs of 6)
    // for a lookup that took ~1,700 ms.
    const read: Read = {}
    const block = () => {
      realTimers.setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400), 1_300)
    }
    const call = await callTo(timedLookupApp(1_500, read, true, block), { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Sorry for the wait, Ann.')
    expect(read.real).toBeGreaterThanOrEqual(1_650)
    expect(read.date).toBeGreaterThanOrEqual(read.real! - TOLERANCE_MS)
    expect(read.date).toBeLessThan(2_500)
    // The play stands where the app sent it: at or after what it read.
    const play = call.actions.find((a) => a.name === 'play')!
    const connected = call.transcript.entries.find((e) => 'name' in e && e.name === 'connected') as { at: number }
    expect(play.at - connected.at).toBeGreaterThanOrEqual(read.date!)
  }, 15_000)

  it("a query over the app's own connection (a database driver's): the app's read as the reply comes stands there, the thread blocked or not", async () => {
    // The app's own socket, no HTTP client: callspec sees its reply as Node hands the socket its
    // bytes. The test blocks the thread 150 ms across each reply, from an immediate queued after
    // callspec's own (its look at the I/O is one of those turns, or a 1 ms timer): the reply and the
    // next look are then both due, and Node reads the socket first. Moved only at the look, the
    // clock read where the look before the block had left it: 1 or 2 queries of the 10 read 150 ms
    // short, in 3 runs of 3.
    const shortfalls: number[] = []
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const { voice_id: id, state, playstate } = req.body as { voice_id: string; state?: string; playstate?: string }
      if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
      if (state === 'connected') {
        for (let i = 0; i < QUERIES; i++) {
          realTimers.setTimeout(() => realTimers.setImmediate(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150)), 120)
          const t0 = Date.now()
          const r0 = realNow()
          await rawQuery(200)
          shortfalls.push(Math.round(realNow() - r0 - (Date.now() - t0)))
        }
        await enablex('PUT', `/call/${id}/play`, { text: 'Hello Ann.', voice: 'female', language: 'en-US', prompt_ref: 'hi' })
      }
      if (playstate === 'playfinished') await enablex('DELETE', `/call/${id}`)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Hello Ann.')
    expect(shortfalls).toHaveLength(QUERIES)
    expect(shortfalls.filter((ms) => ms > TOLERANCE_MS)).toEqual([])
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
