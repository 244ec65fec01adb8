/**
 * Audit H4 and H5 (the packed tarball, /tmp/h162 findings): a startedBy() trigger is part of the
 * call, and what it does ends in callspec's own message before the test runner's timeout.
 * - H4: a callback that never settled (a helper awaiting a queue, a fixture, its own fetch) was
 *   awaited with no bound: vitest's bare "Test timed out in 5000ms" after ~7 s (the make-call wait
 *   ran out at 3.5 s, then the teardown waited for the trigger as long again).
 * - H5: a trigger route that threw (Express answers 500) was never mentioned: the call waited out
 *   all of limits.appTimeoutMs (3.4 s) for a make-call request the quiet app would never send, and
 *   said only "it never came".
 */
import type { AddressInfo } from 'node:net'
import express from 'express'
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'

const quietApp = () => {
  const app = express()
  app.use(express.json())
  app.post('/', (_req, res) => res.end())
  return app
}

const listening = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'Timeout').length

async function failureOf(run: () => PromiseLike<unknown>): Promise<{ message: string; ms: number }> {
  const t0 = Date.now()
  try {
    await run()
  } catch (e) {
    return { message: String((e as Error).message), ms: Date.now() - t0 }
  }
  throw new Error('the call passed')
}

describe('startedBy() ends in callspec\'s message', () => {
  // The file's first call loads the driver and its libraries (a few hundred ms): not in the 2 s tests.
  beforeAll(async () => void (await callTo(quietApp(), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').catch(() => {})), 10_000)

  it('a callback that never settles fails naming startedBy() and its limit, before the test\'s 2 s timeout', { timeout: 2_000 }, async () => {
    const before = listening()
    const { message, ms } = await failureOf(() =>
      callTo(quietApp(), { platform: 'webex-connect', warnings: 'silent' })
        .startedBy(() => new Promise<void>(() => {}))
        .expectAction('HANGUP'),
    )
    const first = message.split('\n')[0]!
    expect(first).toMatch(/^\[callspec\] .*startedBy\(\) did not finish within \d+ ms/)
    expect(first).toMatch(/\((the test's 2 s timeout is near|limits\.appTimeoutMs, 4000 ms by default, fitted to end before the test's 2 s timeout)\), and the app's make-call request \(POST \/v1\/voice\/calls\) never came: it was still running with no request to the app in flight/)
    // The transcript follows.
    expect(message).toContain('Replay this exact call with { seed:')
    expect(ms).toBeLessThan(1_800)
    await new Promise((r) => setTimeout(r, 50))
    expect(listening()).toBeLessThanOrEqual(before)
  })

  it('a trigger answered HTTP 500 is said on the first line with the app\'s error, at once', { timeout: 2_000 }, async () => {
    const app = quietApp()
    app.post('/call-me', () => {
      throw new Error('trigger boom: no number to call')
    })
    const { message, ms } = await failureOf(() =>
      callTo(app, { platform: 'webex-connect', warnings: 'silent' })
        .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
        .expectAction('HANGUP'),
    )
    const first = message.split('\n')[0]!
    expect(first).toMatch(/startedBy\(\)'s request POST \/call-me was answered HTTP 500/)
    expect(message).toContain('trigger boom: no number to call')
    // Not the 1.4 s of limits.appTimeoutMs fitted to a 2 s test: the app went quiet at once.
    expect(ms).toBeLessThan(700)
  })

  it('an app by URL whose trigger is answered HTTP 500: the 500 leads the first line, after the whole (fitted) wait', { timeout: 2_000 }, async () => {
    const app = quietApp()
    app.post('/call-me', () => {
      throw new Error('trigger boom: no number to call')
    })
    const platform = await startPlatform('webex-connect')
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const { message } = await failureOf(() =>
        callTo(url, { platform: 'webex-connect', warnings: 'silent', api: platform })
          .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
          .expectAction('HANGUP'),
      )
      // Another process's app: callspec cannot see it go quiet, so the wait runs out; its 500 leads.
      expect(message.split('\n')[0]).toMatch(
        /^\[callspec\] expectAction\('HANGUP'\): startedBy\(\)'s request POST \/call-me was answered HTTP 500: Error: trigger boom: no number to call; then waited \d+ ms .*for the app's make-call request \(POST \/v1\/voice\/calls\), and it never came\./,
      )
    } finally {
      server.close()
      await platform.close()
    }
  })

  it('a trigger answered 500 that still places the call: the call goes on (the 500 is no failure once the call is placed)', { timeout: 2_000 }, async () => {
    const app = express()
    app.use(express.json())
    app.post('/call-me', async (req, res) => {
      await fetch('https://api.us.webexconnect.io/v1/voice/calls', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'key', 'idempotency-key': 'k1' },
        body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550101', callbackUrl: `http://${req.headers.host}/` }),
      })
      res.status(500).send('placed, then the CRM update failed')
    })
    app.post('/', (req, res) => {
      if (req.body.event === 'ANSWERED') return res.json({ action: 'HANGUP' })
      res.end()
    })
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' })
      .startedBy((a) => a.fetch('/call-me', { method: 'POST' }))
      .expectAction('HANGUP')
    expect(call.transcript.header.parties.to).toBe('+14155550101')
  })
})
