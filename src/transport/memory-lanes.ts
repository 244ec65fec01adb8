import type { Client, Dispatcher } from 'undici'

/** In-memory connections kept to one app at most: as many exchanges at once, before they queue. */
const LANES = 16

/**
 * The in-memory connections to one app, each an undici Client, handed to exchanges one free
 * connection at a time: the first with nothing queued or running, else a new one, up to LANES;
 * past that, the least busy.
 *
 * Not undici's Pool: a Pool frees a connection for its next request only from an immediate undici
 * queues as a response ends (client-h1's "wait a full event loop cycle" before reusing a socket).
 * With no turn of the event loop between one webhook's answer and the next (rejections-reported.ts),
 * each webhook of a call found its connection still taken and opened another (measured: 4
 * connections for a 4-webhook call, where 1 did before). A Client writes its next request as soon
 * as the last response has ended, and in memory nothing can be pending on the socket that the wait
 * would let arrive (see skipIdleSocketCheck): a call's webhooks go over one connection, and
 * concurrent calls over one each, as with the Pool.
 */
export class MemoryLanes {
  readonly #clients: Client[] = []

  constructor(private readonly open: () => Client) {}

  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#free().dispatch(options, handler)
  }

  #free(): Client {
    let least: Client | undefined
    let leastSize = Number.POSITIVE_INFINITY
    for (let i = 0; i < this.#clients.length; i++) {
      const client = this.#clients[i]!
      // One closed or destroyed (its connection failed for good) is dropped; the next exchange opens another.
      if (client.closed || client.destroyed) {
        this.#clients.splice(i--, 1)
        continue
      }
      const { size } = client.stats
      if (size === 0) return client
      if (size < leastSize) {
        least = client
        leastSize = size
      }
    }
    if (least && this.#clients.length >= LANES) return least
    const client = this.open()
    this.#clients.push(client)
    return client
  }
}
