import type { RequestListener } from 'node:http'

/** Answers, plays a menu, then hangs up on any key: the checks below expect something else. */
export const app: RequestListener = (req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    const { event } = JSON.parse(body) as { event: string }
    res.setHeader('content-type', 'application/json')
    if (event === 'ACCEPTED') return res.end(JSON.stringify({ action: 'ANSWER' }))
    if (event === 'ANSWERED') return res.end(JSON.stringify({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Main menu.' }], collectInput: { maxDigits: 1 } }))
    if (event === 'DROPPED') return res.end()
    res.end(JSON.stringify({ action: 'HANGUP' }))
  })
}
