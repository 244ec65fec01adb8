import { classifyTarget, serverOf } from './app-target.js'
import type { SenderOptions } from './webhook-sender.js'
import { httpTransport } from './http-transport.js'
import { listen } from './listen.js'
import { memoryTransport } from './memory-transport.js'
import { loadUndici } from './undici.js'
import { appSignHints, isPlainNodeHandler, tallyOf } from './app-signs.js'
import type { AppTarget, Transport, TransportMode } from './types.js'

export type { AppTarget, FetchApp, Transport, TransportMode, OutgoingRequest, Exchange } from './types.js'
export { MEMORY_ORIGIN } from './memory-transport.js'
export { loadUndici } from './undici.js'

export interface TransportOptions extends SenderOptions {
  /** 'memory' (default for in-process apps) or 'tcp' (loopback sockets). URL targets always use TCP. */
  mode?: TransportMode
  /** Real ms to wait for an app to get ready (a Fastify instance's ready()). */
  readyMs: number
}

/** The one switch between an app in this process and a server anywhere, reached by URL. */
export async function resolveTransport(target: AppTarget, options: TransportOptions): Promise<Transport> {
  const shape = classifyTarget(target)
  await loadUndici()
  if (shape.kind === 'url') return httpTransport(shape.url, options, undefined)
  const server = await serverOf(shape, options.readyMs)
  let transport: Transport
  if (options.mode === 'tcp') {
    const listening = await listen(server)
    transport = httpTransport(listening.origin, options, listening.owned ? listening : undefined)
  } else transport = memoryTransport(server, '', options)
  // Counted from here: what the app did with this call's webhooks.
  const tally = tallyOf(server)
  const since = { ...tally }
  // The listener the app's server runs (the target itself, or an http.Server's): what its body advice names.
  const listener = shape.kind === 'listener' ? shape.listener : shape.kind === 'server' ? server.listeners('request')[0] : undefined
  const plainNode = isPlainNodeHandler(listener)
  transport.appSigns = () => appSignHints(tally, since, plainNode)
  return transport
}

/** True when the target runs in this process (so the vendor host can be intercepted). */
export const isInProcess = (target: AppTarget): boolean => !(typeof target === 'string' || target instanceof URL)

/** Checks the target's kind up front, with a message that says what to pass instead. */
export function assertTarget(target: unknown): asserts target is AppTarget {
  classifyTarget(target)
}
