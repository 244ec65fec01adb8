/**
 * Voxology's own actions answered without the script's `{"actions": [ … ]}` (newcomer audit
 * helper-180): one action as the whole answer, or the list bare. The issue names the wrapper, and
 * the failure does not also ask whether `platform` is right ("an app written for another platform
 * answers like this"), which contradicted it.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })

describe('a Voxology answer without its "actions" wrapper', () => {
  it('one action as the whole answer: says so and how to wrap it', async () => {
    const { app } = scriptApp({ '/': () => say('Hi.') })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    expect(error.message.split('\n')[0]).toBe("[callspec] turn 1, expectAction('SAY'): the app's answer to the init_call callback is not a valid Voxology script:")
    expect(error.message.split('\n')[1]).toBe('✖ a script needs an "actions" array: the answer is one action (SAY), not a script; wrap it: {"actions": [{"type": "SAY", …}]}')
    expect(error.message).not.toContain('is `platform` right?')
  })

  it('a bare list of actions: the wrap-it issue, with no platform question', async () => {
    const { app } = scriptApp({ '/': () => [say('Hi.'), { type: 'HANGUP' }] })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    expect(error.message.split('\n')[1]).toBe('✖ expected a script object {"actions": [...]}, got a bare array (wrap it: {"actions": [...]})')
    expect(error.message).not.toContain('is `platform` right?')
  })

  it("another platform's list (8x8 callflow items) still asks whether platform is right", async () => {
    const { app } = scriptApp({ '/': () => [{ action: 'say', params: { text: 'Hi.' } }] })
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY'))
    expect(error.message).toContain('is `platform` right?')
  })
})
