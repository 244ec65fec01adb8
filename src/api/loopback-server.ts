import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerApiRequest } from './stray-requests.js'
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'
import { listenOnLoopback } from '../transport/listen.js'

export interface LoopbackApi {
  readonly url: string
  close(): Promise<void>
}

export interface LoopbackOptions {
  /** Port to listen on (default: any free port). */
  port?: number
  /** Largest request body read, in bytes; a larger one is answered 413 without being read whole. */
  maxBodyBytes?: number
}

/** Default for `startPlatform(…, { maxBodyBytes })`: far above any vendor request, far below a memory problem. */
export const DEFAULT_MAX_API_BODY_BYTES = 5 * 1024 * 1024

/**
 * Serves a fake vendor API on 127.0.0.1, for apps that run outside the test process. Whatever
 * arrives gets an answer, and nothing escapes as an unhandled rejection: a bad Host header is
 * ignored (the URL is read against the server's own address), an oversize body is answered 413
 * and the connection closed, a client that aborts mid-body is let go, an API that throws answers 500.
 */
export async function serveLoopback(api: PlatformApi, options: LoopbackOptions = {}): Promise<LoopbackApi> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_API_BODY_BYTES
  let origin = 'http://127.0.0.1'
  const server = createServer((req, res) => {
    void serveFakeApi(api, req, res, origin, maxBodyBytes).catch(() => {
      // Only a broken socket gets here (the client went away): there is nobody to answer.
      req.destroy()
    })
  })
  const close = await listenOnLoopback(server, options.port)
  const { port: bound } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${bound}`
  return { url: origin, close }
}

/** One request to the fake API, read against `origin` (the server's own, or the vendor's it stands in for). */
export async function serveFakeApi(api: PlatformApi, req: IncomingMessage, res: ServerResponse, origin: string, maxBodyBytes: number): Promise<void> {
  const url = parseUrl(req.url, origin)
  if (!url) return reply(res, { status: 400, body: { error: `callspec's fake API cannot read the request target ${JSON.stringify(req.url)}` } })
  const declared = Number(req.headers['content-length'])
  if (declared > maxBodyBytes) return tooLarge(req, res, maxBodyBytes, `${declared} bytes declared`)
  const body = await readBody(req, maxBodyBytes)
  if (body === 'aborted') return
  if (body === 'too large') return tooLarge(req, res, maxBodyBytes, `more than ${maxBodyBytes} bytes sent`)
  const request: ApiRequest = { method: req.method ?? 'GET', url, headers: plainHeaders(req), bodyText: body }
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

/** The body as text, or why it could not be read. Stops reading as soon as the cap is passed. */
function readBody(req: IncomingMessage, max: number): Promise<string | 'aborted' | 'too large'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (result: string | 'aborted' | 'too large') => {
      req.off('data', onData)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) return done('too large')
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => done(Buffer.concat(chunks).toString('utf8')))
    req.once('error', () => done('aborted'))
    req.once('aborted', () => done('aborted'))
    req.once('close', () => {
      if (!req.complete) done('aborted')
    })
  })
}

/** 413, then the connection closes: the rest of the body is never read. */
function tooLarge(req: IncomingMessage, res: ServerResponse, max: number, what: string): void {
  res.shouldKeepAlive = false
  reply(res, { status: 413, body: { error: `request body too large (${what}); callspec's fake API reads at most ${max} bytes (startPlatform option maxBodyBytes)` } }, () =>
    req.socket.destroy(),
  )
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
