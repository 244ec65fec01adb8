import { subscribe } from 'node:diagnostics_channel'
import type { Socket } from 'node:net'

/**
 * An HTTP answer the app is receiving has begun and not ended: its headers (and perhaps a first
 * chunk) are in, the rest of its body is still on the way. A socket's bytes alone cannot say it:
 * the first chunk looks like the reply (app-io.ts), and the app, reading the whole body, is not done
 * waiting. Measured (audit-114 F6): a CRM in another process that sent its headers at once and
 * ended its body 100–300 ms later (a streamed or chunked answer: rows written as a cursor reads
 * them, a gateway that flushes headers early, a streaming completion) lost to the app's 1.5 s guard
 * with fetch, axios, got, node-fetch, undici's request and http.get alike.
 * - undici's requests (the global fetch, and undici's own API, whichever copy of undici: they
 *   publish on the same diagnostics channels) from their headers sent on a socket until their
 *   trailers (the body's end) or an error;
 * - Node's http client (and what is built on it: axios, got, node-fetch): the socket's request,
 *   until Node marks its response complete.
 */
export function answerStillComing(socket: Socket): boolean {
  if ((undiciOpen.get(socket) ?? 0) > 0) return true
  // A ClientRequest's `res` is null until its answer's headers are parsed, which may come a tick
  // after the socket took their bytes (a ServerResponse, on a server's end, has no `res`).
  const request = (socket as { _httpMessage?: { res?: { complete?: boolean } | null } | null })._httpMessage
  return request?.res === null || request?.res?.complete === false
}

/** undici requests on each socket whose answer has not ended, and the socket each was sent on. */
const undiciOpen = new WeakMap<Socket, number>()
const socketOf = new WeakMap<object, Socket>()

let watching = false

/** Follows undici's requests from now on (once per process; from the first look at the app's sockets). */
export function watchHttpAnswers(): void {
  if (watching) return
  watching = true
  subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request?: object; socket?: Socket }
    // A connection in memory (callspec's own to an app in this process, or a fake API's) is none of
    // the app's real I/O, and never asked about: not followed. Told by the native handle every
    // net.Socket has (null once closed), not by instanceof: `node:net` stays unloaded at import.
    if (!request || !socket || !('_handle' in socket) || socketOf.has(request)) return
    socketOf.set(request, socket)
    undiciOpen.set(socket, (undiciOpen.get(socket) ?? 0) + 1)
  })
  const ended = (message: unknown) => {
    const request = (message as { request?: object }).request
    const socket = request && socketOf.get(request)
    if (!socket) return
    socketOf.delete(request)
    undiciOpen.set(socket, Math.max(0, (undiciOpen.get(socket) ?? 1) - 1))
  }
  subscribe('undici:request:trailers', ended)
  subscribe('undici:request:error', ended)
}
