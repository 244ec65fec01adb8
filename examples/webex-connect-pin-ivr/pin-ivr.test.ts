import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { callTo, startPlatform } from '../../src/index.js'
import { createIvrApp, exampleConfig } from './app.js'

const app = createIvrApp(exampleConfig())
const CALLER = '+14155550100'
const AGENT = '+14155550142'

/** Every inbound call starts the same way: answer, then ask for the PIN. */
const pinPrompt = () =>
  callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events' })
    .fromCaller(CALLER)
    .toNumber('+14155550199')
    .expectAction('ANSWER')
    .expectAction('PLAY', { collectInput: { terminationDigit: '#' } })

describe('Acme Bank IVR (Webex Connect, inbound)', () => {
  it('lets a caller with the right PIN reach an agent', async () => {
    const call = await pinPrompt()
      .pressDigits('1234#')
      .expectAction('PLAY', { audio: [{ text: /Press 1 for your balance/ }] })
      .pressDigits('2')
      .expectAction('PATCH', { dialedNumber: AGENT, recordCall: true })
      // The agent's phone rings for a few seconds; the conversation then goes on for a minute.
      .staySilent(60_000)
      .hangUp()

    expect(call).toHavePlayed(/enter your PIN/i)
    expect(call).toHavePlayed('Please hold while we connect you to an agent.')
    // The caller's hang-up ends the bridge: PATCHED {droppedBy: "CALLER"} with the recording, then DROPPED.
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'COLLECTED_DIGITS', 'PATCHED', 'PATCHED', 'DROPPED'])
    console.log(call.print())
  })

  it('reads the balance and hangs up', async () => {
    const call = await pinPrompt()
      .pressDigits('1234#')
      .expectAction('PLAY')
      .pressDigits('1')
      .expectAction('PLAY', { audio: [{ text: 'Your balance is $42.17. Goodbye.' }] })
      .expectHangup()

    expect(call).toHaveHungUp()
  })

  it('gives three tries at the PIN, then says goodbye', async () => {
    const call = await pinPrompt()
      .pressDigits('1111#')
      .expectAction('PLAY', { audio: [{ text: /not right/ }] })
      .pressDigits('2222#')
      .expectAction('PLAY', { audio: [{ text: /not right/ }] })
      .pressDigits('3333#')
      .expectAction('PLAY', { audio: [{ text: /Too many attempts/ }] })
      .expectHangup()

    expect(call).toHaveHungUp()
    expect(call).not.toHaveAction('PATCH')
  })

  it('accepts the PIN typed during the prompt (barge-in)', async () => {
    const call = await pinPrompt().pressDigits('1234#', { bargeIn: true }).expectAction('PLAY', { audio: [{ text: /Thank you/ }] })
    // The welcome prompt was cut off by the first key.
    expect(call.transcript.heard()[0]).toMatchObject({ text: expect.stringContaining('Welcome to Acme Bank') })
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 300 })
  })

  it('treats partial input followed by silence as a wrong PIN', async () => {
    const call = await pinPrompt()
      .pressDigits('12')
      .staySilent()
      .expectAction('PLAY', { audio: [{ text: /not right/ }] })

    const collected = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'COLLECTED_DIGITS')
    expect(JSON.parse((collected as { request: { body: string } }).request.body)).toMatchObject({ digitsReceived: '12', numOfDigits: 2 })
  })

  it('asks again when the caller says nothing until the digit timeout', async () => {
    const call = await pinPrompt().staySilent().expectAction('PLAY', { audio: [{ text: /did not get your PIN/ }] })
    // The prompt lasts about 4.4 s and the digit timeout is 5 s, all in virtual time.
    expect(call.duration).toBeGreaterThan(9_000)
  })

  it('sends DROPPED when the caller hangs up in the middle of the welcome prompt', async () => {
    const call = await pinPrompt().staySilent(1_000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call.events.at(-1)).toBe('DROPPED')
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 1_000 })
  })

  it('routes the caller who says "agent"', async () => {
    await pinPrompt()
      .pressDigits('1234#')
      .expectAction('PLAY', { streamInput: { singleUtterence: true } })
      .say('I want to talk to an agent please')
      .expectAction('PATCH', { dialedNumber: AGENT })
  })

  it('takes a message when the agent is busy', async () => {
    const call = await pinPrompt()
      .withParty(AGENT, 'busy')
      .pressDigits('1234#')
      .expectAction('PLAY')
      .pressDigits('2')
      .expectAction('PATCH')
      .expectAction('RECORD', { terminationDigit: '#' })
      .say('Please call me back about my card')
      .pressDigits('#')
      .expectAction('PLAY', { audio: [{ text: /call you back/ }] })
      .expectHangup()

    expect(call).toHavePlayed(/agents are busy/)
  })

  it('takes a message when the agent does not answer', async () => {
    const call = await pinPrompt()
      .withParty(AGENT, 'no-answer')
      .pressDigits('1234#')
      .expectAction('PLAY')
      .pressDigits('2')
      .expectAction('PATCH')
      .expectAction('RECORD')
      .staySilent()
      .expectAction('PLAY', { audio: [{ text: /call you back/ }] })

    // 30 s of ringing and a 60 s recording limit cost nothing: the clock is virtual.
    expect(call.duration).toBeGreaterThan(90_000)
  })
})

describe('Appointment reminder (Webex Connect, outbound)', () => {
  const remind = (to: string) => (app: { fetch: (p: string, i: object) => Promise<unknown> }) =>
    app.fetch('/reminders', { method: 'POST', body: { to } })

  it('confirms the appointment when the person presses 1', async () => {
    const call = await callTo(app, { platform: 'webex-connect', vendor: { serviceKey: 'sk_test_acme' } })
      .startedBy(remind('+14155550123'))
      .toNumber('+14155550123')
      .expectAction('PLAY', { collectInput: { maxDigits: 1 } })
      .pressDigits('1')
      .expectAction('PLAY', { audio: [{ text: /confirmed/ }] })
      .expectHangup()

    expect(call.events[0]).toBe('ANSWERED')
    expect(call.transcript.entries[0]).toMatchObject({ kind: 'api', name: 'POST /v1/voice/calls', status: 202 })
  })

  it('leaves a message when voicemail answers', async () => {
    const call = await callTo(app, { platform: 'webex-connect' })
      .startedBy(remind('+14155550124'))
      .answeredBy('voicemail')
      .expectAction('PLAY', { collectInput: { maxDigits: 1 } })
      .expectAction('PLAY', { audio: [{ text: /Please call us back/ }] })
      .expectHangup()

    expect(call.events).toContain('VMDETECTED')
    expect(call).toHavePlayed(/reminding you of your appointment/)
  })

  it('reports a busy line as DROPPED with the busy cause', async () => {
    const call = await callTo(app, { platform: 'webex-connect' }).startedBy(remind('+14155550125')).answeredBy('busy').expectHangup()
    expect(call.end).toMatchObject({ by: 'callee', reason: 'line busy' })
    expect(call.events).toEqual(['DROPPED'])
  })
})

describe('the same IVR as a real server, reached by URL (any language works this way)', () => {
  it('runs the outbound reminder against a loopback Webex Connect API', async () => {
    const platform = await startPlatform('webex-connect')
    const server = createIvrApp(exampleConfig(platform.url)).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const call = await callTo(`${base}/webex/events`, { platform: 'webex-connect', api: platform })
        .startedBy(() => fetch(`${base}/reminders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"to":"+14155550126"}' }))
        .expectAction('PLAY', { collectInput: { maxDigits: 1 } })
        .pressDigits('2')
        .expectAction('PLAY', { audio: [{ text: /cancelled/ }] })
        .expectHangup()
      expect(call).toHaveHungUp()
    } finally {
      server.close()
      await platform.close()
    }
  })
})
