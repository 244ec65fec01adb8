import express from 'express'

/** A callback the test app received: path, method, and the payload (JSON body, or the query for GET). */
export interface Received {
  method: string
  path: string
  body: Record<string, any>
  contentType: string | undefined
}

type Route = (callback: Record<string, any>, received: Received) => unknown

/**
 * A minimal Voxology app for the driver's tests: each path answers with the script its route
 * returns (a route returning undefined answers 204 with no body, as the final callback expects).
 * Every callback is kept, so tests assert what the platform sent.
 */
export function scriptApp(routes: Record<string, Route>) {
  const app = express()
  app.use(express.json())
  const received: Received[] = []
  app.use((req, res) => {
    const body = (req.method === 'GET' ? { ...req.query } : req.body) as Record<string, any>
    const entry: Received = { method: req.method, path: req.path, body, contentType: req.headers['content-type'] }
    received.push(entry)
    const route = routes[req.path]
    if (!route) return res.status(404).json({ error: `no route ${req.path}` })
    const script = route(body, entry)
    if (script === undefined) return res.status(204).end()
    if (typeof script === 'string') return res.type('text/plain').send(script)
    return res.json(script)
  })
  return { app, received }
}

/** `{ actions }` for the first callback, nothing for the final one. */
export const serve = (actions: unknown[]) => (cb: Record<string, any>) => (cb.type === 'call_end' ? undefined : { actions })
