/**
 * A CRM stubbed as an HTTP server in the test's own process, its latency a `setTimeout` in its
 * handler (a common alternative to msw or nock): that timer is on the call's clock, so the stub
 * answers when the call's time reaches it. Before, callspec could not tell it from a stub working
 * on real time and held the clock for the 2 s patience: every such call cost 2 s of real time
 * (audit-93 #10). A stub on a real timer still holds time (test/drivers/enablex/answer-deadline.test.ts).
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { stubServer } from '../helpers/stub-server.js'

let latencyMs = 0
const stub = stubServer((_req, res) => void setTimeout(() => res.end(JSON.stringify({ name: 'Ada' })), latencyMs))

/** Greets the caller by the name `lookup` fetches from the CRM, or generically when the CRM takes over 1 s. */
const greeter = (lookup: (signal: AbortSignal) => Promise<Response>) =>
  express()
    .use(express.json())
    .post('/', async (req, res) => {
      const { event } = req.body as { event: string }
      if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
      if (event === 'ANSWERED') {
        let text = 'Hello, welcome to Acme.'
        try {
          text = `Hello ${((await (await lookup(AbortSignal.timeout(1_000))).json()) as { name: string }).name}.`
        } catch {
          // the 1 s guard: the generic greeting
        }
        return void res.json({ action: 'PLAY', audio: [{ type: 'TTS', text }] })
      }
      if (event === 'PLAYED') return void res.json({ action: 'HANGUP' })
      res.end()
    })

/** A call to `app`, and the real ms it took. */
const timedCall = async (app: ReturnType<typeof greeter>, seed: number) => {
  const started = performance.now()
  const call = await callTo(app, { platform: 'webex-connect', seed }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
  return { call, realMs: performance.now() - started }
}

const app = greeter((signal) => fetch(`${stub.url}/customer`, { signal }))

const greet = (ms: number) => {
  latencyMs = ms
  return timedCall(app, 8)
}

describe("a stub server in the test's process, its latency on the call's clock", () => {
  it('answering in 300 ms beats the 1 s guard, at virtual +300 ms, in well under the 2 s patience', async () => {
    const { call, realMs } = await greet(300)
    expect(call).toHavePlayed('Hello Ada.')
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(300)
    expect(call.print()).not.toContain('has had no answer for 2 s')
    expect(realMs).toBeLessThan(1_500)
  })

  it('answering in 3 s loses to the 1 s guard at virtual +1 s, as in production, without waiting 2 s of real time', async () => {
    const { call, realMs } = await greet(3_000)
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(1_000)
    expect(realMs).toBeLessThan(1_500)
  })
})

describe('a stub server on a real timer, while the app arms one of its own (audit-104)', () => {
  /** Node's setTimeout as it was at load: a stub whose latency keeps real time. */
  const realSetTimeout = globalThis.setTimeout
  const realStub = stubServer((_req, res) => void realSetTimeout(() => res.end(JSON.stringify({ name: 'Ada' })), 300))

  it("answering in 300 ms of real time still beats the app's 1 s guard, though the app set a 30 s idle timer meanwhile", async () => {
    let idle: ReturnType<typeof setTimeout> | undefined
    // Its idle timer armed while the lookup is in flight, the way an app that cleans up after a quiet spell does.
    const guarded = greeter((signal) => {
      const lookup = fetch(`${realStub.url}/customer`, { signal })
      idle = setTimeout(() => {}, 30_000)
      return lookup
    })
    const call = await callTo(guarded, { platform: 'webex-connect', seed: 9 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    clearTimeout(idle)
    expect(call).toHavePlayed('Hello Ada.')
  })
})

describe("an Express stub that reads the request's body first (express.json()), its latency set in the route", () => {
  let stubLatencyMs = 0
  const expressStub = stubServer(
    express()
      .use(express.json())
      .post('/customer', (req, res) => void setTimeout(() => res.json({ name: (req.body as { name: string }).name }), stubLatencyMs)),
  )

  /** Posts the caller's name as JSON (the stub echoes it), so the stub's express.json() reads a body. */
  const posting = greeter((signal) => fetch(`${expressStub.url}/customer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Ada"}', signal }))

  const greetPosting = (ms: number) => {
    stubLatencyMs = ms
    return timedCall(posting, 10)
  }

  it("answering in 300 ms beats the 1 s guard at virtual +300 ms, its timer the stub's, in well under the 2 s patience", async () => {
    const { call, realMs } = await greetPosting(300)
    expect(call).toHavePlayed('Hello Ada.')
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(300)
    // The stub's latency, not the app's: before, "app timer 300 ms", after 2 s of real time.
    expect(call.print()).toContain('mock timer 300 ms → its answer to ANSWERED')
    expect(call.print()).not.toContain('app timer 300 ms')
    expect(call.print()).not.toContain('has had no answer for 2 s')
    expect(realMs).toBeLessThan(1_500)
  })

  it('answering in 3 s loses to the 1 s guard at virtual +1 s, as in production, without waiting 2 s of real time', async () => {
    const { call, realMs } = await greetPosting(3_000)
    // Its latency still pending at the end is the stub's, said to be: not the app's, nor "the app's, or a server's".
    expect(call.print()).toContain("1 mock timer(s) still pending when the call ended (set by the test's mocks, not the app), handed back to real time (they run on, and may fire during a later test): 3 s timeout (server in the test's process)")
    expect(call.print()).not.toContain('app timer(s)')
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(1_000)
    expect(realMs).toBeLessThan(1_500)
  })
})
