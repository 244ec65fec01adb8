import { createRequire } from 'node:module'
import { Pool } from 'undici'
import { describe, expect, it } from 'vitest'
import { UNDICI_POOL_PATH, requirePool } from '../../src/transport/undici.js'

/**
 * callspec loads only undici's Pool module (a first call ~70 ms cheaper than undici's index).
 * That path is undici's internal layout: when an undici upgrade moves it, this test says so,
 * and callspec quietly falls back to the full entry until the path here is updated.
 */
describe("undici's Pool, loaded by its own module", () => {
  it('is the very Pool class undici exports (update UNDICI_POOL_PATH and the ~7.x pin if this fails)', () => {
    const installed = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version
    const pool = requirePool()
    expect(pool, `undici ${installed} has no Pool at ${UNDICI_POOL_PATH}: find where lib/dispatcher/pool.js moved and update src/transport/undici.ts`).toBe(Pool)
  })
})
