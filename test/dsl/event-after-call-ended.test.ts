/**
 * audit h193: a newcomer's transfer test stopped at `.expectAction('PATCH')` and read the PATCHED
 * a busy line brings: `call.event('PATCHED')` said only "the platform sent no "PATCHED" webhook; it
 * sent: ACCEPTED, …, DROPPED", and left them to see that the caller had hung up as the flow ended,
 * before the line was busy. The message now says how and when the call ended, and, when the caller
 * hung up, how to let it go on. Over real HTTP, in memory, with an Express app.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

const AGENT = '+14155550142'

function transferApp() {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { event, status } = req.body as { event: string; status?: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return void res.json({ action: 'PATCH', dialedNumber: AGENT })
    if (event === 'PATCHED' && status === 'FAILURE') return void res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

const transfer = () => callTo(transferApp(), { platform: 'webex-connect' }).withParty(AGENT, 'busy').expectAction('ANSWER').expectAction('PATCH')

describe('call.event() for a webhook that never came says how the call ended', () => {
  it('the flow ended, so the caller hung up before the busy line answered', async () => {
    const call = await transfer()
    expect(() => call.event('PATCHED')).toThrow(
      '[callspec] call.event(): the platform sent no "PATCHED" webhook; it sent: ACCEPTED, ANSWERED, DROPPED. The caller hung up at 0.2 s, as a flow does when its last step is done (or at its .hangUp()), so nothing that would come after was sent: to see it, end the flow with .staySilent(ms) or the step you expect (.expectAction(…)).',
    )
  })

  it('the flow that goes on finds it', async () => {
    const call = await transfer().expectAction('HANGUP').expectHangup()
    expect(call.event('PATCHED')).toMatchObject({ status: 'FAILURE' })
  })

  it('a call the app ended names the app', async () => {
    const call = await transfer().expectAction('HANGUP').expectHangup()
    expect(() => call.event('RECORDED')).toThrow(/; it sent: ACCEPTED, ANSWERED, PATCHED, DROPPED\. The call ended at \d+\.\d s \(by app: HANGUP\)\.$/)
  })
})
