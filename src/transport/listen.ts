import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Listening {
  origin: string
  /** callspec started this server for the call (and closes it after). */
  owned: boolean
  close(): Promise<void>
}

/** A listening server keeps its address; asking the socket each call showed in profiles. */
const origins = new WeakMap<Server, string>()

/**
 * For `transport: 'tcp'`: puts an in-process app's server on 127.0.0.1 with an ephemeral port.
 * A server that already listens is used as it is and left open; one callspec started is
 * closed, connections and all.
 */
export async function listen(server: Server): Promise<Listening> {
  let lease = leases.get(server)
  if (!lease && server.listening) {
    let origin = origins.get(server)
    if (!origin) {
      origins.set(server, (origin = originOf(server)))
      // Listened again (closed between tests, then `listen(0)`), it has another port: the cached
      // origin went on naming the old one, and the call failed "nothing listens at … any more:
      // did the app crash? (connection refused)" (audit h181).
      server.once('listening', () => origins.delete(server))
    }
    return { origin, owned: false, close: async () => {} }
  }
  if (!lease) {
    const opened: Lease = { users: 0, opened: listenOnLoopback(server).then((close) => ({ origin: originOf(server), close })) }
    leases.set(server, (lease = opened))
  }
  const held = lease
  held.users++
  let opened: { origin: string; close: () => Promise<void> }
  try {
    opened = await held.opened
  } catch (error) {
    if (--held.users === 0 && leases.get(server) === held) leases.delete(server)
    throw error
  }
  let released = false
  return {
    origin: opened.origin,
    owned: true,
    async close() {
      if (released) return
      released = true
      if (--held.users > 0) return
      leases.delete(server)
      await opened.close()
    },
  }
}

/**
 * A server callspec put on loopback, shared by the calls running on it at once: the last to end
 * closes it. Each call had closed it as it ended, connections and all, so the calls still running
 * beside it (Promise.all, describe.concurrent) failed with "the connection was reset … (res.destroy()
 * in its handler?)" or "connection refused: is the server running", blamed on the app (audit h177).
 */
interface Lease {
  users: number
  opened: Promise<{ origin: string; close: () => Promise<void> }>
}
const leases = new WeakMap<Server, Lease>()

/**
 * Puts `server` on 127.0.0.1 (`port` 0: any free one) and returns how to close it: connections
 * first, since a hung client would keep a graceful close waiting for ever. Every loopback server
 * callspec starts (an app's, the explorer's, a fake vendor API) goes through here.
 */
export async function listenOnLoopback(server: Server, port = 0): Promise<() => Promise<void>> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
}

function originOf(server: Server): string {
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`
}
