import { callerFile } from '../clock/fake-timers-install.js'
import { formatDelay } from '../utils/span.js'

/**
 * An app's socket timeout that ended a webhook's connection (memory-socket.ts): Node's HTTP server
 * emits 'timeout' on the request (only while it is still arriving), the response and the server,
 * and destroys the connection when none of them has a listener (lib/_http_server.js,
 * socketOnTimeout). The platform then gets no answer, as here; the failure names the timeout, not
 * a close of the app's (audit-104: "the app closed it without answering (res.destroy()…?)").
 */

/** Who set the socket's timeout: told by the frame that called socket.setTimeout(). */
export type TimeoutSetter = 'server' | 'response' | 'request' | 'socket' | 'unknown'

/**
 * Node's HTTP modules call socket.setTimeout() for `server.timeout` (node:_http_server, at each
 * connection and request), `res.setTimeout()` (node:_http_outgoing) and `req.setTimeout()`
 * (node:_http_incoming); any other file is the app's own call, on `req.socket`.
 */
export function timeoutSetterOf(file: string): TimeoutSetter {
  if (file === 'node:_http_server') return 'server'
  if (file === 'node:_http_outgoing') return 'response'
  if (file === 'node:_http_incoming') return 'request'
  if (file === '' || file.startsWith('node:')) return 'unknown'
  return 'socket'
}

/** The file of the function that called `fn` (one frame, formatted by hand: a few µs). */
export const callerFileOf = (fn: (...args: never[]) => unknown): string => callerFile(fn as (...args: unknown[]) => unknown)

export interface TimedOut {
  by: TimeoutSetter
  /** The timeout, ms. */
  ms: number
  /** How long after the request came it fired (ms), and on which time. */
  afterMs: number
  virtual: boolean
  /** The app had sent its answer's headers. */
  begun: boolean
  /** The request had a 'timeout' listener (`req.setTimeout(ms, callback)`), never called: the request was complete. */
  requestListened: boolean
  /** The server is a Fastify instance's (its `connectionTimeout` sets `server.timeout`). */
  fastify: boolean
}

/** The sentence the failed exchange says (after "no answer to <event> (POST …): "). */
export function timedOutMessage(t: TimedOut): string {
  const after = `${formatDelay(Math.round(t.afterMs))}${t.virtual ? ' (virtual)' : ''}`
  const what = {
    server: `the app's server.timeout of ${formatDelay(t.ms)}${t.fastify ? " (Fastify's connectionTimeout)" : ''}`,
    response: `the app's response timeout of ${formatDelay(t.ms)} (res.setTimeout(${t.ms}))`,
    request: `the app's request timeout of ${formatDelay(t.ms)} (req.setTimeout(${t.ms}))`,
    socket: `the app's socket timeout of ${formatDelay(t.ms)} (socket.setTimeout(${t.ms}))`,
    unknown: `the connection's idle timeout (server.timeout, req/res.setTimeout) of ${formatDelay(t.ms)}`,
  }[t.by]
  const fix =
    t.requestListened && t.by === 'request'
      ? "Its callback never ran: Node emits 'timeout' on the request only while the request is still arriving, and the webhook had come whole. Answer from res.setTimeout(ms, callback) instead, or raise or remove the timeout."
      : t.by === 'server' && t.fastify
        ? "Listen for 'timeout' and answer (reply.raw.on('timeout', …) or fastify.server.on('timeout', …)), or raise or remove the timeout (connectionTimeout: 0)."
        : t.by === 'server'
          ? "Listen for 'timeout' and answer (res.setTimeout(ms, callback), res.on('timeout', …) or server.on('timeout', …)), or raise or remove the timeout (server.timeout = 0)."
          : "Listen for 'timeout' and answer (res.setTimeout(ms, callback) or res.on('timeout', …)), or raise or remove the timeout."
  return (
    `${what} fired ${after} after the webhook came, before the app ${t.begun ? 'finished its answer' : 'answered'}, ` +
    `and Node's HTTP server destroyed the connection because nothing listened for 'timeout': in production too, the platform gets no answer. ${fix}`
  )
}
