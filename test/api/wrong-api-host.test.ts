/**
 * Newcomer audit-91 finding 4: an EnableX app whose API base URL names a wrong host (its request
 * fails at the network: ENOTFOUND) waited the whole limits.appTimeoutMs, ~3.5 s, where a wrong path
 * (refused by the fake API) failed in half a second. A request that failed on its way to a host
 * callspec does not answer is the app giving up as a refusal is: once the app is quiet, the call
 * fails, naming the request and the host callspec answers.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/** EnableX's first-test app, with its API base URL given (a .invalid host never resolves). */
function enablexApp(base: string) {
  const auth = `Basic ${Buffer.from('my-app-id:my-app-key').toString('base64')}`
  const enablex = (method: string, path: string) => fetch(`${base}${path}`, { method, headers: { authorization: auth } }).catch(() => undefined)
  const app = express()
  app.use(express.json())
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    const { voice_id: id, state } = req.body as { voice_id: string; state: string }
    if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
    if (state === 'connected') await enablex('DELETE', `/call/${id}`)
  })
  return app
}

describe('an EnableX app whose API host is wrong', () => {
  it('fails once the app is quiet after its request failed, naming it, well within a second', async () => {
    const started = performance.now()
    const error = await failureOf(callTo(enablexApp('https://api.enablex.invalid/voice/v1'), { platform: 'enablex', warnings: 'silent' }).expectAction('accept'))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(error.message).toMatch(
      /^\[callspec\] turn 1, expectAction\('accept'\): the app's next REST request to EnableX after the "incomingcall" event \(turn 1\) never came: the app's request to a host callspec does not answer failed \(below\), and the app went quiet after it \(no request in flight, no timer, no I\/O callspec can see\)\./,
    )
    expect(error.message).toMatch(/PUT https:\/\/api\.enablex\.invalid\/voice\/v1\/call\/[^ ]+\/accept → failed: fetch failed \(ENOTFOUND\)/)
  })
})
