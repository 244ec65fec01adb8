import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiRequest, ApiResponse, PlatformApi } from './types.js'

export interface LoopbackApi {
  readonly url: string
  close(): Promise<void>
}

/** Serves a fake vendor API on 127.0.0.1, for apps that run outside the test process. */
export async function serveLoopback(api: PlatformApi, port = 0): Promise<LoopbackApi> {
  const server = createServer((req, res) => {
    void readRequest(req).then(async (request) => {
      const answer = await api.handle(request).catch(
        (error: unknown): ApiResponse => ({ status: 500, body: { error: String(error) } }),
      )
      const { body, headers } = encode(answer)
      res.writeHead(answer.status, headers)
      res.end(body)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readRequest(req: IncomingMessage): Promise<ApiRequest> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`),
    headers,
    bodyText: Buffer.concat(chunks).toString('utf8'),
  }
}

/** JSON-encodes an object body; used by both mounts so they answer byte for byte alike. */
export function encode(answer: ApiResponse): { body: string; headers: Record<string, string> } {
  if (answer.body === undefined) return { body: '', headers: { ...answer.headers } }
  if (typeof answer.body === 'string') return { body: answer.body, headers: { 'content-type': 'text/plain', ...answer.headers } }
  return { body: JSON.stringify(answer.body), headers: { 'content-type': 'application/json', ...answer.headers } }
}
