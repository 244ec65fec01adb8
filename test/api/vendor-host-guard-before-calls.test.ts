/**
 * With the callspec/vitest setup file (this repo's vitest.config.ts has it, as a user's config
 * does), a request an app sends to a vendor host as its module loads, before any call (a token, a
 * config, a credentials check), never reaches the real vendor: callspec answers it with its own 404
 * saying so, and warns once per process. Before, it went to the network with the app's credentials
 * (ENOTFOUND here after ~25 ms; the real vendor where there is a network). A test's own nock mock
 * still answers first, and a call afterwards answers the host as ever. Run isolated
 * (vitest.config.ts): the warnings are once per process, and the app module is imported once.
 */
import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { accepting, tts } from '../drivers/enablex/apps.js'
import { callLogReader } from './fixtures/call-log-reader.js'
import { eightByEightCheck, enablexCheck, voxologyFqdn, webexToken } from './fixtures/startup-requests.js'

// Hoisted above the imports, so it runs before the app module's: its requests are made as it loads.
const { lookedUp, warnings, webexMock } = await vi.hoisted(async () => {
  const nock = (await import('nock')).default
  const { lookedUp, warnings } = (await import('../helpers/network-and-warning-spies.js')).networkAndWarningSpies()
  // The test's own mock of a vendor host, set up at module level.
  const webexMock = nock('https://api.us.webexconnect.io').get('/v1/token').reply(200, { token: 'mine' })
  return { lookedUp, warnings, webexMock }
})

const beforeAnyCall = (origin: string) => ({
  status: 404,
  body: {
    error: `callspec answered this request itself, not the vendor: it came before any call in this process had callspec answer ${origin} (at the app's module import, or in a startup hook), and the callspec/vitest setup file keeps that host off the network from the start. Mock the host in the test (nock, msw) to answer it, or have the app send it once its call runs.`,
  },
})

describe('a request to a vendor host before any call, under the callspec/vitest setup file', () => {
  it("is answered by callspec, off the network, and said once; the test's own nock mock answers first; a call afterwards answers the host as ever", async () => {
    expect(enablexCheck).toEqual(beforeAnyCall('https://api.enablex.io'))
    expect(eightByEightCheck).toEqual(beforeAnyCall('https://voice.8x8.com'))
    expect(voxologyFqdn).toEqual(beforeAnyCall('https://api.voxolo.gy'))
    expect(lookedUp.filter((host) => ['api.enablex.io', 'voice.8x8.com', 'api.voxolo.gy.'].includes(host))).toEqual([])
    expect(warnings()).toEqual([
      `[callspec] the app sent GET https://api.enablex.io/voice/v1/call/startup-check before any call in this process had callspec answer that vendor host (at the app's module import, or in a startup hook such as beforeAll). ` +
        `callspec answered it HTTP 404 ${JSON.stringify(beforeAnyCall('https://api.enablex.io').body)}, and it did not reach the real vendor: ` +
        `the callspec/vitest setup file keeps the vendor hosts off the network from the start of the process, so the app's credentials never reach the real vendor. ` +
        `To answer such a request yourself, mock https://api.enablex.io in the test (nock, msw): a mock answers before callspec does. ` +
        'Or have the app send it once its call runs: a call answers it as the platform would. Later requests like it are answered alike, without this notice.',
    ])

    // The mock set up before the app loaded answered its request, before any connection.
    expect(webexToken).toEqual({ status: 200, body: { token: 'mine' } })
    expect(webexMock.isDone()).toBe(true)

    // An EnableX call from here on: its app's requests are the call's, answered by the fake API.
    const app = accepting(tts('Hello.'))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { text: 'Hello.' }).hangUp()
    expect(app.answers.map((a) => `${a.method} ${a.status}`)).toEqual(['PUT 200', 'PUT 200'])
    expect(warnings()).toHaveLength(1)
  })

  it("during a call with api: 'none', a host only the setup file guards is answered by callspec, in words true of that", async () => {
    const ORIGIN = 'https://api.voxolo.gy'
    const { app, seen, ids } = callLogReader(ORIGIN)
    await callTo(app, { platform: 'voxology', api: 'none' }).expectAction('SAY').expectHangup()

    const body = {
      error: `callspec answered this request itself, not the vendor: the call in progress passes api: 'none', and callspec keeps ${ORIGIN} off the network in this process from the callspec/vitest setup file on. Mock the host in the test (nock, msw) to answer it.`,
    }
    expect(seen).toEqual([{ status: 404, body }])
    expect(lookedUp).not.toContain('api.voxolo.gy')
    expect(warnings().slice(1)).toEqual([
      `[callspec] the app sent GET ${ORIGIN}/v1/History/Logs/Calls/${ids[0]} while a call with api: 'none' was in progress. ` +
        `callspec answered it HTTP 404 ${JSON.stringify(body)}, and it did not reach the real vendor: ` +
        `the callspec/vitest setup file keeps the vendor hosts off the network for the whole process, whatever a call's api option, so the app's credentials never reach the real vendor. ` +
        `To answer such a request yourself, mock ${ORIGIN} in the test (nock, msw): a mock answers before callspec does. ` +
        'Later requests like it are answered alike, without this notice.',
    ])
  })
})
