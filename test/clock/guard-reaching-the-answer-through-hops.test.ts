/**
 * audit-93 #9: got's `timeout: { request: 1000 }` against a CRM mocked on the call's clock gave
 * the same answer at the same instant as fetch's AbortSignal.timeout(1000), but its transcript line
 * read `app timer 1 s → nothing sent to the platform` where fetch's read `→ its answer to
 * ANSWERED`. got's timer does not abort the request itself: it sets a `setTimeout(…, 0)` that does
 * (got's core/timed-out.js, "to allow for any cancelled events to be handled first"). That 0 ms
 * timer fired in the wait as timers of its own, and took the answer away from the 1 s timer, though
 * 0 ms timers and immediates are part of the reaction at that instant and are never printed. Here
 * the mechanism is reproduced with Node alone (got is not a dependency of callspec): a 1 s guard
 * that aborts the lookup through such hops. Each app is an HTTP server the call reaches over a real
 * (in-memory) HTTP exchange.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

afterEach(() => void nock.cleanAll())

const CRM = 'https://crm.acme.test/customers/1'

/** The CRM, mocked with nock, answering after 3 s on the call's clock. */
const slowCrm = () =>
  nock('https://crm.acme.test')
    .get('/customers/1')
    .reply(async () => {
      await sleep(3_000)
      return [200, { name: 'Ada' }]
    })

/** Greets the caller by the CRM's name, looked up under a 1 s guard that aborts it through `hops`. */
const greeter = (hops: (abort: () => void) => void) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED')
      return (res: ServerResponse) => {
        const controller = new AbortController()
        const guard = setTimeout(() => hops(() => controller.abort(new Error('timeout'))), 1_000)
        void fetch(CRM, { signal: controller.signal })
          .then(async (r) => `Hi ${((await r.json()) as { name: string }).name}.`)
          .catch(() => 'Hello.')
          .then((text) => {
            clearTimeout(guard)
            res.setHeader('content-type', 'application/json')
            res.end(JSON.stringify({ action: 'PLAY', audio: [tts(text)] }))
          })
      }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

const call = (hops: (abort: () => void) => void) => {
  slowCrm()
  return callTo(greeter(hops), { platform: 'webex-connect', seed: 2 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
}

/** The transcript's lines from the ANSWERED webhook to the PLAY it got, without their times' padding. */
const answeredLines = (printed: string) => {
  const lines = printed.split('\n').map((l) => l.trim().replace(/\s+/g, ' '))
  const from = lines.findIndex((l) => l.includes('2 → ANSWERED'))
  return lines.slice(from + 1, lines.findIndex((l) => l.startsWith('2 ← PLAY')) + 1)
}

describe('a guard timer whose firing leads to the answer through hops of no time of their own is credited with it', () => {
  it("through a setTimeout(…, 0), as got's timeout does", async () => {
    const result = await call((abort) => setTimeout(abort, 0))
    expect(result).toHavePlayed('Hello.')
    expect(answeredLines(result.print())).toEqual(['1.2s · app timer 1 s → its answer to ANSWERED', '2 ← PLAY TTS "Hello."'])
  })

  it('through a chain of setTimeout(…, 0), setImmediate and process.nextTick hops', async () => {
    const result = await call((abort) => setTimeout(() => setImmediate(() => process.nextTick(() => setTimeout(abort, 0))), 0))
    expect(result).toHavePlayed('Hello.')
    expect(answeredLines(result.print())).toEqual(['1.2s · app timer 1 s → its answer to ANSWERED', '2 ← PLAY TTS "Hello."'])
  })

  it('as the guard that aborts at once does', async () => {
    const result = await call((abort) => abort())
    expect(answeredLines(result.print())).toEqual(['1.2s · app timer 1 s → its answer to ANSWERED', '2 ← PLAY TTS "Hello."'])
  })

  it('a timer of its own (1 ms) between the guard and the answer still takes the answer', async () => {
    const result = await call((abort) => setTimeout(abort, 1))
    expect(answeredLines(result.print())).toEqual([
      '1.2s · app timer 1 s → nothing sent to the platform',
      '1.2s · app timer 1 ms → its answer to ANSWERED',
      '2 ← PLAY TTS "Hello."',
    ])
  })
})
