import { createServer, Server, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchListener } from './fetch-listener.js'
import type { AppTarget, FetchApp } from './types.js'

export interface Listening {
  origin: string
  /** callspec started this server for the call (and closes it after). */
  owned: boolean
  close(): Promise<void>
}

/** A listening server keeps its address; asking the socket each call showed in profiles. */
const origins = new WeakMap<Server, string>()

const isFetchApp = (t: unknown): t is FetchApp =>
  typeof t === 'object' && t !== null && typeof (t as FetchApp).fetch === 'function'

/**
 * Puts an in-process app on 127.0.0.1 with an ephemeral port. A server that already listens
 * is used as it is and left open; one callspec started is closed, connections and all.
 */
export async function listen(target: Exclude<AppTarget, string | URL>): Promise<Listening> {
  if (target instanceof Server && target.listening) {
    let origin = origins.get(target)
    if (!origin) origins.set(target, (origin = originOf(target)))
    return { origin, owned: false, close: async () => {} }
  }
  const server =
    target instanceof Server
      ? target
      : isFetchApp(target)
        ? createServer(fetchListener(target))
        : createServer(target as RequestListener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    origin: originOf(server),
    owned: true,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function originOf(server: Server): string {
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`
}
