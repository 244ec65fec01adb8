import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startAgent, startPlatform, type AgentHandle, type PlatformServer } from '../../src/index.js'
import { spawnApp, type SpawnedApp } from './spawn-app.js'

const EPOCH = Date.UTC(2026, 0, 15, 9, 30)
const FIXTURE = 'test/agent/fixtures/timer-app.ts'

interface AppView {
  now: number
  log: { at: number; label: string; status?: number; body?: any; error?: string }[]
}
const ask = async (app: SpawnedApp, path: string): Promise<AppView> => (await fetch(`${app.url}${path}`)).json() as Promise<AppView>

describe('callspec/agent: an app process on the call clock', () => {
  let platform: PlatformServer
  let agent: AgentHandle
  let app: SpawnedApp

  beforeAll(async () => {
    platform = await startPlatform('enablex')
    agent = await startAgent({ platform })
    app = await spawnApp(FIXTURE, agent.env)
    await agent.connected()
  }, 60_000)
  afterAll(async () => {
    await app?.kill()
    await agent?.close()
    await platform?.close()
  })

  it('prints the variables and the command a user starts the app with', () => {
    const lines: string[] = []
    const text = agent.printEnv((t) => lines.push(t))
    expect(text).toContain(`CALLSPEC_AGENT=${agent.env.CALLSPEC_AGENT}`)
    expect(text).toContain(`CALLSPEC_AGENT_API=${platform.url}`)
    expect(text).toContain('CALLSPEC_AGENT_HOSTS=https://api.enablex.io')
    expect(text).toMatch(/e\.g\. CALLSPEC_AGENT=127\.0\.0\.1:\d+ CALLSPEC_AGENT_TOKEN=[0-9a-f]{32} .* node --import callspec\/agent app\.js$/)
    // Printed once, however often it is asked.
    agent.printEnv((t) => lines.push(t))
    expect(lines).toEqual([text])
    expect(agent.peer).toMatchObject({ pid: app.child.pid, hosts: ['https://api.enablex.io', 'https://api-qa.enablex.io'] })
  })

  it("sets the app's Date to the call's start and moves it only as callspec fires", async () => {
    await agent.start(EPOCH)
    expect((await ask(app, '/now')).now).toBe(EPOCH)
    await ask(app, '/local?ms=3000&label=accept-delay')
    expect(await agent.next()).toBe(3_000)
    expect(await agent.fire(2_000)).toEqual([])
    const before = await ask(app, '/now')
    expect(before.now).toBe(EPOCH + 2_000)
    expect(before.log.map((e) => e.label)).not.toContain('accept-delay')

    expect(await agent.fire(3_000)).toEqual([{ at: 3_000, delayMs: 3_000, kind: 'timeout' }])
    const after = await ask(app, '/now')
    expect(after.log).toContainEqual({ at: EPOCH + 3_000, label: 'accept-delay' })
    expect(await agent.next()).toBeUndefined()
    await agent.stop()
  })

  it("fires the app's pauses from node:timers/promises and timers from node:timers (ESM named imports) on the call's clock", async () => {
    await agent.start(EPOCH)
    await ask(app, '/pause?ms=1500&label=lookup')
    expect(await agent.next()).toBe(1_500)
    expect(await agent.fire(5_000)).toEqual([
      { at: 1_500, delayMs: 1_500, kind: 'timeout' },
      { at: 3_000, delayMs: 3_000, kind: 'timeout' },
    ])
    const { log } = await ask(app, '/now')
    expect(log.slice(-2)).toEqual([
      { at: EPOCH + 1_500, label: 'lookup (paused)' },
      { at: EPOCH + 3_000, label: 'lookup (node:timers)' },
    ])
    await agent.stop()
  })

  it("fires the app's scheduler.wait (node:timers/promises) on the call's clock", async () => {
    await agent.start(EPOCH)
    await ask(app, '/wait?ms=2000&label=backoff')
    expect(await agent.next()).toBe(2_000)
    expect(await agent.fire(5_000)).toEqual([{ at: 2_000, delayMs: 2_000, kind: 'timeout' }])
    const { log } = await ask(app, '/now')
    expect(log.at(-1)).toEqual({ at: EPOCH + 2_000, label: 'backoff (waited)' })
    await agent.stop()
  })

  it('fires timers in order, intervals included, and reports each', async () => {
    await agent.start(EPOCH)
    await ask(app, '/interval?ms=1000&label=tick')
    await ask(app, '/local?ms=2500&label=between')
    expect(await agent.fire(10_000)).toEqual([
      { at: 1_000, delayMs: 1_000, kind: 'interval' },
      { at: 2_000, delayMs: 1_000, kind: 'interval' },
      { at: 2_500, delayMs: 2_500, kind: 'timeout' },
      { at: 3_000, delayMs: 1_000, kind: 'interval' },
    ])
    const { log } = await ask(app, '/now')
    expect(log.slice(-4)).toEqual([
      { at: EPOCH + 1_000, label: 'tick 1' },
      { at: EPOCH + 2_000, label: 'tick 2' },
      { at: EPOCH + 2_500, label: 'between' },
      { at: EPOCH + 3_000, label: 'tick 3' },
    ])
    await agent.stop()
  })

  it("sends the app's fetch to the vendor host to the fake API, and quiet() waits for the answer", async () => {
    await agent.start(EPOCH)
    await ask(app, '/timeout?ms=10000&label=no-such-call')
    expect(await agent.fire(10_000)).toEqual([{ at: 10_000, delayMs: 10_000, kind: 'timeout' }])
    await agent.quiet()
    const { log } = await ask(app, '/now')
    // The fake EnableX API answered: no call has that voice_id.
    expect(log.at(-1)).toEqual({ at: EPOCH + 10_000, label: 'no-such-call', status: 404, body: { voice_id: 'no-such-call', playstate: 'failed', result: 404, msg: 'Call not found' } })
    await agent.stop()
  })

  for (const [client, route] of [
    ['https.request (what axios and got use)', 'timeout-http'],
    ["undici's own request()", 'timeout-undici'],
  ] as const) {
    it(`sends ${client} to the fake API too, and quiet() waits for the answer`, async () => {
      await agent.start(EPOCH)
      await ask(app, `/${route}?ms=10000&label=gone-${route}`)
      await agent.fire(10_000)
      await agent.quiet()
      const { log } = await ask(app, '/now')
      const voice_id = `gone-${route}`
      expect(log.at(-1)).toEqual({ at: EPOCH + 10_000, label: voice_id, status: 404, body: { result: 404, msg: 'Call not found', voice_id } })
      await agent.stop()
    })
  }

  it("quiet() waits for the app's own real I/O: a query on its own connection, answered 150 ms later", async () => {
    // The database stand-in answers in real time, from the test process.
    const db = createServer((socket) => socket.once('data', () => void setTimeout(() => socket.end('ok\n'), 150)))
    await new Promise<void>((resolve) => db.listen(0, '127.0.0.1', resolve))
    try {
      await agent.start(EPOCH)
      await ask(app, '/local?ms=30000&label=idle')
      await ask(app, `/query?port=${(db.address() as AddressInfo).port}&label=balance`)
      await agent.quiet()
      expect((await ask(app, '/now')).log.map((e) => e.label)).toContain('balance')
      await agent.stop()
    } finally {
      db.close()
    }
  })

  it("a timer of the app's due while its query holds the call's time fires then, as production's clock ran on: a 1 s guard against a 1.5 s query", async () => {
    const db = createServer((socket) => socket.once('data', () => void setTimeout(() => socket.end('ok\n'), 1_500)))
    await new Promise<void>((resolve) => db.listen(0, '127.0.0.1', resolve))
    await agent.start(EPOCH)
    try {
      await ask(app, '/local?ms=1000&label=guard')
      await ask(app, `/query?port=${(db.address() as AddressInfo).port}&label=slow-balance`)
      // The guard's due time passes in the real time the query holds: the wait ends for it (and
      // for a timer an earlier test handed back, due sooner, if any).
      await agent.quiet()
      expect(await agent.fire(1_000)).toContainEqual({ at: 1_000, delayMs: 1_000, kind: 'timeout' })
      // The query answers after it, at the instant the call's time stands at.
      await agent.quiet()
      const log = (await ask(app, '/now')).log.filter((e) => e.label === 'guard' || e.label === 'slow-balance')
      expect(log).toEqual([
        { at: EPOCH + 1_000, label: 'guard' },
        { at: EPOCH + 1_000, label: 'slow-balance' },
      ])
    } finally {
      await agent.stop()
      db.close()
    }
  })

  it('reports the timer exceptions of the app, once', async () => {
    await agent.start(EPOCH)
    await ask(app, '/throw?ms=500&label=boom')
    // Earlier tests' leftover timers run on in this app (handed back when their calls ended): only this one throws.
    expect(await agent.fire(1_000)).toContainEqual({ at: 500, delayMs: 500, kind: 'timeout' })
    expect(agent.takeError()?.message).toBe('the app broke: boom')
    expect(agent.takeError()).toBeUndefined()
    await agent.stop()
  })

  it("hands the call's leftover timers back to real time when it ends, with the app's startup timers", async () => {
    // Armed between calls (like a timer the app arms at startup): it outlives the call.
    await ask(app, '/local?ms=400&label=startup')
    await agent.start(EPOCH)
    await ask(app, '/local?ms=10&label=leftover')
    await agent.quiet()
    expect(agent.pending()).toEqual(['10 ms timeout'])
    await agent.stop()
    expect(agent.pending()).toEqual([])
    const realStart = Date.now()
    expect((await ask(app, '/now')).now).toBeGreaterThanOrEqual(realStart - 50)
    await expect.poll(async () => (await ask(app, '/now')).log.map((e) => e.label), { timeout: 5_000, interval: 20 }).toContain('startup')
    // As in production: a timer the app armed during the call runs on after it (audit D3).
    expect((await ask(app, '/now')).log.map((e) => e.label)).toContain('leftover')
  })
})

describe('callspec/agent: failures say what happened and what to do', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('enablex')
  })
  afterAll(() => platform.close())

  it('names the variables when the app never connects', async () => {
    const agent = await startAgent({ platform, connectTimeoutMs: 100 })
    try {
      const error = await agent.start(EPOCH).then(
        () => undefined,
        (e: Error) => e,
      )
      expect(error?.message).toMatch(
        /^\[callspec\] the app under callspec\/agent never connected \(waited 100 ms on 127\.0\.0\.1:\d+\): did you start it with node --import callspec\/agent and these variables: CALLSPEC_AGENT=127\.0\.0\.1:\d+ CALLSPEC_AGENT_TOKEN=[0-9a-f]{32} CALLSPEC_AGENT_API=http:\/\/127\.0\.0\.1:\d+ CALLSPEC_AGENT_HOSTS=https:\/\/api\.enablex\.io,https:\/\/api-qa\.enablex\.io\? The agent connects once the app listens on its port\.$/,
      )
    } finally {
      await agent.close()
    }
  })

  it("keeps its waits bounded in real time under the test's vi.useFakeTimers()", async () => {
    vi.useFakeTimers()
    try {
      const agent = await startAgent({ platform, connectTimeoutMs: 100 })
      await expect(agent.start(EPOCH)).rejects.toThrow(/^\[callspec\] the app under callspec\/agent never connected \(waited 100 ms/)
      await agent.close()
    } finally {
      vi.useRealTimers()
    }
  })

  it('says so when the app process dies', async () => {
    const agent = await startAgent({ platform })
    const app = await spawnApp(FIXTURE, agent.env)
    try {
      const peer = await agent.connected()
      await agent.start(EPOCH)
      await app.kill()
      const error = await Promise.resolve(agent.next()).then(
        () => undefined,
        (e: Error) => e,
      )
      expect(error?.message).toBe(`[callspec] the app under callspec/agent is gone during next(): the app process (pid ${peer.pid}) closed the channel: it exited or crashed (see its output).`)
    } finally {
      await app.kill()
      await agent.close()
    }
  }, 60_000)

  it('refuses a process without the token', async () => {
    const agent = await startAgent({ platform, connectTimeoutMs: 300 })
    const app = await spawnApp(FIXTURE, { ...agent.env, CALLSPEC_AGENT_TOKEN: 'wrong' })
    try {
      await expect(agent.connected()).rejects.toThrow(/never connected \(waited 300 ms/)
    } finally {
      await app.kill()
      await agent.close()
    }
  }, 60_000)

  it('fails quiet() with the request the app still waits on', async () => {
    // A "platform" that accepts the request and never answers.
    const { createServer } = await import('node:http')
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`
    const agent = await startAgent({ platform: { ...platform, url, platform: 'enablex' }, quietTimeoutMs: 200 })
    const app = await spawnApp(FIXTURE, agent.env)
    try {
      await agent.connected()
      await agent.start(EPOCH)
      await ask(app, '/timeout?ms=1000&label=stuck')
      await agent.fire(1_000)
      await expect(agent.quiet()).rejects.toThrow(
        `[callspec] the app under callspec/agent still waits on PUT https://api.enablex.io/voice/v1/call/stuck/play (sent at 1.0 s) after 200 ms (real): callspec answers vendor requests at once, so the forward to the fake API is stuck; check that the platform server is still open.`,
      )
    } finally {
      await app.kill()
      await agent.close()
      silent.closeAllConnections()
      silent.close()
    }
  }, 60_000)
})
