/**
 * audit-86 finding 7: an app under callspec/agent whose process ended as one of its timers fired
 * left a blank line in the transcript ("0.7s ·", the timer line never written) and the failure
 * said "[callspec]" twice. The call still fails at once, saying the process is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startAgent, startPlatform, type AgentHandle, type PlatformServer } from '../../src/index.js'
import { spawnApp, type SpawnedApp } from './spawn-app.js'

describe('callspec/agent: the app process exits from a timer while its greeting plays', () => {
  let platform: PlatformServer
  let agent: AgentHandle
  let app: SpawnedApp
  beforeAll(async () => {
    platform = await startPlatform('webex-connect')
    agent = await startAgent({ platform })
    app = await spawnApp('test/agent/fixtures/dies-on-timer-app.mjs', agent.env)
  }, 60_000)
  afterAll(async () => {
    await app?.kill()
    await agent?.close()
    await platform?.close()
  })

  it('fails the call saying the process is gone, with no blank transcript line and one [callspec]', async () => {
    const error = await callTo(app.url, { platform: 'webex-connect', api: platform, appClock: agent, seed: 4, warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectHangup()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    expect(error?.message).toMatch(/^\[callspec\] turn 2, expectHangup\(\): .*the app process \(pid \d+\) closed the channel: it exited or crashed \(see its output\)/)
    expect(error!.message.match(/\[callspec\]/g)).toHaveLength(1)
    expect(error!.message).not.toMatch(/^\s+[\d.]+s\s+·\s*$/m)
  }, 30_000)
})
