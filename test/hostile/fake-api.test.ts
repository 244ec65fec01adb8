/**
 * The fake REST API servers (`startPlatform`) answer every request, whatever arrives, and never
 * break the user's run: each case talks raw TCP (node:net) to the server of every platform.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { serveLoopback } from '../../src/api/loopback-server.js'
import { startPlatform, type PlatformServer } from '../../src/index.js'
import { contained, rawExchange, statusOf } from './harness.js'

// Each case holds its own, tighter bound on time; this only keeps a loaded runner from cutting it short.
vi.setConfig({ testTimeout: 20_000 })

const PLATFORMS = ['webex-connect', '8x8', 'enablex', 'voxology'] as const
const MB = 1024 * 1024

describe.each(PLATFORMS)('startPlatform(%s) answers whatever arrives', (platform) => {
  let server: PlatformServer
  beforeAll(async () => {
    server = await startPlatform(platform, { maxBodyBytes: 1 * MB })
  })
  afterAll(() => server.close())

  const host = () => new URL(server.url).host
  const stillServes = async () => {
    const raw = await rawExchange(server.url, `GET /no/such/route HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)
    expect(statusOf(raw)).toBeGreaterThanOrEqual(400)
  }

  it('a bad Host header: an answer, not an unhandled rejection', async () => {
    await contained(2_000, async () => {
      const raw = await rawExchange(server.url, 'POST /anything HTTP/1.1\r\nHost: [not a host\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')
      expect(statusOf(raw)).toBeGreaterThanOrEqual(400)
      expect(raw).toMatch(/content-type: application\/json|content-type: text\/plain|\r\n\r\n$/i)
    })
  })

  it('a client that aborts mid-body: let go, and the server goes on serving', async () => {
    await contained(2_000, async () => {
      const raw = await rawExchange(server.url, [`POST /x HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n`, '{"partial": '], {
        abortAfterWrite: true,
      })
      expect(raw).toBe('')
      await stillServes()
    })
  })

  it('an oversize body (declared): 413 at once, without reading it', async () => {
    await contained(3_000, async () => {
      const head = `POST /x HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${50 * MB}\r\n\r\n`
      const raw = await rawExchange(server.url, [head, Buffer.alloc(64 * 1024, 0x20)])
      expect(statusOf(raw)).toBe(413)
      expect(raw).toContain(`request body too large (${50 * MB} bytes declared); callspec's fake API reads at most ${MB} bytes (startPlatform option maxBodyBytes)`)
      expect(raw.toLowerCase()).toContain('connection: close')
      await stillServes()
    })
  })

  it('an oversize body (chunked, no length): 413 once the cap is passed', async () => {
    await contained(3_000, async () => {
      const chunk = Buffer.alloc(256 * 1024, 0x20)
      const chunks = Array.from({ length: 6 }, () => [Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]).flat()
      const raw = await rawExchange(server.url, [`POST /x HTTP/1.1\r\nHost: ${host()}\r\nTransfer-Encoding: chunked\r\n\r\n`, ...chunks])
      expect(statusOf(raw)).toBe(413)
      expect(raw).toContain(`more than ${MB} bytes sent`)
      await stillServes()
    })
  })

  it('an unknown route: an answer (404 or the vendor auth error), as JSON', async () => {
    await contained(2_000, async () => {
      const raw = await rawExchange(server.url, `DELETE /definitely/not/a/route HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)
      expect([401, 404, 405]).toContain(statusOf(raw))
    })
  })

  it('an absolute-form request target is read as a path on this server', async () => {
    await contained(2_000, async () => {
      const raw = await rawExchange(server.url, `GET http://evil.example/steal HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)
      expect([401, 404, 405]).toContain(statusOf(raw))
    })
  })

  it('garbage instead of HTTP: 400 from the parser, and the server goes on', async () => {
    await contained(2_000, async () => {
      const raw = await rawExchange(server.url, '\x00\x01\x02 not http at all\r\n\r\n')
      expect(statusOf(raw)).toBe(400)
      await stillServes()
    })
  })
})

describe('the loopback mount', () => {
  it('answers 500 when the API itself throws, naming the error', async () => {
    await contained(2_000, async () => {
      const served = await serveLoopback({
        handle: async () => {
          throw new Error('routing table corrupted')
        },
      })
      try {
        const res = await fetch(`${served.url}/x`, { method: 'POST', body: '{}' })
        expect(res.status).toBe(500)
        expect(await res.json()).toEqual({ error: "callspec's fake API failed on this request: routing table corrupted" })
      } finally {
        await served.close()
      }
    })
  })

  it('has a default cap of 5 MB', async () => {
    await contained(3_000, async () => {
      const served = await serveLoopback({ handle: async () => ({ status: 200, body: { ok: true } }) })
      try {
        const big = await rawExchange(served.url, `POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: ${5 * MB + 1}\r\n\r\n`)
        expect(statusOf(big)).toBe(413)
        expect(big).toContain(`reads at most ${5 * MB} bytes`)
        const ok = await fetch(`${served.url}/x`, { method: 'POST', body: 'x'.repeat(4 * MB) })
        expect(ok.status).toBe(200)
      } finally {
        await served.close()
      }
    })
  })
})
