import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { sendAction, webexApp } from '../../helpers/webex-apps.js'

/**
 * Audit F5 (Webex Connect): a voice message callspec refused under a rule it inferred
 * (webex-connect/voice-message-required at error: the docs mark no field of it required) was
 * listed among the app's unexpected requests as "refused by the platform", with the advice to
 * "fix the request the answer names". Fixed for EnableX only, before.
 */
const message = { callerId: '+14155550199', dialedNumber: '+14155550100', correlationId: '1234' }

/** Answers ANSWERED by sending a voice message with no audio, then hangs up. */
const app = webexApp((event) => {
  if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
  if (event.event !== 'ANSWERED') return undefined
  return (res: ServerResponse) =>
    void fetch('https://api.us.webexconnect.io/v1/voice/messages', {
      method: 'POST',
      headers: { authorization: 'ServiceKey', 'content-type': 'application/json', 'idempotency-key': 'vm-1' },
      body: JSON.stringify(message),
    }).then(() => sendAction(res, { action: 'HANGUP' }))
})

describe("a refusal under an inferred rule is said as callspec's (audit F5, Webex Connect)", () => {
  it('a voice message refused under webex-connect/voice-message-required: listed as refused by callspec, naming the rule', async () => {
    const error = await failureOf(callTo(app, { platform: 'webex-connect', warnings: 'silent', rules: { 'webex-connect/voice-message-required': 'error' } }).expectAction('ANSWER').staySilent(5_000))
    const [headline, item] = error.message.split('\n')
    expect(headline).toBe(
      '[callspec] turn 2, end of call: the app sent 2 action(s) the test never expected (1 refused by callspec under a rule it inferred (webex-connect/voice-message-required), not one the platform documents):',
    )
    expect(item).toBe('  • turn 2 ← POST /v1/voice/messages: refused by callspec (rule webex-connect/voice-message-required, inferred), HTTP 400')
    expect(error.message).toContain("A request callspec refused under a rule it inferred (webex-connect/voice-message-required: the platform documents no such refusal, the answer is callspec's)")
    expect(error.message).not.toContain('refused by the platform')
  })
})
