/**
 * EnableX's own Node samples take `request` from node:https when their voiceapi.js loads
 * (`const { request } = require('https')`), before any call applies callspec's interceptor. Measured
 * before: the sample's accept went to the real api.enablex.io (ENOTFOUND, thrown in the app), and
 * the call failed at once asking whether `platform` was right.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

// Loaded after the callspec/vitest setup file, as a user's app is (imported by the test file).
const app = createRequire(import.meta.url)('./fixtures/captured-https-request.cjs') as (req: unknown, res: unknown) => void

describe('an https.request the app took from the module at load', () => {
  it("reaches the fake API: the sample's accept and bridge are the call's actions", async () => {
    const started = performance.now()
    const call = await callTo(app, { platform: 'enablex', vendor: { appId: 'app-id', appKey: 'app-key' } })
      .expectAction('accept')
      .expectAction('connect', { to: '14155550142' })
      .staySilent(5_000)
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(call.actions.map((a) => a.name)).toEqual(['accept', 'connect'])
    expect(call.events).toEqual(expect.arrayContaining(['incomingcall', 'connected', 'bridged']))
  })
})
