import { createRequire } from 'node:module'
import { Client, Pool, buildConnector } from 'undici'
import { describe, expect, it } from 'vitest'
import { UNDICI_CLIENT_PATH, UNDICI_CONNECT_PATH, UNDICI_POOL_PATH, requireClient, requirePool } from '../../src/transport/undici.js'

/**
 * callspec loads only undici's Pool and Client modules (a first call ~70 ms cheaper than undici's
 * index). Those paths are undici's internal layout: when an undici upgrade moves them, this test
 * says so, and callspec quietly falls back to the full entry until the paths here are updated.
 */
describe("undici's Pool and Client, loaded by their own modules", () => {
  it('is the very Pool class undici exports (update UNDICI_POOL_PATH and the ~7.x pin if this fails)', () => {
    const installed = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version
    const pool = requirePool()
    expect(pool, `undici ${installed} has no Pool at ${UNDICI_POOL_PATH}: find where lib/dispatcher/pool.js moved and update src/transport/undici.ts`).toBe(Pool)
  })

  it('is the very Client class undici exports (update UNDICI_CLIENT_PATH if this fails)', () => {
    const installed = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version
    expect(requireClient(), `undici ${installed} has no Client at ${UNDICI_CLIENT_PATH}: find where lib/dispatcher/client.js moved and update src/transport/undici.ts`).toBe(Client)
  })

  it('is the very connector builder undici exports (update UNDICI_CONNECT_PATH if this fails)', () => {
    const installed = (createRequire(import.meta.url)('undici/package.json') as { version: string }).version
    expect(createRequire(import.meta.url)(UNDICI_CONNECT_PATH), `undici ${installed} has no buildConnector at ${UNDICI_CONNECT_PATH}: update src/transport/undici.ts`).toBe(buildConnector)
  })
})
