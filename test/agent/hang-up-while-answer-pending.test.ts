/**
 * The caller hangs up while an app under callspec/agent still holds its answer to a webhook, as
 * for the same app in the test's process (test/dsl/hang-up-while-answer-pending.test.ts): the
 * caller hangs up at their own instant, the platform's hang-up webhook reaches the app beside the
 * one it holds, and the answer that comes later is noted as too late for the call, never run.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent, queryServer } from './spawn-app.js'
import { expectHungUpSecondAfterKey, hangsUpSecondAfterKey } from '../helpers/second-key-flow.js'
import { lines } from '../helpers/held-answer-calls.js'

const FIXTURE = 'test/agent/fixtures/real-io-app.mjs'

/** What the app saw during the call, and when on its own clock (seconds since the call began). */
async function appLog(url: string): Promise<string[]> {
  return (await (await fetch(`${url}/log`)).json()) as string[]
}

describe('Webex Connect: the app holds its answer to ANSWERED behind a 3 s timer', () => {
  const env = appUnderAgent('webex-connect', FIXTURE)

  it('the caller hangs up at 1 s, DROPPED reaches the app then, and the late PLAY is not run', async () => {
    const call = await callTo(`${env.app.url}/late-timer/3000`, { platform: 'webex-connect', api: env.platform, appClock: env.agent, seed: 1 })
      .expectAction('ANSWER')
      .staySilent(1000)
      .hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(call.prompts).toEqual([])
    // The app's pending handler ran on: its answer left at 3.2 s, after DROPPED came at 1 s.
    expect(await appLog(env.app.url)).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'DROPPED at 1', 'answered ANSWERED at 3.2'])
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 6)).toEqual(['0 → ACCEPTED', '← ANSWER', '0 ☎ stays silent for 1.0 s', '200 → ANSWERED', '1000 ☎ hangs up', '1000 → DROPPED'])
    expect(text).toContain(
      "3200 · the app's answer to ANSWERED (turn 2) came at 3.2 s, 2.2 s after the call ended (caller hung up): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
    expect(text).toContain('3200 · the app answered ANSWERED with PLAY: ignored, the call is over')
    expect(call.duration).toBe(1000)
  }, 20_000)
})

/**
 * The answer held on real I/O alone (a query to another process, no timer of the app's pending):
 * the agent's clock moves on with the real time it holds, and the hang-up comes when production's
 * would, as in the test's process.
 */
describe('Webex Connect: the app holds its answer to ANSWERED behind a 3 s query to another process', () => {
  const env = appUnderAgent('webex-connect', FIXTURE)
  const port = queryServer(3_000)

  it('the caller hangs up at 1 s, 0.8 s of real time after ANSWERED, DROPPED reaches the app then, and the late PLAY is not run', async () => {
    const call = await callTo(`${env.app.url}/late-query/${port()}`, { platform: 'webex-connect', api: env.platform, appClock: env.agent, seed: 1 })
      .expectAction('ANSWER')
      .staySilent(1000)
      .hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(call.prompts).toEqual([])
    const log = await appLog(env.app.url)
    // DROPPED reached the app at 1 s, while its handler still awaited the query; its answer came
    // after, once the query was in (the call's clock follows real I/O only while callspec waits
    // for it: 2 s, docs/time.md).
    expect(log.slice(0, 3)).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'DROPPED at 1'])
    expect(log[3]).toMatch(/^answered ANSWERED at (2\.\d|3\.[0-3])\d*$/)
    // In real time too: DROPPED 0.8 s after ANSWERED (not once the 3 s query was in), the answer after the query.
    const real = (await (await fetch(`${env.app.url}/real-log`)).json()) as Record<string, number>
    expect(real.DROPPED).toBeGreaterThan(600)
    expect(real.DROPPED).toBeLessThan(1_800)
    expect(real['answered ANSWERED']).toBeGreaterThan(2_900)
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 6)).toEqual(['0 → ACCEPTED', '← ANSWER', '0 ☎ stays silent for 1.0 s', '200 → ANSWERED', '1000 ☎ hangs up', '1000 → DROPPED'])
    // Noted once callspec saw the answer, a little after the app logged it: 3.4 s, 2.4 s after the
    // end, in a fresh-clone run on Node 22 with the machine slow (the app's own log said ≤ 3.3 s).
    expect(text).toContainEqual(
      expect.stringMatching(/^\d+ · the app's answer to ANSWERED \(turn 2\) came at (2\.\d|3\.[0-5]) s, (1\.\d|2\.[0-5]) s after the call ended \(caller hung up\): too late for the call\. Webex Connect runs no action/),
    )
    expect(text.some((l) => l.endsWith('the app answered ANSWERED with PLAY: ignored, the call is over'))).toBe(true)
    expect(call.duration).toBe(1000)
  }, 20_000)
})

describe("Webex Connect: the app holds its answer to the caller's key behind a 3 s query to another process", () => {
  const env = appUnderAgent('webex-connect', FIXTURE)
  const port = queryServer(3_000)

  it('pressDigits(keys).staySilent(1000).hangUp() hangs up 1 s after the key, DROPPED reaching the app about 1 s of real time after it', async () => {
    const call = await hangsUpSecondAfterKey(callTo(`${env.app.url}/late-keys/${port()}`, { platform: 'webex-connect', api: env.platform, appClock: env.agent, seed: 1 }))
    const pressed = expectHungUpSecondAfterKey(call)
    expect((await appLog(env.app.url)).slice(2, 4)).toEqual([`COLLECTED_DIGITS at ${pressed / 1000}`, `DROPPED at ${(pressed + 1000) / 1000}`])
    const real = (await (await fetch(`${env.app.url}/real-log`)).json()) as Record<string, number>
    expect(real.DROPPED).toBeGreaterThan(800)
    expect(real.DROPPED).toBeLessThan(1_800)
    expect(lines(call.transcript.entries)).toContain(`${pressed + 1000} ☎ hangs up`)
  }, 20_000)
})

describe('EnableX: the app waits 3 s on a timer before it plays and answers connected', () => {
  const env = appUnderAgent('enablex', FIXTURE)

  it("the caller hangs up at 1 s, disconnected reaches the app then, and the late play gets the ended call's 404", async () => {
    const options = { platform: 'enablex', webhookPath: '/late-connected/3000', api: env.platform, appClock: env.agent, vendor: { appId: 'id', appKey: 'key' }, seed: 1, warnings: 'silent' } as const
    const call = await callTo(env.app.url, options).expectAction('accept').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    // The menu the app plays after its timer comes after the end: refused, never heard.
    expect(call.prompts).toEqual([])
    expect(await appLog(env.app.url)).toEqual(['incomingcall at 0', 'connected at 0', 'disconnected at 1', 'play 404 at 3'])
    // As for any request on an ended call.
    expect(call.warnings).toEqual([expect.stringContaining('HTTP 404 "Call not found or already disconnected"')])
    expect(lines(call.transcript.entries)).toContain(
      "3000 · the app's answer to connected (turn 2) came at 3.0 s, 2.0 s after the call ended (caller hung up): too late for the call. EnableX reads no instruction from an event's answer (sample: its samples answer an empty 200 and act through the REST API), so a late one changes nothing",
    )
  }, 20_000)
})

describe('EnableX: the app plays a menu from connected, then waits 3 s on a timer before it acknowledges', () => {
  const env = appUnderAgent('enablex', FIXTURE)

  it('the key after the 2 s prompt goes in at 2.3 s, before the acknowledgement (test/drivers/enablex/keys-while-ack-held.test.ts)', async () => {
    const options = { platform: 'enablex', webhookPath: '/menu-acked-late/3000', api: env.platform, appClock: env.agent, vendor: { appId: 'id', appKey: 'key' }, seed: 1, warnings: 'silent' } as const
    const call = await callTo(env.app.url, options).expectAction('accept').expectAction('play').pressDigits('1').expectAction('hangup')
    const text = lines(call.transcript.entries)
    // Measured before: the step waited for the acknowledgement, and the key went in at 3.3 s.
    expect(text.slice(0, 7)).toEqual(['0 → incomingcall', '← accept', '0 → connected', '← play', '2000 → playfinished', '2300 ☎ presses 1', '3000 · app timer 3 s → its answer to connected'])
    expect(call.end).toMatchObject({ by: 'app', at: 4300 })
    expect(await appLog(env.app.url)).toEqual(['incomingcall at 0', 'connected at 0', 'playfinished at 2', 'acked connected at 3', 'digitcollected at 4.3', 'disconnected at 4.3'])
  }, 20_000)
})
