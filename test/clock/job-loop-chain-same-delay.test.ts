/**
 * A job loop the app starts as it loads, as a chain of timeouts re-armed from its own callback
 * (`setTimeout(loop, 20)`), runs the work its webhooks queue. A timer a job sets for the call is the
 * call's, on its clock, even when its delay is the loop's own: only the loop's re-arm (its own
 * callback, or one written where it is) stays on real time (chain-from-before-the-call.test.ts).
 *
 * Measured before (h196): the delay alone told a re-arm, so the job's 20 ms hang-up went to real
 * time: the transcript had no app timer line for it, and the hang-up stood at the accept's instant.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { enablexApp } from '../drivers/enablex/apps.js'

const TICK_MS = 20
const jobs: Array<() => void> = []
// Started at load, as apps start their loops: Node's own timer, re-armed from its callback.
let next: ReturnType<typeof setTimeout>
const loop = () => {
  for (const job of jobs.splice(0)) job()
  next = setTimeout(loop, TICK_MS)
}
next = setTimeout(loop, TICK_MS)
afterAll(() => clearTimeout(next))

describe('a job loop of timeouts the app started before the call', () => {
  it("runs a job's timer with the loop's own delay on the call's clock: the hang-up is an app timer of the call", async () => {
    const app = enablexApp((event, api) => {
      if (event.state !== 'incomingcall') return
      jobs.push(() => {
        void api.call('PUT', `/call/${event.voice_id}/accept`)
        setTimeout(() => void api.call('DELETE', `/call/${event.voice_id}`), TICK_MS)
      })
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectHangup()
    expect(call.print()).toContain(`app timer ${TICK_MS} ms`)
  })
})
