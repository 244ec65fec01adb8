import http from 'node:http'
import { BatchInterceptor } from '@mswjs/interceptors'
import { ClientRequestInterceptor } from '@mswjs/interceptors/ClientRequest'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import type { InFlight } from '../protocol.js'
import { routeUndiciRequests, type AnyDispatcher } from '../../api/undici-routing.js'
import { requirePool } from '../../transport/undici.js'
import { AGENT_TIME_HEADER } from '../../api/agent-time.js'

// The real client, captured before the interceptors patch `http.request`: forwarding through it
// is never intercepted again.
const realRequest = http.request

/** Hop-by-hop headers of the fake API's answer: the app's client frames the body itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length'])

export interface ForwardingOptions {
  /** Vendor origins (https://api.enablex.io) whose requests go to the fake API. */
  origins: readonly string[]
  /** The fake REST API's base URL. */
  apiUrl: string
  /** Virtual ms now, for what is in flight (undefined between calls). */
  now(): number | undefined
  /** Something started or ended: a quiet check must look again. */
  onActivity(): void
  /** The app sent a request to the platform (VirtualTimers.acted). */
  acted(): void
}

/**
 * Sends the app's requests to vendor hosts to callspec's fake REST API instead, whatever client
 * the app uses (`fetch`, `http(s).request`, and the libraries built on them: axios, got, …;
 * undici's own `request()` and `fetch()` through its global dispatcher), and
 * keeps what is in flight so callspec knows when the app has gone quiet. Other hosts pass through
 * untouched.
 */
export class VendorForwarding {
  readonly #interceptor = new BatchInterceptor({
    name: 'callspec-agent',
    interceptors: [new ClientRequestInterceptor(), new FetchInterceptor()],
  })
  readonly #inFlight = new Map<string, InFlight>()
  readonly #origins: Set<string>

  constructor(private readonly options: ForwardingOptions) {
    this.#origins = new Set(options.origins.map((origin) => new URL(origin).origin))
    this.#interceptor.on('request', ({ request, requestId, controller }) => {
      const url = new URL(request.url)
      if (!this.#origins.has(url.origin)) return
      this.#inFlight.set(requestId, { method: request.method, url: request.url, at: options.now() })
      options.acted()
      options.onActivity()
      return this.#forward(request, url)
        .then(
          (response) => controller.respondWith(response),
          (error: unknown) => controller.errorWith(error instanceof Error ? error : new Error(String(error))),
        )
        .finally(() => {
          this.#inFlight.delete(requestId)
          options.onActivity()
        })
    })
    this.#interceptor.apply()
    this.#routeUndici()
  }

  /** undici's own request() and fetch() (which no interceptor sees): the vendor hosts to the fake API's URL too. */
  #routeUndici(): void {
    const Pool = requirePool()
    if (!Pool || !this.options.apiUrl) return
    let api: AnyDispatcher | undefined
    let next = 0
    routeUndiciRequests({
      target: (origin) => (this.#origins.has(origin) ? (api ??= new Pool(this.options.apiUrl) as unknown as AnyDispatcher) : undefined),
      track: (method, url) => {
        if (!this.#origins.has(new URL(url, 'http://unknown').origin)) return () => {}
        const id = `undici-${++next}`
        this.#inFlight.set(id, { method, url, at: this.options.now() })
        this.options.acted()
        this.options.onActivity()
        return () => {
          this.#inFlight.delete(id)
          this.options.onActivity()
        }
      },
      headers: () => this.#timeHeader(),
    })
  }

  /** The call's time the app's clock stands at: moved on with the real time its own I/O held, the platform records the request there (agent-time.ts). */
  #timeHeader(): Record<string, string> | undefined {
    const now = this.options.now()
    return now === undefined ? undefined : { [AGENT_TIME_HEADER]: String(now) }
  }

  /** The vendor-host requests the app is still waiting on. */
  inFlight(): InFlight[] {
    return [...this.#inFlight.values()]
  }

  dispose(): void {
    this.#interceptor.dispose()
  }

  async #forward(request: Request, url: URL): Promise<Response> {
    const target = new URL(url.pathname + url.search, this.options.apiUrl)
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer())
    const headers: Record<string, string> = {}
    request.headers.forEach((value, key) => {
      if (key !== 'host' && key !== 'content-length') headers[key] = value
    })
    if (body) headers['content-length'] = String(body.length)
    Object.assign(headers, this.#timeHeader())
    return new Promise<Response>((resolve, reject) => {
      const outgoing = realRequest(target, { method: request.method, headers }, (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('error', reject)
        incoming.on('end', () => {
          const answer = new Headers()
          for (const [key, value] of Object.entries(incoming.headers)) {
            if (value === undefined || HOP_BY_HOP.has(key)) continue
            for (const one of Array.isArray(value) ? value : [value]) answer.append(key, one)
          }
          const status = incoming.statusCode ?? 502
          const nullBody = status === 204 || status === 304 || request.method === 'HEAD'
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: incoming.statusMessage, headers: answer }))
        })
      })
      outgoing.on('error', (error) =>
        reject(new Error(`callspec/agent: the fake vendor API at ${this.options.apiUrl} did not answer ${request.method} ${url.href}: ${error.message}`)),
      )
      outgoing.end(body)
    })
  }
}
