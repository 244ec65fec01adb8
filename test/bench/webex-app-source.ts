/**
 * The bench's minimal Webex Connect app (scenarios/webex-connect.ts) as JavaScript source, for
 * code that loads it as a user would: the generated suites' app module, and child processes.
 */
export const WEBEX_APP_SOURCE = `export function listener(req, res) {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    const { event } = JSON.parse(body)
    res.setHeader('content-type', 'application/json')
    if (event === 'ACCEPTED') return void res.end('{"action":"ANSWER"}')
    if (event === 'ANSWERED') return void res.end('{"action":"PLAY","audio":[{"type":"TTS","text":"Press 1."}],"collectInput":{"maxDigits":1}}')
    if (event === 'COLLECTED_DIGITS') return void res.end('{"action":"HANGUP"}')
    res.end()
  })
}
`
