/**
 * Run by ../app-crashes.test.ts in a vitest of its own: the apps' exceptions are uncaught (as in
 * production, where they crash the app), so this run reports them as unhandled errors too.
 * Each test asserts what it can from inside; the parent asserts the run's output.
 */
import type { RequestListener } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect', warnings: 'silent' } as const
const CRASHED = "an uncaught exception while the app handled the request (in production, one of the app's crashes it): "
/** A rejection nobody handled, said as one (newcomer audit-119: worded as a throw, it sent the reader looking for a `throw`). */
const REJECTED = "an unhandled promise rejection while the app handled the request (in production Node ends the app on one): "
const listeners = () => ['uncaughtException', 'uncaughtExceptionMonitor', 'unhandledRejection'].map((e) => `${e}: ${process.listenerCount(e)}`)

/** The call fails at once with the app's error, and leaves no listener on `process`. */
async function failsAtOnce(app: RequestListener, message: string, crashed = CRASHED): Promise<void> {
  const before = listeners()
  const started = performance.now()
  const error = await failureOf(callTo(app, W).expectAction('ANSWER'))
  expect(performance.now() - started).toBeLessThan(1_000)
  expect(error.message).toContain(`[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://app.callspec.local/): ${crashed}${message}`)
  expect(error.message).not.toContain('never answered')
  // The uncaught error surfaces a loop turn after the failure at the latest.
  await new Promise((resolve) => setImmediate(resolve))
  expect(listeners()).toEqual(before)
}

/** An app that answers ACCEPTED with ANSWER once released: its webhook waits until then. */
function gatedApp(onWebhook?: () => void) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const app = webexApp(() => async (res: import('node:http').ServerResponse) => {
    onWebhook?.()
    await gate
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ action: 'ANSWER' }))
  })
  return { app, release }
}

// The file's first call loads the driver and the fake clock: not part of any time measured here.
beforeAll(async () => {
  await callTo(webexApp(() => ({ action: 'ANSWER' })), W).expectAction('ANSWER')
})

describe('an app that crashes while handling a webhook', () => {
  it('F3-end: throws in req.on("end")', async () => {
    await failsAtOnce((req) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const event = JSON.parse(body) as { event: string }
        throw new Error(`cannot route ${event.event}`)
      })
    }, 'Error: cannot route ACCEPTED')
  })

  it('F3-tick: throws in process.nextTick', async () => {
    await failsAtOnce(() => {
      process.nextTick(() => {
        throw new Error('tick boom')
      })
    }, 'Error: tick boom')
  })

  it('F3-async: an async listener rejects', async () => {
    await failsAtOnce(async (req) => {
      for await (const _ of req) {
        // reads the body
      }
      throw new TypeError('async listener boom')
    }, 'TypeError: async listener boom', REJECTED)
  })

  it('F3-later-turn: throws in req.on("end") of the third webhook', async () => {
    let seen = 0
    const app: RequestListener = (req, res) => {
      req.resume()
      req.on('end', () => {
        seen++
        if (seen === 3) throw new Error('turn 3 boom')
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(seen === 1 ? { action: 'ANSWER' } : { action: 'PLAY', audio: [{ type: 'TTS', text: 'Hi.' }] }))
      })
    }
    const started = performance.now()
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY'))
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(error.message).toMatch(/turn 3, expectAction\('PLAY'\): no answer to \w+ \(POST http:\/\/app\.callspec\.local\/\): an uncaught exception while the app handled the request \(in production, one of the app's crashes it\): Error: turn 3 boom/)
  })
})

describe("the test's own code", () => {
  // Beside its own call, the test's code cannot be told from the app's without an
  // AsyncLocalStorage around every webhook (a third of a call's time on Node 20): the call fails,
  // said as what callspec knows. The runner reports the error as well, so the test fails anyway.
  it('OWN-waiting: a throw of the test while its call waits fails the call, as an uncaught exception', async () => {
    const before = listeners()
    const { app, release } = gatedApp()
    const call = callTo(app, W).expectAction('ANSWER')
    const done = call.then(() => 'passed', (error: unknown) => (error as Error).message)
    await expect.poll(() => app.seen.length).toBe(1)
    process.nextTick(() => {
      throw new Error("the test's own boom")
    })
    await new Promise((resolve) => process.nextTick(resolve))
    release()
    expect(await done).toContain(`${CRASHED}Error: the test's own boom`)
    expect(listeners()).toEqual(before)
  })

  it('OWN-rejection: a rejection of the test while its call waits fails the call, and is still reported', async () => {
    const { app, release } = gatedApp()
    const done = callTo(app, W)
      .expectAction('ANSWER')
      .then(
        () => 'passed',
        (error: unknown) => (error as Error).message,
      )
    await expect.poll(() => app.seen.length).toBe(1)
    void Promise.reject(new Error("the test's own rejection"))
    // Not released first: the answer must not be what ends the wait. (No setImmediate here: while
    // the call runs, the test's own timers are on its clock, and dropped with it when it fails.)
    expect(await done).toContain(`${REJECTED}Error: the test's own rejection`)
    release()
  })

  it('OWN-idle: a throw of the test while no call waits, then a call', async () => {
    const before = listeners()
    expect(before).toEqual(['uncaughtException: 1', 'uncaughtExceptionMonitor: 0', 'unhandledRejection: 1'])
    process.nextTick(() => {
      throw new Error("the test's own idle boom")
    })
    await new Promise((resolve) => setImmediate(resolve))
    const call = await callTo(webexApp(() => ({ action: 'ANSWER' })), W).expectAction('ANSWER')
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(listeners()).toEqual(before)
  })
})

describe.concurrent('another test', () => {
  // Concurrent tests: the setup file keeps each in an AsyncLocalStorage of its own, and only a
  // webhook of the test the error was raised in fails.
  let waiting!: () => void
  const webhookWaits = new Promise<void>((resolve) => (waiting = resolve))
  const { app, release } = gatedApp(() => waiting())

  it('OTHER-call: a call waiting while another test throws passes', async () => {
    const call = await callTo(app, W).expectAction('ANSWER')
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
  })

  it("OTHER-throw: this test's error fails no call of another test", async () => {
    await webhookWaits
    process.nextTick(() => {
      throw new Error("another test's boom")
    })
    await new Promise((resolve) => setImmediate(resolve))
    release()
  })
})
