/**
 * IF, GOTO, LABEL and SESSIONDATA run on the platform and are transcript notes, not actions for
 * expectAction, unless vendor.queueControlFlow (helper-21's audit: vox-cf). A test that expects
 * one without the option fails saying so, and naming the option.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const menu = [
  { type: 'LABEL', name: 'MENU' },
  { type: 'COLLECT', name: 'menu', params: { num_digits: 1, timeout: 5000 }, actions: [say('Press 1 for sales, 2 to leave a message.')] },
  {
    type: 'IF',
    condition: "$keyPresses == '2'",
    then: [{ type: 'SESSIONDATA', session_data: { wantsMessage: true } }, { type: 'REDIRECT', params: { url: 'https://ivr.example.com/voicemail' } }],
    orElse: [{ type: 'GOTO', params: { label: 'MENU' } }],
  },
]
const app = () => scriptApp({ '/': serve(menu), '/voicemail': serve([say('Leave a message.'), { type: 'HANGUP' }]) }).app

describe('expectAction on control flow', () => {
  it('without queueControlFlow fails, and the failure says the LABEL ran as a note and names the option', async () => {
    const error = await failureOf(callTo(app(), { platform: 'voxology' }).expectAction('LABEL').expectAction('COLLECT'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe(`[callspec] turn 1, expectAction('LABEL'): expected action LABEL, got COLLECT "menu" (max 1, 5 s timeout)`)
    expect(lines[1]).toBe("LABEL runs on the platform and is noted in the transcript (·), not queued as an action: expectAction('LABEL') sees it with vendor: { queueControlFlow: true }.")
    // The diff vitest shows compares the action's own key: Voxology's `type`, not `action`.
    expect((error as unknown as { expected: unknown }).expected).toEqual({ type: 'LABEL' })
    expect((error as unknown as { actual: { type: string } }).actual.type).toBe('COLLECT')
    expect(lines).toContainEqual(expect.stringMatching(/^ +0\.0s +· LABEL MENU$/))
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ +0\.0s +· IF, GOTO, LABEL and SESSIONDATA run on the platform and are noted here \(·\), not queued as actions: expectAction\('LABEL'\) does not see them unless vendor: \{ queueControlFlow: true \}$/,
      ),
    )
  })

  it('with queueControlFlow: true, each one is expected in the order it ran (and the transcript does not explain)', async () => {
    const call = await callTo(app(), { platform: 'voxology', vendor: { queueControlFlow: true } })
      .expectAction('LABEL', { name: 'MENU' })
      .expectAction('COLLECT')
      .pressDigits('2')
      .expectAction('IF', { condition: "$keyPresses == '2'" })
      .expectAction('SESSIONDATA', { session_data: { wantsMessage: true } })
      .expectAction('REDIRECT')
      .expectAction('SAY', { params: { text: 'Leave a message.' } })
      .expectAction('HANGUP')
    expect(call.print()).not.toContain('not queued as actions')
  })

  it('by default the test expects what the caller meets; the note comes once per call', async () => {
    const call = await callTo(app(), { platform: 'voxology' }).expectAction('COLLECT').pressDigits('9').expectAction('COLLECT').pressDigits('2').expectAction('REDIRECT').expectAction('SAY').expectAction('HANGUP')
    expect(call.print().match(/not queued as actions/g)).toHaveLength(1)
  })
})
