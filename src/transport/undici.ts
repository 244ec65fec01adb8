import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type { buildConnector, Client, Pool } from 'undici'

/**
 * undici is loaded with the first call, not when callspec is imported, and only its Pool and Client:
 * the transports need nothing else (Pool.dispatch, Client.dispatch). undici's index builds fetch,
 * WebSocket, the cache and the mock agents too: measured, `import('undici')` cost 110-120 ms of a
 * first call, its Pool module alone 40-46 ms (which loads the Client's). The deep paths are undici's
 * internal layout (pinned to ~7.30 in package.json, guarded by test/transport/undici-pool-path.test.ts);
 * if they ever move, the full entry is loaded instead, so a call never breaks over it.
 */
export const UNDICI_POOL_PATH = 'undici/lib/dispatcher/pool.js'
export const UNDICI_CLIENT_PATH = 'undici/lib/dispatcher/client.js'

let PoolClass: typeof Pool | undefined
let ClientClass: typeof Client | undefined
let loading: Promise<void> | undefined

export function loadUndici(): Promise<void> | undefined {
  if (PoolClass && ClientClass) return undefined
  return (loading ??= Promise.resolve().then(async () => {
    PoolClass = requirePool()
    ClientClass = requireClient()
    if (!PoolClass || !ClientClass) {
      const undici = await import('undici')
      PoolClass ??= undici.Pool
      ClientClass ??= undici.Client
    }
  }))
}

/** undici's own Pool class from its module, or undefined when that module is not where it was. */
export function requirePool(): typeof Pool | undefined {
  return requireDispatcher(UNDICI_POOL_PATH) as typeof Pool | undefined
}

/** undici's own Client class from its module, or undefined when that module is not where it was. */
export function requireClient(): typeof Client | undefined {
  return requireDispatcher(UNDICI_CLIENT_PATH) as typeof Client | undefined
}

function requireDispatcher(path: string): unknown {
  try {
    const dispatcher: unknown = createRequire(import.meta.url)(path)
    return typeof dispatcher === 'function' && typeof (dispatcher.prototype as { dispatch?: unknown }).dispatch === 'function' ? dispatcher : undefined
  } catch {
    return undefined
  }
}

/** undici's Pool; `loadUndici()` must have finished (resolveTransport awaits it). */
export function newPool(origin: string, options: Pool.Options): Pool {
  if (!PoolClass) throw new Error('[callspec] internal: a pool was asked for before undici was loaded')
  return new PoolClass(origin, options)
}

/** undici's Client (one connection); `loadUndici()` must have finished (resolveTransport awaits it). */
export function newClient(origin: string, options: Client.Options): Client {
  if (!ClientClass) throw new Error('[callspec] internal: a client was asked for before undici was loaded')
  return new ClientClass(origin, options)
}

export const UNDICI_CONNECT_PATH = 'undici/lib/core/connect.js'

/**
 * undici's own connector (what a Pool builds when given none), each socket it makes handed to
 * `made` first: callspec tags its connections as its own where they are made (app-io.ts ownSocket).
 * By the same deep path as the Pool, else undici's entry.
 */
export function taggingConnector(timeoutMs: number, made: (socket: Socket) => void): buildConnector.connector {
  const require = createRequire(import.meta.url)
  let build: typeof buildConnector
  try {
    build = require(UNDICI_CONNECT_PATH) as typeof buildConnector
  } catch {
    build = (require('undici') as typeof import('undici')).buildConnector
  }
  const connect = build({ timeout: timeoutMs })
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (socket) made(socket as Socket)
      // undici's connector types its callback as two overloads; the arguments are passed on as they came.
      ;(callback as (error: Error | null, socket: unknown) => void)(error, socket)
    })
}

/**
 * undici's Agent (any origin): the global dispatcher put in place where none was yet, and the
 * rare fallback of the global dispatcher's routing (api/undici-routing.ts). Loaded on first use,
 * by the same deep path as the Pool, else the entry.
 */
export function newAgent(): import('undici').Agent {
  const require = createRequire(import.meta.url)
  let Agent: typeof import('undici').Agent
  try {
    Agent = require('undici/lib/dispatcher/agent.js') as typeof import('undici').Agent
  } catch {
    Agent = (require('undici') as typeof import('undici')).Agent
  }
  return new Agent()
}

/**
 * undici's idle-socket check: before it writes a request on a keep-alive connection it has used,
 * it waits for the event loop's check phase (setImmediate), so that a FIN, RST or stray bytes
 * already pending on the socket are read first (undici 7.2x, GHSA-35p6-xmwp-9g52). An in-memory
 * connection has nothing pending that way: what the app's end does reaches the client's end at
 * once. The wait cost every webhook after a call's first a turn of the event loop (measured, the
 * bench's in-process call ~7 % slower). The check's state is a private symbol on the socket, found
 * by its description once undici has set it; the accessor below always reads "checked". Not
 * found (another undici version), nothing changes but the speed.
 */
const IDLE_CHECK = 'kIdleSocketValidation'
const CHECKED = 2
let idleCheck: symbol | undefined

export function skipIdleSocketCheck(socket: object): void {
  idleCheck ??= Object.getOwnPropertySymbols(socket).find((s) => s.description === IDLE_CHECK)
  if (idleCheck === undefined || !Object.hasOwn(socket, idleCheck)) return
  Object.defineProperty(socket, idleCheck, { get: () => CHECKED, set: () => {}, configurable: true })
}
