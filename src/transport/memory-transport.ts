import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { runAsApp } from '../clock/infrastructure-scope.js'
import { currentFakeClock } from '../clock/fake-timers-install.js'
import { nextTurn } from '../clock/real-timers.js'
import { tallyOf } from './app-signs.js'
import { APP_THREW, memorySocketPair } from './memory-socket.js'
import { rejectionsReported } from './rejections-reported.js'
import { MemoryLanes } from './memory-lanes.js'
import { newClient } from './undici.js'
import type { Transport } from './types.js'
import { webhookSender, type SenderOptions } from './webhook-sender.js'
import { TransportError } from './transport-error.js'

/** The origin in-memory apps are shown at: stable across runs, so messages and snapshots never print a port. */
export const MEMORY_ORIGIN = 'http://app.callspec.local'

/**
 * The in-memory connections to each server, reused by every call to it (memory-lanes.ts). They are
 * in-memory pairs (no socket, no port, no handle), so keeping them costs nothing and leaks nothing.
 */
const lanes = new WeakMap<Server, MemoryLanes>()

function lanesFor(server: Server): MemoryLanes {
  let kept = lanes.get(server)
  if (!kept) {
    kept = new MemoryLanes(() =>
      newClient(MEMORY_ORIGIN, {
        // Our own deadline bounds each exchange; undici's per-phase timers would only add work.
        headersTimeout: 0,
        bodyTimeout: 0,
        keepAliveTimeout: 60_000,
        connect(_options, callback) {
          const [client, served] = memorySocketPair()
          served.once('close', () => {
            if (served.closedByApp) tallyOf(server).closed++
          })
          // The app's server takes the other end as if a client had connected: its HTTP parser,
          // its 'connection' listeners, real IncomingMessage and ServerResponse objects.
          // Its listeners are app code, though undici's dispatch (infrastructure) is what got here.
          runAsApp(() => server.emit('connection', served))
          // Not synchronously: undici resumes its queue from this callback, and a resume inside
          // its own connect() is ignored (the request would wait forever).
          queueMicrotask(() => callback(null, client as unknown as Socket))
        },
      }),
    )
    lanes.set(server, kept)
  }
  return kept
}

/** Real HTTP to an in-process app, over in-memory connections: no listen, no socket. */
export function memoryTransport(server: Server, basePath: string, bounds: SenderOptions): Transport {
  // The app's own server.close() during the call (fastify.close(), a shutdown path): in memory its
  // server went on taking webhooks, and the call passed, where in production the platform's next
  // webhook finds nothing listening (over TCP: connection refused). A close emits 'close' whether
  // the server listened or not.
  const closesBefore = closesOf(server)
  const sender = webhookSender(
    {
      dispatcher: lanesFor(server),
      origin: MEMORY_ORIGIN,
      basePath,
      explain: async (error) => {
        const threw = (error.cause as { code?: string } | undefined)?.code === 'CALLSPEC_APP_THREW'
        if (threw && !server.listening && isFastifyServer(server)) error.message = fastifyNotReady(error.message)
        return error
      },
      close: async () => {},
    },
    bounds,
  )
  return {
    ...sender,
    // The answer is handed on once Node has reported the rejections the app left unhandled. Node
    // reports one only once no microtask and no process.nextTick callback is left, and in memory the
    // whole exchange runs on those: a handler that rejects after res.json() was seen only after the
    // call had moved on, often after the next webhook's answer (audit-81: such a call passed). Now
    // the rejection comes while the webhook still waits, and fails its turn as a throw after
    // res.end() does (app-crashes.ts). With the app's timers on the call's clock that report is
    // awaited without a turn of the event loop (rejections-reported.ts: a real turn cost a quarter
    // of a call); with them on real time, a real turn also runs the immediates the app queued as it
    // answered, as the platform's next webhook would come after them. Over TCP the loopback
    // socket's I/O is that turn already.
    async send(request) {
      if (closesOf(server) !== closesBefore) {
        const sent = { method: request.method, url: sender.urlOf(request.target), headers: request.headers ?? {}, body: request.body }
        throw new TransportError(SERVER_CLOSED, sent, undefined, 'network')
      }
      const exchange = await sender.send(request)
      await (currentFakeClock() ? rejectionsReported() : nextTurn())
      return exchange
    },
  }
}

/** How many times each server served in memory has emitted 'close': one listener per server, however many calls run on it. */
const closes = new WeakMap<Server, number>()
function closesOf(server: Server): number {
  const seen = closes.get(server)
  if (seen !== undefined) return seen
  closes.set(server, 0)
  server.on('close', () => closes.set(server, (closes.get(server) ?? 0) + 1))
  return 0
}

const SERVER_CLOSED =
  "the app closed its server during the call (server.close(), fastify.close() or app.close() in its code?): in production the platform's next webhook finds it closed (a new connection is refused)"

const PASS_THE_INSTANCE = 'pass the instance itself, callTo(fastify, …), and callspec awaits fastify.ready(); or await fastify.ready() first.'

/**
 * A throw out of a Fastify instance's server that is not listening: Fastify throws so when its
 * server is handed a request before fastify.ready() (a TypeError in its hooks: audit-150, F9). Said
 * first, before the error's stack, when the throw came from Fastify's own files: after the stack
 * (as it was) a reader of the failure's first lines never saw it. Otherwise, after it, as a maybe.
 */
function fastifyNotReady(message: string): string {
  if (message.startsWith(APP_THREW) && /[\\/]fastify[\\/]lib[\\/]/.test(message)) {
    return `${APP_THREW}this is a Fastify instance's server (fastify.server), and Fastify throws so when its instance is not ready: ${PASS_THE_INSTANCE}\nFastify's error: ${message.slice(APP_THREW.length)}`
  }
  return `${message}\nThis is a Fastify instance's server: if it was not ready, ${PASS_THE_INSTANCE}`
}

/** Fastify's request handler is named preRouting; its server answers only once the instance is ready. */
const isFastifyServer = (server: Server) => server.listeners('request').some((fn) => fn.name === 'preRouting')
