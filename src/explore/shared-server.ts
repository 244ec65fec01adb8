import { createServer, Server, type RequestListener } from 'node:http'
import { fetchListener } from '../transport/fetch-listener.js'
import { listenOnLoopback } from '../transport/listen.js'
import type { AppTarget, FetchApp } from '../transport/types.js'

/**
 * The explorer places hundreds of calls: an in-process app is put on loopback once for all of
 * them (a listening server is reused by every call) instead of once per call.
 */
export async function shareServer(target: AppTarget): Promise<{ target: AppTarget; close(): Promise<void> }> {
  if (typeof target === 'string' || target instanceof URL || (target instanceof Server && target.listening)) {
    return { target, close: async () => {} }
  }
  const server =
    target instanceof Server
      ? target
      : typeof (target as FetchApp).fetch === 'function'
        ? createServer(fetchListener(target as FetchApp))
        : createServer(target as RequestListener)
  return { target: server, close: await listenOnLoopback(server) }
}
