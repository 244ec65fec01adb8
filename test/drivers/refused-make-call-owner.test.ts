/**
 * A make-call request the fake API refuses while two outbound calls wait, on EnableX and Voxology
 * (Webex Connect's: test/dsl/concurrent-outbound.test.ts): the call the request dials fails, found
 * as an accepted request's call is (the number each call pinned with toNumber()), and the other
 * claims its own request. The app is reached by URL, outside its triggers' async context, and
 * places Ada's call 300 ms after Bob's, so Ada's call is the oldest waiting when Bob's comes.
 * Measured before (helper-161): the refusal failed the oldest waiting call (Ada's),
 * whose number it did not dial, and Bob's call then took Ada's request.
 */
import express from 'express'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../src/index.js'
import { restClient } from './enablex/apps.js'

/** Ada's and Bob's numbers, as EnableX writes them (no +); Voxology's are E.164 (VOX_). */
const ADA = '14155550101'
const BOB = '14155550102'
const VOX_ADA = `+${ADA}`
const VOX_BOB = `+${BOB}`

/** Runs the two calls at once, Ada's first; Ada's result, and Bob's failure. */
async function bothAtOnce(call: (to: string) => PromiseLike<unknown>, [adaNumber, bobNumber] = [ADA, BOB]): Promise<{ ada: PromiseSettledResult<unknown>; bob: Error }> {
  const [ada, bob] = await Promise.allSettled([call(adaNumber), call(bobNumber)])
  expect(bob.status).toBe('rejected')
  return { ada, bob: (bob as PromiseRejectedResult).reason as Error }
}

/** `app` listening on loopback, and the fake API of `platform`, for the file's tests. */
function byUrl(platformName: 'enablex' | 'voxology', app: (api: () => string) => express.Express) {
  let platform: PlatformServer
  let server: Server
  let url = ''
  beforeAll(async () => {
    platform = await startPlatform(platformName)
    server = app(() => platform.url).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    server.close()
    await platform.close()
  })
  return { url: () => url, api: () => platform }
}

describe('a refused make-call request while two calls wait: the call whose number it dials fails', () => {
  describe('EnableX', () => {
    const target = byUrl('enablex', (api) => {
      const rest = restClient({ base: api })
      const app = express()
      app.use(express.json())
      app.post('/remind', async (req, res) => {
        const to = req.body.to as string
        if (to === ADA) await sleep(300)
        // Bob's is sent without its `from`: refused 400.
        const answer = await rest.call('POST', '/call', { ...(to !== BOB && { from: '14155550199' }), to, event_url: `http://${req.headers.host}/event` })
        res.status(answer.status).json(answer.body)
      })
      app.post('/event', (_req, res) => res.sendStatus(200))
      return app
    })

    it("Bob's refused request fails Bob's call; Ada's call claims its own", async () => {
      const { ada, bob } = await bothAtOnce((to) =>
        callTo(target.url(), { platform: 'enablex', api: target.api(), warnings: 'silent' })
          .toNumber(to)
          .startedBy((a) => a.fetch('/remind', { method: 'POST', body: { to } }))
          .expectAction('make-call'),
      )
      expect(ada.status).toBe('fulfilled')
      expect(bob.message).toContain("EnableX rejected the app's make-call request: HTTP 400")
      expect(bob.message).toContain(`Request body: {"to":"${BOB}"`)
      expect(bob.message).not.toContain('could not tell')
    })
  })

  describe('Voxology', () => {
    const target = byUrl('voxology', (api) => {
      const app = express()
      app.use(express.json())
      app.post('/call', async (req, res) => {
        const to = req.body.to as string
        if (to === VOX_ADA) await sleep(300)
        // Bob's is sent without its caller_id_no: refused 400.
        const placed = await fetch(`${api()}/v1/Dials/Connect`, {
          method: 'POST',
          headers: { 'x-api-key': 'vx_key', 'content-type': 'application/json' },
          body: JSON.stringify({ call: { no: to, ...(to !== VOX_BOB && { caller_id_no: '+17145550199' }) } }),
        })
        res.status(placed.status).json(await placed.json())
      })
      app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: [{ type: 'HANGUP' }] }) : res.status(204).end()))
      return app
    })

    it("Bob's refused request fails Bob's call; Ada's call claims its own", async () => {
      const { ada, bob } = await bothAtOnce((to) =>
        callTo(target.url(), { platform: 'voxology', api: target.api(), vendor: { apiKey: 'vx_key' }, warnings: 'silent' })
          .toNumber(to)
          .startedBy((a) => a.fetch('/call', { method: 'POST', body: { to } }))
          .expectAction('HANGUP')
          .expectHangup(),
        [VOX_ADA, VOX_BOB],
      )
      expect(ada.status).toBe('fulfilled')
      expect(bob.message).toContain("Voxology rejected the app's make-call request: HTTP 400")
      expect(bob.message).toContain(`Request body: {"call":{"no":"${VOX_BOB}"}}`)
    })
  })
})
