/**
 * The example of docs/agent.md and the README, as written there: a plain Express app started as
 * its own process with `node --import callspec/agent`, by package name from the built package
 * (`npm run build` first; `npm test` does). The test itself imports the sources: a typecheck
 * runs before the build.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { callTo, startAgent, startPlatform, type AgentHandle, type PlatformServer } from '../../src/index.js'

const root = new URL('../../', import.meta.url)
let platform: PlatformServer
let agent: AgentHandle
let app: ChildProcess
let url: string

// --- as in docs/agent.md ---
beforeAll(async () => {
  platform = await startPlatform('enablex')
  agent = await startAgent({ platform })
  app = spawn(process.execPath, ['--import', 'callspec/agent', 'test/agent/fixtures/express-app.mjs'], {
    cwd: root,
    env: { ...process.env, ...agent.env, PORT: '0', ENABLEX_APP_ID: 'my-app-id', ENABLEX_APP_KEY: 'my-app-key' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // "listening on http://127.0.0.1:…"; an app that exits first (a syntax error) fails here, not at the hook's timeout.
  const [line] = await Promise.race([
    once(app.stdout!, 'data'),
    once(app, 'exit').then(([code]) => Promise.reject(new Error(`the app exited (code ${code}) before it listened: its error is above`))),
  ])
  url = /http:\/\/\S+/.exec(String(line))![0]
}, 60_000)

afterAll(async () => {
  app.kill()
  await agent.close()
  await platform.close()
})

it('hangs up 10 s after the goodbye', async () => {
  const call = await callTo(url, { platform: 'enablex', api: platform, appClock: agent })
    .expectAction('accept')
    .expectAction('play', { prompt_ref: 'bye' })
    .expectAction('hangup')

  expect(call.print()).toContain('app timer 10 s → hangup')
})
// --- end ---

it('takes virtual time, not real time', async () => {
  const started = performance.now()
  const call = await callTo(url, { platform: 'enablex', api: platform, appClock: agent }).expectAction('accept').expectAction('play').expectAction('hangup')
  expect(call.duration).toBeGreaterThan(10_000)
  expect(performance.now() - started).toBeLessThan(8_000)
})

it("notes the app's timer still pending when the caller hangs up first, and hands it back to real time", async () => {
  const call = await callTo(url, { platform: 'enablex', api: platform, appClock: agent }).expectAction('accept').expectAction('play').staySilent(3_000).hangUp()
  expect(call.print()).toContain('1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 10 s timeout')
  expect(agent.pending()).toEqual([])
})
