/**
 * A mocked dependency whose latency is a real delay (nock's `.delay()`, msw's `delay()`) holds the
 * call's clock while the app's request waits for it, so a 50 ms mock does not lose to the app's 1 s
 * guard. A guard due sooner than the delay runs down with it, as production's clock does: a 300 ms
 * mock loses to a 200 ms guard and the fallback plays at virtual +200 ms. Before, the mock's answer
 * played, with a warning that production differs (audit-93, finding 4; audit-115 finding 1).
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

/** The virtual ms from ANSWERED to the PLAY answering it (the greeting's turn). */
const greetingTook = (call: Awaited<ReturnType<typeof callTo>>) => call.actions.find((a) => a.name === 'PLAY')!.at - call.webhooks.find((w) => w.name === 'ANSWERED')!.at

describe("a mock's real delay races the app's timers as production's latency does", () => {
  it('nock .delay(300) against a 200 ms guard timer: the guard fires after 200 ms of the delay, the fallback plays at virtual +200 ms, no warning', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    const call = await callTo(crmApp(() => greeting(200)), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    expect(greetingTook(call)).toBe(200)
    expect(call.print()).toContain('app timer 200 ms → its answer to ANSWERED')
    expect(call.warnings).toEqual([])
  })

  it('nock .delay(300) against a 200 ms AbortSignal.timeout on the request: aborted at virtual +200 ms, as in production', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    const call = await callTo(crmApp(() => greeting(200, '/c', 'signal')), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello, welcome to Acme.')
    expect(greetingTook(call)).toBe(200)
    expect(call.warnings).toEqual([])
  })

  it('nock .delay(50) against a 1 s guard: the mock answers first, at the webhook’s instant (in production too)', async () => {
    nock(CRM).get('/c').delay(50).reply(200, { name: 'Ada' })
    const call = await callTo(crmApp(() => greeting(1_000)), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello Ada.')
    expect(greetingTook(call)).toBe(0)
    expect(call.print()).not.toContain('app timer 1 s')
    expect(call.warnings).toEqual([])
  })

  it('the same twice in a call: the guard wins each time', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    nock(CRM).get('/d').delay(300).reply(200, { name: 'Bob' })
    const call = await callTo(crmApp(() => greeting(200), () => greeting(200, '/d')), { platform: 'webex-connect', warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectAction('PLAY')
      .expectHangup()
    expect(call.actions.filter((a) => a.name === 'PLAY').map((a) => a.prompts?.[0]?.text)).toEqual(['Hello, welcome to Acme.', 'Hello, welcome to Acme.'])
    expect(call.warnings).toEqual([])
  })

  it('no timer that could fire first: the mock’s answer, however long its delay', async () => {
    nock(CRM).get('/c').delay(300).reply(200, { name: 'Ada' })
    const plain = async () => `Hello ${((await (await fetch(`${CRM}/c`)).json()) as { name: string }).name}.`
    const call = await callTo(crmApp(plain), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('Hello Ada.')
    expect(greetingTook(call)).toBe(0)
    expect(call.warnings).toEqual([])
  })
})
