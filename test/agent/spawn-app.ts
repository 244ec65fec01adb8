import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, beforeAll } from 'vitest'
import { callTo, startAgent, startPlatform, type AgentHandle, type PlatformServer } from '../../src/index.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { distIsFresh, root } from '../helpers/dist-fresh.js'

export interface SpawnedApp {
  child: ChildProcess
  /** The app's base URL, once it printed "listening <port>". */
  url: string
  output(): string
  kill(): Promise<void>
}

/**
 * The agent's preload, as `--import callspec/agent` loads it from the package: the built one
 * (dist/agent.js) when dist/ is fresh, as `npm test` makes sure of, else the TypeScript sources
 * through tsx, so an edit run without a build is still what runs. Measured in a whole-suite run,
 * an app started through tsx took 1.0-4.4 s of CPU (~1.8 s on average, 33 apps), one started on the
 * build 0.5-0.9 s. A TypeScript app needs tsx's loader either way, as a user's would.
 */
function preloadOf(script: string): string[] {
  const typescript = /\.(c|m)?tsx?$/.test(script) ? ['--import', 'tsx'] : []
  if (distIsFresh()) return [...typescript, '--import', './dist/agent.js']
  return ['--import', 'tsx', '--import', './src/agent/register.ts']
}

/**
 * Starts `script` as its own Node process under the agent, the way a user does
 * (`node --import callspec/agent app.js`), with the preload preloadOf() picks.
 * Resolves once the app printed its port (bounded). With `nodeOptions`, the preload goes in
 * NODE_OPTIONS instead (`NODE_OPTIONS=--import callspec/agent npm start`): every Node process the
 * script starts loads it too.
 */
export async function spawnApp(script: string, env: Record<string, string>, timeoutMs = 45_000, { nodeOptions = false, preload = true } = {}): Promise<SpawnedApp> {
  // `preload: false`: the agent's variables, but no --import callspec/agent (an app started without it).
  const args = nodeOptions || !preload ? [script] : [...preloadOf(script), script]
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, ...(nodeOptions ? { NODE_OPTIONS: preloadOf(script).join(' ') } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill()
    await exited
  }
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app ${script} did not print its port within ${timeoutMs} ms; its output:\n${output}`)), timeoutMs)
    const check = () => {
      const match = /listening (?:on http:\/\/127\.0\.0\.1:)?(\d+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout.off('data', check)
      resolve(match[1]!)
    }
    child.stdout.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the app ${script} exited (code ${code}) before listening; its output:\n${output}`))
    })
  }).catch(async (error: unknown) => {
    await kill()
    throw error
  })
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, kill }
}

/** A platform's fake API server, an agent on it, and `script` started under it: for one describe block, closed after it. */
export function appUnderAgent(platformName: 'webex-connect' | 'enablex' | '8x8', script: string, env: Record<string, string> = {}, { preload = true, nodeOptions = false } = {}) {
  const held = {} as { platform: PlatformServer; agent: AgentHandle; app: SpawnedApp }
  beforeAll(async () => {
    held.platform = await startPlatform(platformName)
    held.agent = await startAgent({ platform: held.platform })
    held.app = await spawnApp(script, { ...held.agent.env, ...env }, undefined, { preload, nodeOptions })
  }, 60_000)
  afterAll(async () => {
    await held.app?.kill()
    await held.agent?.close()
    await held.platform?.close()
  })
  return held
}

/** The call both timer-on-answered apps fail: greeted, then expected to hang up; its error, or undefined if it passed. */
export function greetingCallFailure(held: ReturnType<typeof appUnderAgent>): Promise<Error | undefined> {
  return callTo(held.app.url, { platform: 'webex-connect', api: held.platform, appClock: held.agent, seed: 4, warnings: 'silent' })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .expectHangup()
    .then(
      () => undefined,
      (e: unknown) => e as Error,
    )
}

/**
 * A query server in the test's process (another process than the app's), answering each query after
 * `ms` of real time: for one describe block; its port, once it listens, `heldMs()`, the real time
 * it last held a query (`ms`, and however late its timer fired on a loaded machine), and
 * `queried()`, resolving once the next query has reached it (the app's I/O is in flight).
 */
export function queryServer(ms: number): (() => number) & { heldMs(): number; queried(): Promise<void> } {
  let server: Server | undefined
  let heldMs = 0
  let waiters: (() => void)[] = []
  beforeAll(async () => {
    server = createServer((socket) =>
      socket.once('data', () => {
        const from = performance.now()
        for (const wake of waiters) wake()
        waiters = []
        setTimeout(() => {
          heldMs = performance.now() - from
          socket.end('Ada\n')
        }, ms)
      }),
    )
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  })
  afterAll(() => server?.close())
  const queried = () => new Promise<void>((resolve) => waiters.push(resolve))
  return Object.assign(() => (server!.address() as AddressInfo).port, { heldMs: () => heldMs, queried })
}
