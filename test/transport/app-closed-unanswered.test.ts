/**
 * audit-81 finding 5: an in-process app that ends the connection without answering (`res.destroy()`,
 * `req.socket.destroy()`) failed as "the connection closed before a response came back (did the app
 * crash?)". In this process a crash is seen as one (a throw, an uncaught exception), so a closed
 * connection is the app's own doing: said so. Driven over real HTTP, in memory and over loopback TCP.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'

const headline = (error: Error) => error.message.split('\n')[0]
const closes: Record<string, (res: ServerResponse) => void> = {
  'res.destroy()': (res) => res.destroy(),
  'req.socket.destroy()': (res) => res.socket?.destroy(),
}

describe('an in-process app that closes the connection without answering', () => {
  for (const [how, close] of Object.entries(closes)) {
    it.each(['memory', 'tcp'] as const)(`${how} (%s): "the app closed the connection without answering", never "did the app crash?"`, async (transport) => {
      const error = await failureOf(callTo(webexApp(() => close), { platform: 'webex-connect', transport }).expectAction('ANSWER'))
      const message = headline(error)
      expect(message).toMatch(
        /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/[^)]+\): the connection (closed|was reset) before a response came back: the app closed it without answering \(res\.destroy\(\) or req\.socket\.destroy\(\) in its handler\?\)$/,
      )
      expect(message).not.toContain('crash')
    })
  }
})
