/**
 * Calls that overlap in real time (Promise.all, describe.concurrent) to apps in this process: the
 * app's timers and Date are the process's, so the calls take turns on them, and each gets the
 * verdict and the transcript it gets alone. Measured before: the second call's app read the first
 * call's startAt (business hours decided wrong in both orders), and an answer delayed 2 s by the
 * app's own timer showed at 0.0 s, with nothing said about either.
 */
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { enablexApp } from '../drivers/enablex/apps.js'
import { businessHoursApp } from '../helpers/business-hours-app.js'
import { stubServer } from '../helpers/stub-server.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

// warnings: 'silent' also stops the once-per-process notice that overlapping calls took turns
// (turns-notice.test.ts asserts it): the calls here overlap on purpose.
const W = { platform: 'webex-connect', warnings: 'silent' } as const
const hours = (startAt: string) => callTo(businessHoursApp(), { ...W, startAt }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

/** Answers ACCEPTED after its own 2 s timer. */
const slowToAnswer = () =>
  webexApp((event) => (res: ServerResponse) => {
    const action = event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Hello.')] } : event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
    setTimeout(() => {
      if (action) res.setHeader('content-type', 'application/json')
      res.end(action ? JSON.stringify(action) : '')
    }, event.event === 'ACCEPTED' ? 2_000 : 0)
  })
const slowCall = (seed: number) => callTo(slowToAnswer(), { ...W, seed }).expectAction('ANSWER').expectAction('PLAY').expectHangup()

describe('calls that overlap, to apps in this process', () => {
  it("each call's app reads its own startAt, in either order", async () => {
    const [open, closed] = await Promise.all([hours('2026-03-04T15:00:00Z'), hours('2026-03-04T23:30:00Z')])
    expect(open).toHavePlayed('We are open.')
    expect(closed).toHavePlayed('We are closed.')
    const [late, early] = await Promise.all([hours('2026-03-04T23:30:00Z'), hours('2026-03-04T15:00:00Z')])
    expect(late).toHavePlayed('We are closed.')
    expect(early).toHavePlayed('We are open.')
  })

  it("keep the app's own timers in their own transcript, as when run alone, word for word (snapshots stay stable)", async () => {
    const alone = await slowCall(3)
    const [first, second] = await Promise.all([slowCall(3), slowCall(3)])
    expect(alone.actions[0]!.at).toBe(2_000)
    expect(first.print()).toBe(alone.print())
    expect(second.print()).toBe(alone.print())
  })

  it('two calls one trigger places, a flow each, run together: the queued flow still claims its make-call request', async () => {
    const app = createIvrApp(exampleConfig())
    const leg = (to: string, trigger: Parameters<ReturnType<typeof callTo>['startedBy']>[0]) =>
      callTo(app, { ...W, seed: 1 }).startedBy(trigger).toNumber(to).expectAction('PLAY')
    const [a, b] = await Promise.all([
      leg('+14155550181', async (ctx) => {
        await ctx.fetch('/reminders', { method: 'POST', body: { to: '+14155550181' } })
        await ctx.fetch('/reminders', { method: 'POST', body: { to: '+14155550182' } })
      }),
      leg('+14155550182', () => {}),
    ])
    expect([a.transcript.header.parties.to, b.transcript.header.parties.to]).toEqual(['+14155550181', '+14155550182'])
  })

  // A CRM the app below looks its caller up in.
  const crm = stubServer((_req, res) => res.end('{}'))

  it("a call that waited its turn fits its waits to the test's time then left: it fails with its own message, not the runner's timeout", { timeout: 5_000 }, async () => {
    // Each looks its caller up first (a request callspec saw): not taken for an app that answered and sent nothing, which fails at once.
    const neverAccepts = () => callTo(enablexApp(async () => void (await fetch(crm.url)).text()), { platform: 'enablex', warnings: 'silent' }).expectAction('accept')
    const results = await Promise.allSettled([neverAccepts(), neverAccepts()])
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect(String((r as PromiseRejectedResult).reason.message)).toMatch(
        // The second waits within what is left: its appTimeoutMs refitted, or cut at the runner's deadline.
        /^\[callspec\] turn 1, expectAction\('accept'\): waited \d+ ms( \(limits\.appTimeoutMs, 4000 ms by default, fitted to end before the test's 5 s timeout\))? for the app's next REST request to EnableX after the "incomingcall" event \(turn 1\), and it never came(\.|, and the test's 5 s timeout is near: callspec stops here, before the runner times the test out)/,
      )
    }
  })
})
