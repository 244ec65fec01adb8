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
    expect(validate('webex-connect', 'action', { type: 'PLAY' }).issues).toEqual([
      expect.objectContaining({ path: 'action', message: 'the `action` key is missing: the key is `action`, not `type`: did you mean {"action": "PLAY"}?', level: 'error' }),
    ])
  })
})

/**
 * A known action in another case (`answer`, `Hangup`): the docs and SDKs spell actions in
 * UPPERCASE and do not say what the platform does with another case. It failed the call under
 * webex-connect/action-schema, cited as the docs ("actions are UPPERCASE: did you mean
 * 'ANSWER'?"); now rule webex-connect/action-case, inferred (h198): by default the action runs as
 * its UPPERCASE name, with a warning; strict fails it, said as callspec's rule.
 */
describe('an action named in another case (webex-connect/action-case, inferred)', () => {
  const said = (written: string, upper: string) =>
    `action "${written}" is not upper case: Webex Connect's actions are UPPERCASE, write "${upper}"; whether the platform takes another case is not documented (at 'warn' callspec runs it as "${upper}")`

  it('runs as its UPPERCASE name by default, with a warning, and the call goes on', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'answer' } : e.event === 'ANSWERED' ? { action: 'Hangup' } : undefined))
    const call = await callTo(app, { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('HANGUP')
    expect(call.warnings).toEqual([
      `turn 1: the app's answer to ACCEPTED: ${said('answer', 'ANSWER')} at action (rule webex-connect/action-case, inferred)`,
      `turn 2: the app's answer to ANSWERED: ${said('Hangup', 'HANGUP')} at action (rule webex-connect/action-case, inferred)`,
    ])
  })

  it("strict fails it as callspec's rule, not the docs' schema; validate() gives the same verdicts", async () => {
    const error = await failureOf(callTo(offered({ action: 'answer' }), { ...W, strict: true }).expectAction('ANSWER'))
    expect(error.message).toContain("callspec failed the app's answer to ACCEPTED by a rule it inferred, not one Webex Connect documents: webex-connect/action-case, at error under strict: true")
    expect(error.message).toContain(`✖ ${said('answer', 'ANSWER')}\n  → at action\n  → rule webex-connect/action-case (inferred: `)
    expect(error.message).not.toContain('webex-connect/action-schema')
    const play = { action: 'play', audio: [{ type: 'TTS', text: 'Hi' }] }
    const issue = { path: 'action', message: said('play', 'PLAY'), rule: 'webex-connect/action-case', evidence: 'inferred' }
    expect(validate('webex-connect', 'action', play)).toEqual({ ok: true, issues: [expect.objectContaining({ ...issue, level: 'warn' })] })
    expect(validate('webex-connect', 'action', play, { strict: true })).toEqual({ ok: false, issues: [expect.objectContaining({ ...issue, level: 'error' })] })
  })
})
