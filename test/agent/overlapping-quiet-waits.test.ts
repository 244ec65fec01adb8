/**
 * Two quiet waits on an app under callspec/agent at once, while its real I/O holds the call: a call
 * asks for them so when it stops waiting on one (the webhook it raced was answered) and asks for
 * another (the step's settle), the first running on in the app's process. The real time held counts
 * once. Measured before: EnableX's connected, answered at once while the app timed a 1.5 s query,
 * then the step's wait beside it: the app read 2.9-3.0 s (its process.uptime() said 1.56 s, the
 * query server held 1.50 s), 4 runs of 5 under load (test/agent/real-io-held.test.ts). Here the two
 * waits are asked by hand, with the query in flight, so they overlap on every run.
 */
import { describe, expect, it } from 'vitest'
import { appUnderAgent, queryServer } from './spawn-app.js'

describe('two quiet waits at once while a 1.5 s query holds the app', () => {
  const env = appUnderAgent('webex-connect', 'test/agent/fixtures/real-io-app.mjs')
  const port = queryServer(1_500)

  it("the app's Date moves on by the real time held once, not once per wait", async () => {
    const { app, agent } = env
    await agent.start(Date.UTC(2026, 0, 5, 9))
    try {
      const queried = port.queried()
      // The app times the query with Date.now() and answers with what it read (real-io-app.mjs /greet).
      const answer = fetch(`${app.url}/greet/${port()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'ANSWERED' }) }).then(
        (response) => response.json() as Promise<{ audio: { text: string }[] }>,
      )
      await queried
      await Promise.all([agent.answering(), agent.answering()])
      const waited = Number(/waited (\d+) ms/.exec((await answer).audio[0]!.text)![1])
      // The waits start once the query reached the server: what went before (the connect, the
      // ops' trip to the app) held no wait, and the app's clock stood still then.
      expect(waited).toBeGreaterThan(1_000)
      expect(waited).toBeLessThan(port.heldMs() + 300)
    } finally {
      await agent.stop()
    }
  }, 20_000)
})
