import type { Pool } from 'undici'

/**
 * undici is loaded with the first call, not when callspec is imported (~55 ms of start-up a
 * test file would pay before its first test, and files that only validate never need it).
 */
let PoolClass: typeof Pool | undefined
let loading: Promise<void> | undefined

export function loadUndici(): Promise<void> | undefined {
  if (PoolClass) return undefined
  return (loading ??= import('undici').then((undici) => {
    PoolClass = undici.Pool
  }))
}

/** undici's Pool; `loadUndici()` must have finished (resolveTransport awaits it). */
export function newPool(origin: string, options: Pool.Options): Pool {
  if (!PoolClass) throw new Error('[callspec] internal: a pool was asked for before undici was loaded')
  return new PoolClass(origin, options)
}
