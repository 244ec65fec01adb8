/**
 * A Voxology action type written in lower case (`{"type": "say"}`): the docs spell every type in
 * UPPERCASE and do not say what the platform does with another case. Skipping it made a script of
 * lower-case actions play nothing, called back until the no-progress limit (newcomer audit h183);
 * failing the call then cited the rule as the docs' word (evidence doc, an error by default), though
 * only callspec infers the platform refuses it (h198). Now the rule is inferred: by default the
 * action runs as its UPPERCASE type, with a warning naming the path, the casing and the valid
 * types; strict fails the call, saying the rule is callspec's.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const call = (actions: unknown[], options: object = {}) => callTo(scriptApp({ '/': serve(actions) }).app, { platform: 'voxology', warnings: 'silent', ...options })
const VALID = 'SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT'
const cased = (written: string, upper: string) =>
  `action type "${written}" is not upper case: Voxology's action types are UPPERCASE, write "${upper}" (valid: ${VALID}); whether the platform takes another case is not documented (at 'warn' callspec runs it as "${upper}")`

describe('an action type in lower case (voxology/action-type-case, inferred)', () => {
  it('runs as its UPPERCASE type by default, with a warning per action, and the call goes on', async () => {
    const result = await call([{ type: 'say', params: { text: 'Hello' } }, { type: 'Hangup' }])
      .expectAction('SAY', { params: { text: 'Hello' } })
      .expectHangup()
    expect(result.warnings).toEqual([
      `turn 1: the app's answer to the init_call callback: ${cased('say', 'SAY')} at actions[0].type (rule voxology/action-type-case, inferred)`,
      `turn 1: the app's answer to the init_call callback: ${cased('Hangup', 'HANGUP')} at actions[1].type (rule voxology/action-type-case, inferred)`,
    ])
  })

  it("strict fails the call at the first callback, as callspec's rule, not the docs' word", async () => {
    const error = await failureOf(call([{ type: 'say', params: { text: 'Hello' } }, { type: 'HANGUP' }], { strict: true }).expectAction('SAY'))
    expect(error.message).toContain(
      "turn 1, expectAction('SAY'): callspec failed the app's answer to the init_call callback by a rule it inferred, not one Voxology documents: voxology/action-type-case, at error under strict: true",
    )
    expect(error.message).toContain(`✖ ${cased('say', 'SAY')}\n  → at actions[0].type\n  → rule voxology/action-type-case (inferred: the docs spell`)
    expect(error.message).not.toContain('is not a valid Voxology script')
  })

  it('validate() gives the verdict a call gives: a warning, and the action read in UPPERCASE', () => {
    const warned = expect.objectContaining({ path: 'actions[0].type', message: cased('say', 'SAY'), rule: 'voxology/action-type-case', level: 'warn', evidence: 'inferred' })
    expect(validate('voxology', 'script', { actions: [{ type: 'say', params: { text: 'Hi' } }] })).toEqual({ ok: true, issues: [warned] })
    // Read as SAY, its params are checked as a SAY's: a missing text is the documented schema's failure.
    expect(validate('voxology', 'script', { actions: [{ type: 'say', params: {} }] })).toMatchObject({ ok: false, issues: [{ rule: 'voxology/action-schema', path: 'actions[0].params.text' }] })
    expect(validate('voxology', 'script', { actions: [{ type: 'say', params: { text: 'Hi' } }] }, { strict: true }).ok).toBe(false)
  })
})
