/**
 * An action holding at its top level what its type takes under `params` (`{ "type": "SAY",
 * "text": "Hello." }`, `{ "type": "GOTO", "label": "MENU" }`): the failure said "expected object,
 * received undefined at actions[0].params" and, apart, that "text" is an unknown key (helper-188).
 * It now says where the key goes, on both lines.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

describe('a params key written beside type', () => {
  it('SAY text: the failure says to put it under params', async () => {
    const app = scriptApp({ '/': serve([{ type: 'SAY', text: 'Hello.' }, { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    const hint = 'SAY takes "text" under "params", not beside "type": write { "type": "SAY", "params": { "text": "Hello." } }'
    expect(error.message).toContain(`✖ Invalid input: expected object, received undefined; ${hint}\n  → at actions[0].params\n`)
    expect(error.message).toContain(`⚠ Unrecognized key: "text" (received "Hello."); ${hint}\n  → at actions[0]\n`)
  })

  it('GOTO label', async () => {
    const menu = { type: 'COLLECT', name: 'm', params: { num_digits: 1, timeout: 3000 }, actions: [{ type: 'SAY', params: { text: 'Press 1.' } }] }
    const app = scriptApp({ '/': serve([{ type: 'LABEL', name: 'MENU' }, menu, { type: 'GOTO', label: 'MENU' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('COLLECT'))
    expect(error.message).toContain('GOTO takes "label" under "params", not beside "type": write { "type": "GOTO", "params": { "label": "MENU" } }')
  })

  it('a stray top-level key on an otherwise valid action gets the hint in its warning', async () => {
    const app = scriptApp({ '/': serve([{ type: 'SAY', params: { text: 'Hi.' }, loop: 2 }, { type: 'HANGUP' }]) }).app
    const call = await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()
    expect(call.warnings.join('\n')).toContain('SAY takes "loop" under "params", not beside "type": write { "type": "SAY", "params": { "loop": 2 } }')
  })
})
