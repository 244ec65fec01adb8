/**
 * The keep-alive race: a request written to an idle pooled socket just as the server closes it
 * fails with no answer, though the server is healthy. Measured against a server closing idle
 * sockets after 30 ms without a Keep-Alive hint, calls ~30 ms apart: 9 of 100 calls failed "the
 * app is up but dropped this request". The client must drop idle sockets before the server does:
 * without the server's `Keep-Alive: timeout=` hint, callspec keeps them 1 s, under common servers'
 * defaults (gunicorn 2 s, Node and uvicorn 5 s); undici's default, 4 s, was over gunicorn's.
 * Asserted on the pool's options, not by waiting out the idle timeout: the race itself is timing.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { webexApp } from '../helpers/webex-apps.js'

const pools = vi.hoisted(() => [] as Array<{ origin: string; options: Record<string, unknown> }>)
vi.mock('../../src/transport/undici.js', async (original) => {
  const real = await original<typeof import('../../src/transport/undici.js')>()
  return {
    ...real,
    newPool: (origin: string, options: Parameters<typeof real.newPool>[1]) => {
      pools.push({ origin, options: options as Record<string, unknown> })
      return real.newPool(origin, options)
    },
  }
})

describe('idle keep-alive sockets to a URL target', () => {
  it('are kept 1 s without a hint from the server: under gunicorn\'s 2 s, Node\'s and uvicorn\'s 5 s', async () => {
    const server = createServer(webexApp(() => ({ action: 'ANSWER' })))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      await callTo(origin, { platform: 'webex-connect' }).expectAction('ANSWER')
      const pool = pools.find((p) => p.origin === origin)
      expect(pool?.options).toMatchObject({ keepAliveTimeout: 1_000 })
      // The server's own hint (Keep-Alive: timeout=N) is still used, less undici's margin.
      expect(pool?.options.keepAliveTimeoutThreshold ?? 2_000).toBeGreaterThanOrEqual(1_000)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
