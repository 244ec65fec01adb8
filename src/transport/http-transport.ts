import { Client } from 'undici'
import type { WireRequest } from '../session/types.js'
import { TransportError, describeNetworkError } from './transport-error.js'
import type { Exchange, OutgoingRequest, Transport } from './types.js'

/**
 * Sends webhooks over one keep-alive connection with undici. Every request is bounded:
 * `headersTimeout` catches an app that never answers, `bodyTimeout` one that stalls mid-body.
 */
export function httpTransport(baseUrl: string, timeoutMs: number, onClose: () => Promise<void>): Transport {
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  const client = new Client(base.origin, {
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
  })

  const pathOf = (target: string) => {
    if (/^https?:\/\//i.test(target)) {
      // An absolute callback URL names the app's public host; the app under test is reached here.
      const url = new URL(target)
      return url.pathname + url.search
    }
    // No webhook path of its own: the base URL is the webhook URL.
    if (target === '' || target === '/') return basePath || '/'
    return basePath + (target.startsWith('/') ? target : `/${target}`)
  }

  return {
    baseUrl: base.origin + basePath,
    async send(req: OutgoingRequest): Promise<Exchange> {
      const path = pathOf(req.target)
      const headers = { 'user-agent': 'callspec', ...lower(req.headers ?? {}) }
      const request: WireRequest = { method: req.method, url: base.origin + path, headers, body: req.body }
      const started = performance.now()
      try {
        // undici's own timeouts tick coarsely (about a second); the signal makes the bound exact.
        const res = await client.request({ method: req.method, path, headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) })
        const body = await res.body.text()
        const responseHeaders: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = String(v)
        return {
          request,
          response: { status: res.statusCode, headers: responseHeaders, body, ms: performance.now() - started },
        }
      } catch (error) {
        throw new TransportError(describeNetworkError(error, timeoutMs), request, error)
      }
    },
    async close() {
      // destroy, not close: a hung app would keep a graceful close waiting forever.
      await client.destroy().catch(() => {})
      await onClose()
    },
  }
}

function lower(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v
  return out
}
