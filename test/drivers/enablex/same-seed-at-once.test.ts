import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { enablexApp } from './apps.js'

/**
 * Two EnableX calls at once with one seed have one voice_id: the fake API cannot tell the app's
 * requests apart. Measured before (helper-135): one passed, the other failed saying its accept
 * never came, though the accept for its very voice_id had come (credited to the other call).
 */
it('two calls at once with the same seed: one fails at its start, saying why and what to do; the other runs', async () => {
  const app = enablexApp(async (event, rest) => {
    if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
  })
  // appClock: false lets the two calls run at the same time (with the app's clock they take turns).
  const options = { platform: 'enablex', seed: 7, appClock: false, warnings: 'silent' } as const
  const results = await Promise.allSettled([callTo(app, options).expectAction('accept').hangUp(), callTo(app, options).expectAction('accept').hangUp()])
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
  expect(failed).toHaveLength(1)
  expect(String((failed[0]!.reason as Error).message).split('\n')[0]).toMatch(
    /^\[callspec\] expectAction\('accept'\): another EnableX call running at the same time has this call's voice_id \([0-9a-f-]{36}\): the two were given the same seed, which makes the same ids, and the fake API cannot tell the app's requests for one from the other's\. Give each call its own seed \(or leave seed out: each call then gets its own\)\.$/,
  )
})
