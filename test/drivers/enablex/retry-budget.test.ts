/**
 * audit-136 finding 08: p-retry 7 bounds retries with `maxRetryTime`, measured with
 * `performance.now()`. An EnableX app retrying a failing CRM with backoff (1 s, 2 s, …) within 3 s
 * says "Our systems are busy." about 3 s into the connected call in production. With
 * performance.now() on real time during the call, the budget never ran down (the test took a few
 * real ms): the backoffs went 1 s, 2 s, 3 s, 3 s, 3 s, and the caller heard 12.6 s of silence, then
 * the success branch, with no warning.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { retry } from '../../helpers/p-retry-loop.mjs'
import { enablexApp } from './apps.js'

/** A CRM that takes 100 ms and fails its first five lookups (a 503), then finds Ann. */
function flakyCrm() {
  let attempts = 0
  return async () => {
    attempts++
    await new Promise((resolve) => setTimeout(resolve, 100))
    if (attempts < 6) throw new Error('503 from CRM')
    return 'Ann'
  }
}

function retryingApp() {
  const crm = flakyCrm()
  return enablexApp(async (event, rest) => {
    if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state === 'connected') {
      let text: string
      try {
        text = `Hello ${await retry(crm, { retries: 10, minTimeout: 1_000, maxRetryTime: 3_000 })}.`
      } catch {
        text = 'Our systems are busy.'
      }
      await rest.call('PUT', `/call/${event.voice_id}/play`, { text, voice: 'female', language: 'en-US', prompt_ref: 'hi' })
    }
    if (event.playstate === 'playfinished') await rest.call('DELETE', `/call/${event.voice_id}`)
  })
}

describe("a retry budget measured with performance.now() runs down on the call's clock", () => {
  it('gives up after 3 s of the call: the caller hears the busy message 3.1 s after connected, as in production, with no warning', async () => {
    const app = retryingApp()
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('Our systems are busy.')
    expect(call).not.toHavePlayed(/Hello/)
    // Three lookups of 100 ms, backoffs of 1 s and of the 1.8 s left: the third failure is past the budget.
    const connected = call.transcript.entries.find((e) => e.kind === 'event' && e.request.body?.includes('"connected"'))!.at
    const play = call.actions.find((a) => a.name === 'play')!
    // Within a ms: performance.now() during a call can carry a fraction of real time (monotonic-now.ts),
    // so the 1.8 s left may read 1799.x and its timer be set for 1799 (a full run at load ~3 once gave 3099).
    expect(Math.abs(play.at - connected - 3_100)).toBeLessThanOrEqual(1)
    expect(call.print()).toMatch(/app timer 1 s → nothing sent to the platform[\s\S]*app timer 1\.8 s → nothing sent to the platform/)
    expect(call.warnings).toEqual([])
    expect(app.errors).toEqual([])
  })
})
