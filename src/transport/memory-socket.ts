import { Duplex } from 'node:stream'
import { enterScope, leaveScope } from '../clock/infrastructure-scope.js'
import { errorHead } from '../utils/error-head.js'

/**
 * Who hears of an exception the app's listener threw after its answer was written: the crash
 * watch (session/app-crashes.ts, which sets it when loaded), so that the transport need not know
 * the session.
 */
let threwAfterAnswering: (error: unknown) => void = () => {}

export function whenAppThrowsAfterAnswering(handler: (error: unknown) => void): void {
  threwAfterAnswering = handler
}

/**
 * One end of an in-memory connection: what one side writes, the other reads, with backpressure.
 * It carries the few socket members Node's HTTP server and undici touch (addresses, no-op
 * setNoDelay/setKeepAlive/setTimeout, ref/unref), so both HTTP parsers run unchanged over it and
 * the app sees a real IncomingMessage and ServerResponse. No file descriptor, no port, no handle:
 * nothing here can keep the process alive.
 */
export class MemorySocket extends Duplex {
  readonly remoteAddress = '127.0.0.1'
  readonly remoteFamily = 'IPv4'
  readonly localAddress = '127.0.0.1'
  readonly remotePort: number
  readonly localPort: number
  readonly encrypted = false
  readonly connecting = false
  peer: MemorySocket | undefined
  /** The peer's write waiting for us to read (backpressure, as a socket's buffer would give). */
  #blockedWrite: (() => void) | undefined

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
    this.#deliver(peer, chunk, callback)
  }

  #deliver(peer: MemorySocket, chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (peer.push(chunk)) callback()
    else peer.#blockedWrite = callback
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Half-close, as a FIN: the peer reads what is buffered, then its end.
    if (this.peer && !this.peer.destroyed) this.peer.push(null)
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer
    // The app's end, closed by the app after answering, while the client still held the
    // connection (not by an exception callspec caught in emit below): app-signs.ts counts it.
    if (this.catchAppErrors && this.answered && peer && !peer.destroyed && !this.#threw) this.closedByApp = true
    this.peer = undefined
    if (peer && !peer.destroyed) {
      // The other side sees the connection end after what it has buffered, as over TCP, then goes.
      peer.peer = undefined
      const blocked = peer.#blockedWrite
      peer.#blockedWrite = undefined
      blocked?.()
      if (!peer.readableEnded) peer.push(null)
      if (peer.writable) peer.end()
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
        peer?.destroy(Object.assign(new Error(`the app threw while handling the request: ${errorHead(error)}`), { code: 'CALLSPEC_APP_THREW', appError: error }))
        return true
      }
    } finally {
      leaveScope(saved)
    }
  }

  // Socket options have no meaning in memory; the servers call them.
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
  setTimeout(): this {
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

/** The error and the top of its stack, enough to find the throwing line. */
const resetError = () => Object.assign(new Error('write after the other side closed'), { code: 'ECONNRESET' })

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
