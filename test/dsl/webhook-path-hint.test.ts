/**
 * The hint under a 404 on the first webhook (audit-f #12): the default path said once, and for an
 * Express app, a Fastify instance or a Hono app its POST routes, as candidates for webhookPath.
 */
import { createServer } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const hintOf = async (flow: PromiseLike<unknown>) => {
  const error = await failureOf(flow)
  return error.message.split('\n').find((l) => l.startsWith('Hint: '))
}

const notFound = () =>
  createServer((_req, res) => {
    res.statusCode = 404
    res.end('Cannot POST /')
  })

describe('a 404 on the first webhook', () => {
  it('with no webhookPath: the default is named once', async () => {
    expect(await hintOf(callTo(notFound(), { platform: 'webex-connect' }).expectAction('ANSWER'))).toBe(
      "Hint: is `webhookPath` right? The first webhook went to http://app.callspec.local/ and the app has no route there (this call used `/`, webex-connect's default). " +
        "Pass the path your app serves as webhookPath: in callTo's options (callTo(app, { platform: 'webex-connect', webhookPath: '/your/route' })), or in a scenario file (webhookPath: /your/route).",
    )
  })

  it.each(['webex-connect', '8x8', 'enablex', 'voxology'] as const)('%s: the route hint alone, not "parse JSON" (a 404 reads no body)', async (platform) => {
    // audit-111 8: the app with no route "answered the webhook without reading its body … app.use(express.json())" too.
    const error = await failureOf(callTo(notFound(), { platform, warnings: 'silent' }).expectHangup())
    const hints = error.message.split('\n').filter((l) => l.startsWith('Hint: '))
    expect(hints).toEqual([expect.stringMatching(/^Hint: is `webhookPath` right\? The first webhook went to /)])
    expect(error.message).not.toContain('express.json()')
  })

  it('with a webhookPath: it and the default', async () => {
    const hint = await hintOf(callTo(notFound(), { platform: 'webex-connect', webhookPath: '/ivr' }).expectAction('ANSWER'))
    expect(hint).toContain("the app has no route there (this call used `/ivr`, from your webhookPath option; webex-connect's default is `/`). Pass")
  })

  it("an Express app: its POST routes are listed as candidates (not its GET ones, nor a mounted router's)", async () => {
    const app = express()
    app.use(express.json())
    app.get('/health', (_req, res) => void res.send('ok'))
    app.post('/webex/events', (_req, res) => void res.json({ action: 'ANSWER' }))
    app.route('/ivr/start').post((_req, res) => void res.json({}))
    app.all('/any', (_req, res) => void res.json({}))
    const router = express.Router()
    router.post('/mounted', (_req, res) => void res.json({}))
    app.use('/v2', router)
    const hint = await hintOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(hint).toContain("(this call used `/`, webex-connect's default). The app's POST routes: `/webex/events`, `/ivr/start`, `/any`. Pass the path")
  })

  it("a Fastify instance: its POST routes, plugins' prefixes included (not its GET ones), each confirmed by Fastify", async () => {
    const app = Fastify()
    app.get('/health', async () => 'ok')
    app.post('/webex/events', async () => ({ action: 'ANSWER' }))
    app.post('/calls/:id/events', async () => ({}))
    // Printed as one node `/calls/:id|:callId`: each form is tried, and only declared routes kept.
    app.post('/calls/:callId/status', async () => ({}))
    // A route with constraints: hasRoute() without them does not confirm it, so it is left out.
    app.post('/versioned', { constraints: { version: '1.0.0' } }, async () => ({}))
    app.register(
      async (plugin) => {
        plugin.post('/', async () => ({}))
        plugin.post('/hook', async () => ({}))
      },
      { prefix: '/v2' },
    )
    const hint = await hintOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(hint).toContain("(this call used `/`, webex-connect's default). The app's POST routes: `/webex/events`, `/calls/:id/events`, `/calls/:callId/status`, `/v2`, `/v2/hook`. Pass the path")
    await app.close()
  })

  it('a Hono app: its POST routes, sub-apps\' with their prefix (not GET, nor app.all() and middleware, listed alike as ALL)', async () => {
    const app = new Hono()
    app.use('*', async (_c, next) => next())
    app.get('/health', (c) => c.text('ok'))
    app.post('/webex/events', (c) => c.json({ action: 'ANSWER' }))
    app.all('/any', (c) => c.json({}))
    const sub = new Hono()
    sub.post('/hook', (c) => c.json({}))
    app.route('/v2', sub)
    const hint = await hintOf(callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(hint).toContain("(this call used `/`, webex-connect's default). The app's POST routes: `/webex/events`, `/v2/hook`. Pass the path")
  })
})
