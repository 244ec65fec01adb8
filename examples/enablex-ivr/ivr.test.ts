import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createIvrApp, exampleConfig } from './app.js'

const app = createIvrApp(exampleConfig())
const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }
const AGENT = '+14155550142'

/** Every inbound call starts the same way: accept, then the menu once connected. */
const menu = () =>
  callTo(app, { platform: 'enablex', vendor: credentials })
    .fromCaller('+14155550100')
    .expectAction('accept')
    .expectAction('play', { dtmf: true, prompt_ref: 'menu' })

describe('Acme Support IVR (EnableX, inbound)', () => {
  it('bridges the caller to an agent and records the conversation', async () => {
    const call = await menu()
      .pressDigits('2')
      .expectAction('connect', { from: '14155550199', to: '14155550142' })
      .expectAction('recording', { start: true })
      // The agent answers after a few seconds of ringing; the conversation goes on for a minute.
      .staySilent(60_000)
      .hangUp()

    expect(call).toHavePlayed(/Press 1 for billing/)
    expect(call.events).toEqual(['incomingcall', 'connected', 'playfinished', 'digitcollected', 'bridging', 'bridged', 'started', 'completed', 'disconnected'])
  })

  it('reads the billing information and hangs up', async () => {
    const call = await menu()
      .pressDigits('1')
      .expectAction('play', { prompt_ref: 'billing', text: /Your balance is 42 dollars/ })
      .expectAction('hangup')
      .expectHangup()

    expect(call).toHaveHungUp()
  })

  it('routes a caller who says "agent"', async () => {
    await menu().say('I need to talk to an agent').expectAction('connect', { to: '14155550142' }).expectAction('recording')
  })

  it('asks again twice when nobody presses a key, then says goodbye', async () => {
    const call = await menu()
      .staySilent()
      .expectAction('play', { text: /^Sorry, I did not catch that/ })
      .staySilent()
      .expectAction('play', { text: /^Sorry, I did not catch that/ })
      .staySilent()
      .expectAction('play', { prompt_ref: 'bye' })
      .expectAction('hangup')

    expect(call.events.filter((e) => e === 'menutimeout')).toHaveLength(3)
    // Three menus of ~7 s each, plus three 10 s timeouts: the clock is virtual.
    expect(call.duration).toBeGreaterThan(50_000)
  })

  it('apologises when the agent is busy', async () => {
    const call = await menu()
      .withParty(AGENT, 'busy')
      .pressDigits('2')
      .expectAction('connect')
      .expectAction('play', { text: /All our agents are busy/ })
      .expectAction('hangup')

    expect(call.events).toContain('failed')
    expect(call).not.toHaveAction('recording')
  })

  it('says goodbye when the agent hangs up first', async () => {
    await menu()
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 30_000 })
      .pressDigits('2')
      .expectAction('connect')
      .expectAction('recording', { start: true })
      .expectAction('play', { text: 'Thank you for calling Acme Support. Goodbye.' })
      .expectAction('hangup')
  })

  it('reads encrypted events, as EnableX posts them with webhook security on', async () => {
    const call = await callTo(app, { platform: 'enablex', vendor: { ...credentials, encrypt: true } })
      .expectAction('accept')
      .expectAction('play', { dtmf: true })
      .pressDigits('1')
      .expectAction('play', { prompt_ref: 'billing' })
      .expectAction('hangup')

    expect(call.transcript.entries.find((e) => e.kind === 'event')).toMatchObject({ request: { headers: { 'x-algoritm': 'aes-256-cbc' } } })
  })
})

describe('Call-backs (EnableX, outbound)', () => {
  const callBack = (to: string) => (app: { fetch: (path: string, init: object) => Promise<unknown> }) =>
    app.fetch('/callbacks', { method: 'POST', body: { to } })

  it('places the call, plays the menu on answer, and connects an agent', async () => {
    const call = await callTo(app, { platform: 'enablex', vendor: credentials })
      .startedBy(callBack('14155550123'))
      .expectAction('make-call', { to: '14155550123', action_on_connect: { play: { dtmf: true, prompt_ref: 'callback' } } })
      .pressDigits('2')
      .expectAction('connect', { to: '14155550142' })
      .expectAction('recording')

    expect(call.events.slice(0, 3)).toEqual(['ringing', 'connected', 'playfinished'])
    expect(call).toHavePlayed(/calling you back/)
  })

  it('hears nothing more when the line is busy', async () => {
    const call = await callTo(app, { platform: 'enablex', vendor: credentials }).startedBy(callBack('14155550124')).answeredBy('busy').expectAction('make-call').expectHangup()
    expect(call.end).toMatchObject({ by: 'callee', reason: 'line busy' })
    expect(call.events).toEqual(['disconnected'])
  })
})
