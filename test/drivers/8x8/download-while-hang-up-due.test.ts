/**
 * The caller hangs up while 8x8 downloads a playFile the app serves slowly: in production the
 * caller hangs up when they mean to, whatever the platform is fetching, and a download that fails
 * after the call ended ends nothing. Measured before (audit h154 G1): `[playFile(app URL), hangup]`
 * with `.expectAction('playFile').staySilent(1000).hangUp()`, the file route taking 3 s then 404,
 * failed at 3.0 s with session error -2006 (by URL stamped 0.0 s), the caller's hang-up never sent.
 */
import { describe, expect, it } from 'vitest'
import express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { callTo } from '../../../src/index.js'
import { serviceProcess } from '../../helpers/service-process.js'

describe('8x8: the caller hangs up while a playFile download is held', () => {
  it('in process: the file route takes 3 s then 404; the caller hangs up at 1 s and the call ends by them', async () => {
    const app = express()
    app.use(express.json())
    app.get('/hold.wav', async (_req, res) => {
      await sleep(3000)
      res.status(404).send('<html>nope</html>')
    })
    app.post('/8x8/vca', (_req, res) => res.json({ callflow: [{ action: 'playFile', params: { fileUrl: 'http://localhost/hold.wav' } }, { action: 'hangup' }] }))
    app.post('/8x8/vss', (_req, res) => res.end())
    const call = await callTo(app, { platform: '8x8', seed: 1 }).expectAction('playFile').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['playFile'])
    // The download's 404 came at 3.0 s, after the end: no session error, nothing played.
    expect(call.transcript.entries.filter((e) => e.kind === 'note').map((e) => `${e.at} ${e.text}`)).toContain('3000 the download of http://localhost/hold.wav ended after the call ended: nothing is played')
  })

  describe('by URL', () => {
    // An 8x8 app whose playFile route takes 3 s of real time, then 404.
    const app = serviceProcess(`
      const server = require('node:http').createServer((q, s) => {
        if (q.method === 'GET') return setTimeout(() => { s.statusCode = 404; s.end('<html>not found</html>') }, 3000)
        q.resume()
        q.on('end', () => {
          if (!q.url.startsWith('/8x8/vca')) return s.end()
          s.setHeader('content-type', 'application/json')
          s.end(JSON.stringify({ callflow: [{ action: 'playFile', params: { fileUrl: 'http://127.0.0.1:' + server.address().port + '/hold.wav' } }, { action: 'hangup' }] }))
        })
      }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
    `)

    it('the caller hangs up 1 s of real time into the download, and the call ends by them', async () => {
      const call = await callTo(`http://127.0.0.1:${app.port()}`, { platform: '8x8', seed: 1 }).expectAction('playFile').staySilent(1000).hangUp()
      expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    }, 15_000)
  })
})
