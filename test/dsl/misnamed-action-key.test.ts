/**
 * Newcomer audit finding N7: a Webex Connect app answering `{"type": "ANSWER"}` was asked "is
 * `platform` right?" on line 2, above the issue that named the fix (the key is `action`, not
 * `type`). No platform's apps answer so: the issue comes first, and the question is left out.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'

const offered = (answer: object) => webexApp((e) => (e.event === 'ACCEPTED' ? answer : undefined))

describe('a Webex Connect action under a misnamed key, on the first webhook', () => {
  it.each([
    ['type', { type: 'ANSWER' }, '✖ the `action` key is missing: the key is `action`, not `type`: did you mean {"action": "ANSWER"}?'],
    ['a misspelt action', { actoin: 'ANSWER' }, '✖ the `action` key is missing: the key is `action`, not `actoin`: did you mean {"action": "ANSWER"}?'],
  ])('under %s: the key meant is the line under the headline, with no platform question', async (_, answer, said) => {
    // Before: line 2 was "Hint: is `platform` right? The app answered the first webex-connect webhook with 2xx, but not with anything webex-connect understands: …".
    const error = await failureOf(callTo(offered(answer), { platform: 'webex-connect' }).expectAction('ANSWER'))
    const [first, second] = error.message.split('\n')
    expect(first).toBe("[callspec] turn 1, expectAction('ANSWER'): the app's answer to ACCEPTED is not a valid Webex Connect action:")
    expect(second).toBe(said)
    expect(error.message).not.toContain('is `platform` right?')
  })

  it('an answer naming no action under any key still asks whether platform is right', async () => {
    const error = await failureOf(callTo(offered({ say: 'Hi' }), { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(error.message.split('\n')[1]).toMatch(/^Hint: is `platform` right\? The app answered the first webex-connect webhook with 2xx, but not with anything webex-connect understands/)
  })
})
