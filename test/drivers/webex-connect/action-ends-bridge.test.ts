import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { sent } from '../../helpers/events.js'
import { tts, webexApp } from '../../helpers/webex-apps.js'

/**
 * An action in reply to the PATCHED that connects a patch (the docs list no reply to PATCHED:
 * rule webex-connect/replies-while-bridged, inferred, a warning) takes the caller's leg: the bridge
 * ends first, the other party is released, and the action runs alone. Audit h130 F3: the bridge ran
 * on under the PLAY, the B-party's hang-up sent a second PATCHED into it, its empty answer warned
 * that the caller was "left in silence" while the PLAY still listened, and COLLECTED_DIGITS never came.
 */
const AGENT = '+14155550142'
const menu = { action: 'PLAY', audio: [tts('Press 1 to end the transfer.')], collectInput: { maxDigits: 1, digitTimeout: 30 } }

const app = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PATCH', dialedNumber: AGENT }
    if (event.event === 'PATCHED' && !event.droppedBy) return menu
    if (event.event === 'COLLECTED_DIGITS') return { action: 'HANGUP' }
    return undefined
  })

describe('a PLAY in reply to a bridged PATCHED ends the bridge, then runs', () => {
  it('the agent is released: no second PATCHED comes mid-PLAY, the PLAY collects its digit, one warning (the inferred rule)', async () => {
    const call = await callTo(app(), { platform: 'webex-connect', warnings: 'silent' })
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 5_000 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('PLAY')
      .staySilent(10_000)
      .pressDigits('1')
      .expectAction('HANGUP')
      .expectHangup()
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'COLLECTED_DIGITS', 'DROPPED'])
    expect(sent(call, 'COLLECTED_DIGITS')[0]).toMatchObject({ status: 'SUCCESS', numOfDigits: 1, digitsReceived: '1' })
    expect(call.warnings).toEqual([
      'turn 3: PLAY in reply to PATCHED while the patch is bridged: the docs list no reply to PATCHED; callspec expects HANGUP, REJECT, or an empty 200. (rule webex-connect/replies-while-bridged, inferred)',
    ])
    const notes = call.transcript.entries.flatMap((e) => (e.kind === 'note' && e.text.startsWith('the bridge') ? [e.text] : []))
    expect(notes).toEqual([`the bridge to ${AGENT} ends: PLAY takes the caller's leg, and ${AGENT} is released (no PATCHED: the app's action ended it)`])
  })

  it('with no key pressed, the PLAY times out on its own digitTimeout: COLLECTED_DIGITS with no digits, not a PATCHED', async () => {
    const call = await callTo(app(), { platform: 'webex-connect', warnings: 'silent' })
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 5_000 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('PLAY')
      .expectAction('HANGUP')
      .expectHangup()
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'COLLECTED_DIGITS', 'DROPPED'])
    expect(sent(call, 'COLLECTED_DIGITS')[0]).toMatchObject({ status: 'SUCCESS', numOfDigits: 0, digitsReceived: '' })
  })
})
