import { subscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, Server } from 'node:http'

/**
 * Whether an in-process app read the webhooks' bodies. An Express app without a JSON body parser
 * (no `app.use(express.json())`) gets `req.body` undefined and fails in ways that never name it:
 * a TypeError on `undefined.event` behind a 500, a default answer, or (EnableX, answering 200
 * first) no request at all. Measured (helper-21): five such apps, and the hint the README promised
 * never showed, since it looked for "req.body" in the error's text. Node says it directly: a
 * request whose body was never read when its response finished (`readableDidRead`).
 */
export interface BodyTally {
  /** Requests with a body the app's server answered. */
  sent: number
  /** Of those, the ones whose body the app had not read when it answered. */
  unread: number
}

const tallies = new WeakMap<Server, BodyTally>()
let listening = false

/** Starts counting the requests `server` answers (for the life of the server). */
export function countBodies(server: Server): BodyTally {
  let tally = tallies.get(server)
  if (!tally) tallies.set(server, (tally = { sent: 0, unread: 0 }))
  if (!listening) {
    listening = true
    // Published by Node's HTTP server as each response finishes: no listener per request.
    subscribe('http.server.response.finish', (message) => {
      const { request, server: from } = message as { request: IncomingMessage; server: Server }
      const counted = tallies.get(from)
      if (!counted || !hasBody(request)) return
      counted.sent++
      if (!request.readableDidRead) counted.unread++
    })
  }
  return tally
}

const hasBody = (request: IncomingMessage) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0

/**
 * A hint for a failed call whose webhooks the app never read (`since`: the tally when the call
 * began), or ''. Only when none was read: an app that reads some is not missing a parser.
 */
export function unreadBodiesHint(tally: BodyTally, since: BodyTally): string {
  const sent = tally.sent - since.sent
  const unread = tally.unread - since.unread
  if (sent === 0 || unread < sent) return ''
  return (
    `Hint: the app answered ${sent === 1 ? 'the webhook' : `all ${sent} webhooks`} without reading ${sent === 1 ? 'its body' : 'their bodies'}. ` +
    'callspec posts each as JSON (content-type: application/json), as the platform does: an app that parses no JSON body sees req.body undefined. ' +
    'Parse JSON before the webhook route, e.g. app.use(express.json()).'
  )
}
