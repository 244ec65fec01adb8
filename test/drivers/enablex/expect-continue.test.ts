import https from 'node:https'
import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { enablexApp } from './apps.js'

/** PUT with `Expect: 100-continue`, the body written once the server says continue (curl's, .NET's, Java's habit). */
function putExpectingContinue(path: string, body: object): Promise<number> {
  const text = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = https.request(`https://api.enablex.io/voice/v1${path}`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from('app-id:app-key').toString('base64')}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
        expect: '100-continue',
      },
    })
    request.on('continue', () => request.end(text))
    request.on('response', (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.on('error', reject)
  })
}

/**
 * The fake vendor API, in process, says 100 Continue to a request that expects it, as Node's
 * servers do: such an app's accept hung until the wait ran out, blamed on its body (helper-135).
 */
it("answers an app's Expect: 100-continue, so its accept goes through", async () => {
  const statuses: number[] = []
  const app = enablexApp(async (event) => {
    if (event.state === 'incomingcall') statuses.push(await putExpectingContinue(`/call/${event.voice_id}/accept`, {}))
  })
  const started = performance.now()
  const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').hangUp()
  expect(statuses).toEqual([200])
  expect(call.actions.map((a) => a.name)).toEqual(['accept'])
  expect(performance.now() - started).toBeLessThan(2_000)
})
