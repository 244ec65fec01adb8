import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { FetchApp } from './types.js'

/**
 * Serves a fetch-style app (Hono, itty, any `fetch(Request)`) from a Node server,
 * so it is reached over real HTTP like every other target.
 */
export function fetchListener(app: FetchApp): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void respond(app, req, Buffer.concat(chunks), res)
    })
  }
}

async function respond(app: FetchApp, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
  try {
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    const method = req.method ?? 'GET'
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    })
    const response = await app.fetch(request)
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  } catch (error) {
    // The app threw: answer as a Node framework would, so the failure names the crash.
    res.writeHead(500, { 'content-type': 'text/plain' })
    res.end(error instanceof Error ? (error.stack ?? error.message) : String(error))
  }
}
