import { Pool } from 'undici'
import type { WireRequest } from '../session/types.js'
import { TransportError, describeNetworkError } from './transport-error.js'
import type { Exchange, OutgoingRequest, Transport } from './types.js'

/**
 * Keep-alive pools for servers the user owns (a listening http.Server or a URL), reused across
 * calls: a new connection per call cost ~350 µs, more than the call's own HTTP work. Idle sockets
 * do not hold the process open, and a server's close() ends them.
 */
const shared = new Map<string, Pool>()

function pooled(origin: string, timeoutMs: number): Pool {
  const key = `${origin}#${timeoutMs}`
  let pool = shared.get(key)
  if (!pool || pool.closed || pool.destroyed) {
    if (shared.size >= 32) {
      const [oldest, old] = shared.entries().next().value!
      shared.delete(oldest)
      void old.close()
    }
    pool = newPool(origin, timeoutMs)
    shared.set(key, pool)
  }
  return pool
}

const newPool = (origin: string, timeoutMs: number) =>
  new Pool(origin, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs, keepAliveTimeout: 4_000, connections: 16 })

/**
 * Sends webhooks with undici. Every request is bounded: `headersTimeout` catches an app that never
 * answers, `bodyTimeout` one that stalls mid-body. `owned`: callspec started the server for this
 * call, so the connections are its own and are destroyed with it.
 */
export function httpTransport(baseUrl: string, timeoutMs: number, owned: { close: () => Promise<void> } | undefined): Transport {
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  const pool = owned ? newPool(base.origin, timeoutMs) : pooled(base.origin, timeoutMs)

  const pathOf = (target: string) => {
    if (/^https?:\/\//i.test(target)) {
      // An absolute callback URL names the app's public host; the app under test is reached here.
      const url = new URL(target)
      return url.pathname + url.search
    }
    // No webhook path of its own: the base URL is the webhook URL.
    if (target === '' || target === '/') return basePath || '/'
    const path = target.startsWith('/') ? target : `/${target}`
    // A base URL that already ends in the webhook path is the webhook URL: do not double it.
    return basePath.endsWith(path) ? basePath : basePath + path
  }

  return {
    baseUrl: base.origin + basePath,
    async send(req: OutgoingRequest): Promise<Exchange> {
      const path = pathOf(req.target)
      const headers = lowerWithAgent(req.headers)
      const request: WireRequest = { method: req.method, url: base.origin + path, headers, body: req.body }
      const started = performance.now()
      try {
        // undici's timers tick coarsely (~1 s): a short bound gets an exact signal of its own.
        const signal = timeoutMs < 1_000 ? AbortSignal.timeout(timeoutMs) : undefined
        const res = await pool.request({ method: req.method, path, headers, body: req.body, signal })
        const body = await res.body.text()
        const responseHeaders: Record<string, string> = {}
        for (const k in res.headers) {
          const v = res.headers[k]
          if (v !== undefined) responseHeaders[k] = typeof v === 'string' ? v : String(v)
        }
        return {
          request,
          response: { status: res.statusCode, headers: responseHeaders, body, ms: performance.now() - started },
        }
      } catch (error) {
        throw new TransportError(describeNetworkError(error, timeoutMs), request, error)
      }
    },
    async close() {
      if (!owned) return
      // destroy, not close: a hung app would keep a graceful close waiting forever.
      await pool.destroy().catch(() => {})
      await owned.close()
    },
  }
}

/** Lower-cased header names, and callspec's user agent unless the caller set one. */
function lowerWithAgent(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { 'user-agent': 'callspec' }
  if (headers) for (const key in headers) out[key.toLowerCase()] = headers[key]!
  return out
}
