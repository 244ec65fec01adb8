/**
 * audit-81 finding 3: a redirect answered to a webhook failed as "with HTTP 307; the platform
 * needs a 2xx", without where it pointed or that it is not followed, and the response printed
 * below shows no headers. The usual cause is a framework's trailing-slash redirect (FastAPI 307,
 * Django APPEND_SLASH 301). Now the failure quotes the Location, says the platform does not follow
 * redirects, and for a slash-only redirect or the same path elsewhere says what to change.
 * Driven over real HTTP: an app by URL on a loopback port.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

let server: Server
let origin: string
/** The answer each path gets: its status and Location header (none when undefined). */
const redirects: Record<string, [number, string | undefined]> = {
  '/fastapi': [307, '/fastapi/'],
  '/django': [301, 'PLACEHOLDER/django/'],
  '/rails/': [308, '/rails'],
  '/https': [302, 'https://ivr.example.com/https'],
  '/elsewhere': [302, '/login?next=%2Felsewhere'],
  '/nowhere': [302, undefined],
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    const [status, location] = redirects[req.url ?? ''] ?? [404, undefined]
    if (location) res.setHeader('location', location.replace('PLACEHOLDER', origin))
    res.statusCode = status
    res.end()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const call = (webhookPath: string) => failureOf(callTo(origin, { platform: 'webex-connect', webhookPath, warnings: 'silent' }).expectAction('ANSWER'))
const notFollowed = 'callspec does not follow redirects (no vendor documents following one: an inference): it posts each webhook once, to the URL it was given, and reads that answer.'
const SOURCE = `Rule webex-connect/no-action-answer: Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK"); what the platform does with an answer that holds no action is callspec's inference.`
// On the line under what the app did (newcomer audit N4).
const needs = `The platform expects a 2xx with one JSON action object. The docs do not say what Webex Connect does with an answer that holds no action it can read: callspec's inference is that it drops the call, so the call fails here (rule webex-connect/no-action-answer).`

describe('an app that answers a webhook with a redirect', () => {
  it('a trailing-slash redirect (FastAPI 307, relative Location): where it points, not followed, and the fix', async () => {
    const failure = await call('/fastapi')
    expect(failure.message).toContain(
      `turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 307 (a redirect to "/fastapi/")\n${needs}\n${notFollowed} It only adds a trailing slash: the app's route is declared with one (FastAPI and Django's APPEND_SLASH redirect so). Post the webhook to "/fastapi/" (callTo's webhookPath, or the scenario's), or declare the route as the platform calls it.\n${SOURCE}\nRequest sent: POST ${origin}/fastapi\n`,
    )
  })

  it('Django APPEND_SLASH (301, absolute Location), and a route declared without the slash (308)', async () => {
    expect((await call('/django')).message).toContain(`HTTP 301 (a redirect to "${origin}/django/")\n${needs}\n${notFollowed} It only adds a trailing slash`)
    expect((await call('/rails/')).message).toContain(`HTTP 308 (a redirect to "/rails")\n${needs}\n${notFollowed} It only drops a trailing slash: the app's route is declared without one`)
  })

  it('the same path on another origin, another path, no Location', async () => {
    expect((await call('/https')).message).toContain(
      `HTTP 302 (a redirect to "https://ivr.example.com/https")\n${needs}\n${notFollowed} It points at the same path on https://ivr.example.com: give that as the app's URL, or stop the app redirecting (an HTTPS or canonical-host redirect).\n${SOURCE}\nRequest sent:`,
    )
    expect((await call('/elsewhere')).message).toContain(`HTTP 302 (a redirect to "/login?next=%2Felsewhere")\n${needs}\n${notFollowed}\n${SOURCE}\nRequest sent:`)
    expect((await call('/nowhere')).message).toContain(`HTTP 302 (a redirect with no Location header)\n${needs}\n${notFollowed}\n${SOURCE}\nRequest sent:`)
  })

  it('a non-redirect status says nothing of redirects', async () => {
    const failure = await call('/missing')
    const [first, hint, expects] = failure.message.split('\n')
    expect(first).toMatch(/the app answered ACCEPTED with HTTP 404$/)
    expect(hint).toMatch(/^Hint: is `webhookPath` right\? /)
    expect(expects).toBe(needs)
    expect(failure.message).not.toContain('redirect')
  })
})
