/**
 * The warnings listed under a failure: those of the failing turn and before as a possible cause,
 * those after it (the platform went on: 8x8's session summary) apart. Audit helper-68: a turn-1
 * failure listed a turn-2 warning under "callspec warned earlier in this call (a cause, perhaps)".
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/** Answers 8x8's first webhook with a Webex Connect action, and its session summary with a 404. */
function webexAppOn8x8(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (body.includes('SESSION_SUMMARY')) {
      res.statusCode = 404
      return void res.end('not found')
    }
    res.setHeader('content-type', 'application/json')
    res.end('{"action":"HANGUP"}')
  })
}

it("lists a warning of a later turn apart, not as the failure's possible cause", async () => {
  const error = await failureOf(callTo(webexAppOn8x8, { platform: '8x8', transport: 'tcp', warnings: 'silent' }).expectAction('say'))
  const lines = error.message.split('\n')
  expect(lines[0]).toMatch(/^\[callspec\] turn 1, expectAction\('say'\): /)
  expect(lines).not.toContain('callspec warned earlier in this call (a cause, perhaps):')
  const after = lines.indexOf('callspec warned after turn 1 too:')
  expect(after).toBeGreaterThan(0)
  expect(lines[after + 1]).toMatch(/^ {2}⚠ turn 2: the app answered SESSION_SUMMARY with HTTP 404: /)
})
