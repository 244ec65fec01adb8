import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { enablexApp, tts } from './apps.js'

/**
 * Audit F5: a request callspec refused under a rule it inferred (hold before a bridge: 409 under
 * enablex/undocumented-errors, inferred; EnableX documents no response for hold) was listed as
 * "refused by the platform", with the advice to "fix the request the answer names".
 */
const holdsUnbridged = () =>
  enablexApp(async (event, api) => {
    const call = `/call/${event.voice_id}`
    if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
    if (event.state === 'connected') await api.call('PUT', `${call}/play`, tts('Please hold.'))
    if (event.playstate === 'playfinished') await api.call('POST', `${call}/hold`, { hold: true })
  })

/** Transfers with no bridge: 409 "Call is not bridged yet", documented (enablex/error-answers). */
const transfersUnbridged = () =>
  enablexApp(async (event, api) => {
    if (event.state === 'incomingcall') await api.call('PUT', `/call/${event.voice_id}/transfer`, { from: '14155550199', transfer_to: '14155550177' })
  })

describe('an unconsumed refusal says whose refusal it is (audit F5)', () => {
  it("one callspec answered under an inferred rule: named as callspec's, with the rule, never as the platform's", async () => {
    const error = await failureOf(callTo(holdsUnbridged(), { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').staySilent(5_000))
    const [headline, item, how] = error.message.split('\n')
    expect(headline).toBe(
      "[callspec] turn 3, end of call: the app sent 1 request(s) the test never expected, refused by callspec under a rule it inferred (enablex/undocumented-errors), not one the platform documents:",
    )
    expect(item).toMatch(/^ {2}• turn 3 ← POST \/voice\/v1\/call\/\{voice_id\}\/hold: refused by callspec \(rule enablex\/undocumented-errors, inferred\), HTTP 409 Call is not bridged yet/)
    expect(how).toBe(
      "A request callspec refused under a rule it inferred (enablex/undocumented-errors: the platform documents no such refusal, the answer is callspec's) is still something the app did that no expectAction matches: assert what the app does after it; rules: { 'enablex/undocumented-errors': 'off' } lets it through: callspec answers it 200 and changes nothing, as EnableX most plausibly takes it (or set unconsumed: 'warn' | 'ignore').",
    )
    expect(error.message).not.toContain('refused by the platform')
    expect(error.message).not.toContain('fix the request the answer names')
  })

  it("one EnableX documents keeps the platform's wording", async () => {
    const error = await failureOf(callTo(transfersUnbridged(), { platform: 'enablex', warnings: 'silent' }))
    expect(error.message).toMatch(/^\[callspec\] turn 1, end of call: the app sent 1 request\(s\) the test never expected, refused by the platform:\n {2}• turn 1 ← PUT \/voice\/v1\/call\/\{voice_id\}\/transfer: refused, HTTP 409 /)
    expect(error.message).toContain('A request the platform refused is something the app did that no expectAction matches: fix the request the answer names')
  })

  it("a step the refused request left waiting says the refusal was callspec's, not the platform's", async () => {
    const app = enablexApp(async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.state === 'incomingcall') await api.call('PUT', `${call}/accept`)
      if (event.state === 'connected') await api.call('POST', `${call}/hold`, { hold: true })
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', warnings: 'silent', limits: { appTimeoutMs: 300 } }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain("never came: callspec refused the app's request under a rule it inferred (enablex/undocumented-errors), not one the platform documents, and the app went quiet after it")
    expect(error.message).not.toContain("the platform refused the app's request")
  })
})
