/**
 * The PATCHED callspec sends when the B-party answers is its reading: the docs do not say whether
 * one or two PATCHED are sent, and their only PATCHED example is the patch's end (ConnectedOn,
 * recordingFileName and droppedBy in one event). An app written to that example hangs up on "the"
 * PATCHED; under callspec's reading that cuts the caller off as the bridge connects. Audit h172 F4:
 * it did with no word, and `expectAction('PATCH').expectAction('HANGUP')` passed. Now the hang-up
 * runs with a warning (rule webex-connect/patched-on-connect, inferred), and strict fails it. Over
 * HTTP, against an app on a port.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { stubServer } from '../../helpers/stub-server.js'
import { webexApp } from '../../helpers/webex-apps.js'

const AGENT = '+14155550142'
/** What the app logged of each PATCHED it got. */
const log: Array<Record<string, unknown>> = []
/** Patches the caller to an agent, and hangs up on the first PATCHED, as the docs' one example reads. */
const app = webexApp((e) => {
  if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
  if (e.event === 'ANSWERED') return { action: 'PATCH', dialedNumber: AGENT, patchCallerId: '+14155550199', recordCall: true }
  if (e.event !== 'PATCHED') return undefined
  log.push({ status: e.status, recordings: e.recordingFileName, droppedBy: e.droppedBy })
  return { action: 'HANGUP', reason: 'patch over' }
})
const server = stubServer(app)
const patchedCall = (options: object = {}) =>
  callTo(`${server.url}/webex/events`, { platform: 'webex-connect', ...options })
    .fromCaller('+14155550100')
    .toNumber('+14155550199')
    .withParty(AGENT, { answers: true, hangsUpAfterMs: 60_000 })
    .expectAction('ANSWER')
    .expectAction('PATCH')
    .expectAction('HANGUP')

describe('a hang-up in reply to the PATCHED sent on connect', () => {
  it('runs, with a warning that the connect event is callspec\'s reading', async () => {
    const call = await patchedCall()
    expect(call.warnings.map(String)).toEqual([
      expect.stringContaining(
        `the app answered the PATCHED that says ${AGENT} answered (ConnectedOn, no droppedBy) with HANGUP, which ends the call as the bridge connects. That Webex Connect sends a PATCHED on connect is callspec's reading`,
      ),
    ])
    expect(String(call.warnings[0])).toMatch(/act on the PATCHED that carries droppedBy .*set vendor: \{ patchedEvents: 'end' \} \(rule webex-connect\/patched-on-connect, inferred\)/)
  })

  it("does not come with vendor.patchedEvents: 'end': the one PATCHED is the end's, as the docs' example", async () => {
    log.length = 0
    const call = await patchedCall({ vendor: { patchedEvents: 'end' } })
    expect(log).toEqual([{ status: 'SUCCESS', recordings: [expect.stringMatching(/_patch_1\.wav$/)], droppedBy: 'CALLEE' }])
    expect(call.warnings).toEqual([])
    // The caller talked to the agent for the minute: the app hung up only when the patch ended.
    expect(call.end!.by).toBe('app')
    expect(call.end!.at).toBeGreaterThan(60_000)
  })

  it('fails under strict, led by the inference', async () => {
    const error = await failureOf(patchedCall({ strict: true }))
    expect(error.message).toMatch(/by a rule it inferred, not one Webex Connect documents/)
    expect(error.message).toContain('rule webex-connect/patched-on-connect')
  })
})
