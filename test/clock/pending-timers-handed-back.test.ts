/**
 * The app's timers still pending when a call ends go back to real time, where production has them:
 * a worker interval started on first use keeps running for the next test's call, a timeout fires
 * with what it had left, and the handle the app holds still clears, refreshes and unrefs it.
 */
import type { ServerResponse } from 'node:http'
import { clearTimeout as nodeClearTimeout } from 'node:timers'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

// A job queue the handlers await, drained by a worker interval the app starts on first use.
const queue: Array<() => void> = []
let worker: NodeJS.Timeout | undefined
function viaQueue<T>(job: () => T): Promise<T> {
  worker ??= setInterval(() => {
    while (queue.length > 0) queue.shift()!()
  }, 50)
  return new Promise((resolve) => queue.push(() => resolve(job())))
}

const queuedApp = () =>
  webexApp((event) => (res: ServerResponse) => {
    const answer = (action: unknown) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(action))
    }
    if (event.event === 'ACCEPTED') return void viaQueue(() => ({ action: 'ANSWER' })).then(answer)
    if (event.event === 'ANSWERED') return answer({ action: 'PLAY', audio: [tts('Hello.')] })
    if (event.event === 'PLAYED') return answer({ action: 'HANGUP' })
    res.end()
  })

const flow = () => callTo(queuedApp(), { platform: 'webex-connect', seed: 3 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

afterAll(() => {
  // The app's worker, handed back to real time: cleared through the handle the app holds.
  clearInterval(worker)
})

describe("the app's timers still pending when the call ends", () => {
  it('hands a worker interval started during the call back to real time, and says so', async () => {
    const call = await flow()
    expect(call.print()).toContain(
      '1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 50 ms interval',
    )
    expect(worker!.hasRef()).toBe(true)
  })

  it('so the next call, on the same app module, finds its worker running', async () => {
    const call = await flow()
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY', 'HANGUP'])
    // Started in the first call: nothing of it is pending on this call's clock.
    expect(call.print()).not.toContain('still pending')
  })

  it('re-arms a timeout with the delay it had left, and the handle still clears, refreshes and unrefs it', async () => {
    const fired: string[] = []
    const handles: Record<string, NodeJS.Timeout> = {}
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Goodbye.')] }
      if (event.event === 'PLAYED') {
        for (const name of ['fires', 'cleared', 'cleared-by-node-timers', 'unrefd']) handles[name] = setTimeout(() => fired.push(name), 150)
        return { action: 'HANGUP' }
      }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 3 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call.print()).toContain('4 app timer(s) still pending when the call ended, handed back to real time')

    clearTimeout(handles.cleared)
    nodeClearTimeout(handles['cleared-by-node-timers'])
    expect(handles.unrefd!.unref().hasRef()).toBe(false)
    expect(handles.fires!.hasRef()).toBe(true)
    const started = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(fired.sort()).toEqual(['fires', 'unrefd'])

    // refresh() after it fired re-arms it with its full delay, as Node's does.
    handles.fires!.refresh()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(fired.filter((name) => name === 'fires')).toHaveLength(2)
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})
