/**
 * An app in this process that throws in a timer of its own while it handles a webhook fails the
 * turn at once, with its error. Measured before (audit F2): a throw in setImmediate or a 0 ms
 * setTimeout vanished, and the turn failed 3.4 s later with "the app never answered"; a 50 ms
 * timer's throw was reported, under a header naming the event twice (`(ACCEPTED)`), after a
 * transcript line with nothing on it (`0.1s    · `).
 */
import type { RequestListener } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from '../hostile/harness.js'
import { webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect', warnings: 'silent' } as const

// The file's first call loads the driver and the fake clock: not part of any time measured here.
beforeAll(async () => {
  await callTo(webexApp(() => ({ action: 'ANSWER' })), W).expectAction('ANSWER')
})

describe("an app's timer that throws while the app handles a webhook", () => {
  // The line that threw, named in the failure (the stack under it is the fake clock's).
  const cases: Array<[string, RequestListener, line: number]> = [
    [
      'setImmediate',
      () => {
        setImmediate(() => {
          throw new Error('db client blew up')
        })
      },
      28,
    ],
    [
      'a 0 ms setTimeout',
      () => {
        setTimeout(() => {
          throw new Error('db client blew up')
        }, 0)
      },
      37,
    ],
    [
      'a 0 ms setTimeout after the body is read',
      (req) => {
        req.resume()
        req.on('end', () =>
          setTimeout(() => {
            throw new Error('db client blew up')
          }),
        )
      },
      48,
    ],
  ]
  for (const [name, app, line] of cases) {
    it(`${name}: fails the turn at once, with the app's error`, async () => {
      const started = performance.now()
      const error = await contained(2_000, () => failureOf(callTo(app, W).expectAction('ANSWER')))
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(error.message).toContain(
        `turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://app.callspec.local/): the app's timer threw (in production this crashes the app): db client blew up (at test/clock/app-timer-throws.test.ts:${line}:`,
      )
      expect(error.message).not.toContain('never answered')
    })
  }

  it('a 50 ms timer: the header names the request, and the transcript says what the timer did', async () => {
    const app: RequestListener = () => {
      setTimeout(() => {
        throw new Error('for comparison: 50 ms')
      }, 50)
    }
    const error = await contained(2_000, () => failureOf(callTo(app, { ...W, webhookPath: '/voice' }).expectAction('ANSWER')))
    expect(error.message).toContain(
      "no answer to ACCEPTED (POST http://app.callspec.local/voice): the app's timer threw (in production this crashes the app): for comparison: 50 ms",
    )
    // No line with nothing after its dot: the timer's line says it threw.
    expect(error.message).not.toMatch(/·\s*\n/)
    expect(error.message).toMatch(/ 0\.1s {4}· app timer 50 ms → threw for comparison: 50 ms\n/)
  })

  it('a throw from a timer that fires between turns still fails the call, with no empty line', async () => {
    const app: RequestListener = (req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const { event } = JSON.parse(body) as { event: string }
        if (event === 'ANSWERED')
          setTimeout(() => {
            throw new Error('idle timer blew up')
          }, 2_000)
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'PLAY', audio: [{ type: 'TTS', text: 'Hello. '.repeat(20) }] }))
      })
    }
    const error = await contained(2_000, () => failureOf(callTo(app, W).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')))
    expect(error.message).toContain("the app's timer threw (in production this crashes the app): idle timer blew up")
    expect(error.message).not.toMatch(/·\s*\n/)
    expect(error.message).toContain('app timer 2 s → threw idle timer blew up')
  })
})
