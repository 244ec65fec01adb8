import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small Webex Connect IVR served over HTTP, as the audit's Python app (B6) is: a one-key menu
 * whose prompt names its keys (1 balance, 2 an agent; 0, unnamed, an operator), a balance menu
 * with an amount in its prompt, and on /plain/events a one-key menu whose prompt names no key.
 */
export const MENU = 'Welcome to Acme. Press 1 for your balance, or 2 to speak to an agent.'
const BALANCE = 'Your balance is $42.17. Press 1 to hear it again, or 9 to go back.'
const PLAIN = 'Welcome to Acme. Please make your choice now.'

type Action = Record<string, unknown> | null
const play = (text: string, collect?: object): Action => ({ action: 'PLAY', audio: [{ type: 'TTS', text }], ...(collect && { collectInput: collect }) })
const ONE_KEY = { maxDigits: 1 }

function acme(state: { at: string }, event: Record<string, string>): Action {
  switch (event.event) {
    case 'ACCEPTED':
      return { action: 'ANSWER' }
    case 'ANSWERED':
      return play(MENU, ONE_KEY)
    case 'COLLECTED_DIGITS': {
      const d = event.digitsReceived ?? ''
      if (state.at === 'balance') {
        if (d === '1') return play(BALANCE, ONE_KEY)
        if (d === '9') return (state.at = 'menu'), play(MENU, ONE_KEY)
        return (state.at = 'done'), play('Goodbye.')
      }
      if (d === '1') return (state.at = 'balance'), play(BALANCE, ONE_KEY)
      if (d === '2') return { action: 'PATCH', dialedNumber: '+14155550142' }
      if (d === '0') return { action: 'PATCH', dialedNumber: '+14155550123' }
      if (d === '') return play(`Sorry, I did not hear anything. ${MENU}`, ONE_KEY)
      return play(`Sorry, that is not a valid option. ${MENU}`, ONE_KEY)
    }
    case 'PLAYED':
      return { action: 'HANGUP' }
    default:
      return {}
  }
}

function plain(event: Record<string, string>): Action {
  switch (event.event) {
    case 'ACCEPTED':
      return { action: 'ANSWER' }
    case 'ANSWERED':
      return play(PLAIN, ONE_KEY)
    case 'COLLECTED_DIGITS':
      return event.digitsReceived === '1' ? play('Goodbye.') : play(`Sorry. ${PLAIN}`, ONE_KEY)
    case 'PLAYED':
      return { action: 'HANGUP' }
    default:
      return {}
  }
}

async function body(req: IncomingMessage): Promise<Record<string, string>> {
  let raw = ''
  for await (const chunk of req) raw += String(chunk)
  return raw ? (JSON.parse(raw) as Record<string, string>) : {}
}

/** The app on a loopback port: `/ivr/events` (the Acme menu) and `/plain/events` (no key named). */
export async function startAcmeMenu(): Promise<{ url: string; server: Server }> {
  const calls = new Map<string, { at: string }>()
  const server = createServer((req, res) => {
    void body(req).then((event) => {
      if (req.method !== 'POST' || (req.url !== '/ivr/events' && req.url !== '/plain/events')) return void res.writeHead(404).end()
      let state = calls.get(event.sessionId ?? '')
      if (!state) calls.set(event.sessionId ?? '', (state = { at: 'menu' }))
      const out = req.url === '/ivr/events' ? acme(state, event) : plain(event)
      const data = out === null ? '' : JSON.stringify(out)
      res.writeHead(200, data ? { 'Content-Type': 'application/json' } : {}).end(data)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}
