import type { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failureOf } from '../helpers/failure-of.js'
import { callTo } from '../../src/index.js'
import { createTimersIvrApp, GOODBYE, MENU } from '../../examples/enablex-timers/app.js'
import { webexConnectScenario } from '../bench/scenarios/webex-connect.js'

const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }
const config = { apiBase: 'https://api.enablex.io', ...credentials }

afterEach(() => {
  vi.useRealTimers()
})

describe("the app's timers on the call's virtual clock (in process)", () => {
  it("shows the app a Date that reads the call's virtual time, event by event", async () => {
    const seen: { stamped: string; appNow: string }[] = []
    const app = express()
    app.use(express.json())
    app.use((req, _res, next) => {
      seen.push({ stamped: String(req.body.timestamp), appNow: new Date().toISOString() })
      next()
    })
    app.use(createTimersIvrApp(config))
    await callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('accept').expectAction('play', { text: MENU }).pressDigits('9').expectAction('play', { text: GOODBYE }).expectAction('hangup')

    expect(seen.length).toBeGreaterThanOrEqual(5)
    for (const { stamped, appNow } of seen) expect(appNow).toBe(stamped)
  })

  it('drives the test\'s own vi.useFakeTimers() clock instead of installing a second one, and leaves it installed', async () => {
    vi.useFakeTimers()
    const fakeBefore = globalThis.setTimeout
    const call = await callTo(createTimersIvrApp(config), { platform: 'enablex', vendor: credentials })
      .expectAction('accept')
      .expectAction('play', { text: MENU })
      .pressDigits('9')
      .expectAction('play', { text: GOODBYE })
      .expectAction('hangup')

    expect(call.print()).toContain('app timer 3 s → accept')
    expect(call.print()).toContain('app timer 10 s → hangup')
    expect(vi.isFakeTimers()).toBe(true)
    expect(globalThis.setTimeout).toBe(fakeBefore)
  })

  it('notes the app timers still pending when the call ends, handed back to real time where the app can still clear them', async () => {
    let fired = 0
    let reminder: NodeJS.Timeout | undefined
    const app = express()
    app.use(express.json())
    app.post('/event', (req, res, next) => {
      // A reminder an hour later: still pending when the call is over.
      if (req.body.state === 'incomingcall') reminder = setTimeout(() => fired++, 3_600_000)
      next()
    })
    app.use(createTimersIvrApp(config))
    const call = await callTo(app, { platform: 'enablex', vendor: credentials }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('play').expectAction('hangup')

    expect(call.print()).toContain('1 app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): 3600 s timeout')
    expect(reminder!.hasRef()).toBe(true)
    clearTimeout(reminder)
    expect(fired).toBe(0)
  })

  it('keeps on the call\'s clock a timer the app sets while a request arrives, on every webhook of a kept-alive connection', async () => {
    // Set synchronously in the request listener, before the body is read (as a request-timeout
    // middleware does). From the second webhook on, the request reaches the app inside callspec's
    // own dispatch over the kept-alive in-memory connection: the timer is still the app's.
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      setTimeout(() => {}, 45_000)
      webexConnectScenario.listener(req, res)
    }
    const call = await callTo(listener, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')

    const webhooks = call.transcript.entries.filter((e) => e.kind === 'event').length
    expect(webhooks).toBeGreaterThanOrEqual(3)
    expect(call.print()).toContain(
      `${webhooks} app timer(s) still pending when the call ended, handed back to real time (they run on, as in production, and may fire during a later test): ${Array(webhooks).fill('45 s timeout').join(', ')}`,
    )
  })

  it('with appClock: false, runs the app\'s timers in real time and marks what the app did on its own', async () => {
    const app = createTimersIvrApp({ ...config, delays: { accept: 1_200 } })
    const call = await callTo(app, { platform: 'enablex', vendor: credentials, appClock: false }).expectAction('accept').expectAction('play', { text: MENU }).pressDigits('1').expectAction('play').expectAction('hangup')

    expect(call.print()).toMatch(
      /· the app acted on its own 1\.\d s \(real\) after turn 1: its timers are not on the call's clock; run it in-process, under callspec\/agent, or with time: 'real'/,
    )
    expect(call.print()).not.toContain('app timer')
  })
})

describe('declared behaviour that never came into play', () => {
  const app = createTimersIvrApp(config)

  it('fails a withParty() for a number the platform never dialled', async () => {
    const error = await failureOf(
      callTo(app, { platform: 'enablex', vendor: credentials }).withParty('+14155550142', 'busy').expectAction('accept').expectAction('play').pressDigits('1').expectAction('play').expectAction('hangup'),
    )
    expect(error.message).toContain(`withParty('+14155550142', "busy") never came into play: the platform never dialled +14155550142.`)
  })

  it('fails an answeredBy() on an inbound call', async () => {
    const error = await failureOf(
      callTo(app, { platform: 'enablex', vendor: credentials }).answeredBy('voicemail').expectAction('accept').expectAction('play').pressDigits('1').expectAction('play').expectAction('hangup'),
    )
    expect(error.message).toContain('answeredBy("voicemail") never came into play: this is an inbound call')
  })

  it('notes a staySilent(ms) cut short by the end of the call', async () => {
    const call = await failureOf(callTo(app, { platform: 'enablex', vendor: credentials })
      .expectAction('accept')
      .expectAction('play')
      .pressDigits('1')
      .expectAction('play')
      .expectAction('hangup')
      .staySilent(30_000))
    // The call was already over when the silence began: that is a failure of its own.
    expect(call.message).toContain('the call had already ended')
    const cut = await callTo(app, { platform: 'enablex', vendor: credentials, unconsumed: 'ignore' }).expectAction('accept').expectAction('play').pressDigits('1').staySilent(60_000)
    expect(cut.print()).toMatch(/· staySilent\(60000\) cut short: the call ended \d+\.\d s early \(app: DELETE/)
  })
})
