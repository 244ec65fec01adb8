import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

/**
 * A make-call with no x-api-key, or another key than the test's vendor.apiKey, over HTTP to
 * startPlatform()'s server: refused 401 (403), and the failure lists the refusal under rule
 * voxology/api-key, the docs' auth header. It named no rule (helper-205), where 8x8/api-key and
 * enablex/credentials do; the status and body are still said to be callspec's.
 */

const RULE = `  → rule voxology/api-key (Voxology docs: REST API reference, auth header x-api-key: <API key> (the 401 or 403 and its body are callspec's: Voxology documents no error format))`
const NOTE = `(Voxology documents no REST error format: this status and body are callspec's)`

describe('Voxology: a make-call refused for its API key names rule voxology/api-key', () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('voxology')
  })
  afterAll(() => platform.close())

  /** The failure of an outbound call the app places with `headers`. */
  const failure = (headers: Record<string, string>, vendor: object = {}) => {
    const app = express()
    app.post('/remind', async (_req, res) => {
      const r = await fetch(`${platform.url}/v1/Dials/Connect`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ call: { no: '+17145551212', caller_id_no: '+19495551212' } }) })
      res.status(r.status).end()
    })
    return failureOf(callTo(app, { platform: 'voxology', api: platform, vendor }).startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} })).toNumber('+17145551212').expectAction('SAY'))
  }

  it('no x-api-key: 401', async () => {
    const error = await failure({})
    expect(error.message.split('\n\nCall (')[0]).toBe(
      `[callspec] expectAction('SAY'): Voxology rejected the app's make-call request: HTTP 401 {"error":"unauthorized","message":"missing x-api-key header"} ${NOTE}\n` +
        `✖ missing x-api-key header\n${RULE}\n` +
        `Request body: {"call":{"no":"+17145551212","caller_id_no":"+19495551212"}}`,
    )
  })

  it('another key than vendor.apiKey: 403', async () => {
    const error = await failure({ 'x-api-key': 'old-key' }, { apiKey: 'the-key' })
    expect(error.message.split('\n\nCall (')[0]).toBe(
      `[callspec] expectAction('SAY'): Voxology rejected the app's make-call request: HTTP 403 {"error":"forbidden","message":"invalid API key"} ${NOTE}\n` +
        `✖ invalid API key\n${RULE}\n` +
        `Request body: {"call":{"no":"+17145551212","caller_id_no":"+19495551212"}}`,
    )
  })
})
