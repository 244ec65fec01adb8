import { createServer, type Server } from 'node:http'
import tls from 'node:tls'
import { memorySocketPair } from '../transport/memory-socket.js'
import { serveFakeApi } from './loopback-server.js'
import { IN_PROCESS_BODY_BOUNDS } from './request-body.js'
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'
import { AFTER_END_ADVICE, answerBodyText } from './late-requests.js'

/**
 * Once callspec has intercepted a vendor's hosts in this process, they never reach the real
 * network: a request an in-process app sends after its call ended (a timer, a late clean-up) would
 * otherwise go to the real vendor, the app's credentials with it (measured: ENOTFOUND in CI, an
 * unhandled "fetch failed" in the test run).
 *
 * A call whose app only answers webhooks (Webex Connect, 8x8 and Voxology inbound calls, by
 * default) applies no interceptor: it holds this guard alone (holdVendorHosts), and while it does,
 * a connection to its vendor's hosts is answered by the call's own fake API (audit-94 F5: a call log
 * read from the final callback went to the real api.voxolo.gy with the app's key). Applying the
 * interceptor for it cost ~600 µs a call, more than the call itself, and went over a test's own
 * mocks of the host; the guard costs a map lookup per TLS connection and acts after those mocks.
 *
 * The request interception goes when the last call ends (the patched globals go back, as a test's
 * own mocks and spies expect); what stays, for the process's life, is this guard on `tls.connect`:
 * the point every HTTPS client reaches (fetch, undici, http.request, through any mock that lets a
 * request pass), after every mock a test set up. A connection to an intercepted vendor host is an
 * in-memory one to a fake answering as the platform answers a request about a call that no longer
 * exists (each driver's `answerWithoutCall`), or 404 "no call in progress" for what callspec cannot
 * place; a call in progress answers instead (its API), and a test's own nock or msw mocks answer
 * before any connection is made, as they did. The first such request is reported with a console
 * warning, once per process: the call it belonged to has passed, so nothing else can say it.
 */

interface Guarded {
  origin: string
  api: PlatformApi
  /**
   * A call in this process holds the interception for this origin now: it answers the app's
   * requests before any connection, and one that still reaches tls.connect went around it (an
   * undici client of the app's own, reported as such): it goes on to the network, as it did.
   */
  live(): boolean
}

interface GuardState {
  /** By `host:port`, as tls.connect is asked for it. */
  hosts: Map<string, Guarded>
  servers: Map<string, Server>
  warned: boolean
  /** By origin: the calls in progress that hold the guard alone (no interceptor), whose API answers it. */
  held?: Map<string, number>
}

/** Per process (a test runner may load callspec's modules more than once): tls.connect is wrapped once. */
const STATE = Symbol.for('callspec.vendorGuard')

/** Guards `origins` (their HTTPS ones) from now on; `live(origin)` says when a call answers them instead. */
export function guardVendorHosts(origins: readonly string[], api: PlatformApi, live: (origin: string) => boolean): void {
  const state = installed()
  for (const { key, origin } of hostsOf(origins)) state.hosts.set(key, { origin, api, live: () => live(origin) })
}

/**
 * Guards `origins` (their HTTPS ones) for a call in progress that applies no interceptor: until
 * the returned release, a connection to them is answered by `api`, the call's fake API (which the
 * call registered in), and after it as any guarded host is. Reference-counted per origin.
 */
export function holdVendorHosts(origins: readonly string[], api: PlatformApi): () => void {
  const state = installed()
  const held = (state.held ??= new Map())
  const guarded = hostsOf(origins)
  for (const { key, origin } of guarded) {
    const current = state.hosts.get(key)
    if (current?.api !== api) state.hosts.set(key, { origin, api, live: current?.live ?? (() => false) })
    held.set(origin, (held.get(origin) ?? 0) + 1)
  }
  let released = false
  return () => {
    if (released) return
    released = true
    for (const { origin } of guarded) {
      const left = (held.get(origin) ?? 1) - 1
      if (left > 0) held.set(origin, left)
      else held.delete(origin)
    }
  }
}

const parsedOrigins = new WeakMap<readonly string[], ReadonlyArray<{ key: string; origin: string }>>()

/** The HTTPS origins among `origins`, with their `host:port` keys; parsed once per list (a driver's vendorOrigins). */
function hostsOf(origins: readonly string[]): ReadonlyArray<{ key: string; origin: string }> {
  let hosts = parsedOrigins.get(origins)
  if (!hosts) {
    hosts = origins.flatMap((origin) => {
      const url = new URL(origin)
      return url.protocol === 'https:' ? [{ key: `${url.hostname.toLowerCase()}:${url.port || '443'}`, origin: url.origin }] : []
    })
    parsedOrigins.set(origins, hosts)
  }
  return hosts
}

/** A call holds `target` through the guard alone now: its API answers the connection. */
const heldAlone = (state: GuardState, target: Guarded): boolean => (state.held?.get(target.origin) ?? 0) > 0

function installed(): GuardState {
  const g = globalThis as unknown as Record<symbol, GuardState | undefined>
  let state = g[STATE]
  if (state) return state
  state = { hosts: new Map(), servers: new Map(), warned: false }
  g[STATE] = state
  const real = tls.connect
  const guarded = state
  const connect = function (this: unknown, ...args: unknown[]) {
    const target = guardedTarget(guarded, args)
    // Intercepted, and no call holds the guard alone: what comes here went around the interceptor (Guarded.live).
    if (!target || (target.live() && !heldAlone(guarded, target))) return (real as (...a: unknown[]) => tls.TLSSocket).apply(this, args)
    return fakeConnection(guarded, target, args.find((a): a is () => void => typeof a === 'function'))
  }
  ;(tls as { connect: unknown }).connect = connect
  return state
}

/** The guarded vendor host a tls.connect call is for, if any: `(options[, cb])` or `(port[, host][, options][, cb])`. */
function guardedTarget(state: GuardState, args: unknown[]): Guarded | undefined {
  let options: tls.ConnectionOptions = {}
  let port: unknown
  let host: unknown
  if (typeof args[0] === 'object' && args[0] !== null) options = args[0] as tls.ConnectionOptions
  else {
    port = args[0]
    if (typeof args[1] === 'string') host = args[1]
    const rest = args.slice(typeof args[1] === 'string' ? 2 : 1).find((a) => typeof a === 'object' && a !== null)
    if (rest) options = rest as tls.ConnectionOptions
  }
  const name = options.servername || (host as string | undefined) || options.host
  if (!name) return undefined
  return state.hosts.get(`${String(name).toLowerCase()}:${String(port ?? options.port ?? 443)}`)
}

/** An in-memory connection that looks enough like a TLS socket for undici and Node's https agent, served by the guard's fake. */
function fakeConnection(state: GuardState, target: Guarded, callback: (() => void) | undefined): tls.TLSSocket {
  const [client, served] = memorySocketPair()
  serverFor(state, target.origin).emit('connection', served)
  Object.assign(client, {
    encrypted: true,
    authorized: true,
    alpnProtocol: 'http/1.1',
    servername: new URL(target.origin).hostname,
    getPeerCertificate: () => ({}),
    getSession: () => undefined,
    getProtocol: () => 'TLSv1.3',
    isSessionReused: () => false,
  })
  process.nextTick(() => {
    client.emit('connect')
    client.emit('secureConnect')
    callback?.call(client)
  })
  return client as unknown as tls.TLSSocket
}

function serverFor(state: GuardState, origin: string): Server {
  let server = state.servers.get(origin)
  if (!server) {
    const api: PlatformApi = { handle: (request) => answerAfterCalls(state, origin, request) }
    server = createServer((req, res) => {
      void serveFakeApi(api, req, res, origin, IN_PROCESS_BODY_BOUNDS).catch(() => req.destroy())
    })
    state.servers.set(origin, server)
  }
  return server
}

async function answerAfterCalls(state: GuardState, origin: string, request: ApiRequest): Promise<ApiResponse> {
  const target = [...state.hosts.values()].find((g) => g.origin === origin)
  // A call in progress holds the host (through the guard alone, or a call began since the
  // connection was made): its API answers, as the interception would.
  if (target && (heldAlone(state, target) || target.live())) return target.api.handle(request)
  const platforms = target?.api.answerWithoutCall?.(request)
  const answer = platforms ?? noCallInProgress(request)
  if (!state.warned) {
    state.warned = true
    const body = answerBodyText(answer)
    console.warn(
      `[callspec] the app sent ${request.method} ${request.url.origin}${request.url.pathname} after its call had ended, with no call in progress. ` +
        `callspec answered it HTTP ${answer.status} ${body} (${platforms ? "the platform's answer about a call that no longer exists" : 'callspec cannot place it with no call in progress'}), and it did not reach the real vendor: ` +
        `callspec keeps answering a vendor host in this process once it has intercepted it. The call it belonged to had already passed, so nothing failed on it: ` +
        AFTER_END_ADVICE,
    )
  }
  return answer
}

/** What callspec answers a request it cannot place when no call is in progress. */
function noCallInProgress(request: ApiRequest): ApiResponse {
  return {
    status: 404,
    body: {
      error: `callspec's fake API has no call in progress: ${request.method} ${request.url.pathname} came after the last call in this process ended (callspec answers ${request.url.origin} itself once it has intercepted it; nothing reaches the real vendor)`,
    },
  }
}
