import type { RequestListener, ServerResponse } from 'node:http'

/** A Webex Connect app from `answer(event, res)`, which writes the answer to each event. */
export const webexApp =
  (answer: (event: string, res: ServerResponse) => void): RequestListener =>
  (req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const { event } = JSON.parse(body) as { event: string }
      res.setHeader('content-type', 'application/json')
      answer(event, res)
    })
  }

/** Answers, plays a menu, then hangs up on any key: the checks below expect something else. */
export const app: RequestListener = webexApp((event, res) => {
  if (event === 'ACCEPTED') return res.end(JSON.stringify({ action: 'ANSWER' }))
  if (event === 'ANSWERED') return res.end(JSON.stringify({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Main menu.' }], collectInput: { maxDigits: 1 } }))
  if (event === 'DROPPED') return res.end()
  res.end(JSON.stringify({ action: 'HANGUP' }))
})
