/**
 * An app under callspec/agent that calls the vendor's API with undici's own `request()`: the
 * request is recorded at the app's time, moved on with the real time its own I/O held, as a
 * `fetch` or `http.request` one is (test/agent/real-io-held.test.ts). Measured before: the agent
 * routed undici's requests to the fake API without the time, so a play sent after a 1.5 s query
 * stood at the call's time before the query.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent, queryServer } from './spawn-app.js'

describe("EnableX: a 1.5 s query after connected, then undici's request() plays", () => {
  const env = appUnderAgent('enablex', 'test/agent/fixtures/undici-request-app.mjs')
  const port = queryServer(1_500)

  it('the play stands when the query is in, as for fetch', async () => {
    const options = { platform: 'enablex', webhookPath: `/timed/${port()}`, api: env.platform, appClock: env.agent, vendor: { appId: 'id', appKey: 'key' }, seed: 4, warnings: 'silent' } as const
    const call = await callTo(env.app.url, options).expectAction('accept').expectAction('play').expectAction('hangup')
    const waited = Number(/waited (\d+) ms/.exec(call.print())![1])
    expect(waited).toBeGreaterThan(1_400)
    expect(waited).toBeLessThan(1_700)
    const connectedAt = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'connected')!.at
    expect(call.actions[1]!.at - connectedAt).toBeGreaterThan(1_400)
    expect(call.actions[1]!.at - connectedAt).toBeLessThan(1_700)
  }, 20_000)
})
