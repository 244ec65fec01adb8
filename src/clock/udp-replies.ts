import { createRequire } from 'node:module'
import type { Socket as UdpSocket } from 'node:dgram'

/**
 * UDP requests of the app's awaiting their reply: a RADIUS PIN check, a SIP OPTIONS probe, a
 * lookup service of its own. Node lists a UDP socket among the handles, never whether it awaits
 * anything, so callspec's look before moving the call's clock (app-io.ts) saw a quiet app and fired
 * its 1 s guard before a reply due in 150 ms (audit-107). A socket of the app's counts as awaiting
 * while it has sent since the last datagram it received, the app listens for replies on it
 * (`'message'`), and it was bound by its first send (a client's, not a server's: a stub UDP server in
 * the test's process replies, and awaits nothing) — for at most `patienceMs` of real time with no
 * reply, as a TCP connection (a metrics socket that never hears back stops counting then). One
 * that sent to a port a socket of this process is bound to (that stub) is not awaited either: the
 * stub answers through code callspec runs, on timers of the call's clock, as app-io.ts says of TCP.
 */
interface UdpRecord {
  /** Datagrams sent, and how many had been when the last one came in. */
  sent: number
  answered: number
  /** Bound by the app (`bind()`) rather than by its first send: a server's, never awaited. */
  bound: boolean
  /** The port its last datagram went to (undefined when not known). */
  to?: number
  /** Real ms of the first look that saw it awaiting, while no reply has come. */
  since?: number
  /** Sent and never answered within the patience: a socket the app only sends on (until a reply comes). */
  oneWay?: boolean
}

const records = new WeakMap<UdpSocket, UdpRecord>()
/** The app's sockets that have sent: looked at each time (dropped when closed). */
const sending = new Set<UdpSocket>()
/** Sockets this process bound itself (servers), live: a send to one of their ports awaits nothing. */
const bound = new Set<UdpSocket>()
let watching = false
/**
 * Ports a socket of the app's waited on past the patience with no reply: a new socket to one is
 * not awaited either (an app that asks a dead service on every event, a socket each time, would
 * otherwise hold each event's time for the patience again), until a socket asking it hears back.
 */
const stalled = new Set<number>()
/** Set while a send runs: Node's send binds an unbound socket itself, which is no bind of the app's. */
let inSend = false

/** Replaces dgram's send and bind with noting ones, once per process; they behave as Node's own. */
export function watchUdpReplies(): void {
  if (watching) return
  watching = true
  const { Socket } = createRequire(import.meta.url)('node:dgram') as typeof import('node:dgram')
  const proto = Socket.prototype as unknown as Record<string, (this: UdpSocket, ...args: unknown[]) => unknown>
  const bind = proto.bind!
  const send = proto.send!
  proto.bind = function (this: UdpSocket, ...args: unknown[]) {
    if (!inSend) {
      recordOf(this).bound = true
      bound.add(this)
    }
    return bind.apply(this, args)
  }
  proto.send = function (this: UdpSocket, ...args: unknown[]) {
    const record = recordOf(this)
    record.sent++
    record.to = portOf(this, args)
    sending.add(this)
    const outer = inSend
    inSend = true
    try {
      return send.apply(this, args)
    } finally {
      inSend = outer
    }
  }
}

function recordOf(socket: UdpSocket): UdpRecord {
  let record = records.get(socket)
  if (!record) {
    const made: UdpRecord = { sent: 0, answered: 0, bound: false }
    records.set(socket, made)
    socket.prependListener('message', () => {
      made.answered = made.sent
      made.since = undefined
      made.oneWay = false
      if (made.to !== undefined) stalled.delete(made.to)
    })
    socket.once('close', () => {
      sending.delete(socket)
      bound.delete(socket)
    })
    record = made
  }
  return record
}

/**
 * True while a UDP socket of the app's awaits its reply (see above). `note` gets the line the
 * transcript says when one has waited past `patienceMs` (callspec stops waiting for it then).
 */
export function udpAwaiting(now: number, patienceMs: number, note: (text: string) => void): boolean {
  let awaiting = false
  for (const socket of sending) {
    const record = records.get(socket)!
    // Ours counts among the listeners: the app's own makes it two.
    if (record.bound || record.oneWay || record.sent <= record.answered || socket.listenerCount('message') < 2 || stalled.has(record.to!) || servedHere(record.to)) {
      record.since = undefined
      continue
    }
    record.since ??= now
    if (now - record.since > patienceMs) {
      record.oneWay = true
      if (record.to !== undefined) stalled.add(record.to)
      note(`the app's UDP socket ${addressOf(socket)} has had no reply for ${patienceMs / 1000} s: callspec no longer waits for it (it holds no more of the call's time) until a reply comes`)
      continue
    }
    awaiting = true
  }
  return awaiting
}

/**
 * The port a send goes to: a connected socket's peer, else the port argument, read as Node's send
 * reads its arguments (`send(msg, port, address)`, or `send(msg, offset, length, port, address)`).
 */
function portOf(socket: UdpSocket, args: unknown[]): number | undefined {
  try {
    return socket.remoteAddress().port
  } catch {
    // Not connected.
  }
  const [, offset, , port, address] = args
  const port_ = address || (port && typeof port !== 'function') ? port : offset
  return typeof port_ === 'number' ? port_ : typeof port_ === 'string' && /^\d+$/.test(port_) ? Number(port_) : undefined
}

/** A socket of this process bound by its own code (a stub server) listens on `port`. */
function servedHere(port: number | undefined): boolean {
  if (port === undefined) return false
  for (const socket of bound) {
    try {
      if (socket.address().port === port) return true
    } catch {
      // Closed, or not yet bound: not serving.
    }
  }
  return false
}

function addressOf(socket: UdpSocket): string {
  try {
    const { address, port } = socket.address()
    return `(${address}:${port})`
  } catch {
    return '(unbound)'
  }
}
