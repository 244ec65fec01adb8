import type { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'

export type WebexEvent = Record<string, any> & { event: string }
type Answer = unknown | ((res: ServerResponse) => void)

/**
 * A minimal Webex Connect app for tests: `script(event)` returns the action to answer with
 * (an object is sent as JSON), or a function that writes the response itself.
 */
export function webexApp(script: (event: WebexEvent, seen: WebexEvent[]) => Answer) {
  const seen: WebexEvent[] = []
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const event = JSON.parse(body) as WebexEvent
      seen.push(event)
      const answer = script(event, seen)
      if (typeof answer === 'function') return (answer as (res: ServerResponse) => void)(res)
      if (answer === undefined) return void res.end()
      sendAction(res, answer)
    })
  }
  return Object.assign(listener, { seen })
}

/** Answers with `action` as JSON: for an answer a test's app writes itself, later (after work of its own). */
export function sendAction(res: ServerResponse, action: unknown): void {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(action))
}

export const tts = (text: string) => ({ type: 'TTS', text })

/** Answers ACCEPTED with ANSWER and ANSWERED with `first`; everything else through `rest`. */
export function answering(first: unknown, rest: (event: WebexEvent) => Answer = () => ({ action: 'HANGUP' })) {
  return webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return first
    if (event.event === 'DROPPED') return undefined
    return rest(event)
  })
}

/** Answers ANSWERED with a PLAY of what `text()` gives, once it settles (a lookup, a pause): the greeting's turn; hangs up after. */
export const greetsWith = (text: () => Promise<string>) => answering((res: ServerResponse) => void text().then((said) => sendAction(res, { action: 'PLAY', audio: [tts(said)] })))

/**
 * greetsWith, the greeting worked out beside a heartbeat of the app's (a `setInterval` every
 * `everyMs`, cleared once the greeting is ready), as an IVR keeps one while a lookup or a transfer
 * runs. `beats()`: how many times it has ticked.
 */
export function greetsBesideHeartbeat(everyMs: number, text: () => Promise<string>) {
  let beats = 0
  const app = greetsWith(async () => {
    const heartbeat = setInterval(() => beats++, everyMs)
    try {
      return await text()
    } finally {
      clearInterval(heartbeat)
    }
  })
  return { app, beats: () => beats }
}

/**
 * An app whose own timer ticks every 1 ms (virtual) and which never hangs up: hold music that
 * lasts hours while the timer ticks. Waiting for its hang-up runs the 4 h of limits.maxVirtualMs,
 * 14.4 million ticks: more real time than a test has (the runner deadline's tests). Measured: at
 * 100 ms a tick, a process whose code was warm (an earlier test file in the same worker) ticked
 * the 4 h in 2.3 s, and the call failed on maxVirtualMs before the runner deadline.
 */
export const tickingApp = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') {
      setInterval(() => {}, 1)
      return { action: 'ANSWER' }
    }
    return event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Please hold. '.repeat(20_000))] } : { action: 'HANGUP' }
  })

/** Answers ANSWERED with a PLAY of what `work()` resolves to, once it does; the rest as a plain call. */
export const appWorkingOnAnswered = (work: () => Promise<string>) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return (res: ServerResponse) => void work().then((text) => sendAction(res, { action: 'PLAY', audio: [tts(text)] }))
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

/**
 * An Express app (with express.json(), as users write one) that answers ACCEPTED with ANSWER,
 * DROPPED with an empty 200, and every other event with the PLAY `play(n)` gives for its `n`th
 * play (from 1): a menu replayed on no input, hold music.
 */
export function expressPlayer(play: (n: number) => object) {
  let plays = 0
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event === 'DROPPED') return void res.end()
    res.json({ action: 'PLAY', ...play(++plays) })
  })
  return app
}
