import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'
import type * as Http2 from 'node:http2'
import { REPLY_PATIENCE_MS, repliesToldBy } from '../clock/app-io.js'
import { realNow } from '../clock/real-timers.js'

/**
 * The app's requests on `node:http2` client sessions (`http2.connect()`), counted in flight as its
 * other requests are (`began`, traffic.ts): from the request until its stream closes. Their
 * connection awaits a reply while one is open (app-io.ts repliesToldBy), not as its reads say: a
 * session reads it natively, past what callspec watches on a socket, so after its first answer it
 * looked unanswered. Measured
 * (audit-117): a session the app kept across calls held the first call 2 s, with a note that it
 * had had no reply, then counted as one the app only writes to, and a 300 ms lookup on it lost to
 * a 1 s guard in every later call. Counted on the sessions' prototype, so a session made before
 * the call (at the app's load) is too. Returns what undoes it.
 */
export function countHttp2Requests(began: (method: string, url: string) => () => void): () => void {
  const prototype = clientSessionPrototype()
  if (!prototype) return () => {}
  const request = prototype.request
  // Taken off, a wrapper something wrapped over meanwhile passes requests through uncounted.
  let live = true
  const counted = function countedRequest(this: Http2.ClientHttp2Session, ...args: Parameters<Http2.ClientHttp2Session['request']>) {
    const stream = Reflect.apply(request, this, args)
    if (!live) return stream
    const headers = args[0] ?? {}
    const method = String(headers[':method'] ?? 'GET')
    const ended = began(method, `${String(headers[':scheme'] ?? 'http')}://${authorityOf(this, headers)}${String(headers[':path'] ?? '/')}`)
    const open = streamsOf(this)
    const sent = { since: realNow() }
    open.add(sent)
    stream.once('close', () => {
      open.delete(sent)
      ended()
    })
    return stream
  }
  prototype.request = counted as Http2.ClientHttp2Session['request']
  return () => {
    live = false
    if (prototype.request === counted) prototype.request = request
  }
}

let found: Http2.ClientHttp2Session | undefined | null

/**
 * ClientHttp2Session's prototype (Node exports no class), read off a session on a stream that goes
 * nowhere, closed at once; only once the process has loaded `node:http2` (an app that never did has
 * no session, and the module is not loaded for it). Measured: ~3 ms, once a process.
 */
function clientSessionPrototype(): Http2.ClientHttp2Session | undefined {
  if (found !== undefined) return found ?? undefined
  if (!(process as { moduleLoadList?: string[] }).moduleLoadList?.includes('NativeModule http2')) return undefined
  try {
    const http2 = createRequire(import.meta.url)('node:http2') as typeof Http2
    const session = http2.connect('http://localhost', { createConnection: () => new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() }) })
    session.on('error', () => {})
    found = Object.getPrototypeOf(session) as Http2.ClientHttp2Session
    session.destroy()
  } catch {
    found = null
  }
  return found ?? undefined
}

/** When each request on a session began (real ms), while its stream is open. */
const streams = new WeakMap<object, Set<{ since: number }>>()

/**
 * A session's open requests; its connection awaits a reply while one younger than the patience is
 * open (app-io.ts REPLY_PATIENCE_MS: one unanswered longer is the traffic's to give up on).
 */
function streamsOf(session: object): Set<{ since: number }> {
  let open = streams.get(session)
  if (open) return open
  const started = new Set<{ since: number }>()
  streams.set(session, started)
  const socket = ownSocketOf(session)
  if (socket) repliesToldBy(socket, () => [...started].some((request) => realNow() - request.since <= REPLY_PATIENCE_MS))
  open = started
  return open
}

/** The session's own socket (its `socket` is a proxy to it), where Node keeps it. */
const ownSocketOf = (session: object): Socket | undefined => (kept(session, 'socket') as Socket | undefined) ?? undefined

function authorityOf(session: object, headers: Http2.OutgoingHttpHeaders): string {
  if (headers[':authority'] !== undefined) return String(headers[':authority'])
  const authority = kept(session, 'authority')
  return authority === undefined ? 'http2-session' : String(authority)
}

/** What Node keeps on `session` under the symbol it describes as `description` (Node exports none of them). */
function kept(session: object, description: string): unknown {
  const key = Object.getOwnPropertySymbols(session).find((symbol) => symbol.description === description)
  return key === undefined ? undefined : (session as Record<symbol, unknown>)[key]
}
