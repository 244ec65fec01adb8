/**
 * A plain function passed to callTo() is watched on its first request for a fetch handler's
 * mistakes (listener-misuse.ts), which reads what it throws. A thrown value that resists being
 * read (a Proxy whose traps throw, a TypeError whose message getter throws) made that check throw
 * the trap's own error from callspec's frame, and the failure quoted it (`Error: proxy proto trap
 * … at readsRequest (…/callspec/dist/…)`) instead of the app's value, said as what it is (audit h177).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { contained, failureOf } from './harness.js'

const W = { platform: 'webex-connect', warnings: 'silent', limits: { responseTimeoutMs: 1_500 } } as const

const proxyBomb = () =>
  new Proxy({}, { get: () => { throw new Error('proxy get trap') }, getPrototypeOf: () => { throw new Error('proxy proto trap') } })

/** A TypeError whose message cannot be read. */
function unreadableTypeError(): TypeError {
  const error = new TypeError('hidden')
  Object.defineProperty(error, 'stack', { get: () => { throw new Error('stack getter') } })
  Object.defineProperty(error, 'message', { get: () => { throw new Error('message getter') } })
  return error
}

describe('a bare listener that throws a value that resists being read', () => {
  it('a Proxy whose traps throw: said as what it is, with no frame of callspec\'s', async () => {
    await contained(1_200, async () => {
      const app = () => {
        throw proxyBomb()
      }
      const error = await failureOf(callTo(app, W).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toMatch(
        /^\[callspec\] turn 1, expectAction\('ANSWER'\): no answer to ACCEPTED \(POST http:\/\/app\.callspec\.local\/\): the app threw while handling the request: an object that cannot be read as text \(reading it threw: proxy (get|proto) trap\)$/,
      )
      expect(error.message).not.toMatch(/readsRequest|listener-misuse|Symbol\.hasInstance/)
    })
  })

  it('a TypeError whose message getter throws: the same', async () => {
    await contained(1_200, async () => {
      const app = () => {
        throw unreadableTypeError()
      }
      const error = await failureOf(callTo(app, W).expectAction('ANSWER'))
      expect(error.message.split('\n')[0]).toMatch(/the app threw while handling the request: an Error that cannot be read as text \(reading it threw: (stack|message) getter\)$/)
      expect(error.message).not.toMatch(/readsRequest|listener-misuse/)
    })
  })
})
