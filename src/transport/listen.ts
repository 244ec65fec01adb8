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
  if (server.listening) {
    let origin = origins.get(server)
    if (!origin) origins.set(server, (origin = originOf(server)))
    return { origin, owned: false, close: async () => {} }
  }
  const close = await listenOnLoopback(server)
  return { origin: originOf(server), owned: true, close }
}

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
