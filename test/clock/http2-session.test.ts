/**
 * An HTTP/2 client session the app keeps open across calls (as HTTP/2 clients do), to a backend in
 * another process answering each request in 300 ms: each call's lookup on it holds the call's time
 * and beats a 1 s guard. An HTTP/2 session reads its connection natively, past what callspec
 * watches on a socket: before (audit-117), the session looked unanswered after its first answer,
 * held the first call 2 s, with a note that it had had no reply, then counted as a connection the
 * app only writes to, and every later call played the fallback.
 */
import http2 from 'node:http2'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { serviceProcess } from '../helpers/service-process.js'
import { greetsWith } from '../helpers/webex-apps.js'

const backend = serviceProcess(
  `const s = require('node:http2').createServer(); s.on('stream', (st, h) => setTimeout(() => { st.respond({ ':status': 200 }); st.end('Ada') }, Number(h[':path'].slice(1)))); s.listen(0, '127.0.0.1', () => console.log(s.address().port))`,
)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('an HTTP/2 session the app keeps across calls', () => {
  let session: http2.ClientHttp2Session | undefined
  afterAll(() => session?.close())
  const get = (path: string) =>
    new Promise<string>((resolve, reject) => {
      session ??= http2.connect(`http://127.0.0.1:${backend.port()}`)
      const request = session.request({ ':path': path })
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (body += chunk))
      request.on('end', () => resolve(body))
      request.on('error', reject)
      request.end()
    })
  const racing = (ms: number) => greetsWith(async () => `hello ${await Promise.race([get(`/${ms}`), sleep(1_000).then(() => 'fallback')])}`)

  it.each([1, 2, 3])('call %i: a 300 ms lookup on it beats a 1 s guard, with no 2 s wait', async () => {
    const started = performance.now()
    const call = await callTo(racing(300), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('hello Ada')
    expect(call.print()).not.toContain('no longer waits')
    expect(performance.now() - started).toBeLessThan(1_500)
  })

  it('a 1.5 s lookup on it loses to the guard, at +1 s', async () => {
    const call = await callTo(racing(1_500), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    expect(call).toHavePlayed('hello fallback')
    expect(call.actions[1]!.at - call.actions[0]!.at).toBe(1_200)
  })
})
