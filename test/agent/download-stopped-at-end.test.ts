/**
 * 8x8 under callspec/agent: the caller hangs up while the platform downloads a playFile the app's
 * file route holds on real I/O (a query to another process). As in the test's process and by URL
 * (test/drivers/8x8/download-while-hang-up-due.test.ts), the download is stopped at the call's end,
 * not waited out. Measured before (audit h170): the file route holding 3 s, the caller hanging up
 * at 1 s, the call took 3.4 s of real time and noted "the download of … ended after the call
 * ended"; with a 5 s query, 5.8 s. A file on a timer of the app's is not stopped: the timer fires
 * first, in no real time, as in the test's process.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent, queryServer } from './spawn-app.js'
import { lines } from '../helpers/held-answer-calls.js'

describe('8x8 under callspec/agent: the caller hangs up at 1 s while a playFile download is held', () => {
  const env = appUnderAgent('8x8', 'test/agent/fixtures/real-io-app.mjs')
  const port = queryServer(5_000)

  it("on the app's own 3 s timer: the timer fires after the end, in no real time, and the download ends then", async () => {
    await fetch(`${env.app.url}/log`)
    const started = performance.now()
    const call = await callTo(env.app.url, { platform: '8x8', webhookPath: '/8x8-file/timer/3000', api: env.platform, appClock: env.agent, seed: 1 })
      .expectAction('playFile')
      .staySilent(1000)
      .hangUp()
    const realMs = performance.now() - started
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(lines(call.transcript.entries).map((line) => line.replace(/:\d+\/hold/, ':<port>/hold')).slice(4)).toEqual([
      '1000 → SESSION_SUMMARY',
      '3000 · app timer 3 s → its answer to GET http://127.0.0.1:<port>/hold/timer/3000.wav',
      '3000 · the download of http://127.0.0.1:<port>/hold/timer/3000.wav ended after the call ended: nothing is played',
    ])
    // The 3 s are the app's timer's, virtual: 0.9 s measured, the agent's first call included.
    expect(realMs).toBeLessThan(2_000)
    expect(await (await fetch(`${env.app.url}/log`)).json()).toEqual(['download at 0', 'served at 3'])
  }, 20_000)

  // Run last: the app's handler still awaits its query after the test (5 s), as in production.
  it('on a 5 s query: the call ends by the caller, the download is stopped then, and only the 2 s the app\'s own query is waited for', async () => {
    await fetch(`${env.app.url}/log`)
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    const started = performance.now()
    const call = await callTo(env.app.url, { platform: '8x8', webhookPath: `/8x8-file/query/${port()}`, api: env.platform, appClock: env.agent, seed: 1 })
      .expectAction('playFile')
      .staySilent(1000)
      .hangUp()
    const realMs = performance.now() - started
    await sleep(20)
    process.off('unhandledRejection', onRejection)
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['playFile'])
    expect(lines(call.transcript.entries).map((line) => line.replace(/:\d+\/hold\/query\/\d+/, ':<port>/hold/query/<port>'))).toEqual([
      '0 → CALL_ACTION',
      '← playFile',
      '0 ☎ stays silent for 1.0 s',
      '1000 ☎ hangs up',
      '1000 → SESSION_SUMMARY',
      '1000 · the download of http://127.0.0.1:<port>/hold/query/<port>.wav was still under way when the call ended, and callspec stopped it: nothing is played',
    ])
    expect(call.print()).not.toContain('-2006')
    // 1 s of silence (real: the download holds the call on the app's real I/O), then the end's wait
    // on the app's own query, bounded at 2 s from when it was sent (its reply patience, as in the
    // test's process): 2.0 s measured, where the 5 s download was waited out (5.4 s).
    expect(realMs).toBeLessThan(3_500)
    expect(rejections).toEqual([])
    // The app's handler ran on, as in production; it heard of the download's end only as a closed connection.
    expect(await (await fetch(`${env.app.url}/log`)).json()).toEqual(['download at 0'])
  }, 20_000)
})
