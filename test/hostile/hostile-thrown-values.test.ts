/**
 * An app that throws values that resist being read: `undefined`, an Error whose message and stack
 * getters throw, a Proxy whose traps throw. Measured before (helper-135): a timer's `throw
 * undefined` was lost (the turn waited its whole bound, then "the app never answered"); the
 * failure for a getter-bomb was the getter's own error ("message getter"); a listener's
 * getter-bomb raised uncaught exceptions from callspec's own failure building.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from './harness.js'
import { webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect', warnings: 'silent', limits: { responseTimeoutMs: 1_500 } } as const

/** An Error whose message and stack cannot be read. */
function getterBomb(): Error {
  const error = new Error('hidden')
  // The stack first: replacing it formats the stack, which reads the message.
  Object.defineProperty(error, 'stack', { get: () => { throw new Error('stack getter') } })
  Object.defineProperty(error, 'message', { get: () => { throw new Error('message getter') } })
  return error
}

const proxyBomb = () => new Proxy({}, { get: () => { throw new Error('proxy get trap') }, getPrototypeOf: () => { throw new Error('proxy proto trap') } })

/** An app whose answer to ACCEPTED waits on a timer that throws `value`. */
const timerThrows = (value: () => unknown) =>
  webexApp(() => (_res: ServerResponse) => {
    setTimeout(() => {
      throw value()
    }, 10)
  })

describe('an app that throws values that resist being read', () => {
  it('a timer that throws undefined fails the turn at once, saying so', async () => {
    await contained(1_200, async () => {
      const error = await failureOf(callTo(timerThrows(() => undefined), W).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toBe(
        "[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://app.callspec.local/): the app's timer threw (in production this crashes the app): undefined",
      )
    })
  })

  it('a timer that throws an Error whose getters throw: said as such, not as the getter\'s error', async () => {
    await contained(1_200, async () => {
      const error = await failureOf(callTo(timerThrows(getterBomb), W).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toBe(
        "[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://app.callspec.local/): the app's timer threw (in production this crashes the app): an Error that cannot be read as text (reading it threw: message getter)",
      )
    })
  })

  it('a timer that throws a Proxy whose traps throw', async () => {
    await contained(1_200, async () => {
      const error = await failureOf(callTo(timerThrows(proxyBomb), W).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toMatch(/^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): the app's timer threw \(in production this crashes the app\): an object that cannot be read as text \(reading it threw: proxy (get|proto) trap\)$/)
    })
  })

  it("a listener that throws an Error whose getters throw: the failure says so, and nothing escapes from callspec's code", async () => {
    await contained(1_200, async () => {
      // Thrown in the listener's own run, which the in-memory socket catches (not uncaught).
      const app = () => {
        throw getterBomb()
      }
      const error = await failureOf(callTo(app, W).expectAction('ANSWER'))
      expect(error.message).toContain('an Error that cannot be read as text (reading it threw: stack getter)')
    })
  })
})
