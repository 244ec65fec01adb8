import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerApiRequest } from './stray-requests.js'
import { API_BODY_TIMEOUT_MS, DEFAULT_MAX_API_BODY_BYTES } from './body-limits.js'
import { apiRequestOf, declaredTooLarge, readNodeBody, readNoted, type CapSource } from './request-body.js'
import type { ApiResponse, PlatformApi } from './types.js'
import { listenOnLoopback } from '../transport/listen.js'
import { warnOfUnplaced } from './unplaced-requests.js'
import { takeAgentTime } from './agent-time.js'

export interface LoopbackApi {
  readonly url: string
  close(): Promise<void>
}

export interface LoopbackOptions {
  /** Port to listen on (default: any free port). */
  port?: number
  /** Largest request body read, in bytes; a larger one is answered 413 without being read whole. */
  maxBodyBytes?: number
  /** How long a request's body may take to end, from its head, in ms (default 10 s): after it, 408. */
  bodyTimeoutMs?: number
}

export { DEFAULT_MAX_API_BODY_BYTES } from './body-limits.js'

/**
 * Serves a fake vendor API on 127.0.0.1, for apps that run outside the test process. Whatever
 * arrives gets an answer, and nothing escapes as an unhandled rejection: a bad Host header is
 * ignored (the URL is read against the server's own address), an oversize body is answered 413
 * and the connection closed, a body that has not ended `bodyTimeoutMs` after the request came is
 * answered 408 and the connection closed, a client that aborts mid-body is let go (each noted: a
 * call that fails lists them), an API that throws answers 500.
 */
export async function serveLoopback(api: PlatformApi, options: LoopbackOptions = {}): Promise<LoopbackApi> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_API_BODY_BYTES
  const bounds: BodyBounds = { maxBodyBytes, bodyTimeoutMs: options.bodyTimeoutMs ?? API_BODY_TIMEOUT_MS, source: 'startPlatform option maxBodyBytes' }
  let origin = 'http://127.0.0.1'
  const watched = warnOfUnplaced(api)
  const server = createServer((req, res) => {
    takeAgentTime(api, req.headers)
    void serveFakeApi(watched, req, res, origin, bounds).catch(() => {
      // Only a broken socket gets here (the client went away): there is nobody to answer.
      req.destroy()
    })
  })
  const close = await listenOnLoopback(server, options.port)
  const { port: bound } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${bound}`
  return { url: origin, close }
}

/** What a mount reads of a request body, and where its cap is set (for the 413's words). */
export interface BodyBounds {
  maxBodyBytes: number
  bodyTimeoutMs: number
  source: CapSource
}

/** One request to the fake API, read against `origin` (the server's own, or the vendor's it stands in for). */
export async function serveFakeApi(api: PlatformApi, req: IncomingMessage, res: ServerResponse, origin: string, bounds: BodyBounds): Promise<void> {
  const url = parseUrl(req.url, origin)
  if (!url) return reply(res, { status: 400, body: { error: `callspec's fake API cannot read the request target ${JSON.stringify(req.url)}` } })
  const method = req.method ?? 'GET'
  const { maxBodyBytes, bodyTimeoutMs, source } = bounds
  const late = () => api.endedCallIn?.(url) ?? false
  const tooLarge = declaredTooLarge(method, url, Number(req.headers['content-length']), maxBodyBytes, source, late)
  if (tooLarge) return refuse(req, res, tooLarge)
  const body = await readNoted(method, url, (arrival) => readNodeBody(req, maxBodyBytes, bodyTimeoutMs, arrival), maxBodyBytes, bodyTimeoutMs, source, late, { contentType: req.headers['content-type'], contentEncoding: req.headers['content-encoding'] })
  if ('aborted' in body) return
  if ('answer' in body) return refuse(req, res, body.answer)
  const request = apiRequestOf(method, url, plainHeaders(req), body)
  reply(res, await answerApiRequest(api, request))
}

/** The request target against the server's own origin: the Host header is the client's to get wrong. */
function parseUrl(target: string | undefined, origin: string): URL | undefined {
  try {
    const url = new URL(target ?? '/', origin)
    // An absolute-form target (`GET http://elsewhere/x`) is read as a path on this server.
    return url.origin === origin ? url : new URL(`${url.pathname}${url.search}`, origin)
  } catch {
    return undefined
  }
}

/** 413 or 408, then the connection closes: the rest of the body is never read. */
function refuse(req: IncomingMessage, res: ServerResponse, answer: ApiResponse): void {
  res.shouldKeepAlive = false
  reply(res, answer, () => req.socket.destroy())
}

function reply(res: ServerResponse, answer: ApiResponse, then?: () => void): void {
  if (res.headersSent || res.destroyed) return
  const { body, headers } = encode(answer)
  res.writeHead(answer.status, headers)
  res.end(body, then)
}

function plainHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
  return headers
}

/** JSON-encodes an object body; used by both mounts so they answer byte for byte alike. */
export function encode(answer: ApiResponse): { body: string; headers: Record<string, string> } {
  if (answer.body === undefined) return { body: '', headers: { ...answer.headers } }
  if (typeof answer.body === 'string') return { body: answer.body, headers: { 'content-type': 'text/plain', ...answer.headers } }
  return { body: JSON.stringify(answer.body), headers: { 'content-type': 'application/json', ...answer.headers } }
}
