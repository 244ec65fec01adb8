import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'

/**
 * A plain function passed to callTo() is served as a Node request listener, `(req, res)`. Three
 * mistakes pass that test and then failed as "the app never answered" after the whole wait
 * (audit-f, 3.5 s), or as a crash with an uncaught TypeError: a fetch handler (Hono's `app.fetch`,
 * `async (req: Request) => Response`), which returns its answer instead of writing it to `res`;
 * the same reading the Request's methods off Node's IncomingMessage (`req.json is not a
 * function`); and a factory (`makeApp` for `makeApp()`), which returns the app. The listener's
 * first answer tells them apart: what it returns, or the TypeError it throws. A mistake is recorded
 * for the function (the flow fails with it, run-flow.ts, and a later callTo() refuses it at once);
 * the request is ended so the call's wait ends now.
 *
 * Only the first request is watched: a listener that answered one as a listener is put back on
 * its server in place of the watch, so the hot path is the listener alone, as before.
 */
const misuses = new WeakMap<object, string>()

/** The usage error's message for a function seen misused as the app, if it was. */
export const misuseOf = (target: object): string | undefined => misuses.get(target)

/** Hono's `app.fetch` (a bound arrow named fetch, one parameter): refused before the call starts. */
export function namedFetch(target: { name?: string; length: number }): string | undefined {
  if (!/^(bound )?fetch$/.test(target.name ?? '') || target.length > 1) return undefined
  return (
    '[callspec] callTo() got a function named fetch (a Hono app\'s app.fetch?): a fetch handler, (req: Request) => Response, not a Node request listener (req, res). ' +
    'Pass the Hono app itself, callTo(app, …), or the handler in an object, callTo({ fetch: app.fetch }, …).'
  )
}

/** `listener`, watched on its first answer (see above). */
export function checkedListener(listener: RequestListener): RequestListener {
  const watch = function (this: Server, req: IncomingMessage, res: ServerResponse): void {
    let out: unknown
    try {
      out = listener.call(this, req, res)
    } catch (error) {
      if (!readsRequest(listener, error, res)) throw error
      return
    }
    if (!isThenable(out)) {
      judge(this, listener, watch, out, res, false)
      return
    }
    // An async listener (Koa's callback()): judged by what it resolves to. A rejection that is
    // not the mistake is the app's, left unhandled as it was (the crash watch sees it).
    out.then(
      (value) => judge(this, listener, watch, value, res, true),
      (error: unknown) => {
        if (!readsRequest(listener, error, res)) throw error
      },
    )
  }
  return watch
}

function judge(server: Server, listener: RequestListener, watch: RequestListener, value: unknown, res: ServerResponse, async: boolean): void {
  const of = async ? 'a Promise of ' : ''
  if (isResponse(value)) {
    refuse(
      listener,
      res,
      `[callspec] callTo() got ${nameOf(listener)}, which answered the webhook by returning ${of}a Response: a fetch handler, not a Node request listener (callspec calls a function as (req, res) and waits for its answer on res). ` +
        'Pass the handler in an object, callTo({ fetch: handler }, …); for a Hono app, the app itself, callTo(app, …), not app.fetch.',
    )
    return
  }
  const made = appKind(value)
  if (made) {
    const name = /^[\w$]+$/.test(listener.name) ? listener.name : 'makeApp'
    refuse(
      listener,
      res,
      `[callspec] callTo() got ${nameOf(listener)}, which returned ${of}${made} instead of answering the webhook: a factory that makes the app, not the app. ` +
        `Pass what it returns: callTo(${async ? 'await ' : ''}${name}(), …).`,
    )
    return
  }
  // Answered as a listener: the watch steps aside for good.
  if (server.listeners('request').includes(watch)) {
    server.removeListener('request', watch)
    server.on('request', listener)
  }
}

/** A TypeError from reading a fetch Request's methods off Node's IncomingMessage. */
function readsRequest(listener: RequestListener, error: unknown, res: ServerResponse): boolean {
  let message: string
  try {
    if (!(error instanceof TypeError) || !REQUEST_METHOD.test((message = error.message))) return false
  } catch {
    // A thrown value that resists being read (a Proxy whose getPrototypeOf trap throws, a TypeError
    // whose message getter throws) is no fetch handler's mistake: the app's own value goes on, said
    // as what it is. Reading it here had thrown the trap's error from callspec's frame instead.
    return false
  }
  refuse(
    listener,
    res,
    `[callspec] callTo() got ${nameOf(listener)}, which read its first argument as a fetch Request (TypeError: ${message}): a fetch handler, not a Node request listener ` +
      '(callspec calls a function as (req, res), with Node\'s IncomingMessage). Pass the handler in an object, callTo({ fetch: handler }, …); for a Hono app, the app itself, callTo(app, …).',
  )
  return true
}

const REQUEST_METHOD = /(?:\.(?:json|text|formData|arrayBuffer|blob|bytes|clone)|\bheaders\.get) is not a function/

function refuse(listener: RequestListener, res: ServerResponse, message: string): void {
  misuses.set(listener, message)
  // The call's wait ends now, and the flow fails with the message (run-flow.ts).
  if (!res.writableEnded) res.destroy()
}

const nameOf = (fn: { readonly name: string }) => (fn.name ? `the function ${fn.name}` : 'an anonymous function')

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/**
 * A fetch Response, or one of a polyfill's, by its shape. Not `instanceof Response`: reading the
 * global `Response` loads Node's own undici, ~20 ms of every test file's first call (measured,
 * Node 20), and every Response has this shape anyway.
 */
const isResponse = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { status?: unknown }).status === 'number' &&
  typeof (value as { arrayBuffer?: unknown }).arrayBuffer === 'function' &&
  typeof (value as { headers?: { get?: unknown } }).headers?.get === 'function'

const fn = (value: object, key: string) => typeof (value as Record<string, unknown>)[key] === 'function'

/** What a factory made, named as callTo() would take it; undefined for anything else. */
function appKind(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function (a request listener, such as an Express app)'
  if (typeof value !== 'object' || value === null) return undefined
  if (fn(value, 'callback') && fn(value, 'use')) return 'a Koa app'
  if (fn(value, 'ready') && fn(value, 'inject')) return 'a Fastify instance'
  if (fn(value, 'getHttpServer')) return 'a Nest application'
  if (fn(value, 'fetch') && !isResponse(value)) return 'an app with fetch() (a Hono app?)'
  if (fn(value, 'listen') && fn(value, 'on') && !fn(value, 'writeHead')) return 'an http.Server'
  return undefined
}
