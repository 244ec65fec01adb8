/**
 * audit h193: an 8x8 app that read `req.body.callStatus` (8x8 posts the call's fields under
 * `payload`) matched none of its cases and answered from its fallback, `res.sendStatus(200)`:
 * Express's `OK`. The failure's first line said only that the answer looked like an EnableX app's
 * and to pass platform: 'enablex', which sent the newcomer the wrong way. `OK` is also what that
 * fallback answers, and the first line now says so too. Over real HTTP, in memory, with Express.
 */
import express from 'express'
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

it("an 8x8 app whose fallback answered OK is told both readings on the first line", async () => {
  const app = express()
  app.use(express.json())
  app.post('/8x8/vca', (req, res) => {
    // The slip: callStatus is under req.body.payload.
    if (req.body.callStatus === 'CALL_RECEIVED') return void res.json({ callflow: [{ action: 'hangup' }] })
    res.sendStatus(200)
  })
  app.post('/8x8/vss', (_req, res) => void res.end())
  const error = await failureOf(callTo(app, { platform: '8x8' }).expectAction('hangup'))
  expect(error.message.split('\n')[0]).toBe(
    "[callspec] turn 1, expectAction('hangup'): the app's answer to the first webhook looks like an enablex app's (OK): is `platform` right? This call plays 8x8; for an enablex app, pass platform: 'enablex'. Or, if it is an 8x8 app, OK is what Express's res.sendStatus(200) answers: a fallback that none of its cases for this webhook matched (what 8x8 sends: https://github.com/callspec/callspec/blob/main/docs/platforms/8x8.md).",
  )
})
