/**
 * Run by ../answered-then-threw.test.ts in a vitest of its own: the apps' exceptions after their
 * answer are uncaught over TCP (as in production, where they crash the app), so the run reports them.
 * Each test asserts the failure from inside; the parent asserts the run's output.
 */
import type { RequestListener } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { webexApp } from '../../helpers/webex-apps.js'

/**
 * Answers every webhook with ANSWER, then throws: synchronously in its listener, or in
 * req.on('end'); `twice`: a second res.end(); `reject`: an unhandled Promise.reject(); `async`: an
 * async function that throws after an await, its promise left unhandled (an Express 4 handler
 * that audits after res.json()).
 */
function answersThenThrows(where: 'listener' | 'end', how: 'throw' | 'twice' | 'reject' | 'async') {
  const seen: string[] = []
  const app: RequestListener = (req, res) => {
    const answer = () => {
      seen.push(req.url ?? '')
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ action: 'ANSWER' }))
      if (how === 'twice') res.end('{"action":"HANGUP"}')
      else if (how === 'reject') void Promise.reject(new Error('rejected after the answer'))
      else if (how === 'async') void (async () => {
        await null
        throw new Error('async audit failed after the answer')
      })()
      else throw new Error('boom after the answer')
    }
    if (where === 'listener') return answer()
    req.resume()
    req.on('end', answer)
  }
  return { app, seen }
}

beforeAll(async () => {
  // The file's first call loads the driver and the fake clock: not part of any time measured here.
  await callTo(webexApp(() => ({ action: 'ANSWER' })), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER')
})

/** How the failure says what came after the answer: a throw, or a rejection nobody handled (newcomer audit-119: both were worded as a throw). */
const THREW_AFTER = 'then threw while still handling it \\(an uncaught exception: in production it crashes the app'
const REJECTED_AFTER = 'then left a promise rejection unhandled while still handling it \\(Node ends the process on an unhandled rejection: in production it crashes the app'

describe('an app that answers a webhook, then throws', () => {
  for (const transport of ['memory', 'tcp'] as const) {
    for (const [where, how, error] of [
      ['listener', 'throw', 'Error: boom after the answer'],
      ['end', 'throw', 'Error: boom after the answer'],
      ['end', 'twice', 'Error: write after end'],
      // audit-81 finding 2: a rejection after the answer passed, where a throw failed the call.
      ['listener', 'reject', 'Error: rejected after the answer'],
      ['end', 'async', 'Error: async audit failed after the answer'],
    ] as const) {
      it(`H8b-${transport}-${where}-${how}: fails the turn it answered, saying it answered then threw`, async () => {
        const { app, seen } = answersThenThrows(where, how)
        const started = performance.now()
        const failure = await failureOf(callTo(app, { platform: 'webex-connect', warnings: 'silent', transport }).expectAction('ANSWER').expectAction('PLAY'))
        expect(performance.now() - started).toBeLessThan(1_000)
        const url = transport === 'memory' ? 'http://app\\.callspec\\.local/' : 'http://127\\.0\\.0\\.1:\\d+/'
        expect(failure.message).toMatch(
          new RegExp(
            `^\\[callspec\\] turn 1, expectAction\\('ANSWER'\\): the app answered ACCEPTED \\(POST ${url}\\) with HTTP 200, ${how === 'reject' || how === 'async' ? REJECTED_AFTER : THREW_AFTER}, and the platform's next webhook finds no app\\): ${error}\\n {4}at `,
          ),
        )
        expect(failure.message).not.toContain('no answer')
        // No webhook after the crash: the app would be gone.
        expect(seen).toHaveLength(1)
      })
    }
  }
})
