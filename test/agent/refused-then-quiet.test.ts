/**
 * An app under callspec/agent whose request the fake API refuses, then does nothing more: a play
 * whose body is over startPlatform's maxBodyBytes (answered 413). Measured before: the call waited
 * the whole limits.appTimeoutMs (10 s of 10 s) to say "waited … and it never came", where the same
 * app in the test's process fails within a second (test/hostile/*-quiet tests). Now the agent's
 * quiet (no request in flight, no timer pending, no I/O of the app's process) ends the wait after
 * the same grace, saying the refusal first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startAgent, startPlatform, type AgentHandle, type PlatformServer } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { spawnApp, type SpawnedApp } from './spawn-app.js'

const held = {} as { platform: PlatformServer; agent: AgentHandle; app: SpawnedApp }
beforeAll(async () => {
  held.platform = await startPlatform('enablex', { maxBodyBytes: 1_000 })
  held.agent = await startAgent({ platform: held.platform })
  held.app = await spawnApp('test/agent/fixtures/long-greeting-app.mjs', held.agent.env)
}, 60_000)
afterAll(async () => {
  await held.app?.kill()
  await held.agent?.close()
  await held.platform?.close()
})

describe('callspec/agent: a refused request, then a quiet app', () => {
  it('a 413 fails within 3 s of a 10 s limit, the refusal said first', { timeout: 20_000 }, async () => {
    const started = performance.now()
    const error = await failureOf(
      callTo(held.app.url, { platform: 'enablex', api: held.platform, appClock: held.agent, limits: { appTimeoutMs: 10_000 } }).expectAction('accept').expectAction('play'),
    )
    expect(performance.now() - started).toBeLessThan(3_000)
    const lines = error.message.split('\n')
    expect(lines[0]).toBe(
      "[callspec] turn 2, expectAction('play'): the app's next REST request to EnableX after the \"connected\" event (turn 2) never came: " +
        "callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below), and the app went quiet after it (under callspec/agent: no request in flight, no timer, no I/O the agent can see).",
    )
    expect(lines[2]).toMatch(/^ {2}• PUT http:\/\/127\.0\.0\.1:\d+\/voice\/v1\/call\/[^/]+\/play → HTTP 413 .*more than 1000 bytes sent/)
  })
})
