import http, { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import net from 'node:net'
import tls from 'node:tls'
import { memorySocketPair } from '../transport/memory-socket.js'
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'
import { AFTER_END_ADVICE, ONCE_NOTICE, answerBodyText } from './late-requests.js'
import { attributeToEndedCall } from './stray-requests.js'
import { processShared } from '../utils/process-shared.js'
import { sameHost } from './vendor-origins.js'
import { plainHttpNotice, plainHttpRefused } from './plain-http-refusal.js'

/**
 * Once a call in this process has had callspec answer a vendor's hosts (intercepted them, or
 * guarded them alone), they never reach the real network: a request an in-process app sends after
 * its call ended (a timer, a late clean-up) would otherwise go to the real vendor, the app's
 * credentials with it (measured: ENOTFOUND in CI, an unhandled "fetch failed" in the test run).
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
 * request pass), after every mock a test set up. A connection to a guarded vendor host is an
 * in-memory one to a fake: a call in progress that has callspec answer the host answers it (its
 * API); with none, callspec answers, in the vendor's shape, as about a call that no longer exists
 * (each driver's `answerWithoutCall`), or 404 "no call in progress" for what callspec cannot place;
 * and a test's own nock or msw mocks answer before any connection is made, as they did. The first
 * such request is reported with a console warning, once per process: the call it belonged to has
 * passed, so nothing else can say it.
 *
 * The same hosts over plain http (`http://api.enablex.io`, port 80) are guarded with them, on the
 * plain connections (net.connect, which undici's fetch calls, and http.Agent's createConnection,
 * which http.request's agents call): no vendor serves its API there (each documents an https://
 * base URL), and such a request went to the real host with the app's credentials in clear text,
 * during a call and before one. Before any call it is answered as an https one is then; once a
 * call has had callspec answer the host, with callspec's refusal saying the API is https
 * (plain-http-refusal.ts: callspec's inference, a warning once per process, no call failed by it).
 *
 * The `callspec/vitest` setup file guards every built-in platform's hosts before any test file's
 * modules load (guardVendorHostsFromSetup): a request an app sends as its module loads or in a
 * startup hook (a token, a config, with the app's credentials) came before any call, so it is
 * answered by callspec's own 404 saying so, with its own warning once per process, where it went to
 * the real vendor (measured: ENOTFOUND after ~25 ms here). Without the setup file (a plain
 * `import { callTo } from 'callspec'`), nothing is guarded until a call guards its hosts.
 *
 * A call with `api: 'none'` (passVendorHosts) leaves the app's requests where they go: to the test's
 * own mocks, or to the network for a host nothing guarded. A host an earlier call guarded stays
 * answered by callspec all the same (the app's credentials never reach the real vendor, whatever a
 * later call's option), with callspec's own 404 saying so, not an answer in the vendor's shape
 * about a call that no longer exists (the call is in progress), and a console warning of its own,
 * once per process, saying how to answer it with a mock. It is said only there, not in that call's
 * transcript or warnings: a TLS connection does not say which call's app made it (an earlier call's
 * late timer, or a concurrent call's app under `appClock: false`, reaches the guard the same way),
 * so a note could land on a call it is no part of; callspec neither waits for the vendor API in
 * such a call nor moves it on one (it only answers webhooks: `api: 'none'` is refused to an app
 * that drives the call through the API), so there is no step of the call to tie it to; and the body
 * the app gets says itself that callspec answered it, for the app's own logs.
 */

interface Guarded {
  origin: string
  /** The platform's fake API a call answered the host from; none yet for a host guarded from setup alone. */
  api?: PlatformApi
  /** For a plain-http host (`http://api.enablex.io`): the `host:port` key of the https host it stands for. */
  secureKey?: string
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
  /** By origin: the calls in progress with `api: 'none'` (passVendorHosts), which have callspec answer nothing. */
  passing?: Map<string, number>
  /** The warning of a request answered during a call with `api: 'none'` was given (once per process). */
  warnedPassing?: boolean
  /** The warning of a request answered before any call had callspec answer its host was given (once per process). */
  warnedBeforeCalls?: boolean
  /** The warning of a plain-http request to a vendor host refused was given (once per process). */
  warnedPlain?: boolean
  /** tls.connect is wrapped (a call or the setup file guarded a host); the state alone is made by a call with `api: 'none'`. */
  wrapped?: boolean
}


/** Guards `origins` (their HTTPS ones) from now on; `live(origin)` says when a call answers them instead. */
export function guardVendorHosts(origins: readonly string[], api: PlatformApi, live: (origin: string) => boolean): void {
  const state = installed()
  for (const { key, origin } of hostsOf(origins)) state.hosts.set(key, { origin, api, live: () => live(origin) })
  guardPlainHttp(state, origins)
}

/**
 * Guards `origins` (their HTTPS ones) from the test run's setup, before any call: until a call has
 * callspec answer one of them, a request to it gets callspec's own "before any call" 404. A host a
 * call already guarded keeps what that call set.
 */
export function guardVendorHostsFromSetup(origins: readonly string[]): void {
  const state = installed()
  for (const { key, origin } of hostsOf(origins)) if (!state.hosts.has(key)) state.hosts.set(key, { origin, live: () => false })
  guardPlainHttp(state, origins)
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
  }
  guardPlainHttp(state, origins)
  return count(held, guarded)
}

/**
 * A call in progress with `api: 'none'` on `origins`' platform: until the returned release, a
 * request that still reaches one of them the guard holds (a host an earlier call had callspec
 * answer, not mocked by the test) is answered and said as during such a call, not as after the
 * last call. Reference-counted per origin. Wraps nothing: a host no call guarded goes to the network.
 */
export function passVendorHosts(origins: readonly string[]): () => void {
  const passing = (stateOf().passing ??= new Map())
  return count(passing, hostsOf(origins))
}

/** Counts `hosts` in `counts` by origin; returns what takes them out again (once). */
function count(counts: Map<string, number>, hosts: ReadonlyArray<{ origin: string }>): () => void {
  for (const { origin } of hosts) counts.set(origin, (counts.get(origin) ?? 0) + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    for (const { origin } of hosts) {
      const left = (counts.get(origin) ?? 1) - 1
      if (left > 0) counts.set(origin, left)
      else counts.delete(origin)
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

/**
 * Guards `origins`' hosts over plain http (port 80) too: each stands for its https host, which
 * says what it is answered (answerPlainHttp). No interceptor answers them (its routes are the https
 * origins), so the guard always does.
 */
function guardPlainHttp(state: GuardState, origins: readonly string[]): void {
  for (const { key } of hostsOf(origins)) {
    // The key is `hostname:port`, parsed once per list (hostsOf): no URL to parse again on each call.
    const hostname = key.slice(0, key.lastIndexOf(':'))
    const plain = `${hostname}:80`
    if (!state.hosts.has(plain)) state.hosts.set(plain, { origin: `http://${hostname}`, secureKey: key, live: () => false })
  }
}

/**
 * Whether callspec's guard answers a request to `url` (a vendor host a call or the setup file had it
 * guard, over https or plain http on the default port): it never goes to the network, whichever call
 * is in progress (interception.ts does not list it as sent elsewhere).
 */
export function keptOffNetwork(url: URL): boolean {
  const origin = vendorOriginOf(url)
  if (origin === undefined) return false
  for (const guarded of stateOf().hosts.values()) if (guarded.origin === origin) return true
  return false
}

/**
 * The vendor origin a request to `url` reaches when it is a vendor host's: its own over https, the
 * https origin over plain http on the default port (the guard answers both the same,
 * guardPlainHttp), none on another port or scheme.
 */
export function vendorOriginOf(url: URL): string | undefined {
  if (url.protocol === 'https:') return url.origin
  return url.protocol === 'http:' && url.port === '' ? `https://${url.hostname}` : undefined
}

/** A call holds `target` through the guard alone now: its API answers the connection. */
const heldAlone = (state: GuardState, target: Guarded): boolean => (state.held?.get(target.origin) ?? 0) > 0

/**
 * The process's guard state, made if need be (a test runner may load callspec's modules more than
 * once: tls.connect is wrapped once); tls.connect is wrapped by installed() alone.
 */
function stateOf(): GuardState {
  return processShared<GuardState>('vendorGuard', () => ({ hosts: new Map(), servers: new Map(), warned: false, wrapped: false }))
}

function installed(): GuardState {
  const state = stateOf()
  // A state made by another copy of this module (before `wrapped`) was made wrapped.
  if (state.wrapped !== false) return state
  state.wrapped = true
  const real = tls.connect
  const guarded = state
  const connect = function (this: unknown, ...args: unknown[]) {
    const target = guardedTarget(guarded, args)
    // Intercepted, and no call holds the guard alone: what comes here went around the interceptor (Guarded.live).
    if (!target || (target.live() && !heldAlone(guarded, target))) return (real as (...a: unknown[]) => tls.TLSSocket).apply(this, args)
    return fakeConnection(guarded, target, args.find((a): a is () => void => typeof a === 'function'))
  }
  ;(tls as { connect: unknown }).connect = connect
  guardPlainConnections(guarded)
  return state
}

/**
 * Plain connections to a guarded vendor host's port 80 are in-memory ones to the guard's fake, as
 * TLS ones are: net.connect (and its alias createConnection), which undici (fetch) calls at each
 * connection, and http.Agent's createConnection, which Node bound to net's own at load, so every
 * http.request agent (the global one, `new Agent()`, a nock or msw passthrough) calls it.
 */
function guardPlainConnections(state: GuardState): void {
  const wrap = <F extends (...args: any[]) => unknown>(real: F): F =>
    function (this: unknown, ...args: unknown[]) {
      const target = guardedTarget(state, args, 'plain')
      if (!target) return real.apply(this, args)
      return fakeConnection(state, target, args.find((a): a is () => void => typeof a === 'function'), false)
    } as F
  const connect = wrap(net.connect)
  ;(net as { connect: unknown }).connect = connect
  ;(net as { createConnection: unknown }).createConnection = connect
  http.Agent.prototype.createConnection = wrap(http.Agent.prototype.createConnection)
}

/**
 * The guarded vendor host a tls.connect call (`kind` 'tls': its https hosts) or a plain net.connect
 * one ('plain': their port-80 twins) is for, if any: `(options[, cb])` or `(port[, host][, options][, cb])`.
 */
function guardedTarget(state: GuardState, args: unknown[], kind: 'tls' | 'plain' = 'tls'): Guarded | undefined {
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
  const name = (kind === 'tls' && options.servername) || (host as string | undefined) || options.host
  if (!name) return undefined
  // A fully qualified name (`api.voxolo.gy.`, a trailing dot) is the same host: it went to the network (h208).
  const target = state.hosts.get(sameHost(`${String(name).toLowerCase()}:${String(port ?? options.port ?? (kind === 'tls' ? 443 : 80))}`))
  return (target?.secureKey !== undefined) === (kind === 'plain') ? target : undefined
}

/**
 * An in-memory connection served by the guard's fake: one that looks enough like a TLS socket for
 * undici and Node's https agent, or (`secure` false) a plain one for undici and http's agent.
 */
function fakeConnection(state: GuardState, target: Guarded, callback: (() => void) | undefined, secure = true): tls.TLSSocket {
  const [client, served] = memorySocketPair()
  serverFor(state, target.origin).emit('connection', served)
  if (!secure) {
    process.nextTick(() => {
      client.emit('connect')
      callback?.call(client)
    })
    return client as unknown as tls.TLSSocket
  }
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

/**
 * What serves a guarded connection's requests, loaded with the first one: the callspec/vitest setup
 * file loads this module before any call, and the fake API's server with it would add to every test
 * file's import (measured with it: +5.5 ms CPU of ~52, without: +3). A call loads the same modules
 * (interception.ts) before its app sends anything, so from then on this is the loaded one.
 */
let serving: Promise<(api: PlatformApi, req: IncomingMessage, res: ServerResponse, origin: string) => Promise<void>> | undefined
const servingOnce = () =>
  (serving ??= Promise.all([import('./loopback-server.js'), import('./request-body.js')]).then(
    ([{ serveFakeApi }, { IN_PROCESS_BODY_BOUNDS }]) =>
      (api: PlatformApi, req: IncomingMessage, res: ServerResponse, origin: string) => serveFakeApi(api, req, res, origin, IN_PROCESS_BODY_BOUNDS),
  ))

function serverFor(state: GuardState, origin: string): Server {
  let server = state.servers.get(origin)
  if (!server) {
    const api: PlatformApi = {
      handle: (request) => answerAfterCalls(state, origin, request),
      // A body refused (413, 408) or unfinished about an ended call is listed as such (stray-requests.ts noteAnswered).
      endedCallIn: (url) => [...state.hosts.values()].find((g) => g.origin === origin)?.api?.endedCallIn?.(url) ?? false,
    }
    server = createServer((req, res) => {
      void servingOnce()
        .then((serve) => serve(api, req, res, origin))
        .catch(() => req.destroy())
    })
    state.servers.set(origin, server)
  }
  return server
}

async function answerAfterCalls(state: GuardState, origin: string, request: ApiRequest): Promise<ApiResponse> {
  const target = [...state.hosts.values()].find((g) => g.origin === origin)
  if (target?.secureKey !== undefined) return answerPlainHttp(state, target.secureKey, request)
  // A call in progress holds the host (through the guard alone, or a call began since the
  // connection was made): its API answers, as the interception would.
  if (target?.api && (heldAlone(state, target) || target.live())) return target.api.handle(request)
  if ((state.passing?.get(origin) ?? 0) > 0) return answerPassed(state, origin, request, target?.api !== undefined)
  if (!target?.api) return answerBeforeCalls(state, origin, request)
  // About a call of this process's that has ended: that call's app, late, listed apart from the
  // call in progress's requests (stray-requests.ts), whichever vendor that call is on.
  if (target.api.endedCallIn?.(request.url)) attributeToEndedCall(request)
  const platforms = target.api.answerWithoutCall?.(request)
  const answer = platforms ?? noCallInProgress(request)
  warnOnce(
    state,
    'warned',
    `[callspec] the app sent ${request.method} ${request.url.origin}${request.url.pathname} after its call had ended, with no call in progress on that vendor host. ` +
      `callspec answered it HTTP ${answer.status} ${answerBodyText(answer)} (${platforms ? "callspec's answer, in the vendor's shape, to a request about a call that no longer exists" : 'callspec cannot place it with no call in progress'}), and it did not reach the real vendor: ` +
      `callspec keeps a vendor host off the network in this process once a call has had callspec answer it. The call it belonged to had already passed, so nothing failed on it: ` +
      AFTER_END_ADVICE,
  )
  return answer
}

/**
 * A request to a vendor host over plain http: before any call had callspec answer its https host
 * (nor passes it with api: 'none'), answered as an https request is then; after, refused as not
 * https (plain-http-refusal.ts), whether a call is in progress or has ended.
 */
function answerPlainHttp(state: GuardState, secureKey: string, request: ApiRequest): ApiResponse {
  const secure = state.hosts.get(secureKey)
  const secureOrigin = secure?.origin ?? `https://${secureKey.replace(/:443$/, '')}`
  if (!secure?.api && !((state.passing?.get(secureOrigin) ?? 0) > 0)) return answerBeforeCalls(state, request.url.origin, request, secureOrigin)
  const answer = plainHttpRefused(request, secureOrigin)
  warnOnce(state, 'warnedPlain', plainHttpNotice(request, answerBodyText(answer), answer.status))
  return answer
}

/** Says `text` with a console warning, the first time the guard answers such a request in this process. */
function warnOnce(state: GuardState, flag: 'warned' | 'warnedPassing' | 'warnedBeforeCalls' | 'warnedPlain', text: string): void {
  if (state[flag]) return
  state[flag] = true
  console.warn(text)
}

/** How the test answers a request to `origin` itself: a mock of its own, which comes before the guard. */
const mockAdvice = (origin: string) => `To answer such a request yourself, mock ${origin} in the test (nock, msw): a mock answers before callspec does.`

/**
 * A request to a guarded host during a call with `api: 'none'`: callspec's own 404 (not the
 * vendor's shape: the call it may be about is in progress), and a warning once per process.
 * `byCall`: an earlier call had callspec answer the host; else only the setup file guards it.
 */
function answerPassed(state: GuardState, origin: string, request: ApiRequest, byCall: boolean): ApiResponse {
  const kept = byCall ? 'once a call has had callspec answer it' : 'from the callspec/vitest setup file on'
  const answer: ApiResponse = {
    status: 404,
    body: {
      error: `callspec answered this request itself, not the vendor: the call in progress passes api: 'none', and callspec keeps ${origin} off the network in this process ${kept}. Mock the host in the test (nock, msw) to answer it.`,
    },
  }
  warnOnce(
    state,
    'warnedPassing',
    `[callspec] the app sent ${request.method} ${origin}${request.url.pathname} while a call with api: 'none' was in progress. ` +
      `callspec answered it HTTP ${answer.status} ${answerBodyText(answer)}, and it did not reach the real vendor: ` +
      (byCall
        ? "once a call in this process has had callspec answer a vendor host, callspec keeps that host off the network for the rest of the process, whatever a later call's api option, "
        : "the callspec/vitest setup file keeps the vendor hosts off the network for the whole process, whatever a call's api option, ") +
      `so the app's credentials never reach the real vendor. ${mockAdvice(origin)} ${ONCE_NOTICE}`,
  )
  return answer
}

/**
 * A request to a host the setup file guards, before any call in this process had callspec answer
 * it: the app sent it as its module loaded or in a startup hook. callspec's own 404 (no vendor's
 * shape: there is no call it can be about), and a warning once per process.
 */
function answerBeforeCalls(state: GuardState, origin: string, request: ApiRequest, secureOrigin?: string): ApiResponse {
  // Over plain http, a call would not answer it either: it refuses it (answerPlainHttp).
  const plain = secureOrigin && ` The vendor's API is served at ${secureOrigin}: send it there (callspec refuses plain http during a call, its inference: the vendor documents https:// only).`
  const answer: ApiResponse = {
    status: 404,
    body: {
      error: `callspec answered this request itself, not the vendor: it came before any call in this process had callspec answer ${origin} (at the app's module import, or in a startup hook), and the callspec/vitest setup file keeps that host off the network from the start. Mock the host in the test (nock, msw) to answer it${plain ? `.${plain}` : ', or have the app send it once its call runs.'}`,
    },
  }
  warnOnce(
    state,
    'warnedBeforeCalls',
    `[callspec] the app sent ${request.method} ${origin}${request.url.pathname} before any call in this process had callspec answer that vendor host (at the app's module import, or in a startup hook such as beforeAll). ` +
      `callspec answered it HTTP ${answer.status} ${answerBodyText(answer)}, and it did not reach the real vendor: ` +
      `the callspec/vitest setup file keeps the vendor hosts off the network from the start of the process, so the app's credentials never reach the real vendor. ` +
      `${mockAdvice(origin)}${plain ?? ' Or have the app send it once its call runs: a call answers it as the platform would.'} ${ONCE_NOTICE}`,
  )
  return answer
}

/** What callspec answers a request it cannot place when no call is in progress. */
function noCallInProgress(request: ApiRequest): ApiResponse {
  return {
    status: 404,
    body: {
      error: `callspec's fake API has no call in progress: ${request.method} ${request.url.pathname} came after the last call in this process that had callspec answer ${request.url.origin} ended (callspec keeps that host off the network from then on; nothing reaches the real vendor)`,
    },
  }
}
