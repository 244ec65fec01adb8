/**
 * audit-104 (01-immediate, "f:"): an app whose webhook handler polls with `setImmediate(poll)` for
 * a flag nothing ever sets fails, bounded by limits.responseTimeoutMs, and said only "the app never
 * answered". Past SAME_INSTANT_HOPS each hop costs 1 ms of virtual time, so such a chain still lets
 * time move; when it is still going as callspec gives up, the failure now says so, with the line
 * that sets its hops and what to do. Healthy chains (a 25,000-hop walk, a poller a 3 s timer ends)
 * pass as before, with no such text. The app is a node:http listener reached over real HTTP.
 */
import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { relative } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { walk } from '../helpers/immediate-walk.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

/** A Webex Connect app: ANSWERED is answered with a PLAY once `work()` settles. */
const app = (work: () => Promise<unknown>) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return (res: ServerResponse) => void work().then(() => sendAction(res, { action: 'PLAY', audio: [tts('Your balance is ready.')] }))
    return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
  })

const call = (target: ReturnType<typeof app>, limits?: { responseTimeoutMs: number }) =>
  callTo(target, { platform: 'webex-connect', seed: 104, ...(limits ? { limits } : {}) }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

/** Stops the endless poller once its test is over (it would spin on real time after the call). */
let stop = false
afterEach(() => {
  stop = true
})

/** Polls with setImmediate until `stop`, which nothing sets during the call. */
const endlessPoll = () =>
  new Promise<void>(() => {
    stop = false
    const poll = () => {
      if (!stop) setImmediate(poll) // the endless poller's hop
    }
    poll()
  })

/** Where this file's poller sets its hops, as the failure names it (file:line:column, relative to the working directory). */
const POLLER_SITE = (() => {
  const file = fileURLToPath(import.meta.url)
  const lines = readFileSync(file, 'utf8').split('\n')
  const line = lines.findIndex((text) => text.includes('// the endless poller'))
  return `${relative(process.cwd(), file)}:${line + 1}:${lines[line]!.indexOf('setImmediate(poll)') + 1}`
})()

const SPINNING =
  ` The app kept scheduling setImmediate: a chain of immediates, each hop set by the one before (at ${POLLER_SITE}), went past 30,000 hops at one instant ` +
  "(from there each hop took 1 ms of virtual time, so the app's timers could still fire) and was still going when callspec gave up. " +
  "A poller should wait on a timer or an event (await setTimeout(ms) from 'node:timers/promises', or the promise or event that sets its flag), not spin on setImmediate."

const failureOf = (flow: PromiseLike<unknown>) =>
  Promise.resolve(flow).then(
    () => undefined,
    (error: Error) => error,
  )

describe('an endless setImmediate poller', () => {
  it('fails bounded, naming the chain, the line that sets its hops and what to do', async () => {
    const started = performance.now()
    const error = await failureOf(call(app(endlessPoll)))
    const realMs = performance.now() - started
    expect(error).toBeInstanceOf(Error)
    const head = error!.message.split('\nRequest sent:')[0]
    expect(head).toBe(
      "[callspec] turn 2, expectAction('PLAY'): no answer to ANSWERED (POST http://app.callspec.local/): no complete answer within 6000 ms (limits.responseTimeoutMs): the app never answered." +
        SPINNING,
    )
    // Bounded: over before the test's 15 s timeout, which an unbounded wait runs into. Its 36,000
    // hops took ~6 s of real time at load ~8, 8.2-9.0 s beside two busy loops and another test file
    // (load ~10), which an 8 s bound failed in 3 runs of 3.
    expect(realMs).toBeLessThan(12_000)
  }, 15_000)

  it('the same under the test’s own vi.useFakeTimers() clock', async () => {
    vi.useFakeTimers()
    try {
      // 6 s: the chain must pass 30,000 hops first, each slower under the test's clock (its set
      // functions are routed): with 1.5 s, a loaded machine (one CI run in ten) fell short of them;
      // with 3 s, one at load average ~6 (three suites at once on two cores) did.
      const error = await failureOf(call(app(endlessPoll), { responseTimeoutMs: 6_000 }))
      expect(error!.message.split('\nRequest sent:')[0]).toBe(
        "[callspec] turn 2, expectAction('PLAY'): no answer to ANSWERED (POST http://app.callspec.local/): no complete answer within 6000 ms (limits.responseTimeoutMs): the app never answered." +
          SPINNING,
      )
    } finally {
      vi.useRealTimers()
    }
  }, 15_000)
})

// 25,000 and 33,000 hops: 0.5-1 s of real time on an idle host, measured 3.0 and 3.6 s beside two
// busy loops and another test file (load ~8), where the answer wait fitted to the default 5 s
// timeout (3.5 s) gave up on the 3 s poller ("the app never answered"). The virtual instants are the point.
describe('healthy chains say nothing of it', { timeout: 15_000 }, () => {
  it('a 25,000-hop walk answers at the webhook’s instant', async () => {
    let sum = 0
    const done = await call(app(async () => (sum = await walk(25_000))))
    expect(sum).toBe((25_000 * 24_999) / 2)
    const answered = done.webhooks.find((w) => w.name === 'ANSWERED')!
    expect(done.actions.find((a) => a.name === 'PLAY')!.at).toBe(answered.at)
    expect(done.print()).not.toContain('setImmediate')
    expect(done.warnings).toEqual([])
  })

  it('a poller waiting for a flag a 3 s timer sets answers at +3 s', async () => {
    const done = await call(
      app(
        () =>
          new Promise<void>((resolve) => {
            let flag = false
            setTimeout(() => (flag = true), 3_000)
            const poll = () => (flag ? resolve() : void setImmediate(poll))
            poll()
          }),
      ),
    )
    const answered = done.webhooks.find((w) => w.name === 'ANSWERED')!
    const took = done.actions.find((a) => a.name === 'PLAY')!.at - answered.at
    expect(took).toBeGreaterThanOrEqual(3_000)
    expect(took).toBeLessThanOrEqual(3_002)
    expect(done.print()).not.toContain('setImmediate')
    expect(done.warnings).toEqual([])
  })
})
