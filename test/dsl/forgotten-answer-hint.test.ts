import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import express from 'express'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const HINT =
  "Hint: nothing of the app's was pending when callspec stopped waiting (no timer, no request of its in flight, no I/O callspec can see): does a branch of the handler return without answering (res.end(), res.json(), res.send())?"

/** A Webex Connect app with a branch that forgets to answer ANSWERED, or that waits on `wait` first. */
function app(wait?: () => Promise<unknown>) {
  const server = express()
  server.use(express.json())
  server.post('/', async (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event !== 'ANSWERED') return void res.end()
    if (!wait) return // forgot to answer
    await wait()
    res.json({ action: 'HANGUP' })
  })
  return server
}

/** A backend in this process that takes requests and never answers them. */
const silent: Server = createServer(() => {})
const listening = new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)))
afterAll(() => {
  // Its one request is never answered: the connection is closed with the server.
  silent.closeAllConnections()
  return new Promise((resolve) => silent.close(resolve))
})

// newcomer audit-119: an app whose handler forgot to answer failed after the whole wait with "the app never answered" and no word of what to look for.
describe('a webhook the app never answers', () => {
  it('asks about a branch that returns without answering when nothing of the app was pending', async () => {
    const error = await failureOf(callTo(app(), { platform: 'webex-connect', limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toMatch(/^\[callspec\] turn 2, expectAction\('PLAY'\): no answer to ANSWERED \(POST http:\/\/app\.callspec\.local\/\): no complete answer within 300 ms .*: the app never answered\.\n/)
    expect(error.message.split('\n')[1]).toBe(HINT)
  })

  it('does not when the app waited on a request of its own, and names that request instead', async () => {
    const port = await listening
    const stop = new AbortController()
    const wait = () => fetch(`http://127.0.0.1:${port}/crm`, { signal: stop.signal }).catch(() => undefined)
    const error = await failureOf(callTo(app(wait), { platform: 'webex-connect', limits: { responseTimeoutMs: 300 } }).expectAction('ANSWER').expectAction('HANGUP'))
    expect(error.message).toMatch(/no complete answer within 300 ms .*: the app had not answered by then\.\nThe app's requests still in flight \(its answer may be waiting on one\):\n {2}• GET http:\/\/127\.0\.0\.1:\d+\/crm: /)
    expect(error.message).not.toContain('the app never answered')
    expect(error.message).not.toContain('Hint: nothing of the app')
    stop.abort()
  })

  // Measured: an answer that waited on a 6 s child failed at the 6 s wait with the hint above, the child still running.
  it('does not when the app waited on a child process past the 2 s callspec waits for one, and names the child instead', async () => {
    let child: ReturnType<typeof execFile> | undefined
    const wait = () => new Promise<void>((resolve) => (child = execFile('sleep', ['5'], () => resolve())))
    try {
      const error = await failureOf(callTo(app(wait), { platform: 'webex-connect', limits: { responseTimeoutMs: 2_600 } }).expectAction('ANSWER').expectAction('HANGUP'))
      expect(error.message).toMatch(
        /no complete answer within 2600 ms .*: the app had not answered by then\.\nThe app's child processes and workers still at work \(its answer may be waiting on one\):\n {2}• the app's child process `sleep 5`: at work for 2\.\d s of real time \(callspec stopped waiting for it after 2 s\)\n/,
      )
      expect(error.message).not.toContain('Hint: nothing of the app')
    } finally {
      child?.kill()
    }
  }, 10_000)

  // Audit H8: an app that began its answer (status, headers, bytes) answered: "does a branch of the
  // handler return without answering?" sent the user looking for a res.end() that is there. Before,
  // a drip on setInterval got that hint right under "The app has a timer due 60.1 s (virtual)".
  it('does not when the app began its answer and drips it on an interval', async () => {
    const error = await failureOf(
      callTo(
        (_req: unknown, res: import('node:http').ServerResponse) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          const drip = setInterval(() => res.write(' '), 100)
          res.on('close', () => clearInterval(drip))
        },
        { platform: 'webex-connect', limits: { responseTimeoutMs: 500 } },
      ).expectAction('ANSWER'),
    )
    expect(error.message.split('\n')[0]).toContain('the app sent HTTP 200')
    expect(error.message).not.toContain('Hint: nothing of the app')
  })

  it('does not when the app began its answer and stalled after its first bytes', async () => {
    const error = await failureOf(
      callTo(
        (_req: unknown, res: import('node:http').ServerResponse) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.write('{"action":')
        },
        { platform: 'webex-connect', limits: { responseTimeoutMs: 300 } },
      ).expectAction('ANSWER'),
    )
    expect(error.message.split('\n')[0]).toContain('the app sent HTTP 200')
    expect(error.message).not.toContain('Hint: nothing of the app')
  })

  // The same audit: a timer the app clears when the request closes is gone by the time the failure
  // is written; the failure says the timer was due, and must not then say no timer was pending.
  it('does not when the app held its answer on a timer past the wait (cleared when the request closed)', async () => {
    const error = await failureOf(
      callTo(
        (_req: unknown, res: import('node:http').ServerResponse) => {
          const later = setTimeout(() => res.end('{"action":"ANSWER"}'), 70_000)
          res.on('close', () => clearTimeout(later))
        },
        { platform: 'webex-connect', limits: { responseTimeoutMs: 500 } },
      ).expectAction('ANSWER'),
    )
    expect(error.message.split('\n')[0]).toContain('The app has a timer due 70 s (virtual) after this webhook went out')
    expect(error.message).not.toContain('Hint: nothing of the app')
  })
})

// Audit h175 F4: an idle timer set on ACCEPTED, past the patience, fires once only timers are
// pending; the answer still does not come. The failure said the timer was left unfired "while the
// app has other work pending (a request, real I/O)", with the transcript showing it fired.
describe('a webhook the app never answers beside an idle timer it set before', () => {
  it('says nothing was pending once that timer fired, not that it waited on other work', async () => {
    const idle = express()
    idle.use(express.json())
    idle.post('/', (req, res) => {
      const { event } = req.body as { event: string }
      if (event === 'ACCEPTED') {
        setTimeout(() => {}, 30_000)
        return void res.json({ action: 'ANSWER' })
      }
      if (event !== 'ANSWERED') res.end() // forgot to answer ANSWERED
    })
    const error = await failureOf(callTo(idle, { platform: 'webex-connect', limits: { responseTimeoutMs: 2_000 } }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toMatch(/no complete answer within 2000 ms \(limits\.responseTimeoutMs\): the app never answered\.\n/)
    expect(error.message).toContain(HINT)
    expect(error.message).toMatch(/30\.\ds {4}· app timer 30 s → nothing sent to the platform/)
    expect(error.message).not.toContain('while the app has other work pending')
  })
})
