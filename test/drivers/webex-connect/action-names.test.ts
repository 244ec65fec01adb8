import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
const TAG = '  → rule webex-connect/action-schema (Webex Connect docs: Voice API v1, Actions)'
/** An app that answers ACCEPTED with `answer`. */
const offered = (answer: object) => webexApp((e) => (e.event === 'ACCEPTED' ? answer : undefined))

/** The issue the failure lists under its heading: the message, its path, its rule. */
async function issuesOf(answer: object): Promise<string[]> {
  const error = await failureOf(callTo(offered(answer), W).expectAction('ANSWER'))
  expect(error.name).toBe('VendorPayloadError')
  const lines = error.message.split('\n')
  const head = lines.findIndex((l) => l.endsWith("the app's answer to ACCEPTED is not a valid Webex Connect action:"))
  expect(head).toBeGreaterThanOrEqual(0)
  // (An answer with no key naming an action, to the first webhook, also asks whether `platform` is right.)
  const first = lines.findIndex((l, n) => n > head && l.startsWith('✖'))
  return lines.slice(first, first + 3)
}

describe('the action name: said plainly, not in zod\'s "Invalid discriminator value"', () => {
  it.each([
    ['a lower-case name', { action: 'answer' }, "✖ actions are UPPERCASE: did you mean 'ANSWER'? (received \"answer\")"],
    ['a capitalised name', { action: 'Reject', reason: 'closed' }, "✖ actions are UPPERCASE: did you mean 'REJECT'? (received \"Reject\")"],
    ['the name under `type` (the Voxology shape)', { type: 'ANSWER' }, '✖ the `action` key is missing: the key is `action`, not `type`: did you mean {"action": "ANSWER"}?'],
    ['the name under `name`, lower case', { name: 'answer' }, '✖ the `action` key is missing: the key is `action`, not `name` (actions are UPPERCASE): did you mean {"action": "ANSWER"}?'],
    ['the name under `verb`', { verb: 'HANGUP' }, '✖ the `action` key is missing: the key is `action`, not `verb`: did you mean {"action": "HANGUP"}?'],
    ['the name under `action` misspelt', { actoin: 'PLAY', audio: [{ type: 'TTS', text: 'Hi' }] }, '✖ the `action` key is missing: the key is `action`, not `actoin`: did you mean {"action": "PLAY"}?'],
    ['the name under `Action`, lower case', { Action: 'hangup' }, '✖ the `action` key is missing: the key is `action`, not `Action` (actions are UPPERCASE): did you mean {"action": "HANGUP"}?'],
    ['no name at all', { reason: 'closed' }, '✖ the `action` key is missing: an action names itself in `action` (one of ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT)'],
  ])('%s fails the call with the cause, under the same rule', async (_, answer, said) => {
    expect(await issuesOf(answer)).toEqual([said, '  → at action', TAG])
  })

  it('an unknown name still lists the names the platform knows', async () => {
    expect((await issuesOf({ action: 'DIAL' }))[0]).toBe("✖ Invalid discriminator value. Expected 'ANSWER' | 'PLAY' | 'PATCH' | 'RECORD' | 'HANGUP' | 'REJECT' (received \"DIAL\")")
  })

  it("validate('webex-connect', 'action', …) says the same, with the rule and level unchanged", () => {
    expect(validate('webex-connect', 'action', { action: 'play', audio: [{ type: 'TTS', text: 'Hi' }] })).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({
          path: 'action',
          message: "actions are UPPERCASE: did you mean 'PLAY'? (received \"play\")",
          rule: 'webex-connect/action-schema',
          level: 'error',
        }),
      ],
    })
    expect(validate('webex-connect', 'action', { type: 'PLAY' }).issues).toEqual([
      expect.objectContaining({ path: 'action', message: 'the `action` key is missing: the key is `action`, not `type`: did you mean {"action": "PLAY"}?', level: 'error' }),
    ])
  })
})
