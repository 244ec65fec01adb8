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
import { failureOf } from '../../helpers/failure-of.js'
import { lines } from '../../helpers/held-answer-calls.js'
import { sendAction, tts, webexApp } from '../../helpers/webex-apps.js'

const AGENT = '+14155550142'

/**
 * PATCHes the caller to AGENT; holds its answer to the connect PATCHED `holdMs` (its own timer),
 * then answers it with `late` (an empty 200 by default); answers the agent's leaving with `afterAgent`.
 */
function transfer(holdMs: number, afterAgent: unknown, late?: unknown) {
  return webexApp((e) => {
    if (e.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (e.event === 'ANSWERED') return { action: 'PATCH', dialedNumber: AGENT }
    if (e.event === 'PATCHED' && e.status === 'SUCCESS' && !e.droppedBy) return (res: ServerResponse) => void setTimeout(() => (late === undefined ? res.end() : sendAction(res, late)), holdMs)
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

  // audit h170: the late answer to the connect PATCHED carried an action. Measured before: it ran as a
  // reply to a bridged PATCHED ("PLAY in reply to PATCHED while the patch is bridged", the bridge long
  // gone), and cut off "The agent has left." 1 s in; a late HANGUP hung the caller up there.
  describe('the connect PATCHED answered with an action 1 s after the agent left (rule webex-connect/answer-after-bridge-left, inferred)', () => {
    const LEFT = { action: 'PLAY', audio: [tts('The agent has left.')] }
    const WARNING = (action: string) =>
      `the app answered the PATCHED that bridged ${AGENT} with ${action} after they had left, and after the PATCHED that said so went out: the bridge it answered is gone, so callspec runs no action from it (act in the answer to the PATCHED that ends the bridge, droppedBy) (rule webex-connect/answer-after-bridge-left, inferred)`

    it.each([
      ['PLAY', { action: 'PLAY', audio: [tts('Your call is being recorded.')] }],
      ['HANGUP', { action: 'HANGUP' }],
    ])('a late %s is not run, with a warning: what the app answered the agent\'s leaving plays to its end', async (name, late) => {
      const call = await callTo(transfer(3000, LEFT, late), { platform: 'webex-connect', seed: 1, warnings: 'silent' })
        .withParty(AGENT, { answers: true, hangsUpAfterMs: 2000 })
        .expectAction('ANSWER')
        .expectAction('PATCH')
        .expectAction('PLAY', { audio: [{ text: 'The agent has left.' }] })
        .expectAction('HANGUP')
      const connected = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'PATCHED')!.at
      expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PATCH', 'PLAY', 'HANGUP'])
      expect(call.prompts).toEqual(['The agent has left.'])
      expect(call.warnings).toEqual([`turn 3: ${WARNING(name)}`])
      expect(lines(call.transcript.entries)).toContain(`${connected + 3000} · the app's answer to the PATCHED that bridged ${AGENT} came after they left: its ${name} is not run`)
      // Played whole from the agent's leaving (1.6 s), then the app's HANGUP on PLAYED.
      expect(call.end).toMatchObject({ by: 'app', at: connected + 2000 + 1600 })
    })

    it('under strict the rule fails the call, led as callspec\'s inference', async () => {
      const error = await failureOf(
        callTo(transfer(3000, LEFT, { action: 'HANGUP' }), { platform: 'webex-connect', seed: 1, strict: true })
          .withParty(AGENT, { answers: true, hangsUpAfterMs: 2000 })
          .expectAction('ANSWER')
          .expectAction('PATCH')
          .expectAction('PLAY')
          .expectAction('HANGUP'),
      )
      expect(error.message).toContain(WARNING('HANGUP').replace(' (rule webex-connect/answer-after-bridge-left, inferred)', ''))
      expect(error.message).toContain('webex-connect/answer-after-bridge-left')
    })
  })
})
