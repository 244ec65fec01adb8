/**
 * The transcript tells the test's mocks' timers on the call's clock from the app's (a nock reply
 * that pauses with `await setTimeout(ms)`, as docs/time.md advises for a mocked latency), but two
 * texts still called such a timer the app's:
 *
 * - a webhook with no answer while the next timer due is a mock's: "The app has a timer due 90 s
 *   (virtual) after this webhook went out …";
 * - the warning that a mock's real delay (nock's `.delay()`) held the call's clock while a timer
 *   was due sooner: "… while the app's 200 ms timeout was due", of a nock reply's pause. There is
 *   no such warning now: the timer fires once its due time passes in the real time the delay holds.
 *
 * The apps are Webex Connect node:http listeners reached over real HTTP, calling a CRM mocked with nock.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

const CRM = 'https://crm.acme.test'

/** Aborts the app's requests a failed call left waiting on a mock's long pause. */
let requests = new AbortController()
afterEach(() => {
  requests.abort()
  requests = new AbortController()
  nock.cleanAll()
})

/** The CRM's name for `path`, fetched with no guard of the app's own. */
const nameOf = async (path: string) => ((await (await fetch(`${CRM}${path}`, { signal: requests.signal })).json()) as { name: string }).name

/** A Webex Connect app: ACCEPTED is answered once `onAccepted()` settles, ANSWERED with a PLAY of `greeting()`. */
const app = (greeting: () => Promise<string>, onAccepted: () => unknown = () => {}) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return (res: ServerResponse) => void Promise.resolve(onAccepted()).then(() => sendAction(res, { action: 'ANSWER' }))
    // A request the test aborted after a failed call (afterEach) ends the handler quietly.
    if (event.event === 'ANSWERED') return (res: ServerResponse) => void greeting().then((text) => sendAction(res, { action: 'PLAY', audio: [tts(text)] }), () => res.destroy())
    return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
  })

/** A nock reply that answers after `ms` on the call's clock (the mocked latency docs/time.md advises). */
const pausing = (path: string, ms: number, name: string) =>
  nock(CRM)
    .get(path)
    .reply(async () => {
      await sleep(ms)
      return [200, { name }]
    })

const failureOf = (flow: PromiseLike<unknown>) =>
  Promise.resolve(flow).then(
    () => undefined,
    (error: Error) => error,
  )

/** The failure's first paragraph (before the request it sent), how long the app's requests went unanswered in real time said as `N`. */
const headOf = (error: Error | undefined) => error?.message.split('\nRequest sent:')[0]?.replace(/no answer after \d+\.\d s/g, 'no answer after N s')

/** The request the answer waits on, listed under the failure (its mock's pause is on the call's clock). */
const CRM_IN_FLIGHT = "\nThe app's requests still in flight (its answer may be waiting on one):\n  • GET https://crm.acme.test/customers/1: no answer after N s of real time"

const NO_ANSWER = "[callspec] turn 2, expectAction('PLAY'): no answer to ANSWERED (POST http://app.callspec.local/): no complete answer within 1500 ms (limits.responseTimeoutMs): the app had not answered by then."

describe("a webhook with no answer while the next timer due is a mock's", () => {
  it("a nock reply's 90 s pause, awaited by the app: said to be the mock's latency, not an app timer", async () => {
    pausing('/customers/1', 90_000, 'Ada')
    const flow = callTo(
      app(async () => `Hi ${await nameOf('/customers/1')}.`),
      { platform: 'webex-connect', seed: 7, limits: { responseTimeoutMs: 1_500 } },
    )
      .expectAction('ANSWER')
      .expectAction('PLAY')
    expect(headOf(await failureOf(flow))).toBe(
      NO_ANSWER +
        " The next timer on the call's clock is not the app's: a nock reply set it, the mocked latency of a request of the app's, due 90 s (virtual) after this webhook went out. " +
        "A webhook's wait fires timers up to 60 s after it, so an answer that waits on that request counts as none: shorten the mock's latency, or give the app a guard of its own (AbortSignal.timeout(ms) on the request) that answers without it." +
        CRM_IN_FLIGHT,
    )
  }, 15_000)

  it('a lookup started on ACCEPTED and awaited on ANSWERED, its nock reply pausing 30 s: fired (the app has nothing else pending), and the late answer said to wait on the mock', async () => {
    pausing('/customers/1', 30_000, 'Ada')
    let lookup: Promise<string> | undefined
    const call = await callTo(
      app(
        async () => `Hi ${await lookup!}.`,
        async () => {
          lookup = nameOf('/customers/1')
          lookup.catch(() => {})
          // The greeting's first words, while the lookup reaches the CRM (its mock sets its pause meanwhile).
          await sleep(10)
        },
      ),
      { platform: 'webex-connect', seed: 7, warnings: 'silent', limits: { responseTimeoutMs: 1_500 } },
    )
      .expectAction('ANSWER')
      .expectAction('PLAY')
    expect(call.actions[1]).toMatchObject({ name: 'PLAY', at: 30_000, raw: { audio: [{ text: 'Hi Ada.' }] } })
    expect(call.print()).toContain('30.0s    · mock timer 30 s → its answer to ANSWERED')
    expect(call.warnings).toEqual([
      "turn 2: the app answered ANSWERED 29.8 s (virtual) after it was sent, held back by the mocked latency a nock reply set on the call's clock, of a request of the app's: longer than the 1.5 s callspec assumes the platform waits (the vendor documents no webhook timeout: your limits.responseTimeoutMs is taken as it) (rule webex-connect/answer-in-time, inferred)",
    ])
  }, 15_000)
})

/** The app asks the CRM for two names at once and greets both. */
const both = () => app(async () => `Hi ${(await Promise.all([nameOf('/a'), nameOf('/b')])).join(' and ')}.`)

describe("a mock's real delay beside a mock's latency on the call's clock, due sooner", () => {
  it('both run down together, as in production: the pause fires after 200 ms of the delay, and the answer comes at +200 ms', async () => {
    nock(CRM).get('/a').delay(300).reply(200, { name: 'Ada' })
    pausing('/b', 200, 'Bob')
    const call = await callTo(both(), { platform: 'webex-connect', seed: 7, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hi Ada and Bob.')
    expect(call.warnings).toEqual([])
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(200)
    expect(call.print()).toContain('mock timer 200 ms')
  })
})
