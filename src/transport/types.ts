import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { WireRequest, WireResponse } from '../session/types.js'
import type { AppSigns } from './app-signs.js'
import type { StopSource } from './tripwire.js'

/** A fetch-style app, such as Hono's: `app.fetch(request)`. */
export interface FetchApp {
  fetch(request: Request, ...rest: any[]): Response | Promise<Response>
}

/** A Koa app (callspec uses `app.callback()`). */
export interface KoaApp {
  callback(): (req: IncomingMessage, res: ServerResponse) => unknown
  use(...args: any[]): unknown
  listen(...args: any[]): unknown
}

/** A Fastify instance (callspec awaits `ready()`, then serves its `server`). */
export interface FastifyApp {
  ready(): PromiseLike<unknown>
  inject(...args: any[]): unknown
  server: Server
}

/** A Nest application (its `getHttpServer()`, after `await app.init()`). */
export interface NestApp {
  getHttpServer(): unknown
}

/**
 * Anything callspec can send webhooks to: a request listener (Express), a Koa app, a Fastify
 * instance, a Nest application, an http.Server, a fetch app (Hono), or a URL.
 */
export type AppTarget =
  | string
  | URL
  | Server
  | RequestListener
  | ((req: IncomingMessage, res: ServerResponse) => unknown)
  | FetchApp
  | KoaApp
  | FastifyApp
  | NestApp

/** How an in-process app is reached: in-memory connections (default) or loopback TCP. */
export type TransportMode = 'memory' | 'tcp'

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** A path (joined to the app's base URL) or an absolute URL, whose path and query are used. */
  target: string
  headers?: Record<string, string>
  body?: string
  /** Ends the exchange at once, rejecting with the signal's reason (the call was stopped). */
  signal?: StopSource
}

export interface Exchange {
  request: WireRequest
  response: WireResponse
}

/** Real HTTP to the app under test, with every wait bounded. */
export interface Transport {
  readonly baseUrl: string
  /** The URL a webhook to `target` (a path, or an absolute callback URL) is sent to, as requests name it. */
  urlOf(target: string): string
  send(request: OutgoingRequest): Promise<Exchange>
  close(): Promise<void>
  /** In-process apps: hints for a failure from what the app did (transport/app-signs.ts). */
  appSigns?(): AppSigns
}
