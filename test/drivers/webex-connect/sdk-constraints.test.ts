import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answering } from '../../helpers/webex-apps.js'

/**
 * An action breaking a constraint only Cisco's SDKs state (PLAY audio not empty, PATCH
 * dialedNumber present…) fails the call, as the vendor's word does, and the failure cites the SDKs,
 * not the docs (audit h130 F4). End to end, over HTTP, against an in-process app.
 */
const SOURCE =
  "Cisco's Webex Connect SDKs (CiscoDevNet connect-sdk-node, connect-sdk-java), not the docs' pages: PLAY audio has at least one item, PATCH needs dialedNumber, terminationDigit and patchDigit are one DTMF key (0-9, *, #), greetingRepeatCount is an integer of 0 or more"

describe('a constraint only the SDKs state, broken in a call', () => {
  it.each([
    ['a PLAY with audio: []', { action: 'PLAY', audio: [] }, 'PLAY needs at least one audio item (received [])\n  → at audio'],
    ['a PATCH with no dialedNumber', { action: 'PATCH' }, 'PATCH needs dialedNumber, the number to dial\n  → at dialedNumber'],
  ])('%s fails the call, citing the SDKs', async (_, action, issue) => {
    const error = await failureOf(callTo(answering(action), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('HANGUP'))
    expect(error.message).toContain(`the app's answer to ANSWERED is not a valid Webex Connect action:\n✖ ${issue}\n  → rule webex-connect/sdk-constraints (${SOURCE})`)
    expect(error.message).not.toContain('Webex Connect docs: Voice API v1, Actions')
  })

  it('cannot be relaxed: the simulation has no action to run', async () => {
    await expect(
      callTo(answering({ action: 'PLAY', audio: [] }), { platform: 'webex-connect', rules: { 'webex-connect/sdk-constraints': 'warn' } }).expectAction('ANSWER'),
    ).rejects.toThrow("[callspec] rule webex-connect/sdk-constraints cannot be set to 'warn': the platform's SDKs do not build such an action, and callspec has nothing to run past it.")
  })
})
