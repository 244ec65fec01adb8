import type { ChildProcess } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
import { Socket } from 'node:net'
import { Worker as WorkerClass, type Worker } from 'node:worker_threads'
import { infrastructureImmediatesQueued, serverRequestStarted, serverTimedResponse } from './fake-timers-install.js'
import { realNow } from './real-timers.js'
import { udpAwaiting, watchUdpReplies } from './udp-replies.js'
import { unlistedJobsBusy, watchUnlistedJobs } from './unlisted-jobs.js'

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
 *   so a write made while handling it shows, and watched from its creation where Node says so;
 *   UDP sockets that sent since their last reply, the app listening for one (udp-replies.ts);
 * - thread-pool jobs the app queued through Node's crypto and zlib, and its c-ares DNS queries
 *   (unlisted-jobs.ts), which Node lists nowhere. A native addon's own work (bcrypt) stays unseen.
 * Child processes and worker threads the app starts during a call are read apart (offspringBusy):
 * only those started since the call began count, which Node's lists cannot tell.
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

/**
 * The process's stdin, stdout or stderr: stdout and stderr say so (`_isStdio`), stdin only by its
 * descriptor (read off the socket: `process.stdin` itself would open stdin). The test runner's, not
 * the app's: a runner reading its stdin (vitest does) holds it open all along.
 */
const isStdio = (socket: Socket) =>
  (socket as { _isStdio?: boolean })._isStdio === true || (socket.remotePort === undefined && ((socket as { _handle?: { fd?: number } | null })._handle?.fd ?? -1) === 0)

/** The test process's own pipes and callspec's own connections (tagged where they are made). */
const isOwn = (socket: Socket): boolean =>
  isStdio(socket) ||
  OWN_SOCKETS.has(socket) ||
  // A server's end of a connection waits for requests, not replies.
  Boolean((socket as { server?: unknown }).server)

/**
 * Connections of callspec's own in this process, tagged where they are made: its webhooks to an
 * app over TCP (http-transport.ts's connector), callspec/agent's channel to the test in the app's process.
 * Tagged, not told by the port they reach: a port an app listened on earlier is free again once its
 * server closes, and a database started later may get it (measured: an app's query to such a
 * database was taken for callspec's own webhook, and the call moved on to the app's 30 s idle
 * timer without waiting for the reply).
 */
const OWN_SOCKETS = new WeakSet<Socket>()

/** The local ports of callspec's own TCP connections still open: a server of this process sees callspec's webhooks come from them. */
const OWN_LOCAL_PORTS = new Set<number>()

export function ownSocket(socket: Socket): void {
  OWN_SOCKETS.add(socket)
  const port = socket.localPort
  if (port === undefined || OWN_LOCAL_PORTS.has(port)) return
  OWN_LOCAL_PORTS.add(port)
  socket.once('close', () => OWN_LOCAL_PORTS.delete(port))
}

/** A server's end of a connection callspec made (a webhook to the app over TCP): its requests are callspec's, not a stub's. */
const fromOwnSocket = (socket: Socket): boolean => OWN_LOCAL_PORTS.has(socket.remotePort ?? -1) && /^(127\.|::1$|::ffff:127\.)/.test(socket.remoteAddress ?? '')

/**
 * True while the app has real I/O in flight. Also records each client socket's counters, so it
 * is called when a webhook goes out (sampleSockets: before the app acts on it) as well as before
 * time moves.
 */
export function appIoInFlight(): boolean {
  // Both run: the sockets are sampled whatever the requests say.
  const sockets = sampleSockets()
  const datagrams = udpAwaiting(realNow(), REPLY_PATIENCE_MS, (text) => socketNotes.push(text))
  return sockets || datagrams || unlistedJobsBusy() || process.getActiveResourcesInfo().some((type) => REQUESTS.has(type))
}

/**
 * Real immediates are queued: a library's own setImmediate (one it kept from before the call's clock
 * was installed). Each runs on a turn of the event loop still to come, so the app is not quiet yet
 * (InProcessAppClock.quiet). Those infrastructure queued during the call (undici resuming a
 * connection after an answer) are not counted: they run none of the app's code. Node lists only
 * immediates that hold the process open (unref'ed ones are not listed).
 */
export function realImmediatesQueued(): boolean {
  let listed = 0
  for (const type of process.getActiveResourcesInfo()) if (type === 'Immediate') listed++
  return listed > 0 && listed > infrastructureImmediatesQueued()
}

/**
 * Bytes every socket of this process has read and written so far, callspec's own included; -1 when
 * Node cannot list its handles. Unchanged over a turn of the event loop, nothing moved between two
 * sockets of this process in it: bytes one writes to another over loopback (a webhook over TCP, an
 * app's request to a test's stub server) are in the reader's kernel buffer as the write returns,
 * and read on the next turn's poll.
 */
export function socketBytes(): number {
  if (!activeHandles) return -1
  let bytes = 0
  for (const handle of activeHandles()) if (handle instanceof Socket) bytes += handle.bytesRead + handle.bytesWritten
  return bytes
}

/**
 * Every connection of this process is at rest, told without a turn of the event loop: each TCP
 * connection has both ends here (an app's client and a test's stub server, callspec's own webhook
 * connection and the app's server over `transport: 'tcp'`), each end has read all the other wrote,
 * nothing is queued to write, and neither is connecting or closing. Then no byte is on its way to
 * either, and no turn could bring one. Node lists only sockets that hold the process open: an idle
 * keep-alive connection of undici's or of Node's http.Agent is unref'ed, and ref'ed again for its
 * next request, so the server end of an idle one is listed alone; it is at rest when its server
 * is answering nothing (no response on it). A connection to another process (a database), a pipe
 * (a child's stdio) or one being made or closed is not judged here (false): what comes over it is
 * known only after the event loop polls.
 */
export function socketsAtRest(): boolean {
  if (!activeHandles) return false
  const ends = new Map<string, Socket>()
  for (const handle of activeHandles()) {
    if (!(handle instanceof Socket) || isStdio(handle)) continue
    if (handle.remotePort === undefined || handle.connecting || handle.destroyed || handle.writableEnded || handle.readableEnded || handle.writableLength > 0) return false
    ends.set(endpoints(handle.localAddress, handle.localPort, handle.remoteAddress, handle.remotePort), handle)
  }
  for (const end of ends.values()) {
    const other = ends.get(endpoints(end.remoteAddress, end.remotePort, end.localAddress, end.localPort))
    if (other ? end.bytesWritten !== other.bytesRead : !idleServerEnd(end)) return false
  }
  return true
}

/** A server's end of an HTTP connection with no response on it: its last request is answered. */
const idleServerEnd = (socket: Socket) => Boolean((socket as { server?: unknown }).server) && (socket as { _httpMessage?: unknown })._httpMessage == null && (socket as { parser?: unknown }).parser != null

/** A connection's end as `local>remote`; an IPv4 address a dual-stack server sees as `::ffff:127.0.0.1` is the client's `127.0.0.1`. */
const endpoints = (localAddress: string | undefined, localPort: number | undefined, remoteAddress: string | undefined, remotePort: number | undefined) =>
  `${v4(localAddress)}:${localPort}>${v4(remoteAddress)}:${remotePort}`
const v4 = (address: string | undefined) => (address?.startsWith('::ffff:') ? address.slice(7) : address)

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
  watchServerRequests()
  for (const handle of activeHandles()) {
    if (!(handle instanceof Socket) || !(handle as { server?: unknown }).server) continue
    const response = (handle as { _httpMessage?: { writableEnded?: boolean } | null })._httpMessage
    if (!response || response.writableEnded !== false) continue
    if (answersOnCallClock(handle, response)) continue
    return true
  }
  return false
}

let watchingServers = false

/**
 * Watches the requests servers of this process begin (from the first call's start): a stub
 * server's listener starting on one sets its timers as the server's, not the app's
 * (serverRequestStarted). The app's own webhook server is not such a server: in memory its
 * connection is no net.Socket, and over TCP its requests come from callspec's own connections.
 */
export function watchServerRequests(): void {
  if (watchingServers) return
  watchingServers = true
  subscribe('http.server.request.start', (message) => {
    const { request, response, socket } = message as { request?: object; response?: object; socket?: unknown }
    if (socket instanceof Socket && !fromOwnSocket(socket)) serverRequestStarted(response, request)
  })
}

/**
 * A test's stub server whose listener set a timer on the call's clock for this request (its
 * latency, `setTimeout(reply, 300)`: fake-timers-install.ts serverTimedResponse) answers when that
 * timer fires, so time must move for it: it is not the unseen real-time work serverHereBusy holds
 * the clock for. Measured (audit-93 #10): a stub answering after 300 ms cost every call 2 s of real
 * time, the patience for a request that looked unanswered. A stub on a real timer (captured before
 * the call), or doing real work, sets none on the clock and still holds time, whatever timers the
 * app sets meanwhile (audit-104: the app's own idle timer, armed while the stub worked, had been
 * taken for the stub's, and the app's 1 s guard fired before a 300 ms real-time stub answered).
 * So is one its route sets once the request's body is read (an Express stub after express.json()).
 * A timer a stub sets only after an await of its own is not told apart: such a stub holds time.
 */
function answersOnCallClock(socket: Socket, response: object): boolean {
  return serverTimedResponse(response) && !fromOwnSocket(socket)
}

/** Records each client socket's counters; true when one was written to and has had no reply since. */
export function sampleSockets(): boolean {
  if (!activeHandles) return false
  watchNewSockets()
  watchUnlistedJobs()
  watchUdpReplies()
  let awaiting = false
  const now = realNow()
  const handles = activeHandles()
  let served: Set<string> | undefined
  for (const handle of handles) {
    if (!(handle instanceof Socket)) continue
    const s = seen.get(handle)
    if (s?.skip) continue
    // Answered, and not written to since (a pool's idle connection, the usual case), or a pipe that
    // has carried nothing yet (a child's stdin the test never writes to): what sample() would find,
    // without the checks below. Measured: each socket in the process cost a call ~5 µs before (a
    // 20-connection pool, 100 µs a call), the looks building strings for every socket; an unused
    // pipe of a spawned child cost each look ~2 µs (the set of this process's served connections,
    // built for it alone). Only a TCP connection that has carried nothing is looked at closely: it
    // is about to be used (see sample).
    const written = handle.bytesWritten
    if (s !== undefined && written <= s.answered && (written !== 0 || handle.bytesRead !== 0 || handle.remotePort === undefined)) {
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

/**
 * A child process or a worker thread of the app's: real work on real time, as a query to another
 * process is. Measured (audit-93): a handler that ran `execFile('sleep', ['0.3'])` (or a 300 ms
 * worker) raced against a 1.5 s guard answered with the guard's fallback at virtual 1.7 s, every
 * run: Node lists a child as a ProcessWrap and its stdio as PipeWraps, and a worker nowhere, none
 * of them requests in flight. Each is known from its creation, on Node's diagnostics channels
 * (`child_process`, `worker_threads`), in the order it was made: a call counts those made since it
 * began (offspringMark), so a helper process the app keeps running from before the call (started
 * at load, or on first use in an earlier call) holds no time.
 */
interface Offspring {
  /** Its place in creation order (offspringMark). */
  readonly seq: number
  /** What the transcript says when it stops holding time (offspringBusy). */
  readonly stalled: () => string
  /** Still at work, by what Node says of it (see watchChild, watchWorker). */
  readonly busy: () => boolean
  /** Real ms since which it has held time without a break (REPLY_PATIENCE_MS runs from there). */
  since: number
  /** Held time past the patience: it holds no more (a helper the app keeps running, after all). */
  stale?: true
  /** A worker's: messages the app posted to it with no message back since. */
  awaiting?: number
}

/** Children and workers made since callspec first watched, until they close or exit, in creation order. */
const offspring = new Map<object, Offspring>()
let offspringSeq = 0
let watchingOffspring = false

/**
 * Where a call's count of the app's children and workers starts: those made later are its own
 * (offspringBusy). Starts watching Node's diagnostics channels, once per process.
 */
export function offspringMark(): number {
  if (!watchingOffspring) {
    watchingOffspring = true
    subscribe('child_process', (message) => {
      const child = (message as { process?: ChildProcess }).process
      if (child && typeof child.once === 'function') watchChild(child)
    })
    subscribe('worker_threads', (message) => {
      const worker = (message as { worker?: Worker }).worker
      if (worker && typeof worker.once === 'function') watchWorker(worker)
    })
  }
  return offspringSeq
}

/**
 * A child counts from its creation until its 'close' (it exited and its stdio is drained: what
 * `execFile`'s callback waits for), unless the app unref'd it (a detached helper it does not wait
 * on). No 'error' listener is added: one would keep a spawn error from reaching the app.
 */
function watchChild(child: ChildProcess): void {
  const record: Offspring = {
    seq: ++offspringSeq,
    since: realNow(),
    stalled: () => `the app's child process \`${commandOf(child)}\` has run for ${PATIENCE_S} s: callspec no longer waits for it (it holds no more of the call's time)`,
    busy: () => (child as unknown as { _handle?: { hasRef?: () => boolean } | null })._handle?.hasRef?.() !== false,
  }
  offspring.set(child, record)
  child.once('close', () => offspring.delete(child))
}

/**
 * A worker counts from its creation until its first message (its result, for a worker made to do
 * one job: whatever it awaited meanwhile, I/O or CPU), or its exit; after that, while a message the
 * app posted to it (`worker.postMessage`, a task) has had no message back. Whether its event loop
 * is busy could be read too (`worker.performance.eventLoopUtilization()`), but not cheaply (~11 µs a
 * look, measured) nor in time: a task just posted has often not started at the next look. Work
 * handed over through a port of the app's own (a MessageChannel, as worker pools do) is not seen.
 */
function watchWorker(worker: Worker): void {
  patchPostMessage()
  let answered = false
  const record: Offspring = {
    seq: ++offspringSeq,
    since: realNow(),
    stalled: () =>
      `the app's worker thread ${worker.threadId} has sent no message back for ${PATIENCE_S} s: callspec no longer waits for it (it holds no more of the call's time) until it sends one`,
    busy: () => !answered || (record.awaiting ?? 0) > 0,
    awaiting: 0,
  }
  offspring.set(worker, record)
  // Any message back answers what it was sent (one reply to many requests is common).
  const message = () => {
    answered = true
    record.awaiting = 0
    record.stale = undefined
  }
  worker.on('message', message)
  worker.once('exit', () => {
    worker.off('message', message)
    offspring.delete(worker)
  })
}

/** Counts what the app posts to a worker it made (see watchWorker): once per process, on Worker's prototype. */
let postMessagePatched = false
function patchPostMessage(): void {
  if (postMessagePatched) return
  postMessagePatched = true
  const post = WorkerClass.prototype.postMessage
  WorkerClass.prototype.postMessage = function postMessageNoted(this: Worker, ...args: Parameters<Worker['postMessage']>) {
    const record = offspring.get(this)
    if (record?.awaiting !== undefined) {
      if (record.awaiting === 0 && !record.busy()) record.since = realNow()
      record.awaiting++
    }
    return post.apply(this, args)
  }
}

/**
 * A child process or worker thread made since `mark` (offspringMark, at the call's start) is still
 * at work: the app awaits real work in another process or thread. One at work past
 * REPLY_PATIENCE_MS without a break stops counting, with a note (a helper the app starts during the
 * call and keeps, or work that would outlast the platform's patience anyway). Nothing is looked at
 * when no child or worker is alive (the usual case).
 */
export function offspringBusy(mark: number): boolean {
  if (offspring.size === 0) return false
  let busy = false
  let now: number | undefined
  for (const record of offspring.values()) {
    if (record.seq <= mark || record.stale) continue
    now ??= realNow()
    if (!record.busy()) {
      record.since = now
      continue
    }
    if (now - record.since > REPLY_PATIENCE_MS) {
      record.stale = true
      socketNotes.push(record.stalled())
      continue
    }
    busy = true
  }
  return busy
}

const PATIENCE_S = REPLY_PATIENCE_MS / 1000

/** `sleep 0.3`, shortened for a note. */
function commandOf(child: ChildProcess): string {
  const command = (child.spawnargs.length > 0 ? child.spawnargs : [child.spawnfile]).join(' ')
  return command.length > 60 ? `${command.slice(0, 57)}…` : command
}
