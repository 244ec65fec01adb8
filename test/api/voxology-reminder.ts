import express from 'express'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/**
 * A Voxology app whose `/remind` route places a reminder call with `fetch(url, init)`, as the test
 * writes that request, and answers the trigger with the status the make-call got; and the failure
 * of the outbound call it is expected to place.
 */
export function reminderFailure(url: string, init: RequestInit): Promise<Error> {
  const app = express()
  app.post('/remind', async (_req, res) => {
    const r = await fetch(url, init)
    res.status(r.status).end()
  })
  return failureOf(
    callTo(app, { platform: 'voxology' })
      .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
      .toNumber('+17145551212')
      .expectAction('SAY'),
  )
}
