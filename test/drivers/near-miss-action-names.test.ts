/**
 * An action name a letter or two off a known one gets a did-you-mean on every platform, as
 * expectAction's own check has (closestName): the issue keeps its path, rule and level. Each test
 * runs a call over HTTP against an app that misspells the name, and asserts what the user sees.
 */
import { describe, expect, it, vi } from 'vitest'
import { callTo, validate } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'
import { eightByEightApp, hangup } from './8x8/apps.js'
import { enablexApp } from './enablex/apps.js'
import { scriptApp, serve } from './voxology/helpers.js'

/** The issue a failure lists: its message, path and rule lines, from the first ✖. */
const issueOf = (message: string) => {
  const lines = message.split('\n')
  const first = lines.findIndex((l) => l.startsWith('✖'))
  return lines.slice(first, first + 3)
}

describe('a misspelt action name says which name it comes closest to', () => {
  it('Webex Connect: {"action": "ANSWR"} keeps the list of actions and adds the one meant', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'ANSWR' } : undefined))
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(issueOf(error.message)).toEqual([
      "✖ Invalid discriminator value. Expected 'ANSWER' | 'PLAY' | 'PATCH' | 'RECORD' | 'HANGUP' | 'REJECT' (received \"ANSWR\"); did you mean 'ANSWER'?",
      '  → at action',
      '  → rule webex-connect/action-schema (Webex Connect docs: Voice API v1, Actions)',
    ])
  })

  it('Webex Connect: a name far from any (DIAL) gets the list alone', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'DIAL' } : undefined))
    const error = await failureOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(issueOf(error.message)[0]).toBe("✖ Invalid discriminator value. Expected 'ANSWER' | 'PLAY' | 'PATCH' | 'RECORD' | 'HANGUP' | 'REJECT' (received \"DIAL\")")
  })

  it('8x8: a callflow action "sayAndCaptur", under the -1007 rule; the vendor check line is unchanged', async () => {
    const { listener } = eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [{ action: 'sayAndCaptur', params: {} }] } : { callflow: [hangup] }))
    const error = await failureOf(callTo(listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('sayAndCapture'))
    expect(issueOf(error.message)).toEqual([
      "✖ Invalid discriminator value. Expected 'makeCall' | 'say' | 'sayAndCapture' | 'playFile' | 'hangup' (received \"sayAndCaptur\"); did you mean 'sayAndCapture'?",
      '  → at callflow[0].action',
      '  → rule 8x8/unknown-action (8x8 docs: Send Callflow status codes, -1007)',
    ])
    expect(error.message).toContain("\n8x8's check: -1007 $.callflow[0].action should be one of: say,sayAndCapture,makeCall,hangup,playFile\n")
  })

  it('EnableX: a REST route "accpet" is answered 404 naming the route meant', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/accpet`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('accept'))
    // The route is EnableX's to refuse whatever callspec infers: only its 404 is callspec's.
    expect(error.message).toContain("never came: callspec's fake API refused the app's request, with an answer of callspec's own")
    expect(error.message).toMatch(
      /\n {2}• PUT https:\/\/api\.enablex\.io\/voice\/v1\/call\/([^/]+)\/accpet → HTTP 404 \{"result":404,"msg":"Route not found: PUT \/voice\/v1\/call\/\1\/accpet \(callspec: did you mean PUT \/voice\/v1\/call\/\{voice_id\}\/accept\?\)","state":"failed",.* \(refused; EnableX documents no answer for a path or method it has no route for: this status and msg are callspec's; rule enablex\/routes\)\n/,
    )
    // EnableX's general error envelope; the hint is callspec's, and says so.
    expect(app.answers[0]!.body).toEqual({
      result: 404,
      msg: expect.stringMatching(/^Route not found: PUT \/voice\/v1\/call\/[^/]+\/accpet \(callspec: did you mean PUT \/voice\/v1\/call\/\{voice_id\}\/accept\?\)$/),
      state: 'failed',
      timestamp: expect.any(String),
    })
  })

  it("EnableX: validate('enablex', 'action', { action: 'acept' }) names the route meant, as the 404 does", () => {
    expect(validate('enablex', 'action', { action: 'acept' }).issues[0]).toMatchObject({
      path: 'action',
      rule: 'enablex/request-schema',
      message: expect.stringMatching(/\(received "acept"\); did you mean 'accept'\?$/),
    })
    expect(validate('enablex', 'action', { action: 'dial' }).issues[0]!.message).not.toContain('did you mean')
  })

  it('Voxology: a script action type "SAYY", warned (inferred rule) by default and failed under strict', async () => {
    const app = () => scriptApp({ '/': serve([{ type: 'SAYY', params: { text: 'Hello.' } }, { type: 'HANGUP' }]) }).app
    const said =
      'unknown action type "SAYY" (known: SAY, PLAY, COLLECT, CONFERENCE, LABEL, GOTO, IF, SESSIONDATA, REDIRECT, HANGUP, DIAL, RECORD, QUEUE, DETECT; did you mean "SAY"?): skipped, and the script goes on'
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(app(), { platform: 'voxology' }).expectAction('HANGUP')
    vi.restoreAllMocks()
    expect(call.warnings[0]).toMatch(new RegExp(`^turn 1: the app's answer to the init_call callback: ${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at actions\\[0\\]\\.type \\(rule voxology/action-types, inferred\\)$`))
    const error = await failureOf(callTo(app(), { platform: 'voxology', strict: true }).expectAction('SAY'))
    expect(issueOf(error.message).slice(0, 2)).toEqual([`✖ ${said}`, '  → at actions[0].type'])
    expect(issueOf(error.message)[2]).toMatch(/^ {2}→ rule voxology\/action-types \(inferred: /)
  })
})
