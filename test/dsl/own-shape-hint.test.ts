/**
 * audit h131 finding 05: a first answer in the call's own platform's shape (8x8's
 * `{clientActionId?, callflow: [makeCall, …]}`) refused for a callflow-level rule (the -1010 count,
 * path `callflow`) was told "is `platform` right? … an app written for another platform answers like
 * this": the hint read any issue wholly at the top level as a foreign answer. An answer the driver
 * itself recognises as its apps' (Driver.answersLike) is the right platform with a mistake the
 * failure names. A foreign answer still gets the hint. Over real HTTP, in memory.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const PLATFORM_HINT = 'is `platform` right?'
const makeCall = (destination: string) => ({ action: 'makeCall', params: { source: '+6568332048', destination } })

function eightByEight(answer: object) {
  const app = express()
  app.use(express.json())
  app.post('/8x8/vca', (_req, res) => void res.json(answer))
  app.post('/8x8/vss', (_req, res) => void res.sendStatus(200))
  return app
}

function webex(answer: object) {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => void res.json((req.body as { event: string }).event === 'ACCEPTED' ? answer : { action: 'HANGUP' }))
  return app
}

const inbound = (answer: object) => callTo(eightByEight(answer), { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048')

describe('an answer in the platform\'s own shape, refused: no "is `platform` right?"', () => {
  it('8x8: a well-formed callflow with three makeCall (-1010, at path callflow)', async () => {
    const answer = { clientActionId: 'transfer', callflow: [makeCall('+6531589338'), makeCall('+6531589339'), makeCall('+6531589330')] }
    const error = await failureOf(inbound(answer).expectAction('makeCall'))
    expect(error.message).toContain("\n8x8's check: -1010 Some actions are provided beyond the allowed count\n")
    expect(error.message).not.toContain(PLATFORM_HINT)
    expect(error.message).not.toContain('an app written for another platform')
  })

  it('Webex Connect: a PLAY with no audio (a required field missing, at the top level)', async () => {
    const error = await failureOf(callTo(webex({ action: 'PLAY' }), { platform: 'webex-connect' }).expectAction('PLAY'))
    expect(error.message).toContain('✖ Invalid input: expected array, received undefined\n  → at audio\n')
    expect(error.message).not.toContain(PLATFORM_HINT)
  })

  it('8x8: an answer with no callflow at all still asks whether platform is right', async () => {
    const error = await failureOf(inbound({ say: 'Hello' }).expectAction('say'))
    expect(error.message.split('\n')[1]).toBe(
      'Hint: is `platform` right? The app answered the first 8x8 webhook with 2xx, but not with anything 8x8 understands: an app written for another platform answers like this. What 8x8 sends and expects: https://github.com/callspec/callspec/blob/main/docs/platforms/8x8.md',
    )
  })
})
