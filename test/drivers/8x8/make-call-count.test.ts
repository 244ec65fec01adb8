/**
 * audit h131 finding 01: 8x8 documents at most 2 makeCall per callflow (-1010, "no conferencing");
 * counting the received call's leg as well (1 + 2 > 2) is callspec's reading. It was failed as 8x8's
 * documented check. The per-callflow count stays the documented rule 8x8/make-call-count; the
 * session's legs are the inferred rule 8x8/session-legs: a warning by default (the first makeCall is
 * bridged, the one that would add a third leg is skipped), -1010 only under strict. Over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo, type CallResult } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup, makeCall } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'
const AGENT = '+6531589338'
const OTHER = '+6531589339'

const answering = (first: object) => eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? first : { callflow: [hangup] }))
const inbound = (first: object, options: object = {}) =>
  callTo(answering(first).listener, { platform: '8x8', warnings: 'silent', ...options }).fromCaller(CALLER).toNumber(VN)
const notes = (call: CallResult) => call.transcript.entries.flatMap((e) => (e.kind === 'note' ? [e.text] : []))

const TWO = { callflow: [makeCall(VN, AGENT), makeCall(VN, OTHER)] }
const INFERENCE =
  "2 makeCall would give the session 3 legs, counting the received call's: 8x8 documents at most 2 makeCall per callflow (no conferencing), not a limit on a session's legs, " +
  'so callspec runs the callflow: the first makeCall is bridged, and one that would add a third leg is skipped'

describe("an inbound call's callflow with two makeCall (8x8/session-legs, inferred)", () => {
  it('warns by default: the first makeCall is bridged, the second skipped with a note', async () => {
    const call = await inbound(TWO).expectAction('makeCall').staySilent(10_000).hangUp()
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to CALL_ACTION: ${INFERENCE} (a strict run answers -1010 Some actions are provided beyond the allowed count) at callflow (rule 8x8/session-legs, inferred)`,
    ])
    expect(notes(call)).toContain(`${AGENT} answers: bridged to ${CALLER}`)
    expect(notes(call)).toContain(
      `makeCall to ${OTHER} skipped: the session already has two legs, and 8x8 has no conferencing (callspec's reading, rule 8x8/session-legs)`,
    )
    expect(call.actions.map((a) => a.name)).toEqual(['makeCall'])
  })

  it('fails under strict with the inference first, and -1010 as callspec\'s answer', async () => {
    const error = await failureOf(inbound(TWO, { strict: true }).expectAction('makeCall'))
    expect(error.message).toContain("callspec failed the app's answer to CALL_ACTION by a rule it inferred, not one 8x8 documents: 8x8/session-legs, at error under strict: true")
    expect(error.message).toContain(`\n✖ ${INFERENCE} (at error, callspec answers -1010 Some actions are provided beyond the allowed count instead)\n  → at callflow\n`)
    expect(error.message).toContain("\ncallspec's answer, in 8x8's terms: -1010 Some actions are provided beyond the allowed count\n")
    expect(error.message).not.toContain("8x8's check")
  })
})

describe('three makeCall in one callflow (8x8/make-call-count, documented)', () => {
  it("fails as 8x8's check -1010", async () => {
    const error = await failureOf(inbound({ callflow: [makeCall(VN, AGENT), makeCall(VN, OTHER), makeCall(VN, '+6531589330')] }).expectAction('makeCall'))
    expect(error.message).toContain('✖ Some actions are provided beyond the allowed count\n  → at callflow\n  → rule 8x8/make-call-count (8x8 docs: Send Callflow status codes, -1010)')
    expect(error.message).toContain("\n8x8's check: -1010 Some actions are provided beyond the allowed count\n")
    expect(error.message).not.toContain('8x8/session-legs')
  })
})
