/**
 * An app started without the agent (no `--import callspec/agent`, or a script that drops
 * NODE_OPTIONS), called with `appClock: agent` from a test at vitest's default 5 s timeout. Measured
 * before (helper-189): the call waited the agent's 10 s for the app to connect, and the test failed
 * with the runner's bare "Test timed out in 5000ms", nothing naming the agent. The wait is fitted to
 * the test's timeout at its default, as the agent's other waits are, and its failure says what to do.
 */
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { appUnderAgent } from './spawn-app.js'

// The agent's variables, but no --import callspec/agent.
const held = appUnderAgent('enablex', 'test/agent/fixtures/express-app.mjs', { PORT: '0' }, { preload: false })

it("fails within the test's timeout, saying the app never connected and how to start it", async () => {
  const { app, platform, agent } = held
  const error = await failureOf(callTo(app.url, { platform: 'enablex', api: platform, appClock: agent }).expectAction('accept'))
  expect(error.message).toMatch(
    /^\[callspec\] expectAction\('accept'\): the app under callspec\/agent never connected \(waited \d+ ms \(10000 ms by default, connectTimeoutMs, fitted to end before the test's 5 s timeout\) on 127\.0\.0\.1:\d+\): did you start it with node --import callspec\/agent and these variables: CALLSPEC_AGENT=127\.0\.0\.1:\d+ CALLSPEC_AGENT_TOKEN=[0-9a-f]{32} [^\n]*\? The agent connects once the app listens on its port\.\n/,
  )
  expect(error.message).toContain('(nothing happened: no event was sent)')
})
