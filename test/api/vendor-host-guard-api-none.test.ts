import dns from 'node:dns'
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { callTo } from '../../src/index.js'
import { callLogReader } from './fixtures/call-log-reader.js'

/**
 * A call with `api: 'none'` after a call that had callspec answer the vendor's hosts (a default
 * webhook-only call holds the guard on tls.connect): the app's request to the vendor host, when the
 * test does not mock it, is still kept off the network, and what callspec says of it is true: a
 * call is in progress (with `api: 'none'`), the answer is callspec's own, and the test can answer it
 * with a mock of its own. Before, it was answered and warned of as "after its call had ended, with
 * no call in progress", with the after-the-call answer in the vendor's shape.
 */

const ORIGIN = 'https://api.voxolo.gy'

/** The guard's once-per-process warning flags (vendor-guard.ts), so each test sees the warnings it causes. */
type Flags = { warned: boolean; warnedPassing?: boolean }
const guardState = () => (globalThis as unknown as Record<symbol, Flags | undefined>)[Symbol.for('callspec.vendorGuard')]
let before: Flags = { warned: false }
let lookedUp: string[] = []
let warn: MockInstance<typeof console.warn>

beforeEach(() => {
  lookedUp = []
  const real = dns.lookup
  vi.spyOn(dns, 'lookup').mockImplementation(function (this: unknown, ...args: unknown[]) {
    lookedUp.push(String(args[0]))
    return (real as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof dns.lookup)
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const state = guardState()
  before = { warned: state?.warned ?? false, warnedPassing: state?.warnedPassing ?? false }
  if (state) Object.assign(state, { warned: false, warnedPassing: false })
})

afterEach(() => {
  vi.restoreAllMocks()
  nock.cleanAll()
  const state = guardState()
  if (state) Object.assign(state, { warned: state.warned || before.warned, warnedPassing: (state.warnedPassing ?? false) || before.warnedPassing })
})

const guardWarnings = () => warn.mock.calls.map((c) => String(c[0])).filter((line) => line.startsWith('[callspec] the app sent'))

const ANSWER = {
  status: 404,
  body: {
    error:
      "callspec answered this request itself, not the vendor: the call in progress passes api: 'none', and callspec keeps https://api.voxolo.gy off the network in this process once a call has had callspec answer it. Mock the host in the test (nock, msw) to answer it.",
  },
}

/** A default call first: it has callspec answer api.voxolo.gy (the guard holds it from then on). */
async function guardedByAnEarlierCall() {
  await callTo(callLogReader(ORIGIN, false).app, { platform: 'voxology' }).expectAction('SAY').expectHangup()
}

describe("a call with api: 'none' after a call that had callspec answer the vendor host", () => {
  it("the app's unmocked read gets callspec's own answer, said as during that call, once per process", async () => {
    await guardedByAnEarlierCall()
    const { app, seen, ids } = callLogReader(ORIGIN)
    await callTo(app, { platform: 'voxology', api: 'none' }).expectAction('SAY').expectHangup()

    expect(seen).toEqual([ANSWER])
    expect(lookedUp).not.toContain('api.voxolo.gy')
    const [callId] = ids
    expect(guardWarnings()).toEqual([
      `[callspec] the app sent GET ${ORIGIN}/v1/History/Logs/Calls/${callId} while a call with api: 'none' was in progress. ` +
        `callspec answered it HTTP 404 ${JSON.stringify(ANSWER.body)}, and it did not reach the real vendor: ` +
        `once a call in this process has had callspec answer a vendor host, callspec keeps that host off the network for the rest of the process, whatever a later call's api option, so the app's credentials never reach the real vendor. ` +
        `To answer such a request yourself, mock ${ORIGIN} in the test (nock, msw): a mock answers before callspec does. ` +
        `Later requests like it are answered alike, without this notice.`,
    ])

    // Bounded: the next such request is answered alike, without another notice.
    const again = callLogReader(ORIGIN)
    await callTo(again.app, { platform: 'voxology', api: 'none' }).expectAction('SAY').expectHangup()
    expect(again.seen).toEqual([ANSWER])
    expect(guardWarnings()).toHaveLength(1)
  })

  it("the test's own nock mock of the host answers it, and nothing is said", async () => {
    await guardedByAnEarlierCall()
    const scope = nock(ORIGIN).get(/\/v1\/History\/Logs\/Calls\/.+/).reply(200, { mine: true })
    const { app, seen } = callLogReader(ORIGIN)
    await callTo(app, { platform: 'voxology', api: 'none' }).expectAction('SAY').expectHangup()

    expect(seen).toEqual([{ status: 200, body: { mine: true } }])
    expect(scope.isDone()).toBe(true)
    expect(guardWarnings()).toEqual([])
  })

  it('after the api: \'none\' call, a request is said as after the call again, in words true of a host no interceptor held', async () => {
    await guardedByAnEarlierCall()
    const { app } = callLogReader(ORIGIN, false)
    await callTo(app, { platform: 'voxology', api: 'none' }).expectAction('SAY').expectHangup()
    // A make-call with no call in progress: callspec cannot place it.
    const late = await fetch(`${ORIGIN}/v1/Dials/Connect`, {
      method: 'POST',
      headers: { 'x-api-key': 'the-apps-key', 'content-type': 'application/json' },
      body: JSON.stringify({ call: { no: '+14155550124', caller_id_no: '+17145550199' } }),
    }).then(async (r) => ({ status: r.status, body: JSON.parse(await r.text()) as unknown }))
    const body = {
      error: `callspec's fake API has no call in progress: POST /v1/Dials/Connect came after the last call in this process that had callspec answer ${ORIGIN} ended (callspec keeps that host off the network from then on; nothing reaches the real vendor)`,
    }
    expect(late).toEqual({ status: 404, body })
    expect(guardWarnings()).toEqual([
      `[callspec] the app sent POST ${ORIGIN}/v1/Dials/Connect after its call had ended, with no call in progress on that vendor host. ` +
        `callspec answered it HTTP 404 ${JSON.stringify(body)} (callspec cannot place it with no call in progress), and it did not reach the real vendor: ` +
        `callspec keeps a vendor host off the network in this process once a call has had callspec answer it. The call it belonged to had already passed, so nothing failed on it: ` +
        `check what the app does after the call ends (a timer, a late clean-up). Later requests like it are answered alike, without this notice.`,
    ])
  })
})
