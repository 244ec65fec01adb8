import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure-of.js'
import { callTo } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/enablex-ivr/app.js'
import { enablexApp, tts } from '../drivers/enablex/apps.js'

/** A user's own nock, active in the same process (nock activates on import). */
const app = createIvrApp(exampleConfig())
const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }

afterEach(() => {
  nock.cleanAll()
})

describe("callspec's interception beside the user's nock", () => {
  it("never shows in the user's nock state, and survives a nock.cleanAll() mid-call", async () => {
    const fetchBefore = globalThis.fetch
    const seen: { pending: string[]; done: boolean }[] = []
    const call = await callTo(app, { platform: 'enablex', vendor: credentials })
      .startedBy(async (ctx) => {
        seen.push({ pending: nock.pendingMocks(), done: nock.isDone() })
        // The user's own clean-up, mid-call: the app's next vendor requests are still answered.
        nock.cleanAll()
        return ctx.fetch('/callbacks', { method: 'POST', body: { to: '14155550141' } })
      })
      .expectAction('make-call')
      .pressDigits('2')
      .expectAction('connect')
      .expectAction('recording')

    expect(seen).toEqual([{ pending: [], done: true }])
    expect(call.events).toContain('bridged')
    // nock's own patches are what callspec found, and what it leaves.
    expect(globalThis.fetch).toBe(fetchBefore)
    expect(nock.isActive()).toBe(true)
  })

  it("reports the user's own mock of a vendor host instead of silently preferring either", async () => {
    nock('https://api.enablex.io').put(/.*/).reply(200, { mine: true })
    const error = await failureOf(callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain('goes to a vendor host your test also mocks with nock (PUT https://api.enablex.io:443')
    expect(error.message).toContain('remove your nock interceptors for https://api.enablex.io')
  })

  it('reports it for an app on http.request too, which callspec takes beneath nock', async () => {
    const httpApp = enablexApp(
      async (event, api) => {
        if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
        if (event.state === 'connected') return api.call('PUT', `/call/${event.voice_id}/play`, tts('Hi.', { prompt_ref: 'hi' }))
      },
      { client: 'http', appId: 'app-id', appKey: 'app-key' },
    )
    nock('https://api.enablex.io').put(/.*/).reply(200, { mine: true })
    const error = await failureOf(callTo(httpApp, { platform: 'enablex', vendor: { appId: 'app-id', appKey: 'app-key' } }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain('goes to a vendor host your test also mocks with nock (PUT https://api.enablex.io:443')
  })
})

describe("the test's own HTTP mocks keep real time during a call", () => {
  it('an app that looks a caller up in a nock-mocked CRM before it plays is not held up (nock loaded after callspec/vitest)', async () => {
    nock('https://crm.acme.test').get(/\/customers\//).reply(200, { name: 'Ada' }).persist()
    const played: string[] = []
    const crmApp = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state !== 'connected') return
      const customer = (await (await fetch(`https://crm.acme.test/customers/${event.from}`)).json()) as { name: string }
      played.push(customer.name)
      await api.call('PUT', `/call/${event.voice_id}/play`, tts(`Hello ${customer.name}.`, { prompt_ref: 'hello' }))
    })
    const started = performance.now()
    await callTo(crmApp, { platform: 'enablex', vendor: { appId: 'app-id', appKey: 'app-key' } })
      .expectAction('accept')
      .expectAction('play', { text: 'Hello Ada.' })
      .hangUp()
    expect(played).toEqual(['Ada'])
    // Before, nock's playback immediate sat on the call's clock: the call waited limits.appTimeoutMs (4 s).
    expect(performance.now() - started).toBeLessThan(1_500)
  })
})
