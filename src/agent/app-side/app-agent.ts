import { syncBuiltinBindings } from '../../utils/builtin-bindings.js'
import { subscribe } from 'node:diagnostics_channel'
import type { ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import { appIoInFlight, callStarted, ownSocket } from '../../clock/app-io.js'
import { ENV, PROTOCOL, lineReader, type ClockStatus, type HeldResult, type Hello, type InFlight, type NextResult, type Reply, type Request } from '../protocol.js'
import { APP_WORK_MS, productionReached } from '../../clock/production-lead.js'
import { RealDate, realClearTimeout, realNow, realSetTimeout, realTurn } from './real-timers.js'
import { VendorForwarding } from './vendor-forwarding.js'
import { VirtualTimers } from './virtual-timers.js'
import { whenListening } from './when-listening.js'

/** Real event-loop turns with nothing started or answered before the app counts as quiet. */
const IDLE_TURNS = 5
/** Real ms between attempts to reach callspec (it may start after the app). */
const RECONNECT_MS = 250

/**
 * `callspec/agent` inside the app's process: fakes its timers, forwards its vendor-host requests
 * to the fake API, and answers callspec's clock requests over the channel. Returns undefined (and
 * touches nothing) when the environment has no channel.
 */
export function startAppAgent(env: NodeJS.ProcessEnv): { close(): void } | undefined {
  const channel = env[ENV.channel]
  if (!channel) {
    console.warn(`[callspec/agent] ${ENV.channel} is not set: the app runs untouched (real timers, real vendor hosts).`)
    return undefined
  }
  const [host, port] = splitHostPort(channel)
  const origins = (env[ENV.hosts] ?? '').split(',').filter(Boolean)
  const timers = new VirtualTimers()
  let activity = 0
  /** Quiet waits asleep until something changes (several may run: callspec stops waiting on one once an answer is in). */
  const wakers = new Set<() => void>()
  const onActivity = () => {
    activity++
    for (const wake of wakers) wake()
  }
  const forwarding = new VendorForwarding({ origins, apiUrl: env[ENV.api] ?? '', now: () => timers.now, onActivity, acted: () => timers.acted() })
  const served = serving(timers, onActivity)
  // The timers and the vendor-host requests were replaced on the modules' CommonJS objects; an
  // ESM `import { setTimeout } from 'node:timers'` or `import { request } from 'node:https'` reads
  // the module's facade, built from the originals if anything imported it first (the agent did).
  // At preload, before the app's code, and for good: the agent stays for the process's life.
  syncBuiltinBindings()

  /** The first exception an app timer threw since the last reply (callspec fails the call with it). */
  let timerError: string | undefined
  const keep = (error: string | undefined) => {
    timerError ??= error
  }

  /**
   * Waits until nothing is in flight, no 0 ms timer is due now, and a few real turns pass with no
   * new request (bounded by `maxMs`). With `callerAt` (virtual ms: the caller presses their next key
   * or hangs up then while the app holds a webhook's answer), the wait on the app's real I/O ends
   * once production's time (the call's, plus the real time held ahead of it) reaches it, as in the
   * test's process (CallSession's #keyDueNow, #hangUpDue): the caller does not wait for that answer
   * to act.
   */
  async function quiet(maxMs: number, platformAt: number | undefined, callerAt?: number): Promise<{ quiet: boolean; inFlight: InFlight[]; answering: number; now: number | undefined; callerActs?: true }> {
    const deadline = RealDate.now() + maxMs
    /** Real ms this wait has held the call on the app's real I/O: past APP_WORK_MS, the call's time moves on with it (keepPace). */
    let heldInWait = 0
    let seen = activity
    let idle = 0
    /**
     * The real instant the last look at the app's real I/O in flight ended, while nothing happened
     * since: the turns between two looks are held time too (a loaded machine, or the app's own work
     * on other sockets, makes them long), as in the test's process (InProcessAppClock's #heldLook).
     */
    let heldUntil: number | undefined
    while (RealDate.now() < deadline) {
      const due = timers.runDueNow()
      keep(due.error)
      if (forwarding.awaitingAnswer().length > 0) {
        // A request is out: sleep until something changes rather than spin (one whose body is still coming is the app's work, below).
        await new Promise<void>((resolve) => {
          const wake = () => {
            realClearTimeout(timer)
            wakers.delete(wake)
            resolve()
          }
          const timer = realSetTimeout(wake, Math.max(0, deadline - RealDate.now()))
          wakers.add(wake)
        })
        seen = activity
        idle = 0
        heldUntil = undefined
        continue
      }
      await realTurn()
      if (activity !== seen || due.ran) {
        seen = activity
        idle = 0
        heldUntil = undefined
      } else if (++idle >= IDLE_TURNS) {
        // Quiet by every hook the agent has; the app's own real I/O (a file read, a database
        // query on its own connection) still holds the clock (see src/clock/app-io.ts), until a
        // timer of the app's falls due in production meanwhile (its guard on that query): callspec
        // fires it then, as production's clock ran on.
        if (!appIoInFlight() || timers.overdue()) return { quiet: true, inFlight: [], answering: served.answering, now: timers.now }
        idle = 0
        // Counted from the last look's end: the idle turns since were spent waiting on that I/O too
        // (counted from this sleep alone, a 1.5 s query held 0.7 s of a loaded run's time).
        const started = heldUntil ?? realNow()
        await new Promise<void>((resolve) => realSetTimeout(resolve, 1))
        heldUntil = realNow()
        // Once, if another wait runs beside this one and counted some of it (VirtualTimers.held).
        timers.held(started, heldUntil)
        heldInWait += heldUntil - started
        // The app's Date reads the real time held when its code resumes, as in production (an app
        // timing a 1.5 s CRM lookup read 0 ms and greeted "Hello Ann." where production apologises
        // for the wait): past the host's jitter, as in the test's process (InProcessAppClock's
        // #catchUp). callspec's clock follows: with the answer the app holds (CallSession's
        // #answeredUnderAgent), with the request it sends the platform next (agent-time.ts), or
        // with this wait's reply.
        if (heldInWait > APP_WORK_MS) timers.keepPace(platformAt)
        const now = timers.now
        if (callerAt !== undefined && now !== undefined && productionReached(now, timers.leadMs, callerAt)) return { quiet: true, callerActs: true, inFlight: [], answering: served.answering, now }
      }
    }
    return { quiet: false, inFlight: forwarding.inFlight(), answering: served.answering, now: timers.now }
  }

  /** What every clock answer carries: the call's pending timers and any exception a timer threw. */
  const status = (): ClockStatus => {
    const error = timerError
    timerError = undefined
    return error === undefined ? { pending: timers.pending() } : { pending: timers.pending(), error }
  }

  async function answer(request: Request): Promise<unknown> {
    switch (request.op) {
      case 'start':
        // Hosts an earlier call stopped waiting for are awaited afresh (app-io.ts callStarted).
        callStarted()
        return timers.start(request.epochMs) ?? null
      case 'next': {
        const at = timers.next()
        const older = at !== undefined && served.pendingAtLatest.has(timers.nextId()!)
        const production = timers.platformFrom()
        const result: NextResult = older ? { at, older, ...status() } : { at: at ?? null, ...status() }
        if (production !== undefined) result.production = production
        return result
      }
      case 'fire': {
        // One bound for the whole move, however many timers fire.
        const deadline = RealDate.now() + request.maxMs
        const { fired, error } = await timers.fire(request.at, async () => {
          await quiet(Math.max(0, deadline - RealDate.now()), request.at)
        })
        keep(error)
        return { fired, ...status() }
      }
      case 'quiet':
        return { ...(await quiet(request.maxMs, request.platformAt, request.callerAt)), ...status() }
      case 'held':
        return { leadMs: timers.leadMs, caughtUpMs: timers.caughtUpMs, now: timers.now ?? 0 } satisfies HeldResult
      case 'stop':
        return timers.stop() ?? null
    }
  }

  let socket: Socket | undefined
  let closed = false
  let retry: ReturnType<typeof realSetTimeout> | undefined
  const open = () => {
    const current = connect({ host, port })
    socket = current
    ownSocket(current)
    current.unref()
    current.setNoDelay(true)
    const send = (message: Reply | Hello) => current.write(`${JSON.stringify(message)}\n`)
    current.on('connect', () =>
      send({ hello: { token: env[ENV.token] ?? '', protocol: PROTOCOL, pid: process.pid, node: process.version, hosts: origins } }),
    )
    current.on(
      'data',
      lineReader((message) => {
        const request = message as Request
        answer(request).then(
          (result) => send({ id: request.id, ok: true, result }),
          (error: unknown) => send({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
        )
      }),
    )
    current.on('error', () => {
      // A refused or dropped channel: 'close' follows and retries.
    })
    current.on('close', () => {
      // Whatever call was running is over for the app: its timers go back to real time.
      if (timers.now !== undefined) timers.stop()
      if (closed) return
      retry = realSetTimeout(open, RECONNECT_MS)
      retry.unref()
    })
  }
  // Once the process serves on a port: a launcher that loaded the agent too (npm start under
  // NODE_OPTIONS) never takes the channel from the app (when-listening.ts).
  whenListening(() => {
    if (!closed) open()
  })

  return {
    close() {
      closed = true
      if (retry) realClearTimeout(retry)
      socket?.destroy()
      forwarding.dispose()
      timers.uninstall()
    },
  }
}

/**
 * What the app's HTTP servers (http and https, Express and the frameworks built on them) are
 * answering, seen on Node's diagnostics channel: how many requests they received and have not
 * finished answering, and the app's timers pending as the latest one arrived. A webhook callspec
 * waits on is either held by the app (a timer of its, or real I/O, stands between it and the
 * answer) or already answered, its bytes on their way: only in the first case may callspec move the
 * app's clock.
 */
function serving(timers: VirtualTimers, onActivity: () => void): { readonly answering: number; readonly pendingAtLatest: ReadonlySet<number> } {
  const state = { answering: 0, pendingAtLatest: new Set<number>() as ReadonlySet<number> }
  subscribe('http.server.request.start', (message) => {
    const { response } = message as { response: ServerResponse }
    timers.webhookArrived()
    state.answering++
    state.pendingAtLatest = timers.now === undefined ? new Set() : timers.ids()
    onActivity()
    let open = true
    // 'finish': the last byte is handed to the socket; 'close' alone: the connection went first.
    const done = () => {
      if (!open) return
      open = false
      timers.acted()
      state.answering--
      onActivity()
    }
    response.once('finish', done)
    response.once('close', done)
  })
  return state
}

function splitHostPort(address: string): [string, number] {
  const colon = address.lastIndexOf(':')
  const port = Number(address.slice(colon + 1))
  if (colon < 0 || !Number.isInteger(port)) {
    throw new Error(`[callspec/agent] ${ENV.channel} must be host:port as callspec printed it; got ${JSON.stringify(address)}.`)
  }
  return [address.slice(0, colon), port]
}
