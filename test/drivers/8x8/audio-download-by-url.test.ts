/**
 * An 8x8 app reached by URL that serves its playFile audio late. 8x8 documents no download
 * deadline, so a file slower than the 4 s callspec assumes the platform waits is its inferred rule
 * 8x8/answer-in-time (a warning; strict fails it), as in process; and one slower than callspec's
 * own real-time wait (limits.responseTimeoutMs) fails as that wait, never as 8x8's -2006. Before
 * (audit h154 G5): a file 7 s late failed "8x8 ended the session with ERROR -2006 (Unable to
 * download file for playback): GET … failed: no complete answer within 6000 ms
 * (limits.responseTimeoutMs): the app never answered.", and one 4.5 s late passed without a word.
 * Over real HTTP, to a server reached by URL.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { silentWav } from '../../helpers/silent-wav.js'


let server: Server
let origin: string
const timers = new Set<NodeJS.Timeout>()

beforeAll(async () => {
  // GET /audio/<ms>.wav serves the file <ms> of real time late; the VCA plays it, then hangs up.
  server = createServer((req, res) => {
    const late = /^\/audio\/(\d+)\.wav$/.exec(req.url ?? '')
    if (req.method === 'GET' && late) return void timers.add(setTimeout(() => res.writeHead(200, { 'content-type': 'audio/wav' }).end(silentWav()), Number(late[1])))
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (!req.url?.startsWith('/8x8/vca')) return void res.writeHead(200).end()
      const { callStatus } = (JSON.parse(body) as { payload: { callStatus: string } }).payload
      const file = new URL(req.url, origin).searchParams.get('file')
      const callflow = callStatus === 'CALL_RECEIVED' ? [{ action: 'playFile', params: { fileUrl: `${origin}/audio/${file}.wav` } }, { action: 'hangup' }] : [{ action: 'hangup' }]
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ callflow }))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  for (const timer of timers) clearTimeout(timer)
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
})

const play = (lateMs: number, options: { strict?: boolean; limits?: { responseTimeoutMs: number } } = {}) =>
  callTo(origin, { platform: '8x8', webhookPath: `/8x8/vca?file=${lateMs}`, seed: 4, warnings: 'silent', ...options }).expectAction('playFile').expectAction('hangup').expectHangup()

// A download's failure comes in the step after the one that saw the playFile: the download starts
// at the playFile's instant, as a platform timer (audit-154 G1), so it is expectAction('hangup')'s.
describe('an 8x8 playFile an app by URL serves late', () => {
  it("4.5 s late, past the 4 s callspec assumes: taken, with a warning of the inferred rule", { timeout: 15_000 }, async () => {
    const call = await play(4_500)
    expect(call.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^turn 1: the app answered GET ${origin}/audio/4500\\.wav 4\\.[5-9]\\d* s after it was sent \\(real time, measured: callspec does not run this app's timers\\): longer than the 4 s callspec assumes the platform waits \\(the vendor documents no request timeout: .*\\) \\(rule 8x8/answer-in-time, inferred\\)$`,
        ),
      ),
    ])
    // The transcript masks the server's port.
    expect(call.print()).toContain('· downloaded http://127.0.0.1:<port>/audio/4500.wav (audio/wav)')
    expect(call.print()).toContain('♪ "http://127.0.0.1:<port>/audio/4500.wav"')
  })

  it('4.5 s late under strict: fails by the inferred rule, said as callspec\'s, not as 8x8\'s session error', { timeout: 15_000 }, async () => {
    const error = await failureOf(play(4_500, { strict: true }))
    expect(error.message).toContain('callspec failed the call by a rule it inferred, not one 8x8 documents: 8x8/answer-in-time')
    expect(error.message).not.toContain('8x8 ended the session')
  })

  it("slower than callspec's own wait: fails as callspec's wait and how to lengthen it, never as -2006", async () => {
    const error = await failureOf(play(900, { limits: { responseTimeoutMs: 300 } }))
    expect(error.message.split('\n')[0]).toBe(
      `[callspec] turn 1, expectAction('hangup'): callspec stopped waiting for the app's playFile file GET ${origin}/audio/900.wav: ` +
        "the app had not answered within callspec's wait of 300 ms (limits.responseTimeoutMs; raise it, and the test's timeout, to wait longer). " +
        "8x8 documents no deadline for a playFile download, so this is callspec's limit, not an 8x8 session error (-2006): with a longer wait the file is taken, " +
        'and one slower than the time callspec assumes the platform waits is a warning of the inferred rule 8x8/answer-in-time.',
    )
    expect(error.message).not.toContain('8x8 ended the session')
    expect(error.message).not.toContain('never answered')
  })

  // Measured before (audit G9): "…within callspec's wait of 1050 ms (limits.responseTimeoutMs, 6000 ms
  // by default, fitted to end before the test's 1.5 s timeout; raise it, and the test's timeout, to
  // wait longer)": the wait was the test's timeout's doing, not the limit's.
  it("slower than the wait callspec cut to fit the test's timeout: says so, and that the test's timeout is what to raise", { timeout: 1_500 }, async () => {
    const error = await failureOf(play(3_000))
    expect(error.message.split('\n')[0]).toMatch(
      new RegExp(
        `^\\[callspec\\] turn 1, expectAction\\('hangup'\\): callspec stopped waiting for the app's playFile file GET ${origin.replace(/\./g, '\\.')}/audio/3000\\.wav: ` +
          "the app had not answered within callspec's wait of \\d+ ms \\(limits\\.responseTimeoutMs, 6000 ms by default, fitted to end before the test's 1\\.5 s timeout; " +
          "callspec cut its wait to fit that timeout: to wait longer, give the test more time \\(testTimeout in vitest's config, or it\\(name, fn, ms\\)'s third argument\\)\\)\\. " +
          "8x8 documents no deadline for a playFile download, so this is callspec's limit",
      ),
    )
    expect(error.message).not.toContain('raise it')
  })
})
