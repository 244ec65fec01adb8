/**
 * The headers the routing adds to undici's own requests it sends to the fake API (callspec/agent's
 * time header), whatever form the app wrote its headers in: undici takes an object, a flat array of
 * names and values, or an iterable of pairs (test/agent/real-io-held.test.ts drives the
 * agent's use end to end).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routeUndiciRequests, withHeaders } from '../../src/api/undici-routing.js'

describe('withHeaders', () => {
  it('adds the extra headers to each form undici takes, as a flat array', () => {
    const extra = { 'x-added': '7' }
    expect(withHeaders({ a: '1', b: ['2', '3'] }, extra)).toEqual(['a', '1', 'b', ['2', '3'], 'x-added', '7'])
    expect(withHeaders(['a', '1'], extra)).toEqual(['a', '1', 'x-added', '7'])
    expect(withHeaders(new Map([['a', '1']]), extra)).toEqual(['a', '1', 'x-added', '7'])
    expect(withHeaders(undefined, extra)).toEqual(['x-added', '7'])
  })
})

describe("undici's request() to a routed origin", () => {
  let server: Server
  let seen: IncomingHttpHeaders[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers)
      res.end('ok')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('carries the added headers beside its own, and a request elsewhere carries none', async () => {
    seen = []
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const pool = new Pool(url)
    const undo = routeUndiciRequests({
      target: (origin) => (origin === 'https://api.vendor.example' ? pool : undefined),
      track: () => () => {},
      headers: () => ({ 'x-callspec-agent-time': '1500' }),
    })
    try {
      for (const headers of [{ authorization: 'Basic a' }, ['authorization', 'Basic a'], new Map([['authorization', 'Basic a']])]) {
        const answer = await request('https://api.vendor.example/v1/calls', { headers: headers as Record<string, string> })
        await answer.body.text()
      }
      const elsewhere = await request(`${url}/other`, { headers: { authorization: 'Basic b' } })
      await elsewhere.body.text()
    } finally {
      undo()
      await pool.close()
    }
    expect(seen.map((h) => [h.authorization, h['x-callspec-agent-time']])).toEqual([
      ['Basic a', '1500'],
      ['Basic a', '1500'],
      ['Basic a', '1500'],
      ['Basic b', undefined],
    ])
  })
})
