import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'
import { openHandles, settledHandles } from './handles.js'

/** ACCEPTED is answered by `respond`; the call expects ANSWER. */
const on = (respond: (res: ServerResponse) => void) => webexApp((event) => (event.event === 'ACCEPTED' ? respond : undefined))
const flow = (app: Parameters<typeof callTo>[0], options: { limits?: object; transport?: 'memory' | 'tcp' } = {}) =>
  callTo(app, { platform: 'webex-connect', seed: 3, ...options }).expectAction('ANSWER')

/** An answer that drips one byte every 100 ms, for ever (until the client goes away). */
function dripping(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) return clearInterval(timer)
    res.write(' ')
  }, 100)
  res.on('close', () => clearInterval(timer))
}

describe.each(['memory', 'tcp'] as const)('one deadline per exchange (%s)', (transport) => {
  it('an answer dripped a byte every 100 ms fails at limits.responseTimeoutMs, headers and body together', async () => {
    const before = openHandles()
    const started = performance.now()
    const error = await failureOf(flow(on(dripping), { transport, limits: { responseTimeoutMs: 600 } }))
    const took = performance.now() - started
    expect(took).toBeGreaterThanOrEqual(590)
    // The bound plus time to close the call and report, on a loaded machine.
    expect(took).toBeLessThan(4_000)
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/[^)]+\): no complete answer within 600 ms \(limits\.responseTimeoutMs\): the app sent HTTP 200 and \d+ byte\(s\) of body, then the rest did not come\./,
    )
    expect(await settledHandles(before)).toEqual(before)
  })

  it('headers that never come fail at the same bound', async () => {
    const error = await failureOf(flow(on(() => {}), { transport, limits: { responseTimeoutMs: 200 } }))
    expect(error.message).toContain('no complete answer within 200 ms (limits.responseTimeoutMs): the app never answered.')
  })
})

describe.each(['memory', 'tcp'] as const)('a cap on the answer size (%s)', (transport) => {
  it('a 200 MB answer stops at limits.maxBodyBytes: named turn and request, and reading stops there', async () => {
    let written = 0
    const huge = (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (written < 200 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        if (!res.destroyed) res.end()
      }
      pump()
    }
    const rss = process.memoryUsage().rss
    const error = await failureOf(flow(on(huge), { transport, limits: { maxBodyBytes: 1024 * 1024 } }))
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('ANSWER'\): the answer to turn 1 \(ACCEPTED, POST http:\/\/[^)]+\) exceeded 1048576 bytes \(limits\.maxBodyBytes\): more than that arrived, so callspec stopped reading\. Send a smaller answer, or raise limits\.maxBodyBytes\./,
    )
    // The app was cut off near the cap, not allowed to push its 200 MB through.
    expect(written).toBeLessThan(32 * 1024 * 1024)
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024)
  })

  it('a declared content-length over the cap fails before the body is read', async () => {
    const declared = (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) })
      res.write('{')
    }
    const started = performance.now()
    const error = await failureOf(flow(on(declared), { transport, limits: { maxBodyBytes: 4096 } }))
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(error.message).toContain('exceeded 4096 bytes (limits.maxBodyBytes): its content-length is 52428800, so callspec stopped reading.')
  })

  it('an answer of exactly the cap passes', async () => {
    const action = JSON.stringify({ action: 'ANSWER' })
    const exact = (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(action)
    }
    await flow(on(exact), { transport, limits: { maxBodyBytes: Buffer.byteLength(action) } })
  })
})
