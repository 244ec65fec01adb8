import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http'
import { errorHead } from '../utils/error-head.js'
import type { MemorySocket } from './memory-socket.js'
import { BODY_FAILED } from './transport-error.js'
import type { FetchApp } from './types.js'

/**
 * Serves a fetch-style app (Hono, itty, any `fetch(Request)`) from a Node server,
 * so it is reached over real HTTP like every other target.
 *
 * The app's Response is written as it comes, as @hono/node-server does in production: its status
 * and headers, then each chunk of its body as the body's stream yields it. So what the platform
 * would see is what callspec's transport sees, and says in the words it has for any app: a body
 * that stops coming is "HTTP 200 and N byte(s) of body, then the rest did not come"; a body whose
 * stream fails after its first bytes ends the connection there ("… then the connection closed
 * before the rest came"). The whole body was read before anything was written: the first was "the
 * app never answered", with a hint for Express handlers, and the second wrote a second status line
 * and left the error unhandled (audit-150).
 */
export function fetchListener(app: FetchApp): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      // serveFetchApp never rejects; the catch is there so that nothing of callspec's is ever left unhandled.
      serveFetchApp(app, req, Buffer.concat(chunks), res).catch(() => res.destroy())
    })
  }
}

/** Its name (and writeFetchResponse's) marks callspec's own frames, taken out of the app's errors it passes on. */
async function serveFetchApp(app: FetchApp, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
  let response: Response
  let head: OutgoingHttpHeaders
  try {
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    const method = req.method ?? 'GET'
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    })
    response = await app.fetch(request)
    if (typeof (response as Partial<Response> | null)?.status !== 'number') {
      throw new TypeError(`the app's fetch() returned ${describe(response)}, not a Response`)
    }
    head = headersOf(new Headers(response.headers))
  } catch (error) {
    return answerThrown(res, error)
  }
  await writeFetchResponse(response, head, res)
}

/** The app threw (or its body failed before a byte of it was written): answered as a Node framework would, so the failure names the crash. */
function answerThrown(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) return void res.destroy()
  res.writeHead(500, { 'content-type': 'text/plain' })
  res.end(error instanceof Error ? withoutOwnFrames(error.stack ?? error.message) : String(error))
}

async function writeFetchResponse(response: Response, head: OutgoingHttpHeaders, res: ServerResponse): Promise<void> {
  if (!response.body) {
    res.writeHead(response.status, head)
    res.end()
    return
  }
  const reader = response.body.getReader()
  // The connection ended (the exchange gave up, or the response was destroyed): the app's stream is
  // cancelled, as a Node server's would be, and no read of it is left waiting.
  res.once('close', () => reader.cancel().catch(() => {}))
  let read: Awaited<ReturnType<typeof reader.read>> | undefined
  const first = reader.read()
  try {
    read = await readWithoutBlocking(first)
  } catch (error) {
    // Nothing is written yet: the body failed as the answer was being made, as a throw would.
    return answerThrown(res, error)
  }
  res.writeHead(response.status, head)
  try {
    // A first chunk not ready at once: @hono/node-server sends the status and headers now
    // (flushHeaders) and waits for the body after them, so the platform sees an answer that began.
    // Holding the head back said "the app never answered", with a hint for Express handlers.
    if (read === undefined) {
      res.flushHeaders()
      read = await first
    }
    while (!read.done) {
      if (res.destroyed) return
      if (!res.write(read.value)) await drainedOrClosed(res)
      read = await reader.read()
    }
    if (!res.destroyed) res.end()
  } catch (error) {
    bodyFailed(res, error)
  }
}

/**
 * The app's body stream failed after its answer began: the connection ends after the bytes that
 * went out, as @hono/node-server ends it (writable.destroy). In memory the client's end hears why
 * (as of a throw: memory-socket.ts), so the failure quotes the app's error after what came; over
 * TCP it sees the connection close, as it would of any app's.
 */
function bodyFailed(res: ServerResponse, error: unknown): void {
  // Told by its fields, not by instanceof: importing memory-socket.ts here would load node:stream at
  // callspec's import (test/package/startup.test.ts).
  const socket = res.socket as Partial<MemorySocket> | null
  const peer = socket?.catchAppErrors === true ? socket.peer : undefined
  res.destroy()
  peer?.destroy(Object.assign(new Error(`${BODY_FAILED}: ${withoutOwnFrames(errorHead(error))}`), { code: 'CALLSPEC_APP_BODY_FAILED' }))
}

/**
 * The read if it settles within a couple of microtasks, else undefined: @hono/node-server's
 * readWithoutBlocking, so the head goes out when it does in production.
 */
const readWithoutBlocking = <T>(read: Promise<T>): Promise<T | undefined> =>
  Promise.race([read, Promise.resolve().then(() => Promise.resolve(undefined))])

const drainedOrClosed = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })

/** The Response's headers for writeHead: each set-cookie kept apart (a Headers object joins the rest). */
function headersOf(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of headers) if (name !== 'set-cookie') out[name] = value
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/** The stack without the frames of this module (serveFetchApp's and writeFetchResponse's), which called the app. */
const withoutOwnFrames = (stack: string) =>
  stack
    .split('\n')
    .filter((line) => !/^\s+at (async )?(serveFetchApp|writeFetchResponse) \(/.test(line))
    .join('\n')

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value !== 'object') return typeof value
  const name = (value as { constructor?: { name?: string } }).constructor?.name
  return name && name !== 'Object' ? `a ${name}` : 'an object'
}
