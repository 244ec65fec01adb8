interface ExpressLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> }
}

/**
 * The app's own POST routes, as candidates for webhookPath: an Express app's, a Fastify
 * instance's, a Hono app's; none for any other target (a Koa app keeps its routes in middleware
 * callspec cannot read).
 */
export function postRoutes(target: unknown): string[] {
  if (typeof target === 'function') return expressPostRoutes(target)
  if (typeof target !== 'object' || target === null) return []
  try {
    return fastifyPostRoutes(target) ?? honoPostRoutes(target) ?? []
  } catch {
    return []
  }
}

/**
 * An Express app's POST routes (`app.post('/voice', …)`). Read from its router's stack:
 * `app._router` in Express 4, `app.router` in Express 5 (whose getter throws in Express 4, hence
 * that order and the catch). Routes of mounted routers are left out: their prefix is not kept in a
 * form both versions share.
 */
function expressPostRoutes(target: unknown): string[] {
  let stack: unknown
  try {
    const app = target as { _router?: { stack?: unknown }; router?: { stack?: unknown }; handle?: unknown; set?: unknown }
    if (typeof app.handle !== 'function' || typeof app.set !== 'function') return []
    stack = (app._router ?? app.router)?.stack
  } catch {
    return []
  }
  if (!Array.isArray(stack)) return []
  const paths: string[] = []
  for (const layer of stack as ExpressLayer[]) {
    const route = layer?.route
    if (!route?.methods || !(route.methods.post || route.methods._all)) continue
    for (const path of Array.isArray(route.path) ? route.path : [route.path]) {
      if (typeof path === 'string' && !paths.includes(path)) paths.push(path)
    }
  }
  return paths
}

interface FastifyRoutes {
  printRoutes(options: { commonPrefix: false; method: 'POST' }): string
  hasRoute(options: { method: 'POST'; url: string }): boolean
  findRoute(options: { method: 'POST'; url: string }): { params?: unknown } | null
}

/**
 * A Fastify instance's POST routes, plugins' prefixes included; undefined for another target.
 * Fastify lists its routes only as printRoutes()'s text tree (one radix node a line, its path
 * split across lines, `:a|:b` where two routes name a parameter differently), so each path read
 * from it is kept only once Fastify confirms it: `hasRoute()` finds a POST route declared with
 * that pattern (whatever its parameters' names), and `findRoute()`, which matches the path as a
 * URL, gives each parameter its own name (`{ id: ':id' }`). A misread is never a candidate. A route
 * with constraints is left out (neither finds it without them), and `/p/` beside `/p` (a prefix's
 * `/` route is both).
 */
function fastifyPostRoutes(target: object): string[] | undefined {
  const app = target as Partial<FastifyRoutes> & { inject?: unknown; ready?: unknown }
  const { printRoutes, hasRoute, findRoute } = app
  if (typeof printRoutes !== 'function' || typeof hasRoute !== 'function' || typeof findRoute !== 'function' || typeof app.inject !== 'function' || typeof app.ready !== 'function') return undefined
  const tree = printRoutes.call(app, { commonPrefix: false, method: 'POST' })
  if (typeof tree !== 'string') return []
  const candidates: string[] = []
  /** The paths each depth's node may stand for, after its parent's. */
  const prefixes: string[][] = [['']]
  for (const line of tree.split('\n')) {
    const node = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \([A-Z, ]+\)(?: .*)?)?$/.exec(line)
    if (!node) continue
    const depth = node[1]!.length / 4
    const key = node[2]!
    const paths = (prefixes[depth] ?? []).flatMap((parent) => spellings(key).map((form) => parent + form))
    prefixes.length = depth + 1
    prefixes.push(paths)
    candidates.push(...paths)
  }
  const declared = (url: string) => {
    if (hasRoute.call(app, { method: 'POST', url }) !== true) return false
    const params = findRoute.call(app, { method: 'POST', url })?.params
    if (typeof params !== 'object' || params === null) return false
    return Object.entries(params).every(([name, value]) => value === (name === '*' ? '*' : `:${name}`))
  }
  const routes = [...new Set(candidates)].filter(declared)
  return routes.filter((path) => !(path.length > 1 && path.endsWith('/') && routes.includes(path.slice(0, -1))))
}

/** A printed node's paths: each `:a|:b` (one parameter two routes name differently) read both ways. */
function spellings(key: string): string[] {
  const group = /:[^/|]+(?:\|:[^/|]+)+/.exec(key)
  if (!group) return [key]
  const rest = spellings(key.slice(group.index + group[0].length))
  return group[0].split('|').flatMap((name) => rest.map((tail) => key.slice(0, group.index) + name + tail))
}

/**
 * A Hono app's POST routes, from `app.routes` ({ method, path }, sub-apps' with their prefix);
 * undefined for another target. `app.all()` routes are left out: they are listed as `ALL`, as
 * every middleware (`app.use()`) is, and nothing tells one from the other.
 */
function honoPostRoutes(target: object): string[] | undefined {
  const app = target as { routes?: unknown; fetch?: unknown }
  if (typeof app.fetch !== 'function' || !Array.isArray(app.routes)) return undefined
  const paths: string[] = []
  for (const route of app.routes as Array<{ method?: unknown; path?: unknown } | null>) {
    if (route?.method === 'POST' && typeof route.path === 'string' && !paths.includes(route.path)) paths.push(route.path)
  }
  return paths
}
