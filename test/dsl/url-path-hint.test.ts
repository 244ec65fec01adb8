/**
 * Newcomer audit finding N6: an app reached by a URL with a misspelt path
 * (`http://127.0.0.1:8000/webex/evnts`) got a 404, and the hint said "(this call used `/`,
 * webex-connect's default)" and advised webhookPath: the path requested was the URL's. The hint
 * names the path requested and where it came from, and the route nearest it where the app's
 * routes are known (an app in process) or its 404 page lists them.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

const hintOf = async (flow: PromiseLike<unknown>) => {
  const error = await failureOf(flow)
  return error.message.split('\n').find((l) => l.startsWith('Hint: '))
}

/** A Webex Connect app's routes, listening on loopback, reached by URL as an app in another process is. */
function webexApp() {
  const app = express()
  app.use(express.json())
  app.post('/webex/events', (_req, res) => void res.json({ action: 'HANGUP' }))
  return app
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})
async function listening(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('a 404 on the first webhook to an app reached by URL', () => {
  it("names the URL's path as the one used, not the platform's default", async () => {
    const origin = await listening(webexApp())
    const hint = await hintOf(callTo(`${origin}/webex/evnts`, { platform: 'webex-connect' }).expectAction('ANSWER'))
    // Before: "Hint: is `webhookPath` right? The first webhook went to http://127.0.0.1:<port>/webex/evnts and the app has no route there (this call used `/`, webex-connect's default). Pass the path … as webhookPath: …"
    expect(hint).toBe(
      `Hint: is the URL's path right? The first webhook went to ${origin}/webex/evnts and the app has no route there (this call used \`/webex/evnts\`, the path of the URL you passed). ` +
        'Give the path your app serves in the URL (http://host:port/your/route).',
    )
  })

  it("a URL's path joined with webhookPath: both named", async () => {
    const origin = await listening(webexApp())
    const hint = await hintOf(callTo(`${origin}/webex`, { platform: 'webex-connect', webhookPath: '/webex/events' }).expectAction('ANSWER'))
    expect(hint).toBe(
      `Hint: is the URL's path, or \`webhookPath\`, right? The first webhook went to ${origin}/webex/webex/events and the app has no route there ` +
        "(this call used `/webex/webex/events`: the path of the URL you passed, `/webex`, joined with your webhookPath option, `/webex/events`). " +
        "Give the path your app serves in the URL (http://host:port/your/route), or the URL's origin alone with `webhookPath`.",
    )
  })

  it('a 404 page that lists the routes: the nearest is named', async () => {
    const origin = await listening((req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: `no route for POST ${req.url}`, routes: ['GET /health', 'POST /webex/events'] }))
    })
    const hint = await hintOf(callTo(`${origin}/webex/evnts`, { platform: 'webex-connect' }).expectAction('ANSWER'))
    expect(hint).toContain("(this call used `/webex/evnts`, the path of the URL you passed). The nearest to `/webex/evnts`, of the paths the app's 404 page names: `/webex/events`. Give the path")
  })
})

describe('a 404 on the first webhook to an app in process', () => {
  it('names the POST route nearest the webhookPath used', async () => {
    const hint = await hintOf(callTo(webexApp(), { platform: 'webex-connect', webhookPath: '/webex/event' }).expectAction('ANSWER'))
    expect(hint).toContain("(this call used `/webex/event`, from your webhookPath option; webex-connect's default is `/`). The app's POST routes: `/webex/events`. The nearest to `/webex/event`: `/webex/events`. Pass the path")
  })
})
