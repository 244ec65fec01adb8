import http, { type ClientRequest } from 'node:http'
import { VendorRoutes } from './vendor-origins.js'
import https from 'node:https'
import { createRequire } from 'node:module'
import { urlToHttpOptions } from 'node:url'
import type { AppTraffic } from '../clock/in-process-app-clock.js'
import { encode } from './loopback-server.js'
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'
import { answerApiRequest, failureOf, noteBypassed, noteElsewhere, type ElsewhereRequest } from './stray-requests.js'
import { subscribe } from '../utils/subscribers.js'
import { namedImportsFollowModules } from './named-imports.js'
import { fakeApiPools, originOf, routeUndiciRequests } from './undici-routing.js'
import { IN_PROCESS_BODY_BOUNDS, apiRequestOf, declaredTooLarge, readNoted, readWebBody } from './request-body.js'
import { guardVendorHosts, keptOffNetwork, vendorOriginOf } from './vendor-guard.js'
import { Traffic } from './traffic.js'
import { realTimers } from '../clock/real-timers.js'
import { countHttp2Requests } from './http2-requests.js'
import { insideLayer, layerOn } from './captured-requests.js'

/**
 * callspec's own request interception, for apps in this process. Two layers, applied while at
 * least one call holds them and taken off after the last (the patched globals go back to the
 * originals; the counting layer once the event loop next turns, see takeOffSoon):
 *  - counting, held by every call that runs an in-process app's timers on its clock: the app's
 *    fetch, http(s).request and get and undici's global dispatcher are wrapped to count what it
 *    has in flight, so the run loop does not move the call's clock past a request awaiting its
 *    answer (a CRM lookup the test mocks with msw or nock and a delay). No interceptor is loaded
 *    for it: it costs a call a few wrapper swaps.
 *  - vendor answering, held by calls whose app drives the call through the vendor's API (EnableX)
 *    or places it (startedBy()): a private @mswjs/interceptors instance (ClientRequest) and the
 *    fetch wrapper answer requests to the vendor hosts from the fake API.
 * It is not nock: nothing of it appears in, depends on, or can be removed by the user's own nock
 * state.
 */
interface Active {
  /** Requests to the vendor hosts are answered (the interceptor is applied), not only counted. */
  readonly vendor: boolean
  /** Takes the patches off; what is in flight stays counted (`traffic` is the process's). */
  dispose(): void
}

const routes = new VendorRoutes()
/** The layers being applied or applied, in the order holders asked: each one waits for the last. */
let active: Promise<Active> | undefined
/** The layers applied, once `active` has resolved. */
let applied: Active | undefined
let holders = 0

export const traffic = new Traffic()

export interface InterceptionHandle {
  readonly traffic: AppTraffic
  release(): Promise<void>
}

/**
 * Holds the interception for one call: `vendor` routes its platform's hosts to the fake API
 * (interception mode); without it, the call only counts the app's requests.
 */
export async function holdInterception(vendor?: { origins: readonly string[]; api: PlatformApi }): Promise<InterceptionHandle> {
  if (vendor) {
    for (const origin of vendor.origins) routes.set(new URL(origin).origin, vendor.api)
    // After the last call, these hosts still never reach the network (vendor-guard.ts).
    guardVendorHosts(vendor.origins, vendor.api, (origin) => routes.has(origin))
  }
  // The counting layer the last call left on (see takeOffSoon) serves this one: what the app
  // started between the calls is forgotten, as a fresh layer would never have seen it.
  if (lingering) {
    realTimers.clearImmediate(lingering)
    lingering = undefined
    traffic.reset()
  }
  holders++
  const answering = vendor !== undefined
  // A call that answers vendor hosts, joining calls that only count, applies both layers in place
  // of the counting alone.
  active = (active ?? Promise.resolve(undefined)).then((current) => (current && (current.vendor || !answering) ? current : replace(current, answering)))
  try {
    await active
  } catch (error) {
    holders--
    active = applied = undefined
    throw error
  }
  let released = false
  return {
    traffic,
    async release() {
      if (released) return
      released = true
      if (--holders > 0) return
      // The last call out (no other is still being held: each counted itself before it waited):
      // the vendor routes go, and so do the patched globals. Nothing it counted can still be
      // awaited, and a count left behind would make the next call's waits run to their bound.
      routes.clear()
      traffic.reset()
      if (applied && !applied.vendor) takeOffSoon()
      else takeOff()
    },
  }
}

/** The layers' patches go back to what they wrapped. */
function takeOff(): void {
  const last = applied
  active = applied = undefined
  last?.dispose()
}

/**
 * The counting layer alone stays on until the event loop next turns, then goes: calls awaited one
 * after another (a test's, a loop's) mostly run without a turn between them (in memory, the app at
 * rest), and each took the patches off for the next to put them back. Measured (in-process Webex
 * Connect and 8x8 calls, interleaved with and without): ~20 µs of a ~400 µs call. Code between two such calls runs with the counting
 * wrappers on, which pass every request through as they came; the vendor layer (an interceptor
 * that answers hosts) still goes at once. Unref'ed: it keeps no process alive.
 */
function takeOffSoon(): void {
  lingering = realTimers.setImmediate(() => {
    lingering = undefined
    if (holders === 0) takeOff()
  })
  lingering.unref()
}

/** The pending takeOffSoon, while the counting layer lingers. */
let lingering: ReturnType<typeof realTimers.setImmediate> | undefined

async function replace(current: Active | undefined, vendor: boolean): Promise<Active> {
  current?.dispose()
  return (applied = await apply(vendor))
}

type Interceptors = [typeof import('@mswjs/interceptors'), typeof import('@mswjs/interceptors/ClientRequest')]
let interceptors: Promise<Interceptors> | undefined

/**
 * Loads @mswjs/interceptors without applying anything; a call on an in-process app starts this
 * with its other first-call loading, so the file reads overlap. Its ESM build, imported: the
 * CommonJS one (faster to load) is the module instance the user's nock requires, and sharing its
 * state broke the separation tested in test/clock/nock-coexistence.test.ts.
 */
export function loadInterception(): Promise<Interceptors> {
  return (interceptors ??= Promise.all([import('@mswjs/interceptors'), import('@mswjs/interceptors/ClientRequest')]).catch(
    (error: unknown) => {
      interceptors = undefined
      throw error
    },
  ))
}

async function apply(vendor: boolean): Promise<Active> {
  await namedImportsFollowModules()
  const answering = vendor ? await answerVendorHosts() : undefined
  // undici's own request() and fetch(): through the global dispatcher, which no interceptor sees.
  const pools = fakeApiPools((origin) => routes.get(origin))
  const unrouteUndici = routeUndiciRequests({
    target: pools.target,
    track: (method, url) => traffic.began(method, url),
    ...(vendor && { bypassed: (method: string, url: URL) => noteBypassed(method, url, [...routes.keys()]) }),
  })
  // http.request clients: in flight from the request until it closes (answered, failed or aborted).
  const unwrapHttp = countHttpRequests(answering?.ours)
  // HTTP/2 client sessions' requests, likewise.
  const unwrapHttp2 = countHttp2Requests((method, url) => traffic.began(method, url))
  // fetch clients: answered here for the vendor hosts, passed on otherwise; in flight until the
  // promise settles, refused connections included. Not @mswjs/interceptors' FetchInterceptor:
  // its patch of `fetch` is registered in a registry its ESM build keeps per process, so a test's
  // own msw setupServer() (the same module) made callspec's fail ("already replaced", measured).
  const patched = globalThis.fetch
  // Taken off, each wrapper passes everything through as it came: one that something wrapped over
  // meanwhile (a test's own fetch spy, msw's setupServer() between two calls) cannot be taken out of
  // that chain, and must not count or note what goes through it for ever after.
  let live = true
  const counted: typeof fetch = async (input, init) => {
    if (!live) return patched(input, init)
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input)
    const ended = traffic.began(method, url)
    const away = wentElsewhere(method, url)
    try {
      const answer = answering && routes.has(originOf(url) ?? '') ? await answering.fetch(new Request(input, init)) : undefined
      if (answer) return answer
      const response = await patched(input, init)
      if (away) away.outcome = `HTTP ${response.status}`
      return countingBodyReads(response, method, url)
    } catch (error) {
      if (away) away.outcome = failureOf(error)
      throw error
    } finally {
      ended()
    }
  }
  globalThis.fetch = counted
  const dispose = () => {
    live = false
    if (globalThis.fetch === counted) globalThis.fetch = patched
    unwrapHttp()
    unwrapHttp2()
    unrouteUndici()
    pools.close()
    answering?.dispose()
  }
  return { vendor, dispose }
}

/** What reads a fetch Response's whole body. */
const BODY_READS = ['json', 'text', 'arrayBuffer', 'blob', 'formData', 'bytes'] as const

/**
 * `response`, its body reads counted in flight too. fetch settles with the headers; a mock's body
 * can come turns later (nock's playback streams it), and a clock moved meanwhile fired the app's
 * AbortSignal.timeout(), which aborts the body read too (measured: a CRM mocked with nock and a
 * 100 ms delay lost to the app's 1 s guard in `await (await fetch(…)).json()`, one run in two). The
 * read starts in the continuation of the fetch's own promise, before any turn of the event loop,
 * so the count goes from the request to its read with no quiet turn between. A body never read
 * holds nothing (a fire-and-forget POST).
 */
function countingBodyReads(response: Response, method: string, url: string): Response {
  for (const name of BODY_READS) {
    const read = (response as unknown as Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>)[name]
    if (typeof read !== 'function') continue
    Object.defineProperty(response, name, {
      configurable: true,
      writable: true,
      value(this: Response, ...args: unknown[]) {
        const ended = traffic.began(method, `${url} (its body)`)
        return read.apply(this, args).finally(ended)
      },
    })
  }
  return response
}

/**
 * The vendor-answering layer: callspec's ClientRequest interceptor applied beneath other patches
 * (`ours`: its http(s) functions, which the counting wrappers call for vendor hosts), and the
 * answer `fetch` gets for a vendor host.
 */
async function answerVendorHosts(): Promise<{ ours: Map<RequestFunctions, RequestFunctions> | undefined; fetch(request: Request): Promise<Response | undefined>; dispose(): void }> {
  const [{ BatchInterceptor, FetchResponse, getRawRequest }, { ClientRequestInterceptor }] = await loadInterception()
  const clientRequest = privately(new ClientRequestInterceptor())
  const interceptor = new BatchInterceptor({ name: 'callspec', interceptors: [clientRequest] })
  /** The fake API's answer to a request for a vendor host, or undefined for any other host. */
  const answerVendor = async (request: Request, abandoned?: Promise<unknown>): Promise<Response | undefined> => {
    const origin = new URL(request.url).origin
    const api = routes.get(origin)
    if (!api) return undefined
    const theirs = usersOwnMocks(origin)
    if (theirs.length > 0) {
      for (const report of reporters.slice()) {
        report(
          `the app's ${request.method} ${request.url} goes to a vendor host your test also mocks with nock (${theirs.slice(0, 3).join(', ')}). ` +
            `callspec serves the vendor's API itself and answered it; remove your nock interceptors for ${origin} (or pass { api: 'none' }).`,
        )
      }
    }
    const read = await toApiRequest(request, api, abandoned)
    // Abandoned mid-body (noted: a wait that fails lists it): nobody reads an answer, but one is
    // given, so the request never passes on to the network.
    const answer = 'aborted' in read ? { status: 400, body: { error: 'request body aborted' } } : 'answer' in read ? read.answer : await answerApiRequest(api, read)
    const { body, headers } = encode(answer)
    const empty = answer.status === 204 || answer.status === 304 || request.method === 'HEAD'
    return new FetchResponse(empty ? null : body, { url: request.url, status: answer.status, headers })
  }
  /** The fake API's answer for `fetch`, which heeds the request's signal as fetch does: an abort rejects with its reason. */
  const answerHeeding = (request: Request): Promise<Response | undefined> => {
    const signal = request.signal
    if (signal.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      answerVendor(request, new Promise((gone) => signal.addEventListener('abort', gone, { once: true })))
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort))
    })
  }
  interceptor.on('request', async ({ request, controller }) => {
    // The app's http.ClientRequest: destroyed mid-body, it closes (its body stream never says so).
    const raw = getRawRequest(request) as ClientRequest | undefined
    const response = await answerVendor(request, raw && new Promise((gone) => raw.once('close', gone)))
    if (response) controller.respondWith(response)
  })
  // Beneath whatever patches http(s).request now (the user's nock, say): only the vendor hosts' requests go through it.
  const ours = applyBeneath(interceptor)
  return {
    ours,
    fetch: answerHeeding,
    // Its dispose puts back the functions it patched: Node's own, when it was applied beneath.
    dispose: () => (ours ? keepingRequestFunctions(() => interceptor.dispose()) : interceptor.dispose()),
  }
}

type RequestFunctions = Record<'request' | 'get', (...args: unknown[]) => ClientRequest>
const REQUEST_MODULES = [
  { module: http as unknown as RequestFunctions, protocol: 'http:' },
  { module: https as unknown as RequestFunctions, protocol: 'https:' },
] as const

/**
 * Applies callspec's interceptor over Node's own http(s).request and get rather than over what the
 * globals hold now, and leaves the globals as they were; returns its patched functions, which
 * countHttpRequests() calls for the vendor hosts' requests.
 *
 * Over another @mswjs/interceptors patch (nock's: it activates on import), the last patch applied
 * is not the one that sees a request first: each sets the request's agent, so the innermost one's
 * socket is the request's, and callspec's only got a request nock passed through, asynchronously,
 * after nock's own 'request' listeners. An http.request the app destroyed mid-body was gone by
 * then (its write callback comes as soon as the body stream is read): callspec never saw it come,
 * and the call waited limits.appTimeoutMs for it. Beneath, callspec's socket is the request's, as
 * without nock, and nock still sees every other host's request, as before.
 *
 * Without Node's own functions (an `_http_client` no longer there), it is applied over the globals.
 */
function applyBeneath(interceptor: { apply(): void }): Map<RequestFunctions, RequestFunctions> | undefined {
  const node = nodeRequestFunctions()
  if (!node) {
    interceptor.apply()
    return undefined
  }
  return keepingRequestFunctions(() => {
    REQUEST_MODULES.forEach(({ module }, i) => Object.assign(module, node[i]))
    interceptor.apply()
    return new Map(REQUEST_MODULES.map(({ module }) => [module, { request: module.request, get: module.get }]))
  })
}

/** Runs `step`, then puts http(s).request and get back as they were before it. */
function keepingRequestFunctions<T>(step: () => T): T {
  const before = REQUEST_MODULES.map(({ module }) => ({ request: module.request, get: module.get }))
  try {
    return step()
  } finally {
    REQUEST_MODULES.forEach(({ module }, i) => Object.assign(module, before[i]))
  }
}

/** Node's own http.request, http.get, https.request and https.get, whatever patches the modules' ones. */
function nodeRequestFunctions(): [RequestFunctions, RequestFunctions] | undefined {
  let NodeClientRequest: new (...args: unknown[]) => ClientRequest
  try {
    NodeClientRequest = (requireHere('_http_client') as { ClientRequest: typeof NodeClientRequest }).ClientRequest
  } catch {
    return undefined
  }
  // As Node's own: http.request(url, options, cb), and https.request with https's global agent as the default.
  const httpRequest = (...args: unknown[]) => new NodeClientRequest(...args)
  const httpsRequest = (...args: unknown[]) => {
    let options: Record<string, unknown> = {}
    if (typeof args[0] === 'string' || args[0] instanceof URL) options = { ...urlToHttpOptions(new URL(args.shift() as string | URL)) }
    if (args[0] && typeof args[0] !== 'function') Object.assign(options, args.shift())
    return new NodeClientRequest({ ...options, _defaultAgent: https.globalAgent }, ...args)
  }
  const getting = (request: (...args: unknown[]) => ClientRequest) => (...args: unknown[]) => {
    const sent = request(...args)
    sent.end()
    return sent
  }
  return [
    { request: httpRequest, get: getting(httpRequest) },
    { request: httpsRequest, get: getting(httpsRequest) },
  ]
}

/** The origin an http(s).request or get call's arguments are for (`(url[, options][, cb])` or `(options[, cb])`), if they name one. */
function originOfArguments(protocol: string, args: unknown[]): string | undefined {
  try {
    const url = typeof args[0] === 'string' || args[0] instanceof URL ? new URL(args[0]) : undefined
    const given = args[url ? 1 : 0]
    const options = (given && typeof given === 'object' ? given : {}) as http.RequestOptions
    if (options.socketPath) return undefined
    const host = String(options.hostname ?? options.host ?? url?.hostname ?? 'localhost')
    const port = options.port ?? (url?.port || undefined) ?? options.defaultPort
    const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
    return new URL(`${options.protocol ?? url?.protocol ?? protocol}//${bracketed}${port === undefined || port === null ? '' : `:${String(port)}`}`).origin
  } catch {
    return undefined
  }
}

/**
 * Wraps http(s).request and http(s).get to count requests in flight; returns the undo. A vendor
 * host's request goes to `ours` (callspec's interceptor, beneath any other patch), when given.
 */
function countHttpRequests(ours: Map<RequestFunctions, RequestFunctions> | undefined): () => void {
  const undo: Array<() => void> = []
  // Taken off, a wrapper something wrapped over meanwhile passes everything through (see apply's fetch).
  let live = true
  for (const { module, protocol } of REQUEST_MODULES) {
    for (const name of ['request', 'get'] as const) {
      const original = module[name]
      const own = ours?.get(module)?.[name]
      const counted = function (this: unknown, ...args: unknown[]) {
        if (!live) return original.apply(this, args as Parameters<typeof original>)
        return insideLayer(() => send(this, args))
      }
      const send = (self: unknown, args: unknown[]) => {
        const vendor = own && routes.has(originOfArguments(protocol, args) ?? '')
        const request = (vendor ? own : original).apply(self, args)
        if (vendor) continueWhenExpected(request)
        // The Host header carries a port the request's `host` leaves out.
        const host = request.getHeader('host') ?? request.host
        request.once('close', traffic.began(request.method, `${request.protocol}//${String(host)}${request.path}`))
        const away = wentElsewhere(request.method, `${request.protocol}//${String(host)}${request.path}`)
        if (away) {
          request.once('response', (response) => (away.outcome = `HTTP ${response.statusCode}`))
          request.once('error', (error) => (away.outcome = failureOf(error)))
        }
        return request
      }
      module[name] = counted
      // A request function the app captured at load sends through this layer too (captured-requests.ts).
      const off = layerOn(module, name, counted)
      undo.push(() => {
        off()
        if (module[name] === counted) module[name] = original
      })
    }
  }
  return () => {
    live = false
    for (const step of undo) step()
  }
}

/**
 * A request to the fake vendor API that says `Expect: 100-continue` is told to continue, as Node's
 * own servers (the vendor's, and startPlatform()'s) answer it unasked (`checkContinue`'s default):
 * the app writes its body on 'continue'. The in-process interceptor never said it, and such an
 * app's accept hung until the wait ran out, blamed on its body (helper-135: curl's, .NET's and
 * Java's habit). A loop turn later: the app adds its 'continue' listener after request() returns.
 */
function continueWhenExpected(request: ClientRequest): void {
  const expect = request.getHeader('expect')
  if (typeof expect !== 'string' || expect.toLowerCase() !== '100-continue') return
  realTimers.setImmediate(() => {
    if (!request.destroyed && !request.writableEnded) request.emit('continue')
  })
}

/**
 * Notes a request the app sends to a host no fake API answers, while a vendor's hosts are
 * intercepted (so a wrong API base URL is named when the awaited request never comes).
 */
function wentElsewhere(method: string, target: string | URL): ElsewhereRequest | undefined {
  if (routes.size === 0) return undefined
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return undefined
  }
  // Over plain http to a vendor host (its default port), the guard answers it (vendor-guard.ts), and
  // it is listed with what the fake API received: it never went to the network.
  // So is one to a vendor host of an earlier call's, which the guard keeps off the network (an
  // ended EnableX call's app, late, during a Webex Connect call): listed as about an ended call, or
  // as refused, never as gone to the network.
  const vendorOrigin = vendorOriginOf(url)
  const guarded = routes.has(url.origin) || (vendorOrigin !== undefined && routes.has(vendorOrigin)) || keptOffNetwork(url)
  return guarded ? undefined : noteElsewhere(method, url, [...routes.keys()])
}

/**
 * @mswjs/interceptors shares one running instance per process through a global symbol, so an
 * instance would join the user's nock (built on it) and depend on its state. callspec's gets a
 * symbol of its own: it patches Node's request functions itself (beneath any other patch:
 * applyBeneath), and http.ClientRequest over whatever is there, and restores them.
 */
function privately<T extends object>(interceptor: T): T {
  const name = String((interceptor as { symbol?: symbol }).symbol?.description ?? 'interceptor')
  Object.defineProperty(interceptor, 'symbol', { value: Symbol(`callspec ${name}`), writable: true })
  return interceptor
}

/** Failures to report to the calls holding the interception (a user's mock of a vendor host). */
const reporters: Array<(problem: string) => void> = []

/** Routes a problem found by the interception to a call: it fails at its next step. */
export function reportTo(report: (problem: string) => void): () => void {
  return subscribe(reporters, report)
}

/**
 * The user's own nock interceptors for a vendor origin, when nock is loaded in this process
 * (read from the require cache: callspec never loads nock itself).
 */
function usersOwnMocks(origin: string): string[] {
  const nock = loadedNock()
  if (!nock) return []
  const host = new URL(origin).host
  try {
    return nock.activeMocks().filter((mock) => mock.includes(`//${host}`) || mock.includes(`//${host}:`))
  } catch {
    return []
  }
}

/**
 * The user's nock, if their process has loaded it. Where nock resolves from a directory is looked
 * up once (a resolution reads the file system: ~80 µs, on every request to a vendor host); whether
 * it is loaded is read from the require cache each time, as a test may load it at any point.
 */
function loadedNock(): { activeMocks(): string[] } | undefined {
  const cwd = process.cwd()
  let file = nockFiles.get(cwd)
  if (file === undefined) {
    try {
      file = createRequire(`${cwd}/`).resolve('nock')
    } catch {
      file = null
    }
    nockFiles.set(cwd, file)
  }
  if (file === null) return undefined
  return requireHere.cache[file]?.exports as { activeMocks(): string[] } | undefined
}

/** Where `nock` resolves from each working directory (null: not installed there). */
const nockFiles = new Map<string, string | null>()
const requireHere = createRequire(import.meta.url)

/**
 * The request as the fake API reads it, its body read as startPlatform() reads one: at most
 * DEFAULT_MAX_API_BODY_BYTES (413 past it, unread past it), ending at most API_BODY_TIMEOUT_MS
 * after the request came (408 after it); or the answer already given, or its abandonment.
 */
async function toApiRequest(request: Request, api: PlatformApi, abandoned?: Promise<unknown>): Promise<ApiRequest | { answer: ApiResponse } | { aborted: true }> {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value
  })
  const url = new URL(request.url)
  const { maxBodyBytes, bodyTimeoutMs, source } = IN_PROCESS_BODY_BOUNDS
  const late = () => api.endedCallIn?.(url) ?? false
  const tooLarge = declaredTooLarge(request.method, url, Number(headers['content-length']), maxBodyBytes, source, late)
  if (tooLarge) return { answer: tooLarge }
  const body = await readNoted(request.method, url, (arrival) => readWebBody(request.body, maxBodyBytes, bodyTimeoutMs, arrival, abandoned), maxBodyBytes, bodyTimeoutMs, source, late, { contentType: headers['content-type'], contentEncoding: headers['content-encoding'] })
  if (!('text' in body)) return body
  return apiRequestOf(request.method, url, headers, body)
}
