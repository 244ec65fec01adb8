import { subscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, Server } from 'node:http'
import { MemorySocket } from './memory-socket.js'
import { unreadBodiesLine } from './unread-bodies-hint.js'

/**
 * Signs an in-process app gives of a mistake that its failure does not name, counted per server
 * and said under the failure (toFlowError) as hints.
 *
 * Whether the app read the webhooks' bodies. An Express app without a JSON body parser
 * (no `app.use(express.json())`) gets `req.body` undefined and fails in ways that never name it:
 * a TypeError on `undefined.event` behind a 500, a default answer, or (EnableX, answering 200
 * first) no request at all. Measured (helper-21): five such apps, and the hint the README promised
 * never showed, since it looked for "req.body" in the error's text. Node says it directly: a
 * request whose body was never read when its response finished (`readableDidRead`).
 */
export interface AppTally {
  /** Requests with a body the app's server answered. */
  sent: number
  /** Of those, the ones whose body the app had not read when it answered. */
  unread: number
  /**
   * Of those, the ones a body parser had put on `req.body` when the app answered (Express's
   * express.json() and its kin): the app parses its webhooks. An Express error page drains an
   * unread body before it is written (finalhandler), so `unread` alone cannot tell an app that
   * threw on `req.body.x` with no parser from one that threw on a field the event lacks.
   */
  parsed: number
  /**
   * In-memory connections the app closed itself, answer given (memory-socket.ts): what Express
   * does when a handler throws after its answer went out (res.sendStatus(200) first, as EnableX's
   * samples do, then an exception). Under vitest (NODE_ENV=test) Express logs no such error, so
   * the app failed in silence (helper-21: "the app never made its request", and nothing else).
   */
  closed: number
}

const tallies = new WeakMap<Server, AppTally>()
let listening = false

/** Starts counting what `server`'s app does (for the life of the server). */
export function tallyOf(server: Server): AppTally {
  let tally = tallies.get(server)
  if (!tally) tallies.set(server, (tally = { sent: 0, unread: 0, parsed: 0, closed: 0 }))
  if (!listening) {
    listening = true
    // Published by Node's HTTP server as each response finishes: no listener per request.
    subscribe('http.server.response.finish', (message) => {
      const { request, socket, server: from } = message as { request: IncomingMessage; socket: unknown; server: Server }
      const counted = tallies.get(from)
      if (!counted) return
      // An in-memory connection's app end: it has answered (see `closed`).
      if (socket instanceof MemorySocket) socket.answered = true
      if (!hasBody(request)) return
      counted.sent++
      if (!request.readableDidRead) counted.unread++
      if ((request as { body?: unknown }).body !== undefined) counted.parsed++
    })
  }
  return tally
}

const hasBody = (request: IncomingMessage) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0

/**
 * What the app did with a call's webhooks: the hints its failure gets (worded only when read), and
 * the counts since the call began, which a wait (call-session.ts: an app that answered without
 * reading its body, then went quiet) and a failure's hints (first-turn-hint.ts) go by.
 */
export interface AppSigns {
  readonly unreadBodies?: string
  readonly closed?: string
  /** Since the call began (AppTally's fields). */
  readonly counts: Readonly<AppTally>
}

/**
 * The hints a failed call gets from what its app did since `since` (the tally when the call began).
 * `plainNode`: the app looks like a bare node:http handler (no framework around it), which reads a
 * body from the request stream: "app.use(express.json())" alone is no advice it can take
 * (helper-180). A framework's listener passed bare looks the same, so it is named second.
 */
export function appSignHints(tally: AppTally, since: AppTally, plainNode = false): AppSigns {
  const counts = { sent: tally.sent - since.sent, unread: tally.unread - since.unread, parsed: tally.parsed - since.parsed, closed: tally.closed - since.closed }
  return {
    counts,
    get unreadBodies() {
      return unreadBodiesHint(counts.sent, counts.unread, plainNode)
    },
    get closed() {
      return closedHint(counts.closed)
    },
  }
}

/** The app answered every webhook of the call (one at least) without reading its body: it parses none. */
export const readNoBody = (signs: AppSigns | undefined): boolean => signs !== undefined && signs.counts.sent > 0 && signs.counts.unread === signs.counts.sent

/** Only when none was read: an app that reads some is not missing a parser. */
function unreadBodiesHint(sent: number, unread: number, plainNode: boolean): string | undefined {
  if (sent === 0 || unread < sent) return undefined
  const line = unreadBodiesLine(sent === 1 ? 'the webhook' : `all ${sent} webhooks`, sent === 1 ? 'its body' : 'their bodies')
  if (plainNode) {
    return (
      `${line}callspec posts each as JSON (content-type: application/json), as the platform does: a node:http handler has it only once it reads the request. ` +
      "Read the body (req.on('data', …), req.on('end', …)) and JSON.parse it before answering; " +
      // A listener callspec cannot tell from a bare one (an Express app wrapped in an arrow, Polka's handler) takes its framework's parser (helper-181).
      'a framework behind the listener needs its JSON body parser before the webhook route, e.g. app.use(express.json()).'
    )
  }
  return (
    `${line}callspec posts each as JSON (content-type: application/json), as the platform does: an app that parses no JSON body sees req.body undefined. ` +
    'Parse JSON before the webhook route, e.g. app.use(express.json()).'
  )
}

/**
 * A bare node:http handler: a request listener (or the one of an http.Server) that is no Express
 * app (which has `handle` and `set`) nor Koa's `app.callback()` (named handleRequest). Frameworks
 * that take a body parser get the Express advice, as before.
 */
export function isPlainNodeHandler(listener: unknown): boolean {
  if (typeof listener !== 'function') return false
  const app = listener as { handle?: unknown; set?: unknown; name?: string }
  return typeof app.handle !== 'function' && typeof app.set !== 'function' && app.name !== 'handleRequest'
}

function closedHint(closed: number): string | undefined {
  if (closed === 0) return undefined
  return (
    `Hint: the app closed its connection right after answering${closed > 1 ? ` (${closed} times)` : ''}, as Express does when a handler fails after its answer went out ` +
    '(res.sendStatus(200), then an exception). Under vitest (NODE_ENV=test) Express logs no such error: catch and log what runs after the answer.'
  )
}
