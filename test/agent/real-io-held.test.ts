/**
 * An app under callspec/agent whose answer waits on a query to another process: the app's Date
 * moves on with the real time the query holds, and the answer's deadline counts that time, as for
 * the same app in the test's process (test/clock/date-moves-with-real-io.test.ts,
 * test/drivers/enablex/answer-deadline.test.ts). Measured before: a 1.5 s query read 0 ms and the
 * prompt after it played at 0.2 s; a 5.5 s one before EnableX's incomingcall answer passed its
 * documented 5 s with no warning.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { appUnderAgent, queryServer } from './spawn-app.js'

const FIXTURE = 'test/agent/fixtures/real-io-app.mjs'

describe('Webex Connect: a 1.5 s query before the answer to ANSWERED', () => {
  const env = appUnderAgent('webex-connect', FIXTURE)
  const port = queryServer(1_500)

  it("the app's Date reads the real time held, and the prompt plays when the query is in, as in production", async () => {
    const call = await callTo(`${env.app.url}/greet/${port()}`, { platform: 'webex-connect', api: env.platform, appClock: env.agent, seed: 4, warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectHangup()
    const waited = Number(/waited (\d+) ms/.exec(call.print())![1])
    expect(waited).toBeGreaterThan(1_400)
    expect(waited).toBeLessThan(1_700)
    // ANSWERED at 0.2 s, the query 1.5 s: the prompt at about 1.7 s (the call's clock followed the app's).
    expect(call.actions[1]!.at).toBeGreaterThan(1_600)
    expect(call.actions[1]!.at).toBeLessThan(1_900)
    expect(call.warnings).toEqual([])
  }, 20_000)
})

describe("EnableX: a 5.5 s query before the app answers incomingcall (the vendor's 5 s)", () => {
  const env = appUnderAgent('enablex', FIXTURE)
  const port = queryServer(5_500)

  it('fails the documented deadline, said to be real time', async () => {
    const options = { platform: 'enablex', webhookPath: `/event/${port()}`, api: env.platform, appClock: env.agent, vendor: { appId: 'id', appKey: 'key' }, seed: 4, warnings: 'silent' } as const
    const error = await failureOf(callTo(env.app.url, options).expectAction('accept'))
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('accept'\): the app answered incomingcall 5\.\d s after it was sent, in real time \(callspec waited that long on the app's real I\/O[^\n]*longer than the 5 s the vendor documents the platform waits \(rule enablex\/answer-in-time/,
    )
  }, 20_000)
})

/**
 * The play the app sends after the query carries the app's time to the fake API, whatever client
 * sends it: `fetch` (real-io-app.mjs) or undici's own `request()` (undici-request-app.mjs). Before,
 * undici's stood at connected's instant: the agent routed it without the time header.
 */
describe.each([
  ['fetch', FIXTURE],
  ["undici's own request()", 'test/agent/fixtures/undici-request-app.mjs'],
])('EnableX: a 1.5 s query after the app answered connected, before it plays with %s', (_client, fixture) => {
  const env = appUnderAgent('enablex', fixture)
  const port = queryServer(1_500)

  it("the app's Date reads the real time held, and the play stands when the query is in, as in production", async () => {
    const options = { platform: 'enablex', webhookPath: `/timed/${port()}`, api: env.platform, appClock: env.agent, vendor: { appId: 'id', appKey: 'key' }, seed: 4, warnings: 'silent' } as const
    const call = await callTo(env.app.url, options).expectAction('accept').expectAction('play').expectAction('hangup')
    const waited = Number(/waited (\d+) ms/.exec(call.print())![1])
    // The real time the query took, not more: up to what the server held it (its timer may fire
    // late on a loaded machine), and the round trip. Under load the app read 2.9-3.0 s here, the
    // server having held 1.50 s and the app's process.uptime() 1.56 s: connected's wait and the
    // step's ran at once in the app's process, each counting the held time
    // (overlapping-quiet-waits.test.ts).
    const held = port.heldMs()
    expect(waited).toBeGreaterThan(1_400)
    expect(waited).toBeLessThan(held + 300)
    const connectedAt = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'connected')!.at
    expect(call.actions[1]!.at - connectedAt).toBeGreaterThan(1_400)
    expect(call.actions[1]!.at - connectedAt).toBeLessThan(held + 300)
  }, 20_000)
})
