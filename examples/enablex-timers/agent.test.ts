import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startAgent, startPlatform, type AgentHandle, type CallOptions, type PlatformServer } from '../../src/index.js'
import { spawnApp, type SpawnedApp } from '../../test/agent/spawn-app.js'
import { createTimersIvrApp, DELAYS, GOODBYE, HOURS, MENU } from './app.js'

/**
 * The same app as in-process.test.ts, started as its own Node process under callspec/agent, the
 * way a user runs it: `node --import callspec/agent app.js` with the variables startAgent()
 * prints (here from the sources, through tsx). Its timers follow the call's virtual clock over
 * the agent's channel, so each flow takes milliseconds and prints the same transcript as the
 * app in this process.
 */
const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }
const inProcessApp = createTimersIvrApp({ apiBase: 'https://api.enablex.io', ...credentials })

let platform: PlatformServer
let agent: AgentHandle
let app: SpawnedApp

beforeAll(async () => {
  platform = await startPlatform('enablex')
  agent = await startAgent({ platform })
  // PORT=0: any free port; the app prints the one it got.
  app = await spawnApp('examples/enablex-timers/app.ts', { ...agent.env, PORT: '0' })
  await agent.connected()
}, 60_000)
afterAll(async () => {
  await app?.kill()
  await agent?.close()
  await platform?.close()
})

const underAgent = (seed: number): CallOptions<'enablex'> => ({ platform: 'enablex', vendor: credentials, api: platform, appClock: agent, seed })
const inProcess = (seed: number): CallOptions<'enablex'> => ({ platform: 'enablex', vendor: credentials, seed })

/** One flow, run against the app process and against the app in this process. */
async function both<T extends { print(): string }>(flow: (call: ReturnType<typeof callTo<'enablex'>>) => PromiseLike<T>, seed: number) {
  const started = performance.now()
  const remote = await flow(callTo(app.url, underAgent(seed)))
  const realMs = performance.now() - started
  const local = await flow(callTo(inProcessApp, inProcess(seed)))
  return { remote, local, realMs }
}

describe('an EnableX app with its own timers, as its own process under callspec/agent', () => {
  it('accepts 3 s after the call is offered and hangs up 10 s after its goodbye, in milliseconds', async () => {
    const { remote, local, realMs } = await both(
      (call) => call.expectAction('accept').expectAction('play', { text: MENU, dtmf: true }).pressDigits('9').expectAction('play', { text: GOODBYE }).expectAction('hangup'),
      101,
    )
    const printed = remote.print()
    expect(printed).toContain('· app timer 3 s → accept')
    expect(printed).toContain('· app timer 10 s → hangup')
    expect(remote.actions.find((a) => a.name === 'accept')!.at).toBe(DELAYS.accept)
    expect(remote.duration).toBeGreaterThan(DELAYS.accept + DELAYS.hangupAfterGoodbye)
    // 13 s and more of the app's own waiting, none of it real (8 s leaves room for a loaded machine).
    expect(realMs).toBeLessThan(8_000)
    expect(printed).toBe(local.print())
  })

  it('pauses 2 s after each menu timeout, then says goodbye: the same transcript as in-process', async () => {
    const { remote, local } = await both(
      (call) =>
        call
          .expectAction('accept')
          .expectAction('play', { text: MENU })
          .staySilent()
          .expectAction('play', { text: MENU })
          .staySilent()
          .expectAction('play', { text: MENU })
          .staySilent()
          .expectAction('play', { prompt_ref: 'bye' })
          .expectAction('hangup'),
      102,
    )
    expect(remote.print().match(/app timer 2 s → play/g)).toHaveLength(2)
    expect(remote.print()).toBe(local.print())
  })

  it('lets the caller hang up first: the app clears its 10 s timer', async () => {
    const { remote, local } = await both(
      (call) => call.expectAction('accept').expectAction('play', { text: MENU }).pressDigits('9').expectAction('play', { prompt_ref: 'bye' }).staySilent(12_000).hangUp(),
      103,
    )
    expect(remote.end).toMatchObject({ by: 'caller' })
    expect(remote.print()).not.toMatch(/still pending/)
    expect(remote.print()).toBe(local.print())
  })

  it('reads the opening hours and hangs up at once', async () => {
    const { remote, local } = await both(
      (call) => call.expectAction('accept').expectAction('play', { text: MENU }).pressDigits('1').expectAction('play', { text: HOURS }).expectAction('hangup'),
      104,
    )
    expect(remote.print()).toBe(local.print())
  })
})
