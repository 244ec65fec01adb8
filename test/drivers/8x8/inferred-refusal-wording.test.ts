/**
 * Audit F5 (8x8): a Send Callflow request callspec refused under a rule it inferred was recorded
 * in the transcript with no rule, so nothing that lists the refusal could tell it from 8x8's own.
 * Its failure already led with callspec's inference (inferred-strict-messages.test.ts): the
 * session waiting for the request fails at once. 8x8's fake API refuses nothing else under an
 * inferred rule on a live session (Send Callflow is its one route).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup, makeCall, say } from './apps.js'

describe("a refusal under an inferred rule is recorded as callspec's (audit F5, 8x8)", () => {
  it("a Send Callflow refused under 8x8/empty-text: the transcript's entry names the rule, inferred", async () => {
    const body = { callflow: [makeCall('6512341234', '6512345678'), say(''), hangup] }
    const start = () =>
      fetch('https://voice.8x8.com/api/v1/subaccounts/acme_voice/callflows', { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const error = (await failureOf(callTo(eightByEightApp(() => ({ callflow: [hangup] })).listener, { platform: '8x8', strict: true }).startedBy(start))) as Error & {
      transcript?: { entries: Array<{ kind: string; status?: number; refusedBy?: unknown }> }
    }
    expect(error.message).toMatch(/^\[callspec\] [^:]*: ?callspec refused the app's Send Callflow request by a rule it inferred, not one 8x8 documents: 8x8\/empty-text/)
    expect(error.transcript?.entries.filter((e) => e.kind === 'api')).toEqual([expect.objectContaining({ status: 400, refusedBy: { rule: '8x8/empty-text', inferred: true } })])
  })
})
