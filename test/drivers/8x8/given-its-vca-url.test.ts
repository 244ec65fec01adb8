/**
 * Audit h186: an 8x8 app given by its call-action webhook's URL (`http://host:port/8x8/vca`, as the
 * explorer writes a scenario file's `target:` when explored so): the VCA went there, as it should,
 * but the session summary (VSS) went to that URL joined with its own path, /8x8/vca/8x8/vss, a 404
 * and a warning on every call. The platform's other webhook paths now go beside the one the URL
 * ends in.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { eightByEightApp, hangup, say } from './apps.js'

const app = eightByEightApp(() => ({ callflow: [say('Goodbye.'), hangup] }))
const server = createServer(app.listener)
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
afterAll(() => new Promise<void>((done) => server.close(() => done())))

describe('8x8: the app given by its VCA URL', () => {
  it('gets the session summary at /8x8/vss, beside the VCA path, with no 404 warning', async () => {
    const call = await callTo(`${origin}/8x8/vca`, { platform: '8x8' }).expectAction('say').expectAction('hangup')
    expect(app.received.map((r) => r.path)).toEqual(['/8x8/vca', '/8x8/vss'])
    expect(call.warnings).toEqual([])
  })

  it('under a mount point of its own (http://host/ivr), the paths go under it, as before', async () => {
    const mounted = eightByEightApp(() => ({ callflow: [say('Goodbye.'), hangup] }))
    const outer = createServer((req, res) => {
      if (!req.url?.startsWith('/ivr/')) return void res.writeHead(404).end()
      req.url = req.url.slice('/ivr'.length)
      mounted.listener(req, res)
    })
    outer.listen(0, '127.0.0.1')
    await once(outer, 'listening')
    try {
      const call = await callTo(`http://127.0.0.1:${(outer.address() as AddressInfo).port}/ivr`, { platform: '8x8' }).expectAction('say').expectAction('hangup')
      expect(mounted.received.map((r) => r.path)).toEqual(['/8x8/vca', '/8x8/vss'])
      expect(call.warnings).toEqual([])
    } finally {
      await new Promise<void>((done) => outer.close(() => done()))
    }
  })
})
