/**
 * A PATCH's dialled party hangs up when they mean to, whatever answer the app still holds: the
 * bridge is connected (PATCHED SUCCESS), the app's handler for that PATCHED awaits 4 s of its own
 * (a CRM write) before it answers, and the agent hangs up 2 s into the bridge. The PATCHED that
 * ends the bridge goes out at 2 s, beside the open request. Measured before: it went out only once
 * the app answered the first PATCHED, at 4 s into the bridge, so the caller heard what the app
 * answered to it 2 s late; and the late empty answer to the connect PATCHED, read after the bridge
 * had ended, failed webex-connect/reply-after-patch.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { lines } from '../../helpers/held-answer-calls.js'
import { sendAction, tts, webexApp } from '../../helpers/webex-apps.js'

const AGENT = '+14155550142'

/** PATCHes the caller to AGENT; holds its answer to the connect PATCHED `holdMs` (its own timer); answers the agent's leaving with `afterAgent`. */
function transfer(holdMs: number, afterAgent: unknown) {
  return webexApp((e) => {
    if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (e.event === 'ANSWERED') return { action: 'PATCH', dialedNumber: AGENT }
    if (e.event === 'PATCHED' && e.status === 'SUCCESS' && !e.droppedBy) return (res: ServerResponse) => void setTimeout(() => res.end(), holdMs)
    if (e.event === 'PATCHED') return afterAgent
    if (e.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
}

describe('Webex Connect: the PATCH party hangs up while the app holds its answer to the connect PATCHED', () => {
  it('in process: the agent leaves 2 s into the bridge, PATCHED droppedBy CALLEE goes out then, and the app hangs up then', async () => {
    const app = transfer(4000, { action: 'HANGUP' })
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 })
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 2000 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('HANGUP')
    const text = lines(call.transcript.entries)
    const connected = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'PATCHED')!.at
    expect(text).toContain(`${connected + 2000} → PATCHED`)
    expect(call.end).toMatchObject({ by: 'app', at: connected + 2000 })
    expect(app.seen.map((e) => (e.event === 'PATCHED' && e.droppedBy) || e.event)).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'CALLEE', 'DROPPED'])
    expect(text).toContain(
      `${connected + 4000} · the app's answer to PATCHED (turn 3) came at ${((connected + 4000) / 1000).toFixed(1)} s, 2.0 s after the call ended (HANGUP): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)`,
    )
    expect(call.warnings).toEqual([])
  })

  it('in process: what the app answers the agent\'s leaving plays from then; the connect PATCHED\'s empty answer, 1 s later, changes nothing', async () => {
    const app = transfer(3000, (res: ServerResponse) => sendAction(res, { action: 'PLAY', audio: [tts('The agent has left.')] }))
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 })
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 2000 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('PLAY')
      .expectAction('HANGUP')
    const connected = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'PATCHED')!.at
    const text = lines(call.transcript.entries)
    expect(text).toContain(`${connected + 2000} → PATCHED`)
    // Played from the agent's leaving, PLAYED when it ends: neither waits for the held answer.
    const played = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'PLAYED')!.at
    expect(played).toBe(connected + 2000 + 1600)
    expect(call.end).toMatchObject({ by: 'app', at: played })
    expect(text).toContain(`${connected + 3000} · the app's answer to the PATCHED that bridged ${AGENT} came after they left, and names no action: nothing changes`)
    expect(call.warnings).toEqual([])
  })
})
