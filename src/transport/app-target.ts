import { createServer, Server, type RequestListener } from 'node:http'
import { checkedListener, misuseOf, namedFetch } from './listener-misuse.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { fetchListener } from './fetch-listener.js'
import type { FetchApp } from './types.js'
import { realTimers } from '../clock/real-timers.js'

/** What callTo() was given, once recognised. Every shape is named here; anything else is refused. */
export type TargetShape =
  | { kind: 'url'; url: string }
  | { kind: 'server'; server: Server; what: string }
  | { kind: 'listener'; listener: RequestListener; what: string }
  | { kind: 'koa'; app: KoaLike }
  | { kind: 'fastify'; app: FastifyLike }
  | { kind: 'fetch'; app: FetchApp }

interface KoaLike {
  callback(): RequestListener
  use(...args: unknown[]): unknown
  middleware?: unknown[]
}
interface FastifyLike {
  ready(): PromiseLike<unknown>
  inject(...args: unknown[]): unknown
  server: Server
}
interface NestLike {
  getHttpServer(): unknown
  isInitialized?: boolean
}

const has = (t: object, key: string) => typeof (t as Record<string, unknown>)[key] === 'function'
const WHAT_TO_PASS =
  'Pass an Express/Nest-style request listener, a Koa app, a Fastify instance, an http.Server, an app with fetch(Request) (Hono), or a base URL string.'

/** Recognises the target at callTo(), so misuse fails at once with what to pass instead. */
export function classifyTarget(target: unknown): TargetShape {
  if (typeof target === 'string') {
    if (!/^https?:\/\//i.test(target)) {
      throw new CallspecUsageError(
        `[callspec] callTo() got the string ${JSON.stringify(target)}, which is not an http(s) URL. Pass a base URL such as 'http://127.0.0.1:3000'.`,
      )
    }
    return { kind: 'url', url: target }
  }
  if (target instanceof URL) return { kind: 'url', url: target.href }
  if (target instanceof Server) {
    return { kind: 'server', server: target, what: 'http.Server' }
  }
  if (typeof target === 'function') {
    // A function seen answering like no request listener (listener-misuse.ts): refused from then on.
    const misuse = misuseOf(target) ?? namedFetch(target)
    if (misuse) throw new CallspecUsageError(misuse)
    if (isRouter(target)) {
      // Express 5's router throws without a next(); without an app, res.json() and friends are missing too.
      throw new CallspecUsageError(
        "[callspec] callTo() got an Express router (express.Router()), not an app: a router needs an app around it (res.json(), req.body, a 404 for paths it has no route for). Mount it, as your server does: `const app = express(); app.use(express.json()); app.use(router)`, then callTo(app, …).",
      )
    }
    // Express apps, Koa's app.callback(), Nest's underlying Express instance: (req, res) listeners.
    return { kind: 'listener', listener: target as RequestListener, what: 'request listener' }
  }
  if (typeof target === 'object' && target !== null) {
    if (has(target, 'callback') && has(target, 'use') && has(target, 'listen')) return { kind: 'koa', app: target as KoaLike }
    if (has(target, 'ready') && has(target, 'inject') && (target as FastifyLike).server instanceof Server) {
      return { kind: 'fastify', app: target as FastifyLike }
    }
    if (has(target, 'getHttpServer')) return nestServer(target as NestLike)
    if (has(target, 'fetch')) return { kind: 'fetch', app: target as FetchApp }
    if (has(target, 'listen')) {
      throw new CallspecUsageError(
        `[callspec] callTo() got ${describe(target)}, which has listen() but is neither a request listener nor an http.Server callspec can drive. ${WHAT_TO_PASS}`,
      )
    }
  }
  const hint =
    typeof target === 'number'
      ? ` Did you pass the port instead of \`http://127.0.0.1:${target}\`?`
      : ` ${WHAT_TO_PASS}`
  throw new CallspecUsageError(`[callspec] callTo() needs an app or a base URL, got ${describe(target)}.${hint}`)
}

/** An Express router (express.Router()): middleware with routes, but no app around it (no listen). */
const isRouter = (target: object) =>
  has(target, 'handle') && has(target, 'use') && Array.isArray((target as { stack?: unknown }).stack) && !has(target, 'listen')

function nestServer(app: NestLike): TargetShape {
  if (app.isInitialized === false) {
    throw new CallspecUsageError(
      '[callspec] callTo() got a Nest application that is not initialised: its routes are not registered yet. Call `await app.init()` first, then callTo(app, …).',
    )
  }
  const server = app.getHttpServer()
  if (server instanceof Server) return { kind: 'server', server, what: 'Nest application' }
  if (typeof server === 'function') return { kind: 'listener', listener: server as RequestListener, what: 'Nest application' }
  throw new CallspecUsageError(
    `[callspec] callTo() got a Nest application whose getHttpServer() returned ${describe(server)}, not an http.Server. Call \`await app.init()\` first, or pass a base URL.`,
  )
}

/** A short name for what was passed: `null`, `number`, `an object with keys a, b, c`. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const name = (value as { constructor?: { name?: string } }).constructor?.name
  const keys = Object.keys(value).slice(0, 5)
  const shown = keys.length ? ` with keys ${keys.join(', ')}${Object.keys(value).length > 5 ? ', …' : ''}` : ' with no own keys'
  return `${name && name !== 'Object' ? `a ${name}` : 'an object'}${shown}`
}

/** Servers callspec made for listeners and fetch apps, kept per app: making one per call showed in profiles. */
const made = new WeakMap<object, { server: Server; key: unknown }>()

function serverFor(app: object, key: unknown, build: () => RequestListener): Server {
  const cached = made.get(app)
  if (cached && cached.key === key) return cached.server
  const server = createServer(build())
  made.set(app, { server, key })
  return server
}

/**
 * The http.Server that serves an in-process target (never listening unless the user's own).
 * A Fastify instance is made ready first, bounded by `waitMs`.
 */
export async function serverOf(shape: Exclude<TargetShape, { kind: 'url' }>, waitMs: number): Promise<Server> {
  switch (shape.kind) {
    case 'server':
      return shape.server
    case 'listener':
      // A function passed as the app is watched on its first answer: a fetch handler or a factory is refused.
      return serverFor(shape.listener, undefined, () => (shape.what === 'request listener' ? checkedListener(shape.listener) : shape.listener))
    case 'fetch':
      return serverFor(shape.app, undefined, () => fetchListener(shape.app))
    case 'koa':
      // A Koa app composes its middleware in callback(): rebuild when middleware was added since.
      return serverFor(shape.app, shape.app.middleware?.length, () => shape.app.callback())
    case 'fastify':
      await readyWithin(shape.app, waitMs)
      return shape.app.server
  }
}

async function readyWithin(app: FastifyLike, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = realTimers.setTimeout(
      () => reject(new CallspecUsageError(`[callspec] fastify.ready() did not finish within ${waitMs} ms (limits.appTimeoutMs): a plugin never called done()?`)),
      waitMs,
    )
  })
  try {
    await Promise.race([Promise.resolve(app.ready()), late])
  } finally {
    realTimers.clearTimeout(timer)
  }
}
