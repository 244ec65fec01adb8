/**
 * The hostile corpus's harness: each behaviour runs inside `contained()`, which asserts what every
 * hostile case must hold besides its own message: it ends within a bound of real time, nothing
 * escapes as an unhandled rejection or uncaught exception, and no socket, server or timer is
 * left open afterwards.
 */
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { expect } from 'vitest'

/** Sockets, servers and timers the process holds (vitest's own are in the baseline). */
const handles = (): string[] =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout')
    .sort()

/** libuv finishes closing a handle a loop turn or two after close(): poll, bounded. */
async function settled(before: string[]): Promise<string[]> {
  const extra = () => {
    const now = handles()
    for (const h of before) {
      const i = now.indexOf(h)
      if (i >= 0) now.splice(i, 1)
    }
    return now
  }
  for (let i = 0; i < 100 && extra().length > 0; i++) await new Promise((r) => setTimeout(r, 10))
  return extra()
}

/** Runs `body` and holds it to the corpus's rules: within `withinMs`, no escapes, no leftovers. */
export async function contained<T>(withinMs: number, body: () => PromiseLike<T>): Promise<T> {
  const escaped: unknown[] = []
  const onEscape = (reason: unknown) => escaped.push(reason)
  process.on('unhandledRejection', onEscape)
  process.on('uncaughtException', onEscape)
  const before = handles()
  const started = performance.now()
  try {
    const result = await body()
    expect(performance.now() - started, 'the behaviour took too long').toBeLessThan(withinMs)
    // A rejection surfaces a microtask or a loop turn after the fact: let it.
    await new Promise((r) => setImmediate(r))
    expect(escaped, 'nothing escapes as an unhandled rejection or exception').toEqual([])
    expect(await settled(before), 'no socket, server or timer left open').toEqual([])
    return result
  } finally {
    process.off('unhandledRejection', onEscape)
    process.off('uncaughtException', onEscape)
  }
}

export { failureOf } from '../helpers/failure-of.js'

/** A raw TCP server: `onConnection` writes whatever bytes it likes. Closed with everything on it. */
export async function rawServer(onConnection: (socket: net.Socket, request: Promise<string>) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    const request = new Promise<string>((resolve) => {
      let text = ''
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1')
        const head = text.indexOf('\r\n\r\n')
        if (head < 0) return
        const length = Number(/content-length:\s*(\d+)/i.exec(text.slice(0, head))?.[1] ?? 0)
        if (text.length >= head + 4 + length) resolve(text)
      })
    })
    onConnection(socket, request)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** An http server answering every request with `respond` (the body is read first). */
export async function httpServer(respond: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => respond(req, res, body))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Sends raw bytes to `url` and reads what comes back until the server closes or `readMs` of quiet
 * passes. `abortAfterWrite`: the client goes away right after writing (an abort mid-body).
 */
export function rawExchange(url: string, bytes: string | Buffer | Array<string | Buffer>, options: { abortAfterWrite?: boolean; readMs?: number } = {}): Promise<string> {
  const { port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1')
    let text = ''
    let quiet: NodeJS.Timeout | undefined
    const finish = () => {
      clearTimeout(quiet)
      socket.destroy()
      resolve(text)
    }
    const rearm = () => {
      clearTimeout(quiet)
      quiet = setTimeout(finish, options.readMs ?? 300)
    }
    socket.on('error', finish)
    socket.on('close', finish)
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
      rearm()
    })
    socket.on('connect', () => {
      for (const part of Array.isArray(bytes) ? bytes : [bytes]) socket.write(part)
      if (options.abortAfterWrite) return finish()
      rearm()
    })
  })
}

/** The status line's code of a raw HTTP answer, or undefined. */
export const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]) || undefined
