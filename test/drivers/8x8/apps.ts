import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

/** A webhook the test app received: its path and parsed body. */
export interface Received {
  path: string
  body: any
}

/** An audio file the test app serves: status, content type and size (a body of that many bytes). */
export interface ServedFile {
  status?: number
  type?: string
  bytes?: number
  body?: string
}

type Answer = object | string | ((res: ServerResponse) => void) | undefined

/**
 * A minimal 8x8 app on node:http: `onVca` answers each VCA payload (an object is sent as JSON, a
 * string as is, a function writes the response itself); VSS and VCS are acknowledged with 200;
 * `files` are served by path. Everything received is kept in `received`, in order.
 */
export function eightByEightApp(onVca: (payload: any) => Answer, files: Record<string, ServedFile> = {}) {
  const received: Received[] = []
  const listener: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!
    if (req.method === 'GET') {
      const file = files[path]
      if (!file) {
        res.statusCode = 404
        return void res.end('not found')
      }
      const body = file.body ?? Buffer.alloc(file.bytes ?? 1024, 0x52)
      res.writeHead(file.status ?? 200, { 'content-type': file.type ?? 'audio/wav', 'content-length': String(Buffer.byteLength(body)) })
      return void res.end(body)
    }
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      const body = JSON.parse(text)
      received.push({ path, body })
      if (body.eventType !== 'CALL_ACTION') return void res.end()
      const answer = onVca(body.payload)
      if (typeof answer === 'function') return answer(res)
      if (answer === undefined) return void res.end()
      res.setHeader('content-type', 'application/json')
      res.end(typeof answer === 'string' ? answer : JSON.stringify(answer))
    })
  }
  return { listener, received }
}

export const VOICE = 'en-US-ZiraRUS'
export const say = (text: string, extra: object = {}) => ({ action: 'say', params: { text, voiceProfile: VOICE, ...extra } })
export const capture = (promptMessage: string, extra: object = {}) => ({
  action: 'sayAndCapture',
  params: { promptMessage, voiceProfile: VOICE, ...extra },
})
export const makeCall = (source: string, destination: string, extra: object = {}) => ({ action: 'makeCall', params: { source, destination, ...extra } })
export const hangup = { action: 'hangup' }
