import { subscribe } from 'node:diagnostics_channel'
import { Socket } from 'node:net'
import { realNow } from './real-timers.js'
import { threadPoolBusy, watchThreadPool } from './thread-pool-jobs.js'

/**
 * Real I/O of the app's that no callspec hook sees: a file read, a DNS lookup, a query to a
 * database over its own connection. While such work is in flight the app is not quiet, whatever
 * its timers say: moving the call's clock then fires a timer the app set long before (a 30 s idle
 * hang-up) ahead of the I/O's answer (measured: an EnableX app awaiting a 100 ms query before its
 * next play hung up at virtual 30 s instead, every run; a file read did the same). Two signs are
 * read, both from Node itself:
 * - requests in flight (`process.getActiveResourcesInfo()`): file system, DNS, connects;
 * - client sockets that were written to and have had no reply since (a query awaiting its rows),
 *   in the order Node handed them their bytes. A socket is looked at when each webhook goes out,
 *   so a write made while handling it shows, and watched from its creation where Node says so.
 * - thread-pool jobs the app queued through Node's crypto and zlib (thread-pool-jobs.ts), which
 *   Node lists nowhere. A native addon's own work (bcrypt) stays unseen.
 */
const REQUESTS = new Set([
  'FSReqCallback',
  'FSReqPromise',
  // fs.promises.readFile ends by closing its FileHandle: the read is not over until then.
  'CloseReq',
  'FileHandleCloseReq',
  'GetAddrInfoReqWrap',
  'GetNameInfoReqWrap',
  'QueryReqWrap',
  'ConnectWrap',
  'TCPConnectWrap',
  'PipeConnectWrap',
])

/**
 * How long a socket may go unanswered before callspec stops counting it as awaiting a reply: a
 * connection the app only writes to (logs shipped over TCP) never gets one, and each quiet wait
 * would otherwise last its whole bound. Longer than a test database's slowest plausible query.
 */
export const REPLY_PATIENCE_MS = 2_000

interface Seen {
  /**
   * The socket's bytesWritten when its last reply (data, or its end) arrived: bytes written past
   * it await a reply. Read off the socket as each reply is pushed, so a query written in the same
   * turn as the previous one's rows arrived (`await q1; await q2`) counts as awaiting.
   */
  answered: number
  /** Real ms (performance.now) of the first look that saw it awaiting, while no reply has come. */
  since?: number
  /** Written to and never answered within REPLY_PATIENCE_MS: a connection the app only writes to. */
  oneWay?: boolean
  /** Real ms of the first look that saw it connected with nothing exchanged yet. */
  freshSince?: number
  /** Real ms it was made, when Node said so (net.client.socket): a new connection's first request was written about then. */
  madeAt?: number
  /**
   * Never the app's awaited I/O: callspec's own connection, a server's end, or a connection to a
   * server in this process. Decided once (none of these changes over a socket's life), so a look
   * at a process with many sockets (a database pool, a test's stub servers) costs little for each.
   */
  skip?: true
}

/** How long a connection that has exchanged nothing yet counts as about to be used (see sample). */
const FRESH_MS = 100

const seen = new WeakMap<Socket, Seen>()
const activeHandles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.bind(process)

/** The test process's own pipes and callspec's own connections (tagged where they are made). */
const isOwn = (socket: Socket): boolean =>
  // The process's stdio (read off the socket: `process.stdin` itself would open stdin).
  (socket as { _isStdio?: boolean })._isStdio === true ||
  OWN_SOCKETS.has(socket) ||
  (OWN_PORTS.has(socket.remotePort ?? -1) && /^(127\.|::1$|::ffff:127\.)/.test(socket.remoteAddress ?? '')) ||
  // A server's end of a connection waits for requests, not replies.
  Boolean((socket as { server?: unknown }).server)

/**
 * Loopback ports callspec sends webhooks to over TCP (`transport: 'tcp'`, apps by URL): its own
 * connections there await the app's answers, which are not the app's I/O.
 */
const OWN_PORTS = new Set<number>()

/** Connections of callspec's own in the app's process (callspec/agent's channel to the test). */
const OWN_SOCKETS = new WeakSet<Socket>()

export function ownSocket(socket: Socket): void {
  OWN_SOCKETS.add(socket)
}

export function ownWebhookOrigin(origin: string): void {
  const url = new URL(origin)
  OWN_PORTS.add(Number(url.port) || (url.protocol === 'https:' ? 443 : 80))
}

/**
 * True while the app has real I/O in flight. Also records each client socket's counters, so it
 * is called when a webhook goes out (sampleSockets: before the app acts on it) as well as before
 * time moves.
 */
export function appIoInFlight(): boolean {
  // Both run: the sockets are sampled whatever the requests say.
  const sockets = sampleSockets()
  return sockets || threadPoolBusy() || process.getActiveResourcesInfo().some((type) => REQUESTS.has(type))
}

/**
 * A server of this process (a test's stub, the app's own webhook server over TCP) has a response
 * begun and not finished: something in this process is working on a request, on timers callspec
 * may not see (a stub that answers from `setTimeout` captured before the call, which keeps real
 * time). A request in flight then keeps holding the call's clock (InProcessAppClock.quiet):
 * measured, an EnableX app's 600 ms lookup of a stub in the test process was taken for one answered
 * on the call's clock, and its real time went uncounted in the 5 s deadline.
 */
export function serverHereBusy(): boolean {
  if (!activeHandles) return false
  for (const handle of activeHandles()) {
    if (!(handle instanceof Socket) || !(handle as { server?: unknown }).server) continue
    const response = (handle as { _httpMessage?: { writableEnded?: boolean } | null })._httpMessage
    if (response && response.writableEnded === false) return true
  }
  return false
}

/** Records each client socket's counters; true when one was written to and has had no reply since. */
export function sampleSockets(): boolean {
  if (!activeHandles) return false
  watchNewSockets()
  watchThreadPool()
  let awaiting = false
  const now = realNow()
  const handles = activeHandles()
  let served: Set<string> | undefined
  for (const handle of handles) {
    if (!(handle instanceof Socket)) continue
    const s = seen.get(handle)
    if (s?.skip) continue
    // Answered, and not written to since (a pool's idle connection, the usual case): what sample()
    // would find, without the checks below. Measured: each socket in the process cost a call ~5 µs
    // before (a 20-connection pool, 100 µs a call), the looks building strings for every socket.
    if (s !== undefined && handle.bytesWritten <= s.answered && (handle.bytesWritten !== 0 || handle.bytesRead !== 0)) {
      s.since = undefined
      continue
    }
    if (isOwn(handle)) {
      skip(handle, s)
      continue
    }
    // A peer in this process (a test's stub server) answers through code callspec runs: its timers
    // are the app's, on the call's clock, and waiting on its reply would only stall the call. Not
    // found, it is asked again at the next look (the server may not have taken the connection yet).
    served ??= servedHere(handles)
    if (served.has(`${handle.localPort}:${handle.remotePort}`)) {
      skip(handle, s)
      continue
    }
    // Every socket is sampled, not only up to the first one awaiting: each keeps its own record.
    if (sample(handle, now)) awaiting = true
  }
  return awaiting
}

/** Marks a socket as never the app's awaited I/O (see Seen.skip), keeping the record a watch made. */
function skip(socket: Socket, record: Seen | undefined): void {
  if (record) record.skip = true
  else seen.set(socket, { answered: 0, skip: true })
}

/** The connections servers of this process accepted, as `clientPort:serverPort`. */
function servedHere(handles: unknown[]): Set<string> {
  const out = new Set<string>()
  for (const h of handles) if (h instanceof Socket && (h as { server?: unknown }).server) out.add(`${h.remotePort}:${h.localPort}`)
  return out
}

/**
 * Starts keeping a socket's record: its `push` (how Node hands the socket each chunk read, and its
 * end) notes how much had been written when the reply came. Order is what counters alone cannot
 * give: two looks apart, a reply and a new query both show as counters that moved.
 */
function watch(socket: Socket, answered: number): Seen {
  const record: Seen = { answered }
  const push = socket.push
  socket.push = function pushNoted(this: Socket, chunk: unknown, encoding?: BufferEncoding) {
    record.answered = this.bytesWritten
    record.since = undefined
    // It does answer, after all: later writes are awaited again, on this and new connections.
    record.oneWay = false
    stalledPeers.delete(peerOf(this))
    return push.call(this, chunk, encoding)
  }
  seen.set(socket, record)
  return record
}

/**
 * Client sockets are watched from their creation where Node says so (`net.client.socket`:
 * `net.connect` on Node 20, every connect from 22 on); others from the first look that sees them.
 */
let watchingNew = false
function watchNewSockets(): void {
  if (watchingNew) return
  watchingNew = true
  subscribe('net.client.socket', (message) => {
    const socket = (message as { socket?: unknown }).socket
    if (socket instanceof Socket && !seen.has(socket)) watch(socket, 0).madeAt = realNow()
  })
}

/** Updates one socket's record; true while it was written to and has had no reply since. */
function sample(socket: Socket, now: number): boolean {
  // A socket first seen with no reply yet awaits all it wrote; one that has had replies is taken
  // as answered (what came first is unknown) and is watched from here on.
  const s = seen.get(socket) ?? watch(socket, socket.bytesRead === 0 ? 0 : socket.bytesWritten)
  // A TCP connection just made that has exchanged nothing yet is about to be used (undici's first
  // fetch writes its request a turn after connecting; a server-speaks-first protocol awaits its
  // greeting): measured, an app's first global fetch() let its idle timer fire first. Pipes (a
  // child's stdin) have no remote port and are left out.
  // Only for a moment (FRESH_MS): a pool's idle connection, opened before the call, is not awaited.
  if (socket.bytesWritten === 0 && socket.bytesRead === 0 && socket.remotePort !== undefined) {
    s.freshSince ??= now
    return now - s.freshSince < FRESH_MS
  }
  if (socket.bytesWritten <= s.answered) {
    s.since = undefined
    return false
  }
  if (s.oneWay) return false
  // A peer that left another connection unanswered past the patience: this one is not awaited
  // either (a client opens a new connection while the first still waits), until the peer answers.
  if (stalledPeers.has(peerOf(socket))) return false
  // Awaiting since its request was written: for a new connection's first, about when it was made
  // (its first look may come only after another wait); else from the first look that saw it.
  s.since ??= socket.bytesRead === 0 && s.madeAt !== undefined ? s.madeAt : now
  if (now - s.since > REPLY_PATIENCE_MS) {
    s.oneWay = true
    stalledPeers.add(peerOf(socket))
    socketNotes.push(
      `the app's connection to ${peerOf(socket)} has had no reply for ${REPLY_PATIENCE_MS / 1000} s: callspec no longer waits for it (it holds no more of the call's time), nor for new connections to it until it replies`,
    )
    return false
  }
  return true
}

/**
 * Peers (address:port) a connection of the app's waited on past REPLY_PATIENCE_MS with no reply.
 * Measured (audit H1): an app that fired and forgot a request to a host that never answered, on
 * each event, opened a new connection each time (the first still waiting), and each held the call's
 * time for the patience again: a step each, 8 s in all for a 3-step call.
 */
const stalledPeers = new Set<string>()

/** What the transcript should say of the sockets since last asked (a connection no longer waited on). */
const socketNotes: string[] = []

export function takeSocketNotes(): readonly string[] {
  // Asked after every webhook: nothing allocated when there is nothing to say (the usual case).
  return socketNotes.length === 0 ? NO_NOTES : socketNotes.splice(0)
}

const NO_NOTES: readonly string[] = Object.freeze([])
const peerOf = (socket: Socket): string => `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`
