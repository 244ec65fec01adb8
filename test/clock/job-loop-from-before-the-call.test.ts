/**
 * A job loop the app starts as it loads (a setInterval that runs the work its webhooks queue) is a
 * timer from before the call, and stays on real time; the timers its jobs set for the call are the
 * call's, on its clock. Only a chain's re-arm stays real (chain-from-before-the-call.test.ts).
 *
 * Measured before (helper-190): an EnableX app whose loop accepted the call and set "hang up 5 s
 * later" failed with "waited 3122 ms … for the app's next REST request to EnableX … and it never
 * came": the 5 s were real time, where production hangs up 5 s after the accept.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp } from '../drivers/enablex/apps.js'

const jobs: Array<() => void> = []
// Started at load, as apps start their loops: Node's own timer.
const loop = setInterval(() => {
  for (const job of jobs.splice(0)) job()
}, 20)
afterAll(() => clearInterval(loop))

describe('a job loop the app started before the call', () => {
  it("runs the call's timers that its jobs set on the call's clock: the hang-up comes 5 s (virtual) after the accept", async () => {
    const app = enablexApp((event, api) => {
      if (event.state !== 'incomingcall') return
      jobs.push(() => {
        void api.call('PUT', `/call/${event.voice_id}/accept`)
        setTimeout(() => void api.call('DELETE', `/call/${event.voice_id}`), 5_000)
      })
    })
    const started = performance.now()
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectHangup()
    expect(performance.now() - started).toBeLessThan(2_500)
    expect(call.print()).toMatch(/ 5\.0s +\d+ → disconnected/)
  })
})
