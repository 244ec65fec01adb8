import nock from 'nock'
import http from 'node:http'
import https from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'

/**
 * A user's suite that also uses nock (it activates on import, patching http.request and
 * https.request with its own @mswjs/interceptors instance): an https.request to a vendor host the
 * app destroys mid-body is still seen abandoned, at once, and listed in the failure.
 */

const enablexAuth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`
const CAME = `The app's requests that came but whose body did not finish, since this call started (the fake vendor API answers a request once its body has ended):`
const CAME_ADVICE = `The request itself came: check how the app sends its body (a stream it never closes, a Content-Length above the bytes it writes, a request it destroys or aborts).`
const APP_TIMEOUT_MS = 5_000

afterEach(() => {
  nock.cleanAll()
})

/** An EnableX app whose accept request is an https.request it destroys after its first bytes. */
const destroyingApp = () =>
  enablexApp(async (event) => {
    if (event.state !== 'incomingcall') return
    const req = https.request(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization: enablexAuth, 'content-length': '1000' } })
    req.on('error', () => {})
    req.write('{"x":', () => req.destroy())
  })

/** The call's failure, and how long it took in real time. */
async function failing() {
  const started = performance.now()
  const error = await failureOf(callTo(destroyingApp(), { platform: 'enablex', limits: { appTimeoutMs: APP_TIMEOUT_MS } }).expectAction('accept'))
  return { message: error.message.split('\n\nCall (')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}'), elapsed: performance.now() - started }
}

describe('with nock loaded in the process', { timeout: 20_000 }, () => {
  it('an https.request to EnableX destroyed mid-body is listed as abandoned, without waiting limits.appTimeoutMs', async () => {
    expect(nock.isActive()).toBe(true)
    const { message, elapsed } = await failing()
    expect(message).toContain(
      `${CAME}\n  • PUT https://api.enablex.io/voice/v1/call/{voice_id}/accept: the app abandoned it mid-body (0 bytes of its body had come)\n${CAME_ADVICE}`,
    )
    expect(message).not.toContain('limits.appTimeoutMs')
    expect(elapsed).toBeLessThan(APP_TIMEOUT_MS / 2)
  })

  it("nock's own mocks of other hosts still answer during the call, by http.request and fetch", async () => {
    nock('http://crm.acme.test').get('/customers/1').reply(200, { name: 'Ada' })
    nock('https://crm.acme.test').get('/customers/2').reply(200, { name: 'Grace' })
    const names: string[] = []
    const app = enablexApp(async (event) => {
      if (event.state !== 'incomingcall') return
      names.push(
        await new Promise<string>((resolve, reject) => {
          http
            .get('http://crm.acme.test/customers/1', (res) => {
              let body = ''
              res.on('data', (chunk) => (body += chunk))
              res.on('end', () => resolve((JSON.parse(body) as { name: string }).name))
            })
            .on('error', reject)
        }),
      )
      names.push(((await (await fetch('https://crm.acme.test/customers/2')).json()) as { name: string }).name)
      const req = https.request(`https://api.enablex.io/voice/v1/call/${event.voice_id}/accept`, { method: 'PUT', headers: { authorization: enablexAuth, 'content-length': '1000' } })
      req.on('error', () => {})
      req.write('{"x":', () => req.destroy())
    })
    const error = await failureOf(callTo(app, { platform: 'enablex', limits: { appTimeoutMs: APP_TIMEOUT_MS } }).expectAction('accept'))
    // Before, http.get(url, callback) threw in the app (nock's and callspec's patches stacked, each normalising the arguments).
    expect(app.errors).toEqual([])
    expect(names).toEqual(['Ada', 'Grace'])
    expect(nock.isDone()).toBe(true)
    expect(error.message).toContain('the app abandoned it mid-body')
  })

  it('and after a call already ran: the next one sees the abandonment too', async () => {
    const first = await failing()
    const second = await failing()
    for (const { message, elapsed } of [first, second]) {
      expect(message).toContain('PUT https://api.enablex.io/voice/v1/call/{voice_id}/accept: the app abandoned it mid-body')
      expect(elapsed).toBeLessThan(APP_TIMEOUT_MS / 2)
    }
  })
})
