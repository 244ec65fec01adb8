import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BenchScenario } from '../scenario.js'

/** A minimal Webex Connect app: answer, ask for one digit, hang up. */
function listener(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    const { event } = JSON.parse(body) as { event: string }
    res.setHeader('content-type', 'application/json')
    if (event === 'ACCEPTED') return void res.end('{"action":"ANSWER"}')
    if (event === 'ANSWERED') return void res.end('{"action":"PLAY","audio":[{"type":"TTS","text":"Press 1."}],"collectInput":{"maxDigits":1}}')
    if (event === 'COLLECTED_DIGITS') return void res.end('{"action":"HANGUP"}')
    res.end()
  })
}

export const webexConnectScenario: BenchScenario = {
  platform: 'webex-connect',
  listener,
  call: (callTo, target, seed) =>
    callTo(target, { platform: 'webex-connect', seed }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP'),
}
