/**
 * audit-93 #9: a Voxology script answered at 0.3 s (SAY, PLAY, HANGUP) printed the app's 1.5 s
 * guard line between its SAY and its PLAY: the platform records each of a script's actions as it
 * starts (the PLAY at 1.9 s, once the SAY has played), so `1.5s · app timer 1.5 s → nothing sent to
 * the platform` sat right above `1 ← PLAY`, and read as if the timer had sent it. The lines of one
 * answer stay together now; the timer's line keeps its own time, among what the caller heard. The
 * app is an HTTP server the call reaches over a real (in-memory) HTTP exchange.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

afterEach(() => void nock.cleanAll())

const HOLD = 'https://cdn.example.com/hold-30s.mp3'
const say = (text: string) => ({ type: 'SAY', params: { text } })

/** A VIP check raced against a 1.5 s guard, then one script: a greeting, hold music, a hang-up. */
const app = (req: IncomingMessage, res: ServerResponse) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk))
  req.on('end', () => {
    if ((JSON.parse(body) as { status?: string }).status !== 'live-in-progress') return void res.end()
    void Promise.race([
      fetch('https://crm.acme.test/vip').then(async (r) => ((await r.json()) as { vip: boolean }).vip),
      sleep(1_500).then(() => false),
    ]).then((vip) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ actions: [say(vip ? 'Welcome back, valued customer.' : 'Welcome.'), { type: 'PLAY', params: { url: HOLD } }, { type: 'HANGUP' }] }))
    })
  })
}

describe("the lines of one answer stay together, a timer's line at its own time", () => {
  it('a guard that fires while the first action of a Voxology script plays prints after the script, before what played next', async () => {
    nock('https://crm.acme.test')
      .get('/vip')
      .reply(async () => {
        await sleep(300)
        return [200, { vip: true }]
      })
    const call = await callTo(app, { platform: 'voxology', seed: 2, vendor: { audioDurationsMs: { [HOLD]: 30_000 } } })
      .expectAction('SAY')
      .expectAction('PLAY')
      .expectHangup()
    expect(call.print().split('\n')).toEqual([
      'Call (voxology, inbound +14155550100 → +14155550199, seed 2, 31.9 s virtual):',
      '  •    0.0s  1 → init_call          inbound +14155550100 ↔ +14155550199',
      '       0.3s    · mock timer 300 ms → its answer to init_call',
      '             1 ← SAY                "Welcome back, valued customer."',
      '       0.3s    ♪ "Welcome back, valued customer."',
      `             1 ← PLAY               ${HOLD}`,
      '       1.5s    · app timer 1.5 s → nothing sent to the platform',
      `       1.9s    ♪ "${HOLD}"`,
      '             1 ← HANGUP',
      '  •   31.9s  2 → call_end           POST / · completed, 31.9 s',
      '    31.9s  ■ call ended by app: HANGUP',
    ])
    // The entries themselves stay in time order: only the printed lines of the answer are kept together.
    const at = call.transcript.entries.map((e) => e.at)
    expect(at).toEqual([...at].sort((a, b) => a - b))
  })

  it('a timer line that gave the answer stays above the script; one that fired during the hold music prints after the script', async () => {
    nock('https://crm.acme.test')
      .get('/vip')
      .reply(async () => {
        await sleep(3_000)
        return [200, { vip: true }]
      })
    const call = await callTo(app, { platform: 'voxology', seed: 2, vendor: { audioDurationsMs: { [HOLD]: 30_000 } } })
      .expectAction('SAY')
      .expectAction('PLAY')
      .expectHangup()
    const lines = call.print().split('\n').slice(2, 9)
    expect(lines).toEqual([
      '       1.5s    · app timer 1.5 s → its answer to init_call',
      '             1 ← SAY                "Welcome."',
      '       1.5s    ♪ "Welcome."',
      `             1 ← PLAY               ${HOLD}`,
      `       2.1s    ♪ "${HOLD}"`,
      // Run at 32.1 s, once the hold music played: still printed with its script.
      '             1 ← HANGUP',
      '       3.0s    · mock timer 3 s → nothing sent to the platform',
    ])
  })
})
