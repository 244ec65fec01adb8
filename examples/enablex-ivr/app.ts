/**
 * A realistic EnableX IVR, written the way teams write them: an Express event webhook that
 * answers every event with an empty 200 at once, then drives the call through EnableX's REST API.
 *
 * Inbound: accept → a DTMF (or speech) menu → billing information, or a bridge to an agent that
 * is recorded; a goodbye when the agent hangs up or nobody answers. Outbound: POST /callbacks
 * places a call-back whose `action_on_connect` plays a menu. Events may arrive encrypted (EnableX's
 * webhook security); the app decrypts them the way EnableX's samples do.
 */
import { createDecipheriv, createHash } from 'node:crypto'
import express, { type Request } from 'express'

export interface IvrConfig {
  /** EnableX REST base URL: https://api.enablex.io, or a test platform's URL. */
  apiBase: string
  appId: string
  appKey: string
  /** This app's public address: event_url of outbound calls. */
  publicUrl: string
  /** Our EnableX number: the CLI on bridges and call-backs. */
  number: string
  agentNumber: string
}

type EnableXEvent = Record<string, any> & { voice_id: string }
interface CallState {
  menuTries: number
  recording?: string
  /** A call-back we placed: its menu plays through action_on_connect, not on `connected`. */
  callback?: boolean
}

const VOICE = { voice: 'female', language: 'en-US' } as const
const MENU = 'Welcome to Acme Support. Press 1 for billing, or 2 to speak to an agent. You can also say agent.'

/** EVP_BytesToKey (MD5): what crypto.createDecipher(algorithm, APP_ID) did before Node 22 removed it. */
function legacyKey(password: string, keyLength = 32, ivLength = 16) {
  let derived = Buffer.alloc(0)
  let block = Buffer.alloc(0)
  while (derived.length < keyLength + ivLength) {
    block = createHash('md5').update(Buffer.concat([block, Buffer.from(password)])).digest()
    derived = Buffer.concat([derived, block])
  }
  return { key: derived.subarray(0, keyLength), iv: derived.subarray(keyLength, keyLength + ivLength) }
}

export function createIvrApp(config: IvrConfig) {
  const app = express()
  app.use(express.json())
  const calls = new Map<string, CallState>()
  const auth = `Basic ${Buffer.from(`${config.appId}:${config.appKey}`).toString('base64')}`

  /** One EnableX REST call; errors are logged, as the call goes on without them. */
  async function enablex(method: string, path: string, body?: object) {
    const res = await fetch(`${config.apiBase}/voice/v1${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : null,
    })
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
    if (!res.ok) console.warn(`EnableX ${method} ${path} → ${res.status} ${JSON.stringify(json)}`)
    return { status: res.status, body: json }
  }
  const play = (id: string, text: string, ref: string, menu = false) =>
    enablex('PUT', `/call/${id}/play`, { text, ...VOICE, prompt_ref: ref, ...(menu ? { dtmf: true, asr: true } : {}) })
  const hangup = (id: string) => enablex('DELETE', `/call/${id}`)
  const toAgent = (id: string) => enablex('PUT', `/call/${id}/connect`, { from: config.number, to: config.agentNumber })

  /** EnableX's webhook security: `{encrypted_data}` with the cipher named in `x-algoritm` (sic). */
  function readEvent(req: Request): EnableXEvent {
    const algorithm = req.get('x-algoritm')
    if (!algorithm) return req.body as EnableXEvent
    const { key, iv } = legacyKey(config.appId)
    const decipher = createDecipheriv(algorithm, key, iv)
    const format = req.get('x-format') as BufferEncoding
    const encoding = req.get('x-encoding') as BufferEncoding
    return JSON.parse(decipher.update(req.body.encrypted_data, format, encoding) + decipher.final(encoding)) as EnableXEvent
  }

  app.post('/event', (req, res) => {
    const event = readEvent(req)
    // EnableX ignores the answer; acknowledge first, then act through the REST API.
    res.sendStatus(200)
    onEvent(event).catch((error: unknown) => console.error('event handling failed', error))
  })

  async function onEvent(event: EnableXEvent) {
    const id = event.voice_id
    const state = calls.get(id)
    switch (event.playstate ?? event.state) {
      case 'incomingcall':
        calls.set(id, { menuTries: 0 })
        await enablex('PUT', `/call/${id}/accept`)
        return
      case 'connected':
        // Call-backs play their menu through action_on_connect; inbound calls get the main menu.
        // (A second play while that one runs would be refused: 6114 Play request pending.)
        if (state && !state.callback) await play(id, MENU, 'menu', true)
        return
      case 'digitcollected':
        if (event.prompt_ref === 'menu' || event.prompt_ref === 'callback') return onChoice(id, String(event.digit))
        return
      case 'speech_recognized':
        if (/agent|person|human/i.test(event.text ?? '')) return onChoice(id, '2')
        return play(id, `Sorry, I did not catch that. ${MENU}`, 'menu', true)
      case 'unrecognized':
      case 'menutimeout':
      case 'timeout':
        if (!state || state.menuTries >= 2) return play(id, 'We did not get your choice. Goodbye.', 'bye')
        state.menuTries += 1
        return play(id, `Sorry, I did not catch that. ${MENU}`, 'menu', true)
      case 'playfinished':
        if (event.prompt_ref === 'bye' || event.prompt_ref === 'billing') await hangup(id)
        return
      case 'bridged':
        if (state) state.recording = `support-${id}`
        await enablex('PUT', `/call/${id}/recording`, { start: true, recording_name: `support-${id}` })
        return
      case 'failed':
        return play(id, 'All our agents are busy. Please call again later. Goodbye.', 'bye')
      case 'bridge_disconnected':
        return play(id, 'Thank you for calling Acme Support. Goodbye.', 'bye')
      case 'disconnected':
        calls.delete(id)
        return
    }
  }

  async function onChoice(id: string, digit: string) {
    if (digit === '1') return play(id, 'Your balance is 42 dollars and 17 cents, due on the first of the month. Goodbye.', 'billing')
    if (digit === '2') return toAgent(id)
    return play(id, `Sorry, that is not an option. ${MENU}`, 'menu', true)
  }

  // Outbound: a call-back the website requests.
  app.post('/callbacks', async (req, res) => {
    const { to } = req.body as { to: string }
    const placed = await enablex('POST', '/call', {
      name: 'acme-callback',
      owner_ref: `callback-${to}`,
      from: config.number,
      to,
      action_on_connect: {
        play: { text: 'This is Acme Support calling you back. Press 2 to speak to an agent.', ...VOICE, dtmf: true, prompt_ref: 'callback' },
      },
      event_url: `${config.publicUrl}/event`,
    })
    if (placed.status !== 200) return res.status(502).json({ error: placed.body })
    calls.set(String(placed.body.voice_id), { menuTries: 2, callback: true })
    return res.status(201).json({ voice_id: placed.body.voice_id })
  })

  return app
}

/** The configuration the example suite and a standalone server use. */
export const exampleConfig = (apiBase = 'https://api.enablex.io'): IvrConfig => ({
  apiBase,
  appId: 'acme-app-id',
  appKey: 'acme-app-key',
  publicUrl: 'https://ivr.acme.example',
  number: '14155550199',
  agentNumber: '14155550142',
})
