/**
 * An answer whose content-length is too large to be a number (an app that computes it wrong, a
 * proxy that adds one): undici's parser fails on it, and says of it only "Response body length does
 * not match content-length header", as of any header it cannot parse once a content-length came.
 * The failure listed what that can mean, but not this (audit h177).
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from './harness.js'

describe('an answer whose content-length is too large to read', () => {
  it.each(['memory', 'tcp'] as const)('is said as a malformed response, naming that cause (%s)', async (transport) => {
    await contained(3_000, async () => {
      const app = (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000000000000000000' })
        res.end('{"action":"ANSWER"}')
      }
      const error = await failureOf(callTo(app, { platform: 'webex-connect', transport, warnings: 'silent' }).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toMatch(
        /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/[^)]+\/\): the app answered with a malformed HTTP response: Response body length does not match content-length header; .*a content-length too large to be read as a number/,
      )
    })
  })
})
