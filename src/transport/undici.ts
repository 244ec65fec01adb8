import { createRequire } from 'node:module'
import type { Pool } from 'undici'

/**
 * undici is loaded with the first call, not when callspec is imported, and only its Pool: the
 * transport needs nothing else (Pool.dispatch). undici's index builds fetch, WebSocket, the cache
 * and the mock agents too: measured, `import('undici')` cost 110-120 ms of a first call, its Pool
 * module alone 40-46 ms. The deep path is undici's internal layout (pinned to ~7.30 in
 * package.json, guarded by test/transport/undici-pool-path.test.ts); if it ever moves, the full
 * entry is loaded instead, so a call never breaks over it.
 */
export const UNDICI_POOL_PATH = 'undici/lib/dispatcher/pool.js'

let PoolClass: typeof Pool | undefined
let loading: Promise<void> | undefined

export function loadUndici(): Promise<void> | undefined {
  if (PoolClass) return undefined
  return (loading ??= Promise.resolve().then(async () => {
    PoolClass = requirePool() ?? (await import('undici')).Pool
  }))
}

/** undici's own Pool class from its module, or undefined when that module is not where it was. */
export function requirePool(): typeof Pool | undefined {
  try {
    const pool: unknown = createRequire(import.meta.url)(UNDICI_POOL_PATH)
    return typeof pool === 'function' && typeof (pool.prototype as { dispatch?: unknown }).dispatch === 'function' ? (pool as typeof Pool) : undefined
  } catch {
    return undefined
  }
}

/** undici's Pool; `loadUndici()` must have finished (resolveTransport awaits it). */
export function newPool(origin: string, options: Pool.Options): Pool {
  if (!PoolClass) throw new Error('[callspec] internal: a pool was asked for before undici was loaded')
  return new PoolClass(origin, options)
}

/**
 * undici's Agent (any origin), for the rare fallback of the global dispatcher's routing
 * (api/undici-routing.ts). Loaded on first use, by the same deep path as the Pool, else the entry.
 */
export function newAgent(): import('undici').Agent {
  const require = createRequire(import.meta.url)
  let Agent: typeof import('undici').Agent
  try {
    Agent = require('undici/lib/dispatcher/agent.js') as typeof import('undici').Agent
  } catch {
    Agent = (require('undici') as typeof import('undici')).Agent
  }
  return new Agent()
}
