/**
 * A call still running when its test ends (the other call of a Promise.all rejected first) is
 * stopped there. Measured before: it held the app's clock until its own bounds ran out, and the
 * next test's call waited 3.2 s of its 5 s for its turn.
 */
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts, webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
/** Answers ACCEPTED, then never answers again. */
const hanging = () => webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : () => {}))
const playing = () => callTo(answering({ action: 'PLAY', audio: [tts('Hi.')] }), W).expectAction('ANSWER').expectAction('PLAY')

describe('a call left running by its test', () => {
  let leftOver: Promise<unknown> | undefined

  it('one call of a Promise.all fails at once; the other, to an app that hangs, is still running when the test ends', async () => {
    const rejected = callTo(answering({ action: 'HANGUP' }), W).expectAction('REJECT')
    const app = hanging()
    const left = callTo(app, W).expectAction('ANSWER').expectAction('PLAY')
    // Promise.all starts them in order (a call runs from its first then()): the hanging one second.
    const both = Promise.all([rejected, left])
    leftOver = both.catch(() =>
      left.then(
        () => 'passed',
        (error: unknown) => error,
      ),
    )
    await expect(both).rejects.toThrow(/expected action REJECT/)
    // The test ends once the other call waits for the answer the app never gives.
    await vi.waitFor(() => expect(app.seen.map((e) => e.event)).toContain('ANSWERED'))
  })

  it("is stopped at that test's end, with a message saying so: the next test's call does not wait for it", async () => {
    const started = performance.now()
    const call = await playing()
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
    expect(performance.now() - started).toBeLessThan(1_500)
    const error = (await leftOver) as Error
    expect(error.message).toMatch(/^\[callspec\] turn 2, expectAction\('PLAY'\): the test that started this call ended while the call was still running, so callspec stopped it here/)
    expect(error.message).toContain('Promise.allSettled')
  })
})

describe.concurrent('concurrent tests (vitest cannot say which one a call belongs to)', () => {
  // An app by URL, in this process: its own timers are real, so its answer takes 300 ms of real time.
  let server: Server
  let url = ''
  beforeAll(async () => {
    const slow = answering({ action: 'PLAY', audio: [tts('Hi.')] })
    server = createServer((req, res) => setTimeout(() => slow(req, res), 300))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('a call still running when another concurrent test ends is not stopped', async () => {
    const call = await callTo(url, W).expectAction('ANSWER').expectAction('PLAY')
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
  })

  it('(the other test, which ends first)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100))
  })
})
