/**
 * An app that yields to the event loop with a `setImmediate(step)` chain (walking a list, scoring a
 * caller's history) takes microseconds in Node, and no time on the call's clock: audit-93 measured
 * 1 ms of virtual time a hop (fake-timers' minimum for a timer set while its clock ticks), and a
 * 5,000-hop walk failed as "the app never answered". An endless poller still lets time move.
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { walk } from '../helpers/immediate-walk.js'
import { SAME_INSTANT_HOPS } from '../../src/clock/fake-timers-install.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** Hops with setImmediate until `done()`: a poller that never yields to anything but immediates. */
const pollUntil = (done: () => boolean) =>
  new Promise<number>((resolve) => {
    let hops = 0
    const look = () => {
      hops++
      if (done()) resolve(hops)
      else setImmediate(look)
    }
    look()
  })

const answer = (res: ServerResponse, action: unknown) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(action))
}

/** ACCEPTED after `beforeAnswer()`, ANSWERED after `beforePlay()`. */
const app = (beforeAnswer: () => Promise<unknown>, beforePlay: () => Promise<unknown> = async () => {}) =>
  webexApp((event) => (res: ServerResponse) => {
    if (event.event === 'ACCEPTED') return void beforeAnswer().then(() => answer(res, { action: 'ANSWER' }))
    if (event.event === 'ANSWERED') return void beforePlay().then(() => answer(res, { action: 'PLAY', audio: [tts('Your statement is ready.')] }))
    if (event.event === 'PLAYED') return answer(res, { action: 'HANGUP' })
    res.end()
  })

const call = (target: ReturnType<typeof app>) =>
  callTo(target, { platform: 'webex-connect', seed: 3 }).expectAction('ANSWER').expectAction('PLAY', { audio: [{ text: 'Your statement is ready.' }] }).expectHangup()

describe('setImmediate chains take no time on the call’s clock', () => {
  it('a 5,000-hop walk before the answer: answered at the webhook’s instant', async () => {
    let sum = 0
    let movedMs = -1
    const done = await call(
      app(async () => {
        const before = Date.now()
        sum = await walk(5_000)
        movedMs = Date.now() - before
      }),
    )
    expect(sum).toBe((5_000 * 4_999) / 2)
    expect(movedMs).toBe(0)
    expect(done.actions[0]!.at).toBe(done.webhooks[0]!.at)
  })

  it('a walk inside an app timer’s callback answers at the timer’s instant, not a millisecond a hop later', async () => {
    const done = await call(
      app(
        async () => {},
        async () => {
          await sleep(1_000)
          await walk(3_000)
        },
      ),
    )
    const answered = done.webhooks.find((w) => w.name === 'ANSWERED')!
    const play = done.actions.find((a) => a.name === 'PLAY')!
    expect(play.at - answered.at).toBe(1_000)
  })

  // 84,000 hops in two calls: 1.7 s of real time on an idle host, measured 4.6 and 5.0 s beside two
  // busy loops and another test file (load ~8), where the default 5 s timeout cut the second call
  // short ("still going ... with the test's 5 s timeout near"). The point is the virtual instants.
  it('each chain has its own depth: a 15,000-hop walk on each of two webhooks, and two 12,000-hop walks at once, all at their instant (audit-104)', { timeout: 15_000 }, async () => {
    const done = await call(
      app(
        async () => {
          await Promise.all([walk(12_000), walk(12_000)])
        },
        () => walk(15_000),
      ),
    )
    expect(done.actions[0]!.at).toBe(done.webhooks[0]!.at)
    const answered = done.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(done.actions.find((a) => a.name === 'PLAY')!.at).toBe(answered.at)
    const again = await call(app(() => walk(15_000), () => walk(15_000)))
    expect(again.actions.find((a) => a.name === 'PLAY')!.at).toBe(again.webhooks.find((w) => w.name === 'ANSWERED')!.at)
  })

  it('a 25,000-hop walk (92 ms in Node) answers at its instant', async () => {
    const done = await call(app(() => walk(25_000)))
    expect(done.actions[0]!.at).toBe(done.webhooks[0]!.at)
  })

  it('an endless poller lets time move: a flag a 2 s timer sets ends it, in little real time, and the next walk is free again', { timeout: 15_000 }, async () => {
    let flag = false
    let hops = 0
    const started = performance.now()
    const done = await call(
      app(
        async () => {
          setTimeout(() => (flag = true), 2_000)
          hops = await pollUntil(() => flag)
        },
        () => walk(5_000),
      ),
    )
    const realMs = performance.now() - started
    // The allowance at the first instant, then a millisecond a hop until the timer's flag.
    expect(hops).toBeGreaterThan(SAME_INSTANT_HOPS)
    expect(hops).toBeLessThan(SAME_INSTANT_HOPS + 2_100)
    const accepted = done.webhooks[0]!
    expect(done.actions[0]!.at - accepted.at).toBeGreaterThanOrEqual(2_000)
    expect(done.actions[0]!.at - accepted.at).toBeLessThanOrEqual(2_001)
    // The poller is over: the walk on the next webhook gets the whole allowance again.
    const answered = done.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(done.actions.find((a) => a.name === 'PLAY')!.at).toBe(answered.at)
    // Ended by the flag, not by callspec giving up on a poller that moved no time (with every hop at
    // its instant, the call failed "the app never answered" after 43 s of real time, past the 6 s
    // answer wait). Its 32,000 hops took ~1 s of real time on an idle host, 3.0-3.6 s beside two busy
    // loops and another test file (load ~8), which a 3 s bound failed.
    expect(realMs).toBeLessThan(7_000)
  })
})
