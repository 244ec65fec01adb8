/**
 * audit h170: the in-memory socket an in-process app is handed lacked net.Socket members that
 * logging and metrics middleware read. Measured before, in an Express webhook handler:
 * `req.socket.bytesRead`, `bytesWritten`, `readyState`, `pending`, `localFamily` and `bufferSize`
 * were undefined (over TCP: 348, 0, 'open', false, 'IPv4', 0); `timeout` was 0 where TCP has
 * undefined until one is set; `req.socket.resetAndDestroy()` threw "is not a function", so the call
 * failed as the app's crash where over TCP it failed as a reset. Each is driven over real HTTP, in
 * memory and over loopback TCP, and the two must agree.
 */
import type { Socket } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

type Row = Record<string, unknown>

/**
 * A Webex Connect IVR whose middleware logs the socket's members for each webhook, the byte
 * counts as what each exchange added: its request (head as the app received it, then the body)
 * and its response (head and body). The host header differs between transports (the stable
 * origin in memory, a port over TCP), so the counts are checked against the bytes each saw.
 */
function loggingApp(rows: Row[]) {
  const app = express()
  const before = new WeakMap<Socket, { read: number; written: number }>()
  app.use(express.text({ type: '*/*' }))
  app.use((req, res, next) => {
    const socket = req.socket as Socket & { resetAndDestroy?: unknown; localFamily?: unknown; bufferSize?: unknown }
    const was = before.get(socket) ?? { read: 0, written: 0 }
    const head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n${req.rawHeaders.map((v, i) => (i % 2 ? `${v}\r\n` : `${v}: `)).join('')}\r\n`
    const row: Row = {
      event: (JSON.parse(req.body as string) as { event: string }).event,
      readRequest: socket.bytesRead - was.read === Buffer.byteLength(head) + Buffer.byteLength(req.body as string),
      writtenBefore: socket.bytesWritten - was.written,
      readyState: socket.readyState,
      pending: socket.pending,
      localFamily: socket.localFamily,
      remoteFamily: socket.remoteFamily,
      bufferSize: socket.bufferSize,
      timeout: socket.timeout,
      resetAndDestroy: typeof socket.resetAndDestroy,
    }
    rows.push(row)
    res.on('finish', () => {
      const header = (res as unknown as { _header: string })._header
      row.wroteResponse = socket.bytesWritten - was.written === Buffer.byteLength(header) + Number(/content-length: (\d+)/i.exec(header)![1])
      row.readyStateAfter = socket.readyState
      before.set(socket, { read: socket.bytesRead, written: socket.bytesWritten })
    })
    next()
  })
  app.post('/', (req, res) => {
    const { event } = JSON.parse(req.body as string) as { event: string }
    if (event === 'ACCEPTED') return res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Goodbye.' }] })
    if (event === 'PLAYED') return res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

describe("net.Socket's members, read by an in-process app's middleware", () => {
  it('are what TCP gives: byte counts that grow with each exchange, readyState, families, timeout', async () => {
    const seen: Record<string, Row[]> = {}
    for (const transport of ['memory', 'tcp'] as const) {
      const rows: Row[] = []
      await callTo(loggingApp(rows), { platform: 'webex-connect', seed: 3, transport }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      seen[transport] = rows
    }
    const each = { readRequest: true, wroteResponse: true, writtenBefore: 0, readyState: 'open', readyStateAfter: 'open', pending: false, localFamily: 'IPv4', remoteFamily: 'IPv4', bufferSize: 0, resetAndDestroy: 'function' }
    for (const transport of ['memory', 'tcp']) {
      expect(seen[transport]!.map(({ event }) => event)).toEqual(['ACCEPTED', 'ANSWERED', 'PLAYED', 'DROPPED'])
      for (const row of seen[transport]!) expect(row, transport).toMatchObject(each)
      // undefined until set; Node's server sets 0 on a connection kept alive for the next request
      // (which webhooks share one differs: TCP drops an idle one early, docs/transport.md).
      expect(seen[transport]![0]!.timeout, transport).toBeUndefined()
    }
  })

  it("readyState is 'readOnly' once the app ends its side, 'closed' once reset", async () => {
    const states: Record<string, string[]> = {}
    for (const transport of ['memory', 'tcp'] as const) {
      const seen: string[] = (states[transport] = [])
      const app = express()
      app.use(express.json())
      app.post('/', (req, res) => {
        const socket = req.socket
        if (req.body.event !== 'ACCEPTED') return void res.end()
        const body = JSON.stringify({ action: 'ANSWER' })
        // An answer written on the socket by hand, then its side ended: the client still talks.
        socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`)
        seen.push(socket.readyState)
        socket.resetAndDestroy()
        seen.push(socket.readyState)
      })
      await callTo(app, { platform: 'webex-connect', seed: 3, transport }).expectAction('ANSWER')
    }
    expect(states).toEqual({ memory: ['readOnly', 'closed'], tcp: ['readOnly', 'closed'] })
  })

  it.each(['memory', 'tcp'] as const)('resetAndDestroy() in the handler fails the turn as a reset (%s)', async (transport) => {
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => (req.body.event === 'ACCEPTED' ? res.json({ action: 'ANSWER' }) : req.socket.resetAndDestroy()))
    const error = await failureOf(callTo(app, { platform: 'webex-connect', seed: 3, transport }).expectAction('ANSWER').expectHangup())
    expect(error.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 2, expectHangup\(\): no answer to ANSWERED \(POST http:\/\/(app\.callspec\.local|127\.0\.0\.1:\d+)\/\): the connection was reset before a response came back: the app closed it without answering \(res\.destroy\(\) or req\.socket\.destroy\(\) in its handler\?\)$/,
    )
  })
})
