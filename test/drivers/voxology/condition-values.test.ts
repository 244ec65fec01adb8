/**
 * An IF that reads a `$sessionData` key nothing set (helper-21's audit, V29: `$sessionData.VIP`
 * after SESSIONDATA set `vip`). It reads as undefined, as JavaScript does, and the condition goes
 * on with that; a SAY's `${sessionData.firstName}` with no value already warned (rule
 * voxology/templates), the condition said nothing. Now it warns too, once per key per call,
 * saying what the condition came to (rule voxology/condition-values, inferred; strict fails).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const RULE = '(rule voxology/condition-values, inferred)'
const SOURCE = 'inferred: the docs evaluate IF conditions "like JavaScript", where a key never set reads as undefined, and do not say whether Voxology reports one'
const vip = { type: 'IF', condition: '$sessionData.VIP == true', then: [say('Welcome VIP.')], orElse: [say('Welcome.')] }

/** The app answers the first callback with `actions`; the caller hears the SAYs named. */
const run = (actions: unknown[], says: number, options: object = {}) => {
  const flow = callTo(scriptApp({ '/': serve(actions) }).app, { platform: 'voxology', ...options })
  return Array.from({ length: says }).reduce<typeof flow>((f) => f.expectAction('SAY'), flow).expectHangup()
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('an IF reading a $sessionData key nothing set warns, saying what the condition came to', () => {
  it('V29: $sessionData.VIP after SESSIONDATA set vip: false → orElse, with a did-you-mean', async () => {
    const call = await run([{ type: 'SESSIONDATA', session_data: { vip: true } }, vip, hangup], 1)
    expect(call.prompts).toEqual(['Welcome.'])
    expect(call.warnings).toEqual([
      `turn 1: IF "$sessionData.VIP == true" was false → orElse: $sessionData.VIP has no value, so it reads as undefined (session_data has vip; set it with SESSIONDATA or the make-call session_data first); did you mean $sessionData.vip? ${RULE}`,
    ])
  })

  it('with no session data at all, and the branch it took when the value made the condition true', async () => {
    const call = await run([{ type: 'IF', condition: '!$sessionData.greeted', then: [say('Hello.')] }, hangup], 1)
    expect(call.prompts).toEqual(['Hello.'])
    expect(call.warnings).toEqual([
      `turn 1: IF "!$sessionData.greeted" was true → then: $sessionData.greeted has no value, so it reads as undefined (session_data is empty; set it with SESSIONDATA or the make-call session_data first) ${RULE}`,
    ])
  })

  it('once per key per call: a second IF on the same key is quiet, a new key warns, two keys in one IF are one warning', async () => {
    const call = await run(
      [vip, vip, { type: 'IF', condition: '$sessionData.tier || $sessionData.VIP', then: [say('Tier.')], orElse: [say('No tier.')] }, hangup],
      3,
    )
    expect(call.prompts).toEqual(['Welcome.', 'Welcome.', 'No tier.'])
    expect(call.warnings).toHaveLength(2)
    expect(call.warnings[0]).toContain('IF "$sessionData.VIP == true" was false → orElse: $sessionData.VIP has no value')
    expect(call.warnings[1]).toContain('IF "$sessionData.tier || $sessionData.VIP" was false → orElse: $sessionData.tier has no value')
  })

  it('is quiet for a key that was set, even to false or null, and for $keyPresses', async () => {
    const call = await run(
      [{ type: 'SESSIONDATA', session_data: { VIP: false, tier: null } }, vip, { type: 'IF', condition: "$sessionData.tier == null && $keyPresses == ''", then: [say('Plain.')] }, hangup],
      2,
    )
    expect(call.prompts).toEqual(['Welcome.', 'Plain.'])
    expect(call.warnings).toEqual([])
  })

  it('fails the call under strict, with the same words', async () => {
    const error = await failureOf(run([{ type: 'SESSIONDATA', session_data: { vip: true } }, vip, hangup], 1, { strict: true }))
    expect(error.message).toContain(`IF "$sessionData.VIP == true" was false → orElse: $sessionData.VIP has no value, so it reads as undefined (session_data has vip; set it with SESSIONDATA or the make-call session_data first); did you mean $sessionData.vip? ${RULE}.\nRule voxology/condition-values, inferred: ${SOURCE.replace('inferred: ', '')}.`)
  })

  it("is off with rules: { 'voxology/condition-values': 'off' }", async () => {
    const call = await run([vip, hangup], 1, { rules: { 'voxology/condition-values': 'off' } })
    expect(call.warnings).toEqual([])
  })
})
