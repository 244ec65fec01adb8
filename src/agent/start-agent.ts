import type { AppClock } from '../clock/app-clock.js'
import type { AnyDriver } from '../driver/types.js'
import type { PlatformServer } from '../dsl/flow-config.js'
import { CallspecError } from '../errors/callspec-error.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { AgentChannel, goneDuring, type AgentPeer } from './agent-channel.js'
import { followAgentTime } from '../api/agent-time.js'
import { formatDelay } from '../utils/span.js'
import { fittedTo, fittedWaitMs, runnerDeadline } from '../dsl/resolve-limits.js'
import { isUnresponsive } from '../errors/app-unresponsive.js'
import { ENV, type ClockStatus, type FireResult, type HeldResult, type InFlight, type NextResult, type Op, type QuietResult } from './protocol.js'

export interface AgentOptions {
  /** The fake REST API the app's vendor-host requests go to: `await startPlatform('enablex')`. */
  platform: PlatformServer
  /** Port of the channel on 127.0.0.1 (default: any free port). Fix it for an app you start by hand once. */
  port?: number
  /** Real ms to wait for the app process to connect when a call starts (default 10 000). */
  connectTimeoutMs?: number
  /** Real ms for the agent to answer one clock request (default 5 000). */
  replyTimeoutMs?: number
  /** Real ms the app may keep a vendor request in flight before the call fails (default 5 000). */
  quietTimeoutMs?: number
}

/** An app process under `node --import callspec/agent`, as the call's `appClock`. */
export interface AgentHandle extends AppClock {
  readonly kind: 'agent'
  /** The variables to start the app with (add them to its environment). */
  readonly env: Readonly<Record<string, string>>
  /** The shell command that starts `script` under the agent, variables included. */
  command(script?: string): string
  /** Prints the variables and the command once (later calls print nothing); returns the text. */
  printEnv(print?: (text: string) => void): string
  /** Resolves once the app process has connected (bounded). */
  connected(timeoutMs?: number): Promise<AgentPeer>
  /** The app process connected now, if any. */
  readonly peer: AgentPeer | undefined
  /** The timers the app armed during this call and has not run yet ("10 s timeout"), as of the agent's last answer. */
  pending(): string[]
  /** An exception an app timer threw (in production it would crash the app), once. */
  takeError(): Error | undefined
  /**
   * Waits until the app is quiet, as quiet() does, and resolves with how many requests its HTTP
   * servers have received and not finished answering: more than 0 while a webhook waits, and the
   * app holds that webhook's answer back on a timer of its own. With `callerAt` (virtual ms, the
   * caller's next act while a webhook waits: a key, or a hang-up), resolves with 'caller' instead
   * once production's time reaches it while the app's real I/O still holds the answer
   * (QuietResult's `callerActs`).
   */
  answering(callerAt?: number): Promise<number | 'caller'>
  /** The timer the last next() timed was already pending when the app's server received its latest request. */
  olderNext(): boolean
  /**
   * The platform's next event (virtual ms), set by the call running on this agent: the app's clock
   * moves on with the real time its I/O holds (HeldResult), never onto that event.
   */
  platformNext: (() => number | undefined) | undefined
  /**
   * The caller's hang-up (virtual ms) once a webhook's answer was left held for it (CallSession's
   * #parkForHangUp), until the call ends, set by the call running on this agent: quiet() stops
   * waiting on the app's real I/O (that held answer's) once production's time reaches it, as
   * answering(callerAt) does.
   */
  hangUpAt: (() => number | undefined) | undefined
  /** What the app's real I/O held of its answer to the latest webhook (asked after an answer slower than the host's jitter). */
  held(): Promise<HeldResult>
  /** Told the call's time (virtual ms) the app's clock moved on to with the real time its I/O held: the call's clock follows (set by the call running on this agent). */
  caughtUp: ((virtualMs: number) => void) | undefined
  /** Closes the channel; the app's timers go back to real time and it retries quietly. */
  close(): Promise<void>
}

const DEFAULTS = { connectTimeoutMs: 10_000, replyTimeoutMs: 5_000, quietTimeoutMs: 5_000 }

/**
 * A wait for the agent's reply, at its default, cut to end before the test's timeout as callspec's
 * other waits are (resolve-limits.ts): an app whose event loop blocked ended in the runner's bare
 * "Test timed out in 5000ms", no turn named (helper-135: 5 s and 10 s waits under a 5 s test).
 */
function fittedWait(ms: number, made: string): { ms: number; why: string } {
  const fitted = fittedWaitMs(ms)
  if (fitted >= ms) return { ms, why: ` (${made})` }
  const timeout = runnerDeadline()?.testTimeoutMs
  return { ms: fitted, why: ` (${ms} ms by default, ${made}, fitted to end before ${fittedTo(timeout).name})` }
}

/**
 * Which options a wait for the agent's reply is made of: quiet() and fire() wait for the app's
 * quiet, then for the reply, so their wait is the sum. Said in the failure: "did not answer quiet()
 * within 3320 ms (10000 ms by default, …)" read as contradicting the 5 000 ms the docs give
 * quietTimeoutMs (the same audit as H6-H8, a minor finding).
 */
const madeOf = (limits: { replyTimeoutMs: number; quietTimeoutMs: number }, withQuiet: boolean): string =>
  withQuiet ? `quietTimeoutMs ${limits.quietTimeoutMs} + replyTimeoutMs ${limits.replyTimeoutMs}` : `replyTimeoutMs ${limits.replyTimeoutMs}`

/** Binds `startAgent(options)` to the registry of drivers (for each platform's vendor hosts). */
export function createStartAgent<R extends Record<string, AnyDriver>>(registry: R) {
  /**
   * Opens the channel an app process under `node --import callspec/agent` connects to, and returns
   * it as an AppClock: pass it as `callTo(url, { platform, api: platform, appClock: agent })`.
   */
  return async function startAgent(options: AgentOptions): Promise<AgentHandle> {
    const server = options.platform as Partial<PlatformServer> | undefined
    if (!server || typeof server.url !== 'string' || typeof server.platform !== 'string') {
      throw new CallspecUsageError(
        "[callspec] startAgent({ platform }) needs the server startPlatform() returned: `const platform = await startPlatform('enablex'); const agent = await startAgent({ platform })`.",
      )
    }
    const driver = registry[server.platform]
    if (!driver) throw new CallspecUsageError(`[callspec] startAgent() knows ${Object.keys(registry).join(', ')}; got ${JSON.stringify(server.platform)}.`)
    const limits = { ...DEFAULTS, ...definedOnly(options) }
    const channel = new AgentChannel()
    const address = await channel.listen(options.port)
    const env = {
      [ENV.channel]: address,
      [ENV.token]: channel.token,
      [ENV.api]: server.url,
      [ENV.hosts]: driver.vendorOrigins.join(','),
    }
    const assignments = Object.entries(env)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')
    const command = (script = 'app.js') => `${assignments} node --import callspec/agent ${script}`
    let printed = false
    /** The call's pending app timers and the last exception a timer threw, from the agent's last answer. */
    let pending: ClockStatus['pending'] = []
    let timerError: Error | undefined
    const keep = <T extends ClockStatus>(status: T): T => {
      pending = status.pending
      if (status.error !== undefined && !timerError) {
        timerError = new Error(status.error.split('\n')[0]!.replace(/^Error: /, ''))
        timerError.stack = status.error
      }
      return status
    }

    const neverConnected = (waitedMs: number, why = '') => () =>
      `[callspec] the app under callspec/agent never connected (waited ${waitedMs} ms${why} on ${address}): ` +
      `did you start it with node --import callspec/agent and these variables: ${assignments}? ` +
      'The agent connects once the app listens on its port.' +
      (channel.lastLoss ? ` (Before that: ${channel.lastLoss}.)` : '')

    /**
     * A call's wait for the app to connect: at its default, fitted to end before the test's timeout
     * as the agent's other waits are (fittedWait). Measured (helper-189): an app started without
     * the agent (no --import, a script that drops NODE_OPTIONS) failed its test with the runner's
     * bare "Test timed out in 5000ms", the 10 s wait still running, nothing naming the agent.
     */
    const waitForApp = () => {
      if (options.connectTimeoutMs !== undefined) return channel.connected(limits.connectTimeoutMs, neverConnected(limits.connectTimeoutMs))
      const wait = fittedWait(limits.connectTimeoutMs, 'connectTimeoutMs')
      return channel.connected(wait.ms, neverConnected(wait.ms, wait.why))
    }

    /** The agent's waits the user left at their defaults: fitted to the test's timeout (fittedWait). */
    const ownWaits = options.replyTimeoutMs === undefined && options.quietTimeoutMs === undefined

    const ask = async (op: Parameters<AgentChannel['request']>[0], withQuiet = false) => {
      const timeoutMs = withQuiet ? limits.quietTimeoutMs + limits.replyTimeoutMs : limits.replyTimeoutMs
      if (!channel.peer) {
        if (channel.lastLoss) throw new CallspecError(goneDuring(op.op, channel.lastLoss))
        await waitForApp()
      }
      const wait = ownWaits ? fittedWait(timeoutMs, madeOf(limits, withQuiet)) : { ms: timeoutMs, why: ` (${madeOf(limits, withQuiet)})` }
      try {
        const reply = await channel.request(op, wait.ms, () => {
          const pid = channel.peer ? ` (pid ${channel.peer.pid})` : ''
          return `[callspec] the app under callspec/agent${pid} did not answer ${op.op}() within ${wait.ms} ms${wait.why}: its event loop may be blocked (a busy loop or a synchronous wait).`
        })
        blocked = false
        return reply
      } catch (error) {
        if (isUnresponsive(error)) blocked = true
        throw error
      }
    }
    /** The app's last reply did not come in time (its event loop blocked): the call's end does not wait on it again. */
    let blocked = false

    /**
     * Waits for the app to go quiet; resolves with the requests its servers are still answering,
     * or 'caller' when the caller's next act (`callerAt`) came due first (AgentHandle.answering).
     */
    const quiet = async (callerAt?: number): Promise<number | 'caller'> => {
      const platformAt = handle.platformNext?.()
      const op: Extract<Op, { op: 'quiet' }> = { op: 'quiet', maxMs: limits.quietTimeoutMs }
      if (platformAt !== undefined) op.platformAt = platformAt
      if (callerAt !== undefined) op.callerAt = callerAt
      const result = keep((await ask(op, true)) as QuietResult)
      if (result.now !== undefined) handle.caughtUp?.(result.now)
      if (result.callerActs) return 'caller'
      if (result.quiet) return result.answering
      // A body the app has not finished sending is the app's doing, not a stuck forward (vendor-forwarding.ts streams it).
      const sending = result.inFlight.filter((r) => r.bodySending !== undefined)
      if (sending.length > 0) {
        throw new CallspecError(
          `[callspec] the app under callspec/agent is still sending the body of ${sending.map((r) => `${describeInFlight([r])} (${r.bodySending} bytes so far)`).join(', ')} after ${limits.quietTimeoutMs} ms (real): ` +
            "the fake vendor API answers a request once its body has ended. Check how the app sends its body (a stream it never closes, a Content-Length above the bytes it writes).",
        )
      }
      throw new CallspecError(
        `[callspec] the app under callspec/agent still waits on ${describeInFlight(result.inFlight)} after ${limits.quietTimeoutMs} ms (real): ` +
          'callspec answers vendor requests at once, so the forward to the fake API is stuck; check that the platform server is still open.',
      )
    }
    let olderNext = false
    /** From which instant a platform event comes after the timer the last next() timed, in production, if real time held ran it down (AppClock.dueBeforePlatform). */
    let productionNext: number | undefined

    const handle: AgentHandle = {
      kind: 'agent',
      env,
      command,
      get peer() {
        return channel.peer
      },
      printEnv(print = (text) => console.log(text)) {
        const text = [
          '[callspec] start the app under callspec/agent with these variables:',
          ...Object.entries(env).map(([key, value]) => `  ${key}=${value}`),
          `  e.g. ${command()}`,
        ].join('\n')
        if (!printed) print(text)
        printed = true
        return text
      },
      connected: (timeoutMs = limits.connectTimeoutMs) => channel.connected(timeoutMs, neverConnected(timeoutMs)),
      async start(epochMs) {
        // A new call: a process that went away before may be back (restarted by hand).
        if (!channel.peer) await waitForApp()
        await ask({ op: 'start', epochMs })
      },
      async next() {
        const { at, older, production } = keep((await ask({ op: 'next' })) as NextResult)
        olderNext = older === true
        productionNext = production
        return at ?? undefined
      },
      dueBeforePlatform: (platformAt) => productionNext !== undefined && productionNext <= platformAt,
      olderNext: () => olderNext,
      platformNext: undefined,
      hangUpAt: undefined,
      caughtUp: undefined,
      held: async () => (await ask({ op: 'held' })) as HeldResult,
      async fire(at) {
        const op = { op: 'fire' as const, at, maxMs: limits.quietTimeoutMs }
        return keep((await ask(op, true)) as FireResult).fired
      },
      async quiet() {
        await quiet(handle.hangUpAt?.())
      },
      answering: quiet,
      pending: () => pending.map((timer) => `${formatDelay(timer.delayMs)} ${timer.kind}`),
      pendingFate: 'handed back to real time (they run on, as in production, and may fire during a later test)',
      takeError() {
        const error = timerError
        timerError = undefined
        return error
      },
      async stop() {
        pending = []
        // The call is over: its session is not kept reachable through the agent until the next call.
        handle.platformNext = undefined
        handle.hangUpAt = undefined
        handle.caughtUp = undefined
        // The call is over; an app that already went away has nothing to stop.
        if (channel.peer && !blocked) await ask({ op: 'stop' })
      },
      async close() {
        followAgentTime(server.api!, undefined)
        await channel.close()
      },
    }
    // The app's requests to the fake API carry its clock's time: the running call's follows.
    followAgentTime(server.api!, (virtualMs) => handle.caughtUp?.(virtualMs))
    return handle
  }
}

function describeInFlight(inFlight: InFlight[]): string {
  if (inFlight.length === 0) return 'requests it keeps starting'
  return inFlight.map((r) => `${r.method} ${r.url}${r.at === undefined ? '' : ` (sent at ${(r.at / 1000).toFixed(1)} s)`}`).join(', ')
}

function definedOnly(options: AgentOptions): Partial<typeof DEFAULTS> {
  const out: Partial<typeof DEFAULTS> = {}
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) if (options[key] !== undefined) out[key] = options[key]
  return out
}
