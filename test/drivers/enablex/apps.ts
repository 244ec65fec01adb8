import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'

export type EnableXEvent = Record<string, any> & { voice_id: string }
export interface Answer {
  method: string
  path: string
  status: number
  body: any
}

/** A REST client for the fake EnableX API: `fetch` or `http.request`, as apps use either. */
export interface Rest {
  call(method: string, path: string, body?: unknown): Promise<Answer>
  readonly answers: Answer[]
}

export interface AppOptions {
  /** EnableX base URL (a getter, for loopback servers started later). */
  base?: () => string
  client?: 'fetch' | 'http'
  appId?: string
  appKey?: string
  /** Status the webhook answers with (default 200). */
  status?: number
}

/**
 * A minimal EnableX app for tests: it answers each event with `status` (200) at once, then runs
 * `script(event, rest)`, which drives the call through the REST API the way real apps do.
 */
export function enablexApp(script: (event: EnableXEvent, rest: Rest, seen: EnableXEvent[]) => unknown, options: AppOptions = {}) {
  const seen: EnableXEvent[] = []
  const headers: Array<Record<string, string | string[] | undefined>> = []
  const rest = restClient(options)
  const errors: unknown[] = []
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const event = JSON.parse(body) as EnableXEvent
      seen.push(event)
      headers.push(req.headers)
      res.statusCode = options.status ?? 200
      res.end()
      void Promise.resolve()
        .then(() => script(event, rest, seen))
        .catch((error: unknown) => errors.push(error))
    })
  }
  return Object.assign(listener, { seen, headers, rest, answers: rest.answers, errors })
}

export function restClient(options: AppOptions = {}): Rest {
  const answers: Answer[] = []
  const base = options.base ?? (() => 'https://api.enablex.io')
  const auth = `Basic ${Buffer.from(`${options.appId ?? 'app-id'}:${options.appKey ?? 'app-key'}`).toString('base64')}`
  return {
    answers,
    async call(method, path, body) {
      const url = new URL(`${base()}/voice/v1${path}`)
      const text = body === undefined ? undefined : JSON.stringify(body)
      const answer = options.client === 'http' ? await viaHttp(method, url, auth, text) : await viaFetch(method, url, auth, text)
      const recorded = { method, path, ...answer }
      answers.push(recorded)
      return recorded
    },
  }
}

async function viaFetch(method: string, url: URL, auth: string, body: string | undefined) {
  const res = await fetch(url, { method, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

function viaHttp(method: string, url: URL, auth: string, body: string | undefined): Promise<{ status: number; body: any }> {
  // Through the module objects, as apps call them: nock patches https.request there.
  const request = url.protocol === 'https:' ? https.request : http.request
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The usual first steps: accept the incoming call, then play `play` once connected. */
export function accepting(play: object, rest: (event: EnableXEvent, api: Rest, seen: EnableXEvent[]) => unknown = () => {}, options: AppOptions = {}) {
  return enablexApp(async (event, api, seen) => {
    if (event.state === 'incomingcall') return api.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state === 'connected') return api.call('PUT', `/call/${event.voice_id}/play`, play)
    return rest(event, api, seen)
  }, options)
}

export const tts = (text: string, extra: object = {}) => ({ text, voice: 'female', language: 'en-US', ...extra })

/**
 * An app on node:http that does `before(event)` before it answers an event (its own timers, a
 * lookup: the answer waits for it), answers with an empty 200, then does `after(event, rest)`
 * over the REST API.
 */
export function answersAfter(before: (event: any) => Promise<unknown> | undefined, after: (event: any, rest: Rest) => Promise<unknown> | undefined) {
  const rest = restClient()
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', async () => {
      const event = JSON.parse(body)
      await before(event)
      res.end()
      await after(event, rest)
    })
  }
}

/** An app that does `work` before it answers incomingcall (its own timers, a lookup), then accepts over the REST API. */
export const acceptsAfter = (work: () => Promise<unknown>) =>
  answersAfter(
    (event) => (event.state === 'incomingcall' ? work() : undefined),
    (event, rest) => (event.state === 'incomingcall' ? rest.call('PUT', `/call/${event.voice_id}/accept`) : undefined),
  )
