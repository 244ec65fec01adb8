/**
 * audit-85 finding 3: a dependency the test serves in its own process, whose latency is on the
 * call's clock (a stub server or a mock handler awaiting `setTimeout` from node:timers/promises, as
 * docs/time.md shows for testing an app's timeout path), held the call for 2 s of real time on
 * every request: the request in flight held the clock, and its answer waited for the clock to move,
 * until callspec's 2 s patience for an unanswered request ran out. Now a request a mock library's
 * handler answers from a timer of the call's clock (no socket awaiting a reply elsewhere, no mock
 * library's real delay, no server of the process working on a request) stops holding the clock
 * once the app is otherwise quiet, and time moves for it at once. A test's stub server keeps the
 * 2 s: it may answer from a real timer callspec cannot see (test/drivers/enablex/answer-deadline.test.ts).
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

afterEach(() => void nock.cleanAll())

/** Looks the caller up at `url` under a 1 s guard (AbortSignal.timeout) before it greets them. */
const greeter = (url: () => string) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED')
      return (res: ServerResponse) =>
        void fetch(url(), { signal: AbortSignal.timeout(1_000) })
          .then(async (r) => `Welcome back, ${((await r.json()) as { name: string }).name}.`)
          .catch(() => 'Sorry, our systems are slow.')
          .then((text) => {
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify({ action: 'PLAY', audio: [tts(text)] }))
          })
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

const timerLines = (printed: string) => printed.split('\n').filter((l) => /· (app|mock) timer/.test(l) || l.includes('no answer for')).map((l) => l.trim().replace(/\s+/g, ' '))

const CRM = 'https://crm.acme.test/customers/1'
/** The CRM mocked with nock, its reply function pausing `ms` on the call's clock (node:timers/promises) first. */
const crmPausing = (ms: number) =>
  nock('https://crm.acme.test')
    .get('/customers/1')
    .reply(async () => {
      await sleep(ms)
      return [200, { name: 'Ada' }]
    })
/** A call to the greeter, its time in real ms, and its first app-timer line. */
async function greeting() {
  const started = performance.now()
  const call = await callTo(greeter(() => CRM), { platform: 'webex-connect', seed: 2 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
  return { call, realMs: performance.now() - started, firstTimer: timerLines(call.print())[0] }
}

describe("a dependency answered in the test's process, on the call's clock", () => {
  it("a nock reply faster than the guard, on the call's clock: its answer comes at virtual +0.3 s", async () => {
    crmPausing(300)
    const { call, realMs, firstTimer } = await greeting()
    expect(call).toHavePlayed('Welcome back, Ada.')
    // The mock's 300 ms pause, not the app's timer (audit-93 #9).
    expect(firstTimer).toBe('0.5s · mock timer 300 ms → its answer to ANSWERED')
    expect(realMs).toBeLessThan(1_000)
  })

  it("a nock reply that awaits the call's clock: the guard fires at virtual +1 s", async () => {
    crmPausing(3_000)
    const { call, realMs, firstTimer } = await greeting()
    expect(call).toHavePlayed('Sorry, our systems are slow.')
    expect(firstTimer).toBe('1.2s · app timer 1 s → its answer to ANSWERED')
    // Far short of the mock's 3 s pause in real time, which is what this guards against: 450-660 ms
    // alone, 1,028 ms once in a clean-clone run of the whole suite (the bound was 1,000).
    expect(realMs).toBeLessThan(2_000)
  })

  it("nock's real .delay() still holds the clock: a 100 ms CRM beats the 1 s guard", async () => {
    nock('https://crm.acme.test').get('/customers/1').delay(100).reply(200, { name: 'Ada' })
    const { call } = await greeting()
    expect(call).toHavePlayed('Welcome back, Ada.')
  })
})
