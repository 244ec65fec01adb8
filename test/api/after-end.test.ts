import https from 'node:https'
import nock from 'nock'
import { request as undiciRequest } from 'undici'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp, tts, type Answer, type AppOptions } from '../drivers/enablex/apps.js'

/**
 * An in-process app's request to a vendor host after its call ended (a timer after the hangup)
 * never reaches the real network: callspec answers it in the vendor's shape, as about a call that
 * no longer exists, and reports it once per process with a console warning that says the answer is
 * callspec's, not the vendor's.
 */

const credentials = { appId: 'app-id', appKey: 'app-key' }
const auth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

/** Accepts, plays, hangs up, and `after` the hangup (on a real timer) sends one more request. */
function lateApp(late: (voiceId: string) => Promise<Answer | { status: number; body: unknown }>, options: AppOptions = {}) {
  let settle!: (answer: { status: number; body: unknown } | { error: string }) => void
  const afterEnd = new Promise<{ status: number; body: unknown } | { error: string }>((resolve) => (settle = resolve))
  const app = enablexApp(async (event, api) => {
    if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state === 'connected') return api.call('PUT', `/call/${event.voice_id}/play`, tts('Goodbye.', { prompt_ref: 'bye' }))
    if (event.playstate === 'playfinished') {
      await api.call('DELETE', `/call/${event.voice_id}`)
      setTimeout(() => {
        late(event.voice_id).then(settle, (error: unknown) => settle({ error: String((error as { cause?: unknown }).cause ?? error) }))
      }, 50)
    }
  }, options)
  return { app, afterEnd }
}

const call = (app: ReturnType<typeof enablexApp>) =>
  callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('accept').expectAction('play').expectAction('hangup')

const viaFetch = (voiceId: string, method = 'PUT', path = `/voice/v1/call/${voiceId}/play`) =>
  fetch(`https://api.enablex.io${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(tts('ghost')) }).then(async (r) => ({
    status: r.status,
    body: JSON.parse(await r.text()) as unknown,
  }))

const viaHttps = (voiceId: string) =>
  new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = https.request(`https://api.enablex.io/voice/v1/call/${voiceId}/play`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end(JSON.stringify(tts('ghost')))
  })

const viaUndici = async (voiceId: string) => {
  const res = await undiciRequest(`https://api.enablex.io/voice/v1/call/${voiceId}/play`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(tts('ghost')) })
  return { status: res.statusCode, body: await res.body.json() }
}

// The play route's error envelope, with no call left to take the parties or the time from.
const callOver = (voiceId: string) => ({ status: 404, body: { voice_id: voiceId, playstate: 'failed', result: 404, msg: 'Call not found or already disconnected' } })

afterEach(() => {
  vi.restoreAllMocks()
  nock.cleanAll()
})

describe("a vendor host after the app's call ended", () => {
  // Three calls and their late requests: 1.5 s of real time at ordinary load, 5.2 s at load ~11 on two cores
  // (Node 24), where callspec stopped the third call at vitest's 5 s. Nothing here is timed.
  it('fetch, https.request and undici get EnableX\'s answer about an ended call, not the network; the first is reported once per process', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let voiceId = ''
    const byFetch = lateApp((id) => ((voiceId = id), viaFetch(id)))
    await call(byFetch.app)
    expect(await byFetch.afterEnd).toEqual(callOver(voiceId))
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toBe(
      `[callspec] the app sent PUT https://api.enablex.io/voice/v1/call/${voiceId}/play after its call had ended, with no call in progress on that vendor host. ` +
        `callspec answered it HTTP 404 {"voice_id":"${voiceId}","playstate":"failed","result":404,"msg":"Call not found or already disconnected"} (callspec's answer, in the vendor's shape, to a request about a call that no longer exists), and it did not reach the real vendor: ` +
        `callspec keeps a vendor host off the network in this process once a call has had callspec answer it. The call it belonged to had already passed, so nothing failed on it: ` +
        `check what the app does after the call ends (a timer, a late clean-up). Later requests like it are answered alike, without this notice.`,
    )
    for (const client of [viaHttps, viaUndici]) {
      const late = lateApp((id) => ((voiceId = id), client(id)))
      await call(late.app)
      expect(await late.afterEnd, client.name).toEqual(callOver(voiceId))
    }
    // Once per process.
    expect(warn).toHaveBeenCalledTimes(1)
  }, 15_000)

  it("a request callspec cannot place (a make-call) gets callspec's 404: its fake API has no call in progress", async () => {
    const late = lateApp(() => viaFetch('', 'POST', '/voice/v1/call'))
    await call(late.app)
    expect(await late.afterEnd).toEqual({
      status: 404,
      body: {
        error:
          "callspec's fake API has no call in progress: POST /voice/v1/call came after the last call in this process that had callspec answer https://api.enablex.io ended (callspec keeps that host off the network from then on; nothing reaches the real vendor)",
      },
    })
  })

  it("a later call's interception answers instead: the same request during the next call is that call's", async () => {
    // The first call's app sends its late request while the second call runs (its own voice_id: a 404 the second call lists, but does not fail on).
    let firstId = ''
    const app = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') return api.call('PUT', `/call/${event.voice_id}/play`, tts('Hello.', { prompt_ref: 'hello' }))
    })
    await callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('accept').expectAction('play')
    firstId = app.seen[0]!.voice_id
    const second = enablexApp(async (event, api) => {
      if (event.state === 'incomingcall') {
        // The live API answers: an unknown voice_id, not the ended call's body.
        const late = await viaFetch(firstId, 'GET', `/voice/v1/call/${firstId}`)
        expect(late).toEqual({ status: 404, body: { result: 404, msg: 'Call not found', voice_id: firstId } })
        return api.call('PUT', `/call/${event.voice_id}/accept`)
      }
    })
    await callTo(second, { platform: 'enablex', vendor: credentials }).expectAction('accept')
  })

  it("the test's own nock mock of the vendor host answers it, as before (a mock set up after the call)", async () => {
    for (const client of [viaFetch, viaHttps]) {
      const late = lateApp((id) => {
        nock('https://api.enablex.io').put(`/voice/v1/call/${id}/play`).reply(202, { mine: true })
        return client(id)
      })
      await call(late.app)
      expect(await late.afterEnd, `nock, ${client.name}`).toEqual({ status: 202, body: { mine: true } })
    }
  })
})
