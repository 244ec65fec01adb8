/**
 * Run by ../../dsl/went-around-interception.test.ts in a vitest of its own: the app's ENOTFOUND is
 * uncaught (as in the sample, which has no 'error' listener), so the run reports it.
 *
 * An EnableX app whose REST request went to the real api.enablex.io, around callspec's
 * interception (a request function taken before callspec could replace it: EnableX's Node samples
 * take `request` from node:https when they load), threw ENOTFOUND after its empty 200. Measured
 * before: the failure asked "is `platform` right? The app answered the first enablex webhook with
 * 2xx, but not with anything enablex understands", of an app whose empty acknowledgement is
 * EnableX's own. Over real HTTP, in memory.
 */
import { createRequire } from 'node:module'
import https from 'node:https'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

// Node's own ClientRequest, which no interceptor replaces: what a request function taken before
// any interception sends with (the callspec/vitest setup file makes a captured https.request reach
// callspec; an app loaded before it, or without it, keeps Node's own).
const { ClientRequest } = createRequire(import.meta.url)('_http_client') as { ClientRequest: new (options: object) => import('node:http').ClientRequest }

function sampleApp(host: string) {
  const app = express()
  app.use(express.json())
  app.post('/event', (req, res) => {
    res.send()
    const { voice_id: id, state } = req.body as { voice_id: string; state: string }
    // As the sample (voice-inbound-bridge): accepted a second later, with no 'error' listener, so a
    // failed lookup is an uncaught exception.
    const accept = () => new ClientRequest({ host, port: 443, protocol: 'https:', agent: new https.Agent(), method: 'PUT', path: `/voice/v1/call/${id}/accept` }).end('')
    if (state === 'incomingcall') setTimeout(accept, 1000)
  })
  return app
}

describe('an EnableX request that went around the interception and failed at the network', () => {
  it('went-around: says the request went around callspec, and how the setup file fixes it; not "is `platform` right?"', async () => {
    const error = await failureOf(callTo(sampleApp('api.enablex.io'), { platform: 'enablex', limits: { appTimeoutMs: 2_000 } }).expectAction('accept'))
    expect(error.message).toMatch(/then threw while still handling it .*: Error: (?:getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|connect ECONNREFUSED|.*) /)
    expect(error.message).toContain(
      "\nHint: the app's request to api.enablex.io, an enablex host callspec answers during a call, went to the network around callspec's interception. A request function the app took when its module loaded does that (`const { request } = require('https')`): add 'callspec/vitest' to test.setupFiles in vitest.config.ts",
    )
    expect(error.message).not.toContain('is `platform` right?')
  })
})
