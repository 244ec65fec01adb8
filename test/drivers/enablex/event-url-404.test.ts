import type { IncomingMessage, ServerResponse } from 'node:http'
import { expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo } from '../../../src/index.js'
import { restClient, tts } from './apps.js'

/**
 * An outbound call's events go to the event_url of the app's own make-call, not to callspec's
 * webhook path: a 404 to the first one asks about that URL (helper-132 finding 6: the failure said
 * only "the app answered the ringing event with HTTP 404").
 */
it("a 404 to an outbound call's first event asks whether the make-call's event_url is right", async () => {
  const rest = restClient()
  // Serves its events at /event; its make-call says /events.
  const app = (req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    req.on('end', () => {
      res.statusCode = req.url === '/event' ? 200 : 404
      res.end()
    })
  }
  const trigger = () => rest.call('POST', '/call', { from: '14155550199', to: '14155550100', event_url: 'https://app.example.com/events', action_on_connect: { play: tts('Hello.') } })
  const error = await failureOf(callTo(app, { platform: 'enablex' }).startedBy(trigger).expectAction('make-call').expectAction('play'))
  const [head, hint] = error.message.split('\n')
  expect(head).toMatch(/^\[callspec\] turn 1, expectAction\('play'\): the app answered the ringing event with HTTP 404/)
  expect(hint).toBe("Hint: is the make-call's event_url right? EnableX posts this call's events to it (http://app.callspec.local/events), and the app has no route there.")
})
