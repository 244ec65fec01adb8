import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { callTo } from '../../../src/index.js'

/** The answers, serialised once: the bench measures callspec, not JSON.stringify in the app. */
const MENU = JSON.stringify({
  clientActionId: 'menu',
  callflow: [{ action: 'sayAndCapture', params: { promptMessage: 'Press 1.', voiceProfile: 'en-US-ZiraRUS', maxDigits: 1 } }],
})
const BYE = JSON.stringify({ callflow: [{ action: 'say', params: { text: 'Bye.', voiceProfile: 'en-US-ZiraRUS' } }, { action: 'hangup' }] })

/** A minimal in-process 8x8 app: a one-key menu on CALL_RECEIVED, then say + hangup; VSS acknowledged. */
export function createBenchApp(): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.url !== '/8x8/vca') return void res.end()
      res.setHeader('content-type', 'application/json')
      // CALL_RECEIVED is the only VCA without a clientActionId in this app.
      res.end(body.includes('"callStatus":"CALL_RECEIVED"') ? MENU : BYE)
    })
  }
}

/** Webhook turns one bench call makes: VCA CALL_RECEIVED, VCA ACTION_COMPLETED, VSS. */
export const turnsPerCall = 3

/** One inbound call: CALL_RECEIVED → sayAndCapture → a key → say + hangup → session summary. */
export const benchFlow = (target: Parameters<typeof callTo>[0], seed = 1, using: typeof callTo = callTo) =>
  using(target, { platform: '8x8', seed }).expectAction('sayAndCapture').pressDigits('1').expectAction('say').expectAction('hangup')

/** The shape test/bench/run.ts takes (BenchScenario). */
export const eightByEightScenario = {
  platform: '8x8',
  listener: createBenchApp(),
  call: (using: typeof callTo, target: Parameters<typeof callTo>[0], seed: number) => benchFlow(target, seed, using),
}
