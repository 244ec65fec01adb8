/**
 * An HTTP answer whose headers (and a first chunk) come at once and whose body ends later holds the
 * call's time until it ends, when the app reads it whole: a CRM in another process that streams its
 * rows, a gateway that flushes its headers early, a streaming completion. Measured before
 * (audit-114 F6): the first chunk counted as the reply, the app looked at rest, and its 1.5 s guard
 * fired ahead of a body 100–300 ms away, with every HTTP client tried.
 */
import http from 'node:http'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { watchHttpAnswers } from '../../src/clock/http-answers.js'
import { serviceProcess } from '../helpers/service-process.js'
import { withoutNock } from '../helpers/without-nock.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

// Its headers and `{"name":` at once, `"Alice"}` 300 ms later; /feed streams a line every 100 ms and never ends.
const crm = serviceProcess(`require('node:http').createServer((q, s) => {
  s.writeHead(200, { 'content-type': 'application/json' })
  if (q.url === '/feed') { s.write('tick\\n'); return void setInterval(() => s.write('tick\\n'), 100) }
  s.write('{"name":')
  setTimeout(() => s.end('"Alice"}'), 300)
}).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)

// Node's http client under nock's interceptor writes through a socket of nock's own, whose answer's end is not followed (docs/time.md).
withoutNock()

/** The caller's name read with `get`, raced against the app's own 1.5 s guard. */
const greeter = (get: (url: string) => Promise<{ name: string }>) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') {
      return (res: http.ServerResponse) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const guard = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 1_500)))
        void Promise.race([get(`http://127.0.0.1:${crm.port()}/customers/1`), guard]).then((found) => {
          clearTimeout(timer)
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ action: 'PLAY', audio: [tts(found ? `Hello ${found.name}.` : 'Welcome to Acme.')] }))
        })
      }
    }
    if (event.event === 'DROPPED') return undefined
    return { action: 'HANGUP' }
  })

const nodeGet = (url: string) =>
  new Promise<{ name: string }>((resolve, reject) =>
    http
      .get(url, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve(JSON.parse(text)))
      })
      .on('error', reject),
  )

describe('an HTTP answer the app reads whole holds the call’s time until its body ends', () => {
  for (const [client, get] of [
    ['fetch', async (url: string) => (await fetch(url)).json() as Promise<{ name: string }>],
    ['http.get', nodeGet],
    ["undici's request", async (url: string) => (await request(url)).body.json() as Promise<{ name: string }>],
  ] as const) {
    it(`${client}: the body 300 ms after the headers gives its answer, not the guard`, async () => {
      const call = await callTo(greeter(get), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
      expect(call).toHavePlayed('Hello Alice.')
      expect(call.print()).not.toContain('app timer 1.5 s')
    })
  }

  it('a stream the app keeps open, begun before the call, holds one call for 2 s, says so, and none after', async () => {
    // callspec follows undici's requests from its first call (or from the callspec/vitest setup file).
    watchHttpAnswers()
    const feed = await request(`http://127.0.0.1:${crm.port()}/feed`)
    feed.body.on('data', () => {})
    try {
      const menu = () =>
        callTo(
          webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Main menu.')] } : event.event === 'DROPPED' ? undefined : { action: 'HANGUP' })),
          { platform: 'webex-connect' },
        )
          .expectAction('ANSWER')
          .expectAction('PLAY')
          .expectHangup()
      const started = performance.now()
      const first = await menu()
      expect(performance.now() - started).toBeGreaterThan(1_900)
      expect(first.print()).toMatch(/the app's request to 127\.0\.0\.1:<port> has been receiving its answer for 2 s: callspec no longer waits for its end \(it holds no more of the call's time\) until it ends/)
      const again = performance.now()
      const second = await menu()
      expect(performance.now() - again).toBeLessThan(1_000)
      expect(second.print()).not.toContain('receiving its answer')
    } finally {
      feed.body.destroy()
    }
  })
})
