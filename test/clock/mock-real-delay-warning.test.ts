/**
 * A mocked dependency whose latency is a real delay (nock's `.delay()`, msw's `delay()`) holds the
 * call's clock while the app's request waits for it, so a 50 ms mock does not lose to the app's 1 s
 * guard. The price (audit-93, finding 4): a 300 ms mock beats a 200 ms guard, where in production
 * the guard fires first and the fallback plays. callspec keeps that verdict, and says so.
 */
import type { ServerResponse } from 'node:http'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

const CRM = 'https://crm.example.com'

afterEach(() => {
  nock.cleanAll()
})

/**
 * The greeting: the CRM's name under the app's own guard of `guardMs`, or the fallback. The guard
 * is a `setTimeout` that aborts the request; `AbortSignal.timeout(guardMs)` is a bound on the
 * request itself, which runs down in real time while the request holds the call's clock (below).
 */
async function greeting(guardMs: number, path = '/c', guard: 'timer' | 'signal' = 'timer'): Promise<string> {
  const controller = new AbortController()
  const timer = guard === 'timer' ? setTimeout(() => controller.abort(), guardMs) : undefined
  try {
    const response = await fetch(`${CRM}${path}`, { signal: guard === 'timer' ? controller.signal : AbortSignal.timeout(guardMs) })
    return `Hello ${((await response.json()) as { name: string }).name}.`
  } catch {
    return 'Hello, welcome to Acme.'
  } finally {
    clearTimeout(timer)
  }
}

/** ANSWERED is answered with `text()`'s greeting; PLAYED with `next()` if given (another prompt), else a hang-up. */
const crmApp = (text: () => Promise<string>, next?: () => Promise<string>) =>
  webexApp((event, seen) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    const played = seen.filter((e) => e.event === 'PLAYED').length
    const say = event.event === 'ANSWERED' ? text : event.event === 'PLAYED' && played === 1 && next ? next : undefined
    if (say) {
      return (res: ServerResponse) =>
        void say().then((greeting) => {
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ action: 'PLAY', audio: [tts(greeting)] }))
        })
    }
    if (event.event === 'DROPPED') return undefined
    return { action: 'HANGUP' }
  })

const WARNING =
  "turn 2: the app's request GET https://crm.example.com/c was answered by a mock after 300 ms of real time (nock's .delay(), msw's delay()), which held the call's clock while the app's 200 ms timeout was due: in production that timer fires first. Put the mock's latency on the call's clock instead (await setTimeout(ms) from 'node:timers/promises' in the reply function; see docs/time.md) (rule webex-connect/mock-real-delay (inferred: the test's mock, not the vendor: its real delay held the call's clock))"

describe("a mock's real delay that outlasts an app timer due meanwhile is a warning", () => {
  it('nock .delay(300) against a 200 ms guard timer: the CRM’s answer plays, as before, with a warning', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    const call = await callTo(crmApp(() => greeting(200)), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello Ada.')
    expect(call.warnings).toEqual([WARNING])
    expect(call.print()).toContain(`⚠ ${WARNING.replace('turn 2: ', '')}`)
  })

  it('nock .delay(300) against a 200 ms AbortSignal.timeout on the request: aborted after 200 ms of the real delay, at virtual +200 ms, as in production; no warning', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    const call = await callTo(crmApp(() => greeting(200, '/c', 'signal')), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    const answered = call.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(call.actions.find((a) => a.name === 'PLAY')!.at - answered.at).toBe(200)
    expect(call.warnings).toEqual([])
  })

  it('nock .delay(50) against a 1 s guard: no warning (in production too the mock answers first)', async () => {
    nock(CRM).get('/c').delay(50).reply(200, { name: 'Ada' })
    const call = await callTo(crmApp(() => greeting(1_000)), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello Ada.')
    expect(call.warnings).toEqual([])
  })

  it('the same again later in the call: one warning, the rest counted in a note at the end', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    nock(CRM).get('/d').delay(300).reply(200, { name: 'Bob' })
    const call = await callTo(crmApp(() => greeting(200), () => greeting(200, '/d')), { platform: 'webex-connect', warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectAction('PLAY')
      .expectHangup()
    expect(call).toHavePlayed('Hello Bob.')
    expect(call.warnings).toEqual([WARNING])
    // (Another test file's app, still running in this worker, may add a request of its own.)
    expect(call.print()).toMatch(
      /· 1 more request of the app's was answered by a mock's real delay while a timer of the app's due sooner waited \(see the warning above\): GET https:\/\/crm\.example\.com\/d\n/,
    )
  })

  it('no warning when the app has no timer that could fire first', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    const plain = async () => `Hello ${((await (await fetch(`${CRM}/c`)).json()) as { name: string }).name}.`
    const call = await callTo(crmApp(plain), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello Ada.')
    expect(call.warnings).toEqual([])
  })
})
