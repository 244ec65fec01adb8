/**
 * A Voxology action type written in lower case (`{"type": "say"}`): the docs spell every type in
 * UPPERCASE. It was skipped with a warning like an unknown type, so a script of lower-case
 * actions played nothing and the call went from callback to callback until the no-progress
 * limit, 20 turns later (newcomer audit h183). Now the first one fails the call at once, naming
 * the action, the casing and the valid types; at 'warn' it is skipped as before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const call = (actions: unknown[], options: object = {}) => callTo(scriptApp({ '/': serve(actions) }).app, { platform: 'voxology', ...options })
const VALID = 'SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('an action type in lower case', () => {
  it('fails the call at the first callback, naming the action, the UPPERCASE spelling and the valid types', async () => {
    const error = await failureOf(call([{ type: 'say', params: { text: 'Hello' } }, { type: 'hangup' }]).expectAction('SAY').expectHangup())
    expect(error.message).toContain('turn 1, expectAction(\'SAY\')')
    expect(error.message).toContain(
      `✖ action type "say" is not upper case: Voxology's action types are UPPERCASE, write "SAY" (valid: ${VALID}); whether the platform takes another case is not documented (at 'warn' callspec skips the action)\n  → at actions[0].type\n  → rule voxology/action-type-case (Voxology docs: `,
    )
    expect(error.message).toContain('✖ action type "hangup" is not upper case')
    expect(error.message).not.toContain('20 callbacks in a row')
    expect(error.message).not.toContain('2 → script_end')
  })

  it("at 'warn' the action is skipped with that warning, and the rest of the script runs", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = await call([{ type: 'Say', params: { text: 'Hi' } }, { type: 'SAY', params: { text: 'Hello.' } }, { type: 'HANGUP' }], { rules: { 'voxology/action-type-case': 'warn' } })
      .expectAction('SAY', { params: { text: 'Hello.' } })
      .expectHangup()
    expect(result.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: action type "Say" is not upper case: Voxology's action types are UPPERCASE, write "SAY" (valid: ${VALID}); whether the platform takes another case is not documented (at 'warn' callspec skips the action) at actions[0].type (rule voxology/action-type-case)`,
    ])
  })
})
