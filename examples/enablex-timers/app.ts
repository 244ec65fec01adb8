/**
 * An EnableX IVR with timers of its own, as production apps have them: it accepts an incoming call
 * after a 3 s delay, pauses 2 s before repeating a menu nobody answered, and hangs up 10 s after
 * its goodbye prompt has finished. Those timers are what callspec puts on the call's virtual clock
 * (in-process, or with the app as its own process under `node --import callspec/agent`).
 *
 * Menu: 1 → the opening hours, then an immediate hang-up; 9 → goodbye; no key → a 2 s pause and
 * the menu again; the third time without a key → goodbye. Goodbye → hang-up 10 s after it ends.
 *
 * Runs on its own: `PORT=3000 tsx examples/enablex-timers/app.ts` (webhook: POST /event). The
 * EnableX base URL is `https://api.enablex.io` unless ENABLEX_API_BASE says otherwise; the
 * credentials come from ENABLEX_APP_ID / ENABLEX_APP_KEY.
 */
import { pathToFileURL } from 'node:url'
import express from 'express'

export interface TimersIvrConfig {
  /** EnableX REST base URL: https://api.enablex.io in production. */
  apiBase: string
  appId: string
  appKey: string
  /** The app's own delays (default DELAYS); shorter ones let a wall-clock run stay short. */
  delays?: Partial<Record<keyof typeof DELAYS, number>>
}

/** The app's own delays, in ms: named so tests and docs can quote them. */
export const DELAYS = { accept: 3_000, retryPause: 2_000, hangupAfterGoodbye: 10_000 } as const
/** Menus played without a key before the goodbye. */
export const MENU_TRIES = 3

const VOICE = { voice: 'female', language: 'en-US' } as const
export const MENU = 'Welcome to Acme Opening Hours. Press 1 for our opening hours, or 9 to end the call.'
export const HOURS = 'We are open Monday to Friday, nine to five. Goodbye.'
export const GOODBYE = 'Thank you for calling Acme. Goodbye.'

type EnableXEvent = Record<string, unknown> & { voice_id: string }
interface CallState {
  /** Menus played so far. */
  menus: number
  /** The app's pending timers for this call, cleared when the call ends. */
  timers: Set<NodeJS.Timeout>
}

export function createTimersIvrApp(config: TimersIvrConfig) {
  const app = express()
  app.use(express.json())
  const calls = new Map<string, CallState>()
  const auth = `Basic ${Buffer.from(`${config.appId}:${config.appKey}`).toString('base64')}`
  const delays = { ...DELAYS, ...config.delays }

  /** One EnableX REST request; an error answer is logged, and the call goes on. */
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

  /** Runs `action` after `ms`, unless the call ends first. */
  function later(id: string, ms: number, action: () => Promise<unknown>) {
    const state = calls.get(id)
    if (!state) return
    const timer = setTimeout(() => {
      state.timers.delete(timer)
      action().catch((error: unknown) => console.error('timer action failed', error))
    }, ms)
    state.timers.add(timer)
  }

  const play = (id: string, text: string, ref: string, menu = false) =>
    enablex('PUT', `/call/${id}/play`, { text, ...VOICE, prompt_ref: ref, ...(menu ? { dtmf: true } : {}) })
  const playMenu = (id: string) => {
    const state = calls.get(id)
    if (state) state.menus += 1
    return play(id, MENU, 'menu', true)
  }
  const hangup = (id: string) => enablex('DELETE', `/call/${id}`)

  app.post('/event', (req, res) => {
    // EnableX ignores the answer; acknowledge first, then act through the REST API.
    res.sendStatus(200)
    onEvent(req.body as EnableXEvent).catch((error: unknown) => console.error('event handling failed', error))
  })

  async function onEvent(event: EnableXEvent) {
    const id = event.voice_id
    const state = calls.get(id)
    switch (event.playstate ?? event.state) {
      case 'incomingcall':
        calls.set(id, { menus: 0, timers: new Set() })
        // Look the caller up first (a CRM, in real life): the accept goes out 3 s later.
        return later(id, delays.accept, () => enablex('PUT', `/call/${id}/accept`))
      case 'connected':
        if (state) await playMenu(id)
        return
      case 'digitcollected':
        if (event.prompt_ref !== 'menu') return
        if (String(event.digit) === '1') return void (await play(id, HOURS, 'hours'))
        if (String(event.digit) === '9') return void (await play(id, GOODBYE, 'bye'))
        return void (await playMenu(id))
      case 'menutimeout':
        if (!state) return
        if (state.menus >= MENU_TRIES) return void (await play(id, GOODBYE, 'bye'))
        return later(id, delays.retryPause, () => playMenu(id))
      case 'playfinished':
        if (event.prompt_ref === 'hours') return void (await hangup(id))
        if (event.prompt_ref === 'bye') return later(id, delays.hangupAfterGoodbye, () => hangup(id))
        return
      case 'disconnected':
        for (const timer of state?.timers ?? []) clearTimeout(timer)
        calls.delete(id)
        return
    }
  }

  return app
}

/** The configuration from the environment, as a deployed app reads it. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): TimersIvrConfig {
  return {
    apiBase: env.ENABLEX_API_BASE ?? 'https://api.enablex.io',
    appId: env.ENABLEX_APP_ID ?? 'acme-app-id',
    appKey: env.ENABLEX_APP_KEY ?? 'acme-app-key',
  }
}

// Started as its own process (`tsx app.ts`, or `node app.js` once built): listen on PORT.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000)
  const server = createTimersIvrApp(configFromEnv()).listen(port, '127.0.0.1', () => {
    const address = server.address()
    const bound = typeof address === 'object' && address ? address.port : port
    console.log(`EnableX timers IVR listening on http://127.0.0.1:${bound}/event`)
  })
}
