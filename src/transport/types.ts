import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { WireRequest, WireResponse } from '../session/types.js'

/** A fetch-style app, such as Hono's: `app.fetch(request)`. */
export interface FetchApp {
  fetch(request: Request, ...rest: any[]): Response | Promise<Response>
}

/** Anything callspec can send webhooks to: a listener (Express, Koa's callback), a server, a fetch app, or a URL. */
export type AppTarget =
  | string
  | URL
  | Server
  | RequestListener
  | ((req: IncomingMessage, res: ServerResponse) => unknown)
  | FetchApp

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** A path (joined to the app's base URL) or an absolute URL, whose path and query are used. */
  target: string
  headers?: Record<string, string>
  body?: string
}

export interface Exchange {
  request: WireRequest
  response: WireResponse
}

/** Real HTTP to the app under test, with every wait bounded. */
export interface Transport {
  readonly baseUrl: string
  send(request: OutgoingRequest): Promise<Exchange>
  close(): Promise<void>
}
