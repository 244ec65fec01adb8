/**
 * audit-93 finding 6: the default start (2026-03-02T09:00Z) drifts from the machine's clock, and a
 * token the test minted from real time was refused by the app (its `Date` on the call's clock) with
 * only "HTTP 401" to show for it.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { webexApp } from '../helpers/webex-apps.js'

/** Accepts a bearer token "nbf.<epoch s>" only once the app's clock has reached nbf, as a JWT check does. */
function tokenCheckingApp() {
  return webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'HANGUP' } : undefined))
}

const guarded = (app: ReturnType<typeof tokenCheckingApp>) => (req: Parameters<typeof app>[0], res: Parameters<typeof app>[1]) => {
  const nbf = Number(String(req.headers.authorization ?? '').replace('Bearer nbf.', ''))
  if (!(Date.now() / 1000 >= nbf)) {
    res.statusCode = 401
    return void res.end('{"error":"nbf claim timestamp check failed"}')
  }
  app(req, res)
}

const minted = () => ({ authorization: `Bearer nbf.${Math.floor(Date.now() / 1000) - 60}` })

describe('a first webhook refused 401 while the app read the default start', () => {
  it("says the app's Date reads the default start, days before the machine's clock, and what to do", async () => {
    const error = await failureOf(callTo(guarded(tokenCheckingApp()), { platform: 'webex-connect', headers: minted() }).expectAction('ANSWER'))
    expect(error.message).toMatch(
      /\nHint: if the app checks a token or a signature's time, its `Date` reads the call's start, 2026-03-02T09:00:00\.000Z \(the default startAt\), [\d,]+ days before the machine's clock: what the test made from real time \(a JWT's nbf or exp\) is not yet valid to it\. Make it from the call's start, or pass startAt: new Date\(\)\.\n/,
    )
  })

  it('passes with startAt: new Date(), and a 401 under a chosen startAt gets no such hint', async () => {
    await callTo(guarded(tokenCheckingApp()), { platform: 'webex-connect', headers: minted(), startAt: new Date() }).expectAction('ANSWER').expectHangup()
    const error = await failureOf(callTo(guarded(tokenCheckingApp()), { platform: 'webex-connect', headers: minted(), startAt: '2026-03-02T09:00:00Z' }).expectAction('ANSWER'))
    expect(error.message).toContain('HTTP 401')
    expect(error.message).not.toContain('default startAt')
  })
})
