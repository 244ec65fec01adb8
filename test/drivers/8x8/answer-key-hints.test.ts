import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, say } from './apps.js'

/**
 * "did you mean" names only a key valid where the unknown one is (audit-94 F9). A VCA answer's keys
 * are `clientActionId` and `callflow` (shared/vendors/8x8.md §2.1.1: "| clientActionId | string |
 * no |", "| callflow | Action[] (§3) | yes |"); `action` is a key of a callflow element, not of the
 * answer. Before: `{"actions":[…]}` got `did you mean "action"?`.
 */
const inbound = (answer: object) =>
  callTo(eightByEightApp(() => answer).listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048')

describe('did you mean, at the level of the unknown key (8x8 VCA answers)', () => {
  it('a Voxology-style {"actions": […]} answer: no key of the answer is near "actions", so no hint', async () => {
    const error = await failureOf(inbound({ actions: [{ type: 'HANGUP' }] }).expectAction('hangup'))
    const line = error.message.split('\n').find((l) => l.includes('Unrecognized key: "actions"'))
    expect(line).toBe('⚠ Unrecognized key: "actions" (received [{"type":"HANGUP"}])')
    expect(error.message).not.toContain('did you mean "action"')
  })

  it("8x8's own actions under \"actions\": the hint names the key, not another platform (helper-125)", async () => {
    const error = await failureOf(inbound({ actions: [{ action: 'sayAndCapture', params: { promptMessage: 'Press 1.', voiceProfile: 'en-US-ZiraRUS', maxDigits: 1 } }] }).expectAction('sayAndCapture'))
    const lines = error.message.split('\n')
    expect(lines[1]).toBe('Hint: the callflow is under "actions": 8x8 reads it from "callflow" ({"callflow": [ … ]}).')
    expect(error.message).not.toContain('is `platform` right?')
    expect(error.message).not.toContain('voxology')
  })

  it("a Voxology script under \"actions\" still asks whether platform is right", async () => {
    const error = await failureOf(inbound({ actions: [{ type: 'SAY', params: { text: 'Hi' } }] }).expectAction('say'))
    // On the first line, since the answer told it (newcomer audit N5).
    expect(error.message.split('\n')[0]).toMatch(/^\[callspec\] turn 1, expectAction\('say'\): the app's answer to the first webhook looks like a voxology app's .*: is `platform` right\?/)
  })

  it('a key near one of the answer\'s own is still named: clientActionID → clientActionId', async () => {
    const error = await failureOf(inbound({ clientActionID: 'menu', callflow: [say('Hi', { repetition: 9 })] }).expectAction('say'))
    expect(error.message).toContain('⚠ Unrecognized key: "clientActionID" (received "menu"); did you mean "clientActionId"?')
  })

  it('inside a callflow element, the keys of that action: "actio" names action, and a params key names no key of another level', () => {
    const answer = { callflow: [{ actio: 'say', action: 'say', params: { text: 'Hi', voiceProfile: 'en-US-ZiraRUS', callflo: 1 } }] }
    const hints = Object.fromEntries(validate('8x8', 'vca-response', answer).issues.map((i) => [i.path, i.hint]))
    expect(hints).toEqual({ 'callflow[0]': 'did you mean "action"?', 'callflow[0].params': undefined })
  })

  it("a say's params get say's keys, not another action's: maxDigit names nothing in a say", () => {
    const hintFor = (action: object) => validate('8x8', 'action', action).issues[0]?.hint
    expect(hintFor({ action: 'say', params: { text: 'Hi', voiceProfile: 'en-US-ZiraRUS', maxDigit: 4 } })).toBeUndefined()
    expect(hintFor({ action: 'sayAndCapture', params: { promptMessage: 'PIN?', voiceProfile: 'en-US-ZiraRUS', maxDigit: 4 } })).toBe('did you mean "maxDigits"?')
  })
})
