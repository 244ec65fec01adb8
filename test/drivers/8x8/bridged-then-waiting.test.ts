/**
 * Audit h186: an 8x8 app that transfers the caller (a makeCall that answers: the legs are bridged)
 * and a test or scenario that then waits for the app to hang up. Nothing else is scheduled: the two
 * parties talk until one hangs up. The failure read "the app neither hung up nor did anything else,
 * and the platform has nothing left to do: the call is stuck" on 8x8 only, where the other
 * platforms say the caller is connected and how to end the test; and their hint was written in
 * TypeScript under `callspec run` too. Now 8x8 says the same, and a scenario file is told its steps.
 */
import { describe, expect, it } from 'vitest'
import { callTo, drivers } from '../../../src/index.js'
import type { AnyCallTo } from '../../../src/scenario/compile.js'
import { parseScenarioFile } from '../../../src/scenario/parse.js'
import { runScenario } from '../../../src/scenario/run.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, makeCall, say } from './apps.js'

const SALES = '+14155550142'
const transfers = () => eightByEightApp((vca) => (vca.callStatus === 'CALL_RECEIVED' ? { callflow: [say('Connecting you to sales.'), makeCall('+14155550199', SALES)] } : { callflow: [] })).listener

describe('8x8: a step that waits while the caller talks to a transferred party', () => {
  it('says the caller is connected and how to end the test, not that the call is stuck', async () => {
    const error = await failureOf(callTo(transfers(), { platform: '8x8' }).expectAction('say').expectAction('makeCall').expectHangup())
    const headline = error.message.split('\n')[0]!
    expect(headline).toContain(
      `expectHangup(): the app neither hung up nor did anything else: the caller is connected to ${SALES}, and the call goes on until one of them hangs up (nothing else is scheduled). ` +
        `To end the test there, let the conversation last with .staySilent(ms) instead of this step (the caller hangs up as the flow ends), or hang up with .hangUp(); or give the party an end: .withParty('${SALES}', { answers: true, hangsUpAfterMs: 30_000 }).`,
    )
    expect(headline).not.toContain('stuck')
  })

  it('in a scenario file, says it in the steps the file is written in', async () => {
    const file = `platform: 8x8\nsteps:\n  - expect: say\n  - expect: makeCall\n  - expectHangup\n`
    const scenario = parseScenarioFile(file, 'transfer.yaml', drivers).scenarios[0]!
    const result = await runScenario(scenario, callTo as unknown as AnyCallTo, transfers())
    const message = result.error!.message
    expect(message).toContain(
      `the caller is connected to ${SALES}, and the call goes on until one of them hangs up (nothing else is scheduled). ` +
        `To end the scenario there, let the conversation last with a \`- silent: …\` step instead of this step (the caller hangs up as the steps end), or hang up with a \`- hangup\` step; or give the party an end: \`parties: { '${SALES}': { hangsUpAfter: 30s } }\`.`,
    )
    expect(message).not.toContain('.staySilent')
  })
})
