/**
 * A vendor host over plain http (`http://api.enablex.io`): every vendor documents its API at an
 * https:// base URL, and none says what it does with plain http. Such a request went to the real
 * host, the app's credentials in clear text, before any call and during one (the guard was on TLS
 * connections alone). Now it never reaches the network: before any call it gets the setup file's
 * "before any call" 404, as an https one does; during a call, callspec's refusal saying the API is
 * https, marked as callspec's inference, with a warning that fails no call. Run isolated
 * (vitest.config.ts): the guard's warnings are once per process.
 */
import http from 'node:http'
import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { accepting, enablexApp, tts } from '../drivers/enablex/apps.js'
import { callLogReader } from './fixtures/call-log-reader.js'

const { lookedUp, warnings } = await vi.hoisted(async () => (await import('../helpers/network-and-warning-spies.js')).networkAndWarningSpies())

type Outcome = { status: number; body: unknown } | { error: string }
const failed = (error: unknown): Outcome => ({ error: String((error as { cause?: unknown }).cause ?? error) })
const AUTH = { authorization: `Basic ${Buffer.from('the-apps-id:the-apps-key').toString('base64')}` }

/** The app's GET by fetch, as undici sends it. */
const byFetch = (url: string): Promise<Outcome> =>
  fetch(url, { headers: AUTH }).then(async (res) => ({ status: res.status, body: JSON.parse(await res.text()) as unknown }), failed)

/** The app's GET by http.request, through Node's global agent. */
const byHttpRequest = (url: string): Promise<Outcome> =>
  new Promise((resolve) => {
    http
      .request(url, { headers: AUTH }, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }))
      })
      .on('error', (error) => resolve(failed(error)))
      .end()
  })

const enablexLookups = () => lookedUp.filter((host) => host.startsWith('api.enablex.io'))

describe('a request to a vendor host over plain http', () => {
  it('before any call, gets the "before any call" 404, off the network, by fetch and http.request', async () => {
    const body = {
      error:
        "callspec answered this request itself, not the vendor: it came before any call in this process had callspec answer http://api.enablex.io (at the app's module import, or in a startup hook), and the callspec/vitest setup file keeps that host off the network from the start. Mock the host in the test (nock, msw) to answer it. " +
        "The vendor's API is served at https://api.enablex.io: send it there (callspec refuses plain http during a call, its inference: the vendor documents https:// only).",
    }
    expect(await byFetch('http://api.enablex.io/voice/v1/call/startup-check')).toEqual({ status: 404, body })
    // Written fully qualified (a trailing dot): the same host.
    expect(await byHttpRequest('http://api.enablex.io./voice/v1/call/startup-check')).toEqual({ status: 404, body })
    expect(enablexLookups()).toEqual([])
    expect(warnings()).toEqual([
      "[callspec] the app sent GET http://api.enablex.io/voice/v1/call/startup-check before any call in this process had callspec answer that vendor host (at the app's module import, or in a startup hook such as beforeAll). " +
        `callspec answered it HTTP 404 ${JSON.stringify(body)}, and it did not reach the real vendor: ` +
        "the callspec/vitest setup file keeps the vendor hosts off the network from the start of the process, so the app's credentials never reach the real vendor. " +
        'To answer such a request yourself, mock http://api.enablex.io in the test (nock, msw): a mock answers before callspec does. ' +
        "The vendor's API is served at https://api.enablex.io: send it there (callspec refuses plain http during a call, its inference: the vendor documents https:// only). " +
        'Later requests like it are answered alike, without this notice.',
    ])
  })

  it("during a call, is refused as not https (callspec's inference), off the network, and fails no call", async () => {
    const got: Outcome[] = []
    const app = enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') {
        // A call status read from a base URL written http://: by fetch, then by http.request.
        got.push(await byFetch(`http://api.enablex.io/voice/v1/call/${event.voice_id}`))
        got.push(await byHttpRequest(`http://api.enablex.io/voice/v1/call/${event.voice_id}`))
        return rest.call('PUT', `/call/${event.voice_id}/play`, tts('Hello.'))
      }
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { text: 'Hello.' }).hangUp()

    const id = app.seen[0]!.voice_id
    const refusal = {
      status: 403,
      body: {
        error:
          "callspec refused this request itself, not the vendor: the app sent it over plain http to http://api.enablex.io, and the vendor's API is served at https://api.enablex.io. " +
          `Send it to https://api.enablex.io/voice/v1/call/${id} (callspec's inference: the vendor documents its API at https:// only, not what it answers plain http with).`,
      },
    }
    expect(got).toEqual([refusal, refusal])
    expect(call.actions.map((a) => a.name)).toEqual(['accept', 'play'])
    expect(enablexLookups()).toEqual([])
    expect(warnings().slice(1)).toEqual([
      `[callspec] the app sent GET http://api.enablex.io/voice/v1/call/${id} over plain http to a vendor host. ` +
        `callspec answered it HTTP 403 ${JSON.stringify(refusal.body)}, and it did not reach the network (the app's credentials would have gone in clear text). ` +
        "The vendor's API is https: point the app's base URL at https://. callspec's inference, said as a warning: it fails no call by itself. " +
        'Later requests like it are answered alike, without this notice.',
    ])
  })

  it('during a call no interceptor serves (a Voxology inbound call, the guard alone), is refused alike', async () => {
    const { app, seen, ids } = callLogReader('http://api.voxolo.gy')
    await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectHangup()
    expect(seen).toEqual([
      {
        status: 403,
        body: {
          error:
            "callspec refused this request itself, not the vendor: the app sent it over plain http to http://api.voxolo.gy, and the vendor's API is served at https://api.voxolo.gy. " +
            `Send it to https://api.voxolo.gy/v1/History/Logs/Calls/${ids[0]} (callspec's inference: the vendor documents its API at https:// only, not what it answers plain http with).`,
        },
      },
    ])
    expect(lookedUp.filter((host) => host.startsWith('api.voxolo.gy'))).toEqual([])
  })

  it("an app whose base URL is http:// fails on its refused request, listed as sent over plain http and callspec's, not as gone to the network", async () => {
    const app = accepting(tts('Hello.'), () => {}, { base: () => 'http://api.enablex.io' })
    const error = await callTo(app, { platform: 'enablex' })
      .expectAction('accept')
      .hangUp()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    const id = app.seen[0]!.voice_id
    expect(error?.message).toContain(
      `  • PUT http://api.enablex.io/voice/v1/call/${id}/accept → HTTP 403 {"error":"callspec refused this request itself, not the vendor: the app sent it over plain http to http://api.enablex.io`,
    )
    expect(error?.message).toContain(
      "(sent over plain http to the vendor's https API; callspec's inference, not the vendor's documented answer: the vendor documents its API at https:// only; this 403 and its body are callspec's, and the request never reached the network)",
    )
    expect(error?.message).not.toContain('went to the network')
    expect(enablexLookups()).toEqual([])
  })
})
