import type { EventEmitter } from 'node:events'
import { Duplex } from 'node:stream'
import { appTimerSetter, currentFakeClock, type Installation } from '../clock/fake-timers-install.js'
import { clearHandedBack } from '../clock/handed-back-timers.js'
import { enterScope, leaveScope } from '../clock/infrastructure-scope.js'
import { realNow, realTimers } from '../clock/real-timers.js'
import { errorHead } from '../utils/error-head.js'
import { callerFileOf, timedOutMessage, timeoutSetterOf, type TimeoutSetter } from './app-timeout.js'
import { skipIdleSocketCheck } from './undici.js'

/**
 * Who hears of an exception the app's listener threw after its answer was written: the crash
 * watch (session/app-crashes.ts, which sets it when loaded), so that the transport need not know
 * the session.
 */
let threwAfterAnswering: (error: unknown) => void = () => {}

export function whenAppThrowsAfterAnswering(handler: (error: unknown) => void): void {
  threwAfterAnswering = handler
}

/** How a throw the app's end caught starts (emit), before the app's error: memory-transport.ts words a Fastify one from it. */
export const APP_THREW = 'the app threw while handling the request: '

/** A socket timeout's timer: Node's Timeout, or @sinonjs/fake-timers' handle on the call's clock. */
interface IdleTimer {
  refresh(): unknown
  unref?(): unknown
}

/** Node's largest timer delay (a signed int32 of ms); longer ones are clamped to it, as Node does. */
const TIMEOUT_MAX = 2 ** 31 - 1

/**
 * One end of an in-memory connection: what one side writes, the other reads, with backpressure.
 * It carries the few socket members Node's HTTP server and undici touch (addresses, no-op
 * setNoDelay/setKeepAlive, ref/unref, and net.Socket's idle timeout: see setTimeout), so both
 * HTTP parsers run unchanged over it and the app sees a real IncomingMessage and ServerResponse.
 * No file descriptor, no port, no handle: nothing here can keep the process alive.
 */
export class MemorySocket extends Duplex {
  readonly remoteAddress = '127.0.0.1'
  readonly remoteFamily = 'IPv4'
  readonly localAddress = '127.0.0.1'
  readonly localFamily = 'IPv4'
  readonly remotePort: number
  readonly localPort: number
  readonly encrypted = false
  readonly connecting = false
  readonly pending = false
  peer: MemorySocket | undefined
  /** The peer's write waiting for us to read (backpressure, as a socket's buffer would give). */
  #blockedWrite: (() => void) | undefined
  /** Written to at least once (see _write). */
  #written = false
  /** Bytes taken by _write, and bytes pushed here by the peer: bytesWritten and bytesRead. */
  #dispatched = 0
  #received = 0
  /** Ended by resetAndDestroy(): the peer's read fails with ECONNRESET instead of reaching its end. */
  #reset = false

  constructor(localPort: number, remotePort: number) {
    super({ allowHalfOpen: true })
    this.localPort = localPort
    this.remotePort = remotePort
  }

  override _read(): void {
    const resume = this.#blockedWrite
    if (resume) {
      this.#blockedWrite = undefined
      resume()
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer
    if (!peer || peer.destroyed) return callback(resetError())
    // The client's first write: undici has set up its state on this end by now.
    if (this.clientEnd && !this.#written) {
      this.#written = true
      skipIdleSocketCheck(this)
    }
    if (this.#timer) this.#touch()
    this.#dispatched += chunk.length
    this.#deliver(peer, chunk, callback)
  }

  #deliver(peer: MemorySocket, chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (peer.#timer) peer.#touch()
    peer.#received += chunk.length
    if (peer.push(chunk)) callback()
    else peer.#blockedWrite = callback
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Half-close, as a FIN: the peer reads what is buffered, then its end.
    if (this.peer && !this.peer.destroyed) this.peer.push(null)
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#disarm()
    const peer = this.peer
    // The app's end, closed by the app after answering, while the client still held the
    // connection (not by an exception callspec caught in emit below): app-signs.ts counts it.
    // Not while a response is unfinished: the request then in hand got no answer (a timeout, a
    // res.destroy()), whatever an earlier one on this keep-alive connection got.
    const unanswered = (this.#response as { writableEnded?: boolean } | null)?.writableEnded === false
    if (this.catchAppErrors && this.answered && !unanswered && peer && !peer.destroyed && !this.#threw) this.closedByApp = true
    this.peer = undefined
    if (peer && !peer.destroyed) {
      // The other side sees the connection end after what it has buffered, as over TCP, then goes.
      peer.peer = undefined
      const blocked = peer.#blockedWrite
      peer.#blockedWrite = undefined
      blocked?.()
      if (this.#reset) {
        peer.destroy(connectionReset())
      } else {
        if (!peer.readableEnded) peer.push(null)
        if (peer.writable) peer.end()
      }
    }
    const blocked = this.#blockedWrite
    this.#blockedWrite = undefined
    blocked?.()
    callback(error)
  }

  /**
   * The app's end: an exception thrown while the server parses and routes a request (an app
   * that throws in its request listener) would be uncaught, and crash the test run. Here it
   * ends this connection instead, and the client sees the app's error on its turn.
   */
  catchAppErrors = false
  /** The app's end has answered a request (app-signs.ts, from Node's response-finish channel). */
  answered = false
  /** The app closed this end itself after answering (see _destroy). */
  closedByApp = false
  /** An exception from the app's request handling ended this end (emit). */
  #threw = false
  /**
   * The HTTP client's end: only undici and callspec listen on it, so what its events run is
   * infrastructure, and the timers set meanwhile keep real time (see infrastructure-scope.ts).
   * The app's end runs as the app, even when the client's write reached it synchronously.
   */
  clientEnd = false

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    // Scoped without a closure: this runs for every event of every exchange.
    const saved = enterScope(this.clientEnd)
    try {
      if (!this.catchAppErrors || event !== 'data') return super.emit(event, ...args)
      try {
        return super.emit(event, ...args)
      } catch (error) {
        const peer = this.peer
        this.#threw = true
        // Thrown after the app's answer was written (res.end() then a throw, or a second res.end()):
        // in production the answer reaches the platform, then the crash ends the connection. The
        // client here reads the answer, then the end; the call fails as a crash after answering
        // (app-crashes.ts), where it used to go on as if nothing had happened. Node's server holds
        // the response being written on its socket (`_httpMessage`) until it finishes.
        if ((this as { _httpMessage?: { writableEnded?: boolean } | null })._httpMessage?.writableEnded) {
          threwAfterAnswering(error)
          this.destroy()
          return true
        }
        this.destroy()
        peer?.destroy(Object.assign(new Error(`${APP_THREW}${errorHead(error)}`), { code: 'CALLSPEC_APP_THREW', appError: error }))
        return true
      }
    } finally {
      leaveScope(saved)
    }
  }

  /**
   * The idle timeout set with setTimeout() (ms, 0 for none; undefined until one is set, as on
   * net.Socket, measured over TCP), as net.Socket's `timeout`. Node's HTTP
   * server sets it on the app's end: `res.setTimeout(ms)` and `req.setTimeout(ms)` call it,
   * `server.timeout` is set at each connection and again on each request after a keep-alive wait,
   * and `server.keepAliveTimeout` (+1 s) after each response.
   */
  timeout: number | undefined = undefined
  /** That timeout in ms, 0 for none. */
  get #timeoutMs(): number {
    return this.timeout ?? 0
  }
  /** The timer of that timeout, while it runs (see setTimeout). */
  #timer: IdleTimer | undefined
  /** The call's clock it was set on; undefined for a real timer. */
  #timerClock: Installation | undefined
  /** It fired, and nothing has refreshed it since. */
  #timerFired = false
  /** The response Node's HTTP server is writing on this end (see `_httpMessage`). */
  #response: unknown = null
  /** Who set `timeout` (the app's end only): named when it ends the connection (#fire). */
  #timeoutBy: TimeoutSetter = 'unknown'
  /** When the response was attached (its request's headers came), on the call's clock or in real time. */
  #attachedAt: { clock: Installation | undefined; at: number } | undefined

  /**
   * net.Socket's idle timeout: 'timeout' is emitted once `msecs` pass with nothing read or written
   * on this end (activity pushes it back; `callback` is a once-listener; 0 turns it off). Node's
   * HTTP server listens: its socketOnTimeout emits 'timeout' on the request still being read, the
   * response and the server, and destroys the connection when none of them has a listener.
   *
   * Which timers are the app's: the timer runs only while Node's HTTP server has a response on this
   * end (`_httpMessage`, from the request's headers until the response has finished), on the call's
   * clock when a call holds it. What the app set (`res.setTimeout`, `req.setTimeout`,
   * `server.timeout`) is then timed while the app handles a webhook, as in production. Between
   * exchanges the connection idles in callspec's pool, and Node's own arm there is its keep-alive
   * timeout (lib/_http_server.js): resOnFinish calls `socket.setTimeout(keepAliveTimeout + 1000)`
   * right after `res.detachSocket()` has set `_httpMessage = null`, and resetSocketTimeout puts
   * `server.timeout || 0` back when the next request's headers come, before `res.assignSocket()`
   * attaches the next response. So the keep-alive timeout is recorded and never timed: on the
   * call's clock it showed as an app timer "6 s still pending" at the end of every call (measured)
   * and would close the pooled connection mid-call on virtual time; on real time it would race
   * callspec's next write (the keep-alive race TCP's early idle drop avoids, docs/transport.md).
   * It is told apart by when Node sets it (no response attached), not by its value, which an app's
   * `server.timeout` may equal. A timeout still set when the connection goes idle (with
   * `keepAliveTimeout: 0` the app's 2 s one stays) runs again from the next response on, as in
   * production, where the next request's bytes refresh it.
   */
  setTimeout(msecs: number, callback?: () => void): this {
    if (this.destroyed) return this
    const ms = timerDuration(msecs)
    this.timeout = ms
    if (this.catchAppErrors && ms > 0) this.#timeoutBy = this.#setterOf(ms)
    this.#disarm()
    if (callback !== undefined) {
      if (typeof callback !== 'function') throw Object.assign(new TypeError('The "callback" argument must be of type function'), { code: 'ERR_INVALID_ARG_TYPE' })
      if (ms === 0) this.removeListener('timeout', callback)
      else this.once('timeout', callback)
    }
    if (ms > 0 && this.#response) this.#arm(MemorySocket.prototype.setTimeout)
    return this
  }

  /**
   * Who is setting a timeout of `ms` on the app's end. While a response is attached, the app's
   * handler (res/req/socket.setTimeout), told by its caller's frame. Before one is: Node's server
   * (`server.timeout` at each connection and request, its keep-alive timeout after each response,
   * never timed), told without a stack read on every exchange.
   */
  #setterOf(ms: number): TimeoutSetter {
    if (this.#response) return timeoutSetterOf(callerFileOf(MemorySocket.prototype.setTimeout))
    return (this as { server?: { timeout?: number } }).server?.timeout === ms ? 'server' : 'unknown'
  }

  /**
   * The response being written on this end: Node's HTTP server sets it in `res.assignSocket()`
   * and clears it in `res.detachSocket()`. The idle timer runs only meanwhile (see setTimeout).
   * An accessor on the class, defined once; the field net.Socket has is a plain property.
   */
  get _httpMessage(): unknown {
    return this.#response
  }
  set _httpMessage(response: unknown) {
    this.#response = response
    if (!response) {
      this.#disarm()
      return
    }
    if (this.catchAppErrors) {
      const clock = currentFakeClock()
      this.#attachedAt = { clock, at: clock ? clock.clock.now : realNow() }
    }
    if (this.#timeoutMs > 0 && !this.#timer) this.#arm(ATTACH_RESPONSE)
  }

  /**
   * Starts the idle timer. On the call's clock when a call holds it and the code that got here is
   * the app's: appTimerSetter reads the frame that called `wrapper` (this setTimeout, or the
   * `_httpMessage` setter): Node's HTTP modules (node:_http_outgoing for `res.setTimeout`,
   * node:_http_incoming for `req.setTimeout`, node:_http_server for `server.timeout`) or the
   * app's own code. The timer is unref'd, as net.Socket's: handed back to real time at the end of a
   * call that left it pending, it holds nothing open. Otherwise (no call, `appClock: false`) a real
   * timer, unref'd too.
   */
  #arm(wrapper: (...args: never[]) => unknown): void {
    const fire = () => this.#fire()
    const onAppClock = appTimerSetter('setTimeout', wrapper)
    if (onAppClock) {
      const timer = onAppClock(fire, this.#timeoutMs) as IdleTimer
      timer.unref?.()
      this.#timer = timer
      this.#timerClock = currentFakeClock()
    } else {
      this.#timer = realTimers.setTimeout(fire, this.#timeoutMs).unref()
      this.#timerClock = undefined
    }
    this.#timerFired = false
  }

  #fire(): void {
    this.#timerFired = true
    if (this.destroyed) return
    const peer = this.peer
    const response = this.#response as (EventEmitter & { headersSent?: boolean; req?: EventEmitter }) | null
    const afterMs = this.#sinceAttached()
    // Read before the emit: destroying this end disarms the timer.
    const virtual = this.#timerClock !== undefined
    this.emit('timeout')
    // Nobody listened, and Node's HTTP server destroyed the connection (socketOnTimeout): the client
    // hears why, not "the app closed it" (as for a throw, in emit above).
    if (!this.destroyed || !this.catchAppErrors || !response || !peer || peer.destroyed) return
    const server = (this as { server?: EventEmitter }).server
    if (response.listenerCount('timeout') > 0 || (server?.listenerCount('timeout') ?? 0) > 0) return
    const message = timedOutMessage({
      by: this.#timeoutBy,
      ms: this.#timeoutMs,
      afterMs: afterMs ?? this.#timeoutMs,
      virtual,
      begun: response.headersSent === true,
      requestListened: (response.req?.listenerCount('timeout') ?? 0) > 0,
      fastify: server?.listeners('request').some((fn) => fn.name === 'preRouting') ?? false,
    })
    peer.destroy(Object.assign(new Error(message), { code: 'CALLSPEC_APP_TIMED_OUT' }))
  }

  /** ms since the response was attached, on the clock the idle timer runs on; undefined when that differs. */
  #sinceAttached(): number | undefined {
    const attached = this.#attachedAt
    if (!attached || attached.clock !== this.#timerClock) return undefined
    return attached.clock ? attached.clock.clock.now - attached.at : realNow() - attached.at
  }

  /** Activity: the idle timer starts over (a fired one too, as Node's refresh() does). */
  #touch(): void {
    const clock = this.#timerClock
    // Fired on a call's clock that call has since let go: refreshing it would put it back on a
    // clock no call drives (callspec's own is reused by the next call).
    if (this.#timerFired && clock && clock !== currentFakeClock()) {
      this.#timer = undefined
      this.#timerClock = undefined
      return
    }
    this.#timerFired = false
    this.#timer!.refresh()
  }

  #disarm(): void {
    const timer = this.#timer
    if (!timer) return
    const clock = this.#timerClock
    this.#timer = undefined
    this.#timerClock = undefined
    // A fake timer still pending when its call ended was handed back to real time (its handle
    // follows); otherwise it is cleared on the clock it was set on, or for real.
    if (clearHandedBack(timer)) return
    if (clock) (clock.clock as unknown as { clearTimeout(handle: unknown): void }).clearTimeout(timer)
    else realTimers.clearTimeout(timer as NodeJS.Timeout)
  }

  /*
   * net.Socket's members that logging and metrics middleware read (audit h170: an app logging
   * `req.socket.bytesWritten`, or checking `readyState === 'open'`, read undefined here and a
   * number or 'open' over TCP; `resetAndDestroy()` threw "is not a function"). Each as
   * lib/net.js has it, and measured against `transport: 'tcp'` in
   * test/transport/memory-socket-members.test.ts.
   */

  /** Bytes received: each request's head and body as they came (over TCP, as read from the kernel). */
  get bytesRead(): number {
    return this.#received
  }

  /** Bytes sent, and those still queued to send, as net.Socket counts them (`_bytesDispatched` plus its writable buffer). */
  get bytesWritten(): number {
    let bytes = this.#dispatched
    // Node's Writable has writableBuffer (undocumented, what net.Socket reads), not its typings.
    const queue = (this as unknown as { writableBuffer?: Array<{ chunk: Buffer | string; encoding: BufferEncoding }> }).writableBuffer ?? []
    for (const queued of queue) {
      bytes += typeof queued.chunk === 'string' ? Buffer.byteLength(queued.chunk, queued.encoding) : queued.chunk.length
    }
    return bytes
  }

  /** net.Socket's: 'open', then 'readOnly' or 'writeOnly' once one side has ended, 'closed' when neither is left. */
  get readyState(): 'open' | 'readOnly' | 'writeOnly' | 'closed' {
    if (this.readable && this.writable) return 'open'
    if (this.readable) return 'readOnly'
    if (this.writable) return 'writeOnly'
    return 'closed'
  }

  /** Deprecated in Node but still read: what is queued to send. */
  get bufferSize(): number | undefined {
    return this.destroyed ? undefined : this.writableLength
  }

  /**
   * Ends the connection with a reset (a TCP RST), not a FIN: this end closes at once with no error,
   * and the other end's read fails with ECONNRESET, as callspec's client sees it over TCP ("the
   * connection was reset before a response came back").
   */
  resetAndDestroy(): this {
    if (!this.destroyed) {
      this.#reset = true
      this.destroy()
    }
    return this
  }

  // No destroySoon(): no middleware reads it, and Node's HTTP server calls it, when a socket has it,
  // after an answer sent with `connection: close` (resOnFinish), where it otherwise ends the socket:
  // it would change how every such connection closes, for nothing an app sees.

  // Socket options have no meaning in memory; the servers call them.
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
  ref(): this {
    return this
  }
  unref(): this {
    return this
  }
  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort }
  }
}

/** The `_httpMessage` setter: the function whose caller appTimerSetter reads when a response is attached. */
const ATTACH_RESPONSE = Object.getOwnPropertyDescriptor(MemorySocket.prototype, '_httpMessage')!.set!

/** Node's getTimerDuration: a non-negative finite number of ms, clamped to TIMEOUT_MAX. */
function timerDuration(msecs: unknown): number {
  if (typeof msecs !== 'number') throw Object.assign(new TypeError(`The "msecs" argument must be of type number. Received ${typeof msecs}`), { code: 'ERR_INVALID_ARG_TYPE' })
  if (msecs < 0 || !Number.isFinite(msecs)) throw Object.assign(new RangeError(`The value of "msecs" is out of range. It must be a non-negative finite number. Received ${msecs}`), { code: 'ERR_OUT_OF_RANGE' })
  return Math.min(msecs, TIMEOUT_MAX)
}

/** The error and the top of its stack, enough to find the throwing line. */
const resetError = () => Object.assign(new Error('write after the other side closed'), { code: 'ECONNRESET' })

/** What a read gets over TCP when the other side resets the connection. */
const connectionReset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' })

let nextPort = 40_000

/** Both ends of a new in-memory connection: [client, server]. */
export function memorySocketPair(): [MemorySocket, MemorySocket] {
  // Ports are fake but distinct, so apps that log or key on the remote port still work.
  const clientPort = nextPort++
  if (nextPort > 65_000) nextPort = 40_000
  const client = new MemorySocket(clientPort, 80)
  const server = new MemorySocket(80, clientPort)
  server.catchAppErrors = true
  client.clientEnd = true
  client.peer = server
  server.peer = client
  return [client, server]
}
