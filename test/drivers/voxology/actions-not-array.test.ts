/**
 * `{"actions": {…}}`, an object where the array goes (audit voxology-75 F9), is a Voxology script
 * with its `[ ]` forgotten, not an app written for another platform: the failure says what came and
 * that `actions` must be an array, and does not ask whether `platform` is right.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp } from './helpers.js'

describe('an "actions" that is there but not an array', () => {
  it('is the right platform with a wrong shape: no platform hint, and what to write', async () => {
    const { app } = scriptApp({ '/': () => ({ actions: { type: 'SAY', params: { text: 'Hi.' } } }) })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup())
    expect(error.message).not.toContain('is `platform` right?')
    expect(error.message).toContain(
      '✖ "actions" must be an array of actions, {"actions": [ … ]}: got an object ({"type":"SAY","params":{"text":"Hi."}}); it looks like one action: wrap it in [ ]',
    )
    expect(error.message).toContain('→ at actions')
  })

  it('a string there says so too', async () => {
    const { app } = scriptApp({ '/': () => ({ actions: 'SAY hello' }) })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    expect(error.message).not.toContain('is `platform` right?')
    expect(error.message).toContain('✖ "actions" must be an array of actions, {"actions": [ … ]}: got a string ("SAY hello")')
  })

  it('an answer with no "actions" at all still asks whether platform is right', async () => {
    const { app } = scriptApp({ '/': () => ({ ncco: [] }) })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    expect(error.message).toContain('is `platform` right?')
    expect(error.message).toContain('✖ a script needs an "actions" array')
  })
})
