import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type { Pool } from 'undici'
import { memorySocketPair } from '../transport/memory-socket.js'
import { newAgent, newPool } from '../transport/undici.js'
import { serveFakeApi } from './loopback-server.js'
import { IN_PROCESS_BODY_BOUNDS } from './request-body.js'
import { failureOf } from './stray-requests.js'
import type { PlatformApi } from './types.js'

/**
 * undici's own `request()` and `fetch()` (the npm package, not Node's global fetch) send through
 * the process's global dispatcher, which request interceptors (@mswjs/interceptors, so nock and
 * callspec's own) never see: measured, an EnableX app calling the API with `undici.request` went
 * to the network (ENOTFOUND in CI, the real vendor elsewhere) and the call failed after
 * `limits.appTimeoutMs` as if the app never sent its request.
 *
 * While the interception is applied, the global dispatcher is one whose `dispatch` sends requests
 * for the vendor origins to the fake API (in this process: over in-memory connections, undici's
 * Pool doing the HTTP as for in-process apps; under callspec/agent: to the fake API's URL), and
 * hands everything else to the dispatcher that was there. Clients the app builds itself
 * (`new Pool(origin)`, `new Client(origin)`) bypass it, as they bypass every global hook.
 */

/** undici's global dispatcher, shared by its versions (Node's fetch reads .1; undici 7 writes both). */
const GLOBAL_DISPATCHER = [Symbol.for('undici.globalDispatcher.1'), Symbol.for('undici.globalDispatcher.2')] as const

type Handler = Record<string, unknown>
interface DispatchOptions {
  origin?: string | URL
  method?: string
  path?: string
  /** As undici takes them: an object, a flat array of names and values, or an iterable of pairs. */
  headers?: unknown
}
export interface AnyDispatcher {
  dispatch(options: DispatchOptions, handler: Handler): boolean
}

export interface UndiciRouting {
  /** Where requests for `origin` go instead, or undefined to leave them to the dispatcher that was there. */
  target(origin: string): AnyDispatcher | undefined
  /** A request goes out (`url` as the app addressed it); the function returned is called once it is over. */
  track(method: string, url: string): () => void
  /**
   * A request for an origin `target` routes was made by an undici client that is not the global
   * dispatcher (a `dispatcher` option, a Pool or Client of the app's own): it goes to the network.
   * What is returned gets the outcome (`HTTP 401`, `failed: …`) when it settles.
   */
  bypassed?(method: string, url: URL): { outcome?: string }
  /**
   * Headers added to each request `target` routes (callspec/agent's time header: agent-time.ts), as
   * its `fetch` and `http.request` ones carry them; undefined: none now.
   */
  headers?(): Record<string, string> | undefined
}

/**
 * What ends a request's time in flight, in undici 6's words and 7's: its response starting (or a
 * WebSocket's upgrade), or its failure. Not the body's end: a body the app never reads (a fetch
 * whose `.ok` is all it checks) never ends, and one request counted forever made every later wait
 * for a quiet app run to its bound (measured: 4.5 s a call).
 */
const END_CALLBACKS = new Set(['onHeaders', 'onResponseStart', 'onUpgrade', 'onRequestUpgrade', 'onComplete', 'onError', 'onResponseEnd', 'onResponseError'])

/** Installs the routing dispatcher; returns the undo (and what `target` built is the caller's to close). */
export function routeUndiciRequests(routing: UndiciRouting): () => void {
  const g = globalThis as unknown as Record<symbol, AnyDispatcher | undefined>
  // Node's fetch sets its own global dispatcher when its undici loads (on first use), only if none
  // is there: loaded while this one was, it set none, and once this one was taken off every fetch
  // in the process failed (`AssertionError: undefined == true`, measured once the app's requests
  // were counted on every platform: the process's first fetch came during a call). So a key still
  // absent gets a dispatcher of its own before this one goes on, defined once per process and put
  // back after: one undici Agent under both keys, as undici's own global.js sets when it loads
  // first (Node's fetch then uses it, as it does in any process that loaded undici before its
  // first fetch). Not Node's own Agent: reading `Headers` to load Node's undici cost every test
  // file's first call ~20 ms (measured on Node 20; Node 22 and later load it with node:http), and a new key per call cost every call ~70 µs of
  // CPU (the global object's churn: Webex Connect in process, 441 against 364 µs a call).
  const absent = GLOBAL_DISPATCHER.filter((key) => !(key in g))
  if (absent.length > 0) {
    const agent = newAgent()
    for (const key of absent) Object.defineProperty(g, key, { value: agent, writable: true, configurable: true, enumerable: false })
  }
  const saved = GLOBAL_DISPATCHER.map((key) => ({ key, value: g[key] }))
  /** The dispatcher for everything else: the one that was there, or, if none was yet, one of undici's. */
  let fallback: AnyDispatcher | undefined
  const others = () => saved[0]!.value ?? (fallback ??= newAgent() as unknown as AnyDispatcher)

  /** Set while this dispatcher hands a request on: undici creates the request inside that call. */
  let dispatching = 0
  // Taken off, a dispatcher that something kept (a client made while it was installed) hands every request on untracked.
  let live = true
  const dispatch = (options: DispatchOptions, handler: Handler): boolean => {
    if (!live) return (saved[0]!.value ?? others()).dispatch(options, handler)
    const origin = originOf(options.origin)
    const routed = origin ? routing.target(origin) : undefined
    const to = routed || others()
    const extra = routed && routing.headers?.()
    if (extra) options = { ...options, headers: withHeaders(options.headers, extra) }
    // In flight until its handler hears the end, like the app's fetch and http.request calls:
    // callspec's waits for a quiet app wait for it.
    const end = routing.track(options.method ?? 'GET', `${origin ?? ''}${options.path ?? ''}`)
    dispatching++
    try {
      return to.dispatch(options, onEnd(handler, end))
    } catch (error) {
      end()
      throw error
    } finally {
      dispatching--
    }
  }
  const unwatch = routing.bypassed ? watchBypasses(routing, () => dispatching > 0) : () => {}
  const installed = new Proxy(saved[0]!.value ?? ({} as AnyDispatcher), {
    get(target, key) {
      if (key === 'dispatch') return dispatch
      const dispatcher = (saved[0]!.value ?? others()) as unknown as Record<PropertyKey, unknown>
      const value = Reflect.get(dispatcher, key, dispatcher)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(dispatcher) : (value ?? Reflect.get(target, key))
    },
  })
  for (const { key } of saved) g[key] = installed

  return () => {
    live = false
    for (const { key, value } of saved) if (g[key] === installed) g[key] = value
    void (fallback as { close?: () => Promise<void> } | undefined)?.close?.().catch(() => {})
    unwatch()
  }
}

/**
 * `headers` (in any form undici takes) with `extra` added, as the flat array of names and values
 * undici also takes. A header of the same name the app set is left as it is, beside the added one.
 */
export function withHeaders(headers: unknown, extra: Record<string, string>): unknown[] {
  const flat: unknown[] = []
  if (Array.isArray(headers)) flat.push(...(headers as unknown[]))
  else if (headers && typeof headers === 'object') {
    const pairs = Symbol.iterator in headers ? (headers as Iterable<[unknown, unknown]>) : Object.entries(headers)
    for (const [name, value] of pairs) flat.push(name, value)
  }
  for (const name in extra) flat.push(name, extra[name])
  return flat
}

interface UndiciRequestMessage {
  request: { origin?: string | URL; method?: string; path?: string }
  response?: { statusCode?: number }
  error?: unknown
}

/**
 * Watches undici's diagnostics channels (every undici copy publishes there, whatever client made
 * the request) for requests to the routed origins made while this dispatcher was not handing one
 * on: clients of the app's own. Loaded here, not at import: `import 'callspec'` stays light.
 */
function watchBypasses(routing: UndiciRouting, ours: () => boolean): () => void {
  const channels = createRequire(import.meta.url)('node:diagnostics_channel') as typeof import('node:diagnostics_channel')
  const notes = new WeakMap<object, { outcome?: string }>()
  const onCreate = (message: unknown) => {
    const { request } = message as UndiciRequestMessage
    const origin = originOf(request.origin)
    if (ours() || !origin || !routing.target(origin)) return
    notes.set(request, routing.bypassed!(request.method ?? 'GET', new URL(request.path ?? '/', origin)))
  }
  const onHeaders = (message: unknown) => {
    const { request, response } = message as UndiciRequestMessage
    const note = notes.get(request)
    if (note) note.outcome = `HTTP ${response?.statusCode}`
  }
  const onError = (message: unknown) => {
    const { request, error } = message as UndiciRequestMessage
    const note = notes.get(request)
    if (note) note.outcome = failureOf(error)
  }
  const subscriptions: Array<[string, (message: unknown) => void]> = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:error', onError],
  ]
  for (const [name, listener] of subscriptions) channels.subscribe(name, listener)
  return () => {
    for (const [name, listener] of subscriptions) channels.unsubscribe(name, listener)
  }
}

/** The origin of a URL, or undefined for none or one that does not parse. */
export function originOf(origin: string | URL | undefined): string | undefined {
  if (origin === undefined) return undefined
  try {
    return new URL(String(origin)).origin
  } catch {
    return undefined
  }
}

/** `handler`, calling `end` once when its response starts or it fails, whichever undici's handler words it speaks. */
function onEnd(handler: Handler, end: () => void): Handler {
  let over = false
  return new Proxy(handler, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function' || !END_CALLBACKS.has(key as string)) return value
      return (...args: unknown[]) => {
        if (!over) {
          over = true
          end()
        }
        return (value as (...args: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/**
 * In-memory pools to the fake APIs standing in for vendor origins (their Host header stays the
 * vendor's), for apps in this process; `api(origin)` is read per request, so a pool outlives
 * no route. `close()` destroys them.
 */
export function fakeApiPools(api: (origin: string) => PlatformApi | undefined): { target(origin: string): AnyDispatcher | undefined; close(): void } {
  const pools = new Map<string, Pool>()
  return {
    target(origin) {
      if (!api(origin)) return undefined
      let pool = pools.get(origin)
      if (!pool) {
        pool = memoryPool(origin, api)
        pools.set(origin, pool)
      }
      return pool as unknown as AnyDispatcher
    },
    close() {
      for (const pool of pools.values()) void pool.destroy().catch(() => {})
      pools.clear()
    },
  }
}

function memoryPool(origin: string, api: (origin: string) => PlatformApi | undefined): Pool {
  const server = createServer((req, res) => {
    const current = api(origin)
    if (!current) {
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no call holds callspec's fake API for ${origin} any more` }))
      return
    }
    void serveFakeApi(current, req, res, origin, IN_PROCESS_BODY_BOUNDS).catch(() => req.destroy())
  })
  return newPool(origin, {
    connections: 16,
    connect(_options, callback) {
      const [client, served] = memorySocketPair()
      server.emit('connection', served)
      // Not synchronously: undici resumes its queue from this callback (see memory-transport.ts).
      queueMicrotask(() => callback(null, client as unknown as Socket))
    },
  })
}
