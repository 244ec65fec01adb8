import { ownSocket } from '../clock/app-io.js'
import { markUnreachable } from '../errors/unreachable.js'
import type { Pool } from 'undici'
import { stillListening } from './probe.js'
import { HOST_NOT_FOUND, TAKEN_THEN_CLOSED, TransportError, describeNetworkError, networkCode } from './transport-error.js'
import type { Transport } from './types.js'
import { newPool, taggingConnector } from './undici.js'
import { webhookSender, type SenderOptions } from './webhook-sender.js'

/**
 * Keep-alive pools for servers the user owns (a listening http.Server or a URL), reused across
 * calls: a new connection per call cost ~350 µs, more than the call's own HTTP work. Idle sockets
 * do not hold the process open, and a server's close() ends them.
 */
const shared = new Map<string, Pool>()

function pooled(origin: string, connectMs: number): Pool {
  const key = `${origin}#${connectMs}`
  let pool = shared.get(key)
  if (!pool || pool.closed || pool.destroyed) {
    if (shared.size >= 32) {
      const [oldest, old] = shared.entries().next().value!
      shared.delete(oldest)
      void old.close()
    }
    pool = tcpPool(origin, connectMs)
    shared.set(key, pool)
  }
  return pool
}

/**
 * How long an idle keep-alive socket is kept when the server sends no `Keep-Alive: timeout=` hint.
 * A server closes its idle connections after its own timeout; a request written to a socket just
 * as the server closes it fails with no answer (the classic keep-alive race: measured 9 % of calls
 * against a server closing idle sockets after 30 ms, calls ~30 ms apart). The client must give up
 * on an idle socket first: 1 s is under common servers' defaults (gunicorn 2 s, Node and uvicorn
 * 5 s), where undici's own default (4 s) was over gunicorn's. A hint is used as undici does (minus
 * its 2 s margin, keepAliveTimeoutThreshold). A server closing idle sockets sooner than this still
 * races: docs/transport.md. A new connection costs ~350 µs on loopback.
 */
export const IDLE_SOCKET_MS = 1_000

// Each exchange has its own deadline (exchange.ts); undici's per-phase timers are off.
// Its connections are tagged as callspec's own as they are made: they await the app's answers, which
// are not the app's I/O, whatever port they reach (app-io.ts).
const tcpPool = (origin: string, connectMs: number) =>
  newPool(origin, { headersTimeout: 0, bodyTimeout: 0, connect: taggingConnector(connectMs, ownSocket), keepAliveTimeout: IDLE_SOCKET_MS, connections: 16 })

/** A base URL as the transport reads it: the parsed URL, and its origin and path, each worked out once. */
interface Base {
  url: URL
  origin: string
  /** The path without its trailing slash, joined to every webhook path. */
  path: string
}

/**
 * Base URLs parsed once per process, bounded as the pools are. A call by URL parsed its base URL
 * anew, the same string call after call, and read `origin` off it (a getter that builds the string
 * on each read) at each answer: both showed in a CPU profile of a by-URL loop (~2 µs and ~5 µs a
 * call). Only read here, never changed, so one entry serves every call.
 */
const parsedBases = new Map<string, Base>()

function parsedBase(baseUrl: string): Base {
  let base = parsedBases.get(baseUrl)
  if (base === undefined) {
    if (parsedBases.size >= 32) parsedBases.delete(parsedBases.keys().next().value!)
    const url = new URL(baseUrl)
    base = { url, origin: url.origin, path: url.pathname.replace(/\/$/, '') }
    parsedBases.set(baseUrl, base)
  }
  return base
}

/** Origins that answered at least once: "any more" is said only of an app that was there. */
const answered = new Set<string>()

/**
 * Real HTTP over loopback TCP: for URL targets, and for in-process apps with `transport: 'tcp'`.
 * `owned`: callspec started the server for this call, so the connections are its own and are
 * destroyed with it.
 */
export function httpTransport(baseUrl: string, bounds: SenderOptions, owned: { close: () => Promise<void> } | undefined): Transport {
  const { url: base, origin, path } = parsedBase(baseUrl)
  const pool = owned ? tcpPool(origin, bounds.timeoutMs) : pooled(origin, bounds.timeoutMs)
  return webhookSender(
    {
      dispatcher: pool,
      origin,
      basePath: path,
      async explain(error) {
        if (!(error instanceof TransportError) || error.failure !== 'network' || owned) return error
        const where = `${base.hostname}:${base.port || (base.protocol === 'https:' ? 443 : 80)}`
        const { begun } = error
        const code = networkCode(error.cause) ?? ''
        const fact = error.cause === undefined ? error.message : describeNetworkError(error.cause, bounds.timeoutMs, { guess: false, begun })
        // A host name that did not resolve: no address to ask, and nothing to say of an app listening
        // (before: "nothing listens at no-such-host:8000: is the app running?", for a typo in the host).
        if (begun === undefined && HOST_NOT_FOUND.has(code)) {
          error.message = `the host ${base.hostname} was not found: is the host name right? (${fact})`
          return markUnreachable(error, where, 'host-not-found')
        }
        // Did the app die, or did it drop this one request? Ask the address itself, briefly. It
        // answers the guess the plain description makes, so only the fact is kept.
        const listening = await stillListening(base, Math.min(500, bounds.timeoutMs))
        if (listening) {
          error.message = `${fact} (${where} still accepts connections: the app is up but ${begun ? 'cut this answer short' : 'dropped this request'})`
          return error
        }
        // It was there: it answered before, or took this request's connection (or began its answer)
        // and closed it, where one refused means nothing listened when the request went out.
        const wasThere = answered.has(origin) || begun !== undefined || TAKEN_THEN_CLOSED.has(networkCode(error.cause) ?? '')
        error.message = wasThere ? `nothing listens at ${where} any more: did the app crash? (${fact})` : `nothing listens at ${where}: is the app running? (${fact})`
        // Said as data too: a report tells "could not reach the app" from a wrong answer by it, not by
        // these words; and whether nothing was there as the request went out (refused; a host name
        // that did not resolve is marked above: audit-108, a mistyped host counted as a call that failed).
        return markUnreachable(error, where, begun === undefined && code === 'ECONNREFUSED' ? 'refused' : undefined)
      },
      answered: () => answered.add(origin),
      async close() {
        if (!owned) return
        // destroy, not close: a hung app would keep a graceful close waiting forever.
        await pool.destroy().catch(() => {})
        await owned.close()
      },
    },
    bounds,
  )
}
