/**
 * The app started the way CI scripts start it: `NODE_OPTIONS=--import callspec/agent npm start`.
 * npm (here a launcher of the same shape) is a Node process that loads the agent as well, then
 * starts the app, which loads it too. Measured before (helper-189, with npm start): both opened the
 * agent's channel, each taking it from the other every 250 ms, and a call that lasted longer failed
 * with "another process of the app (pid <npm's>) connected to callspec/agent while pid <the app's>
 * still runs: … cluster workers", or ran on npm's clock while the app's timers kept real time. The
 * agent now opens its channel once its process listens on a port, which npm never does.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent, queryServer } from './spawn-app.js'

describe('callspec/agent in NODE_OPTIONS, the app started by a launcher (npm start)', () => {
  const held = appUnderAgent('webex-connect', 'test/agent/fixtures/launcher.mjs', {}, { nodeOptions: true })
  const port = queryServer(1_500)

  it("runs the call on the app's clock, the launcher never holding the channel", async () => {
    // The query holds the call 1.5 s of real time: the channel changed hands several times in it.
    const { app, platform, agent } = held
    const call = await callTo(`${app.url}/greet/${port()}`, { platform: 'webex-connect', api: platform, appClock: agent, seed: 4, warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectHangup()
    expect(call.print()).toMatch(/waited 1[45]\d\d ms/)
    // The app's process, not the launcher's.
    expect(agent.peer?.pid).not.toBe(app.child.pid)
  }, 20_000)
})
