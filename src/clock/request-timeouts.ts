import { ClientRequest } from 'node:http'
import { Socket } from 'node:net'
import { clearAppTimer, setForApp } from './fake-timers-install.js'
import { answerStreamsUnheld, beforePush } from './app-io.js'
import { replaceMethod, type AnyFunction } from './replace-method.js'

/**
 * The timeout of a request of the app's made with Node's HTTP client (`http.get(url, { timeout })`,
 * `req.setTimeout(ms)`, an Agent's `timeout`) runs on the call's clock, as the app's other timers
 * do. Node arms it on the request's socket (`socket.setTimeout`, an idle timer in real time): a
 * stub whose latency is on the call's clock (3 s) answered at virtual +3 s in no real time, before
 * the app's 1 s timeout could fire, and the app's timeout path never ran (audit-114 F4).
 *
 * Only a socket carrying a ClientRequest moves: Node's own keep-alive timeout of a free socket in
 * an agent's pool (`keepSocketAlive`), a server's sockets, and a raw socket's (a database driver's
 * connect timeout) keep real time. A socket is looked at a tick after `setTimeout` (Node attaches
 * the request to it in a tick), and when a request gets it (`onSocket`): one made with the timeout
 * (an Agent's `timeout`, nock's socket) had it before. undici's `headersTimeout` and `bodyTimeout`
 * (its own timers) keep real time.
 *
 * Node's timer is idle time, restarted by every byte: so is the timer on the call's clock, set
 * anew as Node hands each read to the socket (its `push`; nock's socket, which has no handle,
 * counts none). An answer that streams on past callspec's patience, no longer holding the call's
 * time, has its timeout handed back to Node's, in real time as its bytes are.
 */
export function watchRequestTimeouts(): void {
  if (watching) return
  watching = true
  // The request gets its socket: one made with a timeout (an Agent's `timeout`, `http.get`'s
  // `timeout` on a new socket, nock's socket) had it set before the request was its.
  replaceMethod(clientRequests as unknown as Record<string, unknown>, 'onSocket', (original) => function onSocket(this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args)
    const socket = args[0]
    // After Node's own tick that attaches the request to it (tickOnSocket).
    if (socket instanceof Socket) process.nextTick(toCallClock, socket, undefined, false)
    return result
  })
  // `req.setTimeout(ms)` sets the socket's only once it connects: a socket nock or msw makes
  // connects when the mock answers, so their mocked latency on the call's clock outran the app's
  // 1 s timeout (audit-115: `req.setTimeout`, and got's `timeout.socket` through it, under nock).
  // Production's socket connects at once: the timeout is armed on the call's clock from here.
  replaceMethod(clientRequests as unknown as Record<string, unknown>, 'setTimeout', (original) => function setTimeout(this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args)
    const ms = args[0]
    if (typeof ms === 'number' && ms > 0) {
      requestTimeouts.set(this as object, ms)
      const socket = (this as { socket?: unknown }).socket
      if (socket instanceof Socket && socket.connecting) toCallClock(socket, ms, true)
    } else requestTimeouts.delete(this as object)
    return result
  })
  replaceMethod(Socket.prototype as unknown as Record<string, unknown>, 'setTimeout', (original) => {
    realSetTimeout = original
    return function setTimeout(this: unknown, ...args: unknown[]) {
      const socket = this as Socket
      disarm(socket)
      const result = original.apply(socket, args)
      const ms = args[0]
      if (typeof ms === 'number' && ms > 0 && !(socket as { server?: unknown }).server) process.nextTick(toCallClock, socket, ms, false)
      return result
    }
  })
}

let watching = false

/**
 * Node's own ClientRequest.prototype, where `onSocket` is: `http.ClientRequest` may be a mock
 * library's subclass (nock's, installed when it loads) or a Proxy (msw's interceptor).
 */
const clientRequests: object = (() => {
  let proto: object | null = ClientRequest.prototype
  while (proto && !Object.hasOwn(proto, 'onSocket')) proto = Object.getPrototypeOf(proto) as object | null
  return proto ?? ClientRequest.prototype
})()
let realSetTimeout: AnyFunction | undefined

/**
 * A socket's timeout on the call's clock: the timer's handle, its length, and the reads the socket
 * had had when it was armed. A timer of the app's as any other: the app's wait on a request to
 * another process holds the call's time (a real request has no virtual latency), and Node's timer
 * ran on through it, so a backend taking 3 s of real time gives the app's 1 s timeout after 1 s of
 * it, at virtual +1 s, not after the 2 s callspec waits on an unanswered request (InProcessAppClock
 * #timersOverdue).
 */
interface Armed {
  handle: unknown
  readonly ms: number
  reads: number
}

const armed = new WeakMap<Socket, Armed>()

/** The timeout each request was given with `req.setTimeout(ms)`: Node sets it on a connecting socket only once it connects. */
const requestTimeouts = new WeakMap<object, number>()

/**
 * `socket`'s timeout of `ms` (undefined: whatever it has, or its request was given), set a tick
 * ago, moves to the call's clock if the socket carries a request of the app's. `connecting`: the
 * request's timeout, which Node sets on the socket once it connects, is armed now.
 */
function toCallClock(socket: Socket, ms?: number, connecting = false): void {
  if (socket.destroyed || armed.has(socket)) return
  // Not yet a request's (it is looked at again when it gets one: onSocket), or no longer (a free socket in an agent's pool).
  const request = (socket as { _httpMessage?: unknown })._httpMessage
  if (typeof request !== 'object' || request === null || !Object.prototype.isPrototypeOf.call(clientRequests, request)) return
  if (ms === undefined) {
    // The request's own, set once the socket connects, overrides the one the socket was made with (an Agent's).
    const asked = socket.connecting ? requestTimeouts.get(request) : undefined
    connecting = asked !== undefined
    ms = asked ?? socket.timeout
  }
  if (!ms || (!connecting && socket.timeout !== ms)) return
  const handle = setForApp(ms, () => fire(socket, entry))
  // No call holds the clock, or the caller is another test's: Node's timer stays.
  if (handle === undefined) return
  const entry: Armed = { handle, ms, reads: readsOf(socket) }
  armed.set(socket, entry)
  // Node's own, if set: cleared (one set when the socket connects clears this one, and is moved here in turn).
  if (!connecting) {
    realSetTimeout!.call(socket, 0)
    // As Node keeps it (the Agent compares it before it sets its own when the socket goes back to its pool).
    ;(socket as { timeout?: number }).timeout = ms
  }
}

/**
 * The timer on the call's clock fired: a socket that read nothing since it was armed times out, as
 * Node's would. One whose answer streams on past callspec's patience (a body a chunk every 400 ms
 * for 3 s, from another process) is on real time, not the call's: the call's time runs on without
 * it, and its idle timeout fired there between two chunks (audit-116: "timed out" where production
 * reads every row). Its timeout goes back to Node's, restarted by each byte as it comes.
 */
function fire(socket: Socket, entry: Armed): void {
  if (armed.get(socket) !== entry || socket.destroyed) return
  const reads = readsOf(socket)
  const streaming = answerStreamsUnheld(socket)
  if (reads !== entry.reads || streaming) {
    entry.reads = reads
    entry.handle = streaming ? undefined : setForApp(entry.ms, () => fire(socket, entry))
    if (entry.handle !== undefined) return
    // The call is over, or the answer streams on real time: the rest is Node's, in real time.
    armed.delete(socket)
    realSetTimeout!.call(socket, entry.ms)
    return
  }
  armed.delete(socket)
  socket.emit('timeout')
}

/**
 * `socket` read: its timeout starts over on the call's clock, as Node's idle timer does on each
 * byte. Set anew, not left to run to its first due time and looked at then: while the call's time
 * stands still for real I/O, a timer runs down with the real time held and fires once its due time
 * passes in production (InProcessAppClock #timersOverdue), and a body streaming a chunk every
 * 400 ms moved the call's clock a second at a time, an `app timer 1 s` line each, though no
 * timeout was near.
 */
function restart(socket: Socket, entry: Armed): void {
  clearAppTimer('setTimeout', entry.handle)
  entry.reads = reads.get(socket) ?? entry.reads
  entry.handle = setForApp(entry.ms, () => fire(socket, entry))
  if (entry.handle !== undefined) return
  // The call is over: the rest is Node's, in real time.
  armed.delete(socket)
  realSetTimeout!.call(socket, entry.ms)
}

/** Whatever `socket` had on the call's clock is cleared (it is set anew, or closed). */
function disarm(socket: Socket): void {
  const entry = armed.get(socket)
  if (!entry) return
  armed.delete(socket)
  clearAppTimer('setTimeout', entry.handle)
}


/** Chunks each socket armed so far has read (counted from its first arming). */
const reads = new WeakMap<Socket, number>()

/**
 * What `socket` has read so far; the first time, it is followed from now on: its reads, and its
 * close, which clears its timer (once per socket: a keep-alive socket carries many requests).
 */
function readsOf(socket: Socket): number {
  const count = reads.get(socket)
  if (count !== undefined) return count
  reads.set(socket, 0)
  beforePush(socket, () => {
    reads.set(socket, reads.get(socket)! + 1)
    // Node's timeout is idle time: it starts over with each read.
    const entry = armed.get(socket)
    if (entry) restart(socket, entry)
  })
  socket.once('close', () => disarm(socket))
  return 0
}
