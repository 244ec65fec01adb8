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

/**
 * Hands the forward's outcome to the app's request, unless the app aborted it: the interceptor has
 * settled an aborted request itself, and settling it again throws ("the request has already been
 * handled"), uncaught in the app's process, which it crashed (an app that aborted a fetch mid-body).
 */
function settle(request: Request, step: () => void): void {
  if (request.signal.aborted) return
  try {
    step()
  } catch {
    // Settled meanwhile (aborted as the answer came): the app has its outcome already.
  }
}

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
      const inFlight: InFlight = { method: request.method, url: request.url, at: options.now() }
      this.#inFlight.set(requestId, inFlight)
      options.acted()
      options.onActivity()
      return this.#forward(request, url, inFlight)
        .then(
          (response) => settle(request, () => controller.respondWith(response)),
          (error: unknown) => settle(request, () => controller.errorWith(error instanceof Error ? error : new Error(String(error)))),
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

  /**
   * Those whose body the app has finished sending: they wait on the fake API's answer, which comes
   * at once. One whose body is still coming waits on the app (a body paced by its own timers, on
   * the call's clock; one it never ends), so it does not hold the app's quiet: held, a body written
   * chunk by chunk from setTimeout never finished (the clock waited for the request, the request
   * for the clock), and the call failed after quietTimeoutMs saying the forward was stuck.
   */
  awaitingAnswer(): InFlight[] {
    return this.inFlight().filter((request) => request.bodySending === undefined)
  }

  dispose(): void {
    this.#interceptor.dispose()
  }

  /**
   * Sends the app's request on to the fake API, its body streamed as the app writes it (with the
   * app's own Content-Length, or chunked), so the fake API reads it as it reads an in-process
   * app's: a body that never ends is the fake API's to bound (408) and to list ("came only in
   * part"), one over its cap is refused (413) as soon as it passes it, one the app abandons is noted
   * as abandoned mid-body. Before, the agent read the whole body first: a body that never ended
   * never reached the fake API, and the call failed saying "the forward to the fake API is stuck;
   * check that the platform server is still open" (helper-187).
   */
  async #forward(request: Request, url: URL, inFlight: InFlight): Promise<Response> {
    const target = new URL(url.pathname + url.search, this.options.apiUrl)
    const stream = request.method === 'GET' || request.method === 'HEAD' ? null : request.body
    const headers: Record<string, string> = {}
    request.headers.forEach((value, key) => {
      if (key !== 'host') headers[key] = value
    })
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
      if (!stream) return void outgoing.end()
      inFlight.bodySending = 0
      void this.#sendBody(stream, outgoing, inFlight, request.signal)
    })
  }

  /** Writes the app's body to `outgoing` as it comes; the app abandoning it (an abort, its stream failing) destroys `outgoing`, as a client's going away does. */
  async #sendBody(stream: ReadableStream<Uint8Array>, outgoing: http.ClientRequest, inFlight: InFlight, signal: AbortSignal): Promise<void> {
    const reader = stream.getReader()
    const abandon = () => outgoing.destroy(new Error('the app abandoned its request mid-body'))
    signal.addEventListener('abort', abandon, { once: true })
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        inFlight.bodySending = (inFlight.bodySending ?? 0) + value.byteLength
        this.options.onActivity()
        if (!outgoing.write(value)) await new Promise((resume) => outgoing.once('drain', resume).once('close', resume))
        if (outgoing.destroyed) return
      }
      delete inFlight.bodySending
      this.options.onActivity()
      outgoing.end()
    } catch {
      abandon()
    } finally {
      signal.removeEventListener('abort', abandon)
    }
  }
}
