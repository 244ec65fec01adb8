/** EnableX: what the vendor's own samples need (issue 9). */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { enablexApp, tts } from './apps.js'

/** The shape of EnableX's inbound sample: it never accepts; it waits for the greeting's playfinished, then plays its menu. */
const inboundSample = (base?: string) =>
  enablexApp(
    async (event, api) => {
      const call = `/call/${event.voice_id}`
      if (event.playstate === 'playfinished' && event.prompt_ref === undefined) {
        return api.call('PUT', `${call}/play`, tts('Press 1 for accounts, 2 for engineering.', { dtmf: true, interrupt: false, prompt_ref: '2' }))
      }
      if (event.playstate === 'digitcollected' && event.prompt_ref === '2') return api.call('DELETE', call)
      return undefined
    },
    base ? { base: () => base } : {},
  )

describe('EnableX fidelity', () => {
  it("plays the number's portal greeting (vendor.inboundGreeting), so the vendor's inbound sample gets past accept", async () => {
    const app = inboundSample()
    const call = await callTo(app, { platform: 'enablex', vendor: { inboundGreeting: { text: 'Welcome to Acme.', voice: 'female', language: 'en-US' } } })
      .expectAction('play', { prompt_ref: '2', dtmf: true })
      .pressDigits('1')
      .expectAction('hangup')
    expect(call.prompts).toEqual(['Welcome to Acme.', 'Press 1 for accounts, 2 for engineering.'])
    expect(call.events.slice(0, 2)).toEqual(['incomingcall', 'playfinished'])
    expect(call.warnings).toEqual([])
  })

  it('an app that plays on incomingcall plays first: the greeting does not play, and the transcript says so (audit h127)', async () => {
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/play`, tts('Press 1.', { dtmf: true, prompt_ref: 'menu' }))
      return undefined
    })
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent', vendor: { inboundGreeting: { text: 'Welcome to Acme.', voice: 'female', language: 'en-US' } } })
      .expectAction('play')
      // Long enough to hear it: a prompt cut off as it begins is not heard.
      .staySilent(1_000)
      .hangUp()
    expect(call.prompts).toEqual(['Press 1.'])
    expect(call.print()).toContain("· the number's greeting (vendor.inboundGreeting) did not play: the app's play on incomingcall came first.")
  })

  it('without the greeting the same app is stuck at accept, and the failure says what the platform waits for', async () => {
    await expect(callTo(inboundSample(), { platform: 'enablex', limits: { appTimeoutMs: 300 } }).expectAction('play')).rejects.toThrow(
      `[callspec] turn 1, expectAction('play'): waited 300 ms (limits.appTimeoutMs) for the app's next REST request to EnableX after the "incomingcall" event (turn 1), and it never came.`,
    )
  })

  it('intercepts api-qa.enablex.io, the host of the vendor IVR sample', async () => {
    const app = inboundSample('https://api-qa.enablex.io')
    const call = await callTo(app, { platform: 'enablex', vendor: { inboundGreeting: { prompt_name: 'welcome' } } }).expectAction('play').pressDigits('2').expectAction('hangup')
    expect(app.answers.map((a) => a.status)).toEqual([200, 200])
    expect(call).toHaveHungUp()
  })
})
