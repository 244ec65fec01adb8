import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { sent } from '../../helpers/events.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

/**
 * Checks callspec inferred where the Webex Connect docs are silent or disagree
 * (shared/vendors/webex-connect.md): each warns by default and the call goes on, and fails with
 * its tagged message under `strict: true`. End to end, over HTTP, against an in-process app.
 */
const W = { platform: 'webex-connect' } as const

describe('timeouts under 1 s (webex-connect/timeouts-positive): the docs set no bounds', () => {
  const app = () => answering({ action: 'PLAY', audio: [tts('Your PIN?')], collectInput: { digitTimeout: 0 } })
  // At error the message stops before what callspec does at warn (FoundIssue.atWarn).
  const atError = 'a timeout under 1 s: the docs set no bounds on it'
  const said = `${atError}; callspec runs it as 0, so it ends as soon as the prompt does`
  const tag = 'rule webex-connect/timeouts-positive'
  const source = 'inferred: the docs set no bounds on collectInput.digitTimeout, streamInput.timeout / maxsilence or RECORD timeoutSeconds'

  it('warns by default, and the collection ends with the prompt', async () => {
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${said} at collectInput.digitTimeout (${tag}, inferred)`])
    expect(sent(call, 'COLLECTED_DIGITS')[0]).toMatchObject({ status: 'SUCCESS', numOfDigits: 0, digitsReceived: '' })
  })

  it('fails under strict, with the tagged message', async () => {
    await expect(callTo(app(), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY')).rejects.toThrow(
      `callspec failed the app's answer to ANSWERED by a rule it inferred, not one Webex Connect documents: webex-connect/timeouts-positive, at error under strict: true (rules: { 'webex-connect/timeouts-positive': 'warn' } warns instead, 'off' ignores it):\n✖ ${atError}\n  → at collectInput.digitTimeout\n  → ${tag} (${source})`,
    )
  })
})

describe("an audio URL without .wav or .mp3 (webex-connect/audio-file-type): the docs name the formats, not the URL's form", () => {
  const url = 'https://cdn.example/prompts/welcome'
  const app = () => answering({ action: 'PLAY', audio: [{ type: 'URL', location: url }] })
  const atError = 'the URL does not end in .wav or .mp3, the formats the docs name: callspec cannot tell what it serves'
  const said = `${atError}, and plays it`
  const tag = 'rule webex-connect/audio-file-type'
  const source = 'inferred: the docs name .wav and .mp3 as the formats, not how the platform tells them nor that it refuses others; callspec reads the URL\'s extension'

  it('warns by default, and the file plays', async () => {
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${said} at audio[0].location (${tag}, inferred)`])
    expect(call.prompts).toEqual([url])
  })

  it('fails under strict, with the tagged message', async () => {
    await expect(callTo(app(), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY')).rejects.toThrow(`✖ ${atError}\n  → at audio[0].location\n  → ${tag} (${source})`)
  })

  describe('a URL naming another audio format (.ogg): the docs name .wav and .mp3, not that the platform refuses others', () => {
    const ogg = () => answering({ action: 'PLAY', audio: [{ type: 'URL', location: 'https://cdn.example/welcome.ogg' }] })
    const oggAtError = 'the URL names another audio format (.ogg) than .wav and .mp3, the formats the docs name; the docs do not say the platform refuses it'
    const oggSaid = `${oggAtError}: callspec plays it`

    it('warns by default, and the file plays', async () => {
      const call = await callTo(ogg(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
      expect(call.warnings).toEqual([`turn 2: the app's answer to ANSWERED: ${oggSaid} at audio[0].location (${tag}, inferred)`])
      expect(call.prompts).toEqual(['https://cdn.example/welcome.ogg'])
    })

    it('fails under strict, with the tagged message', async () => {
      await expect(callTo(ogg(), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY')).rejects.toThrow(`✖ ${oggAtError}\n  → at audio[0].location\n  → ${tag} (${source})`)
    })
  })
})

describe('VMDETECTED answered with something other than PLAY (webex-connect/reply-to-vmdetected)', () => {
  const app = webexApp((e) => {
    // Longer than the 5-7 s before VMDETECTED, which interrupts it.
    if (e.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Hello, this is a reminder about your appointment at the dental clinic tomorrow at ten in the morning. Please press one to confirm or two to cancel it.')] }
    if (e.event === 'VMDETECTED') return { action: 'RECORD', timeoutSeconds: 5 }
    return e.event === 'DROPPED' ? undefined : { action: 'HANGUP' }
  })
  const place = () =>
    fetch('https://api.us.webexconnect.io/v1/voice/calls', {
      method: 'POST',
      headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/', detectVoiceMail: true }),
    })

  it('warns by default, saying what the docs expect and what is callspec\'s', async () => {
    const call = await callTo(app, { ...W, warnings: 'silent' }).startedBy(place).answeredBy('voicemail').expectAction('PLAY').expectAction('RECORD')
    expect(call.warnings).toEqual([
      expect.stringMatching(
        /^turn 2: RECORD in reply to VMDETECTED: the docs expect PLAY \(to leave a message\); callspec also takes HANGUP or REJECT\. \(rule webex-connect\/reply-to-vmdetected, inferred\)$/,
      ),
    ])
  })

  it("is the voicemail rule's alone: turning off the bridge's rule leaves it, turning off reply-to-vmdetected drops it (audit-110 F3)", async () => {
    const kept = await callTo(app, { ...W, warnings: 'silent', rules: { 'webex-connect/replies-while-bridged': 'off' } }).startedBy(place).answeredBy('voicemail').expectAction('PLAY').expectAction('RECORD')
    expect(kept.warnings).toEqual([expect.stringContaining('RECORD in reply to VMDETECTED')])
    const dropped = await callTo(app, { ...W, warnings: 'silent', rules: { 'webex-connect/reply-to-vmdetected': 'off' } }).startedBy(place).answeredBy('voicemail').expectAction('PLAY').expectAction('RECORD')
    expect(dropped.warnings).toEqual([])
  })
})

describe('VMDETECTED answered with no action (webex-connect/reply-to-vmdetected): the docs expect PLAY, not what no action does', () => {
  // An outbound reminder: the PLAY from ANSWERED (12 s) is still playing when VMDETECTED comes 5-7 s after answer.
  const reminder = 'This is a reminder of your appointment tomorrow at nine. '.repeat(3).trim()
  const app = (ack: (res: import('node:http').ServerResponse) => void) =>
    webexApp((e) => {
      if (e.event === 'ANSWERED') return { action: 'PLAY', audio: [tts(reminder)] }
      if (e.event === 'PLAYED') return { action: 'HANGUP' }
      if (e.event === 'VMDETECTED') return ack
      return undefined
    })
  const place = () =>
    fetch('https://api.us.webexconnect.io/v1/voice/calls', {
      method: 'POST',
      headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/', detectVoiceMail: true }),
    })
  const tag = 'rule webex-connect/reply-to-vmdetected'
  const source = 'inferred: the docs expect PLAY after VMDETECTED (HANGUP plausible), not what the platform does with another action or an answer that names none'
  const said = (answered: string) =>
    `the app answered VMDETECTED with ${answered}: the docs expect PLAY (to leave a message), not what the platform does with no action; callspec lets the call carry on, and what was playing plays on (answer with PLAY, or HANGUP)`

  it.each([
    ['an empty 200', (res: import('node:http').ServerResponse) => void res.end(), 'an empty body'],
    ['OK (res.sendStatus(200))', (res: import('node:http').ServerResponse) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'), 'a body that names no action (OK)'],
    ['{}', (res: import('node:http').ServerResponse) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 'a body that names no action ({})'],
  ])('%s: warns by default, the reminder plays on to its end, and PLAYED gets the hang-up', async (_, ack, answered) => {
    const call = await callTo(app(ack), { ...W, warnings: 'silent' }).startedBy(place).answeredBy('voicemail').expectAction('PLAY').expectHangup()
    expect(call.warnings).toEqual([`turn 2: ${said(answered)} (${tag}, inferred)`])
    expect(call.events).toEqual(['ANSWERED', 'VMDETECTED', 'PLAYED', 'DROPPED'])
    expect((call.transcript.entries.find((e) => e.kind === 'heard') as { cutAtMs?: number }).cutAtMs).toBeUndefined()
    expect(call.end).toMatchObject({ by: 'app' })
  })

  it('fails under strict, with the tagged message', async () => {
    await expect(callTo(app((res) => void res.end()), { ...W, strict: true }).startedBy(place).answeredBy('voicemail').expectAction('PLAY').expectHangup()).rejects.toThrow(
      `${said('an empty body')} (${tag}, inferred).\nRule webex-connect/reply-to-vmdetected, inferred: ${source.replace('inferred: ', '')}.\n`,
    )
  })

  it('an action in reply still cuts off what was playing', async () => {
    const call = await callTo(app((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ action: 'HANGUP' }))), W)
      .startedBy(place)
      .answeredBy('voicemail')
      .expectAction('PLAY')
      .expectAction('HANGUP')
    expect(call.warnings).toEqual([])
    expect((call.transcript.entries.find((e) => e.kind === 'heard') as { cutAtMs?: number }).cutAtMs).toBeGreaterThan(0)
  })
})

describe('make-call requests (POST /v1/voice/calls)', () => {
  const valid = { callerId: '+14155550199', dialedNumber: '+14155550123', callbackUrl: 'https://app.example/voice' }
  const app = () =>
    webexApp((e) => (e.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Your order has shipped.')] } : e.event === 'PLAYED' ? { action: 'HANGUP' } : undefined))
  const placing = (body: object, key: string) => () =>
    fetch('https://api.us.webexconnect.io/v1/voice/calls', {
      method: 'POST',
      headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    })

  describe('with no callbackUrl (webex-connect/make-call-callback-url): the API reference requires it, the guide does not', () => {
    const { callbackUrl: _, ...body } = valid
    const tag = 'rule webex-connect/make-call-callback-url'
    const source = 'inferred: the API reference and the SDKs require callbackUrl; the newer guide page calls it optional'

    it("warns by default, and the events go to the flow's webhookPath", async () => {
      const call = await callTo(app(), { ...W, warnings: 'silent' }).startedBy(placing(body, 'no-callback-1')).expectAction('PLAY').expectHangup()
      expect(call.warnings).toEqual([
        `the app's make-call request: no callbackUrl: the API reference and the SDKs require one, the guide does not (allowed, callspec sends the events to the flow's webhookPath) at callbackUrl (${tag}, inferred)`,
      ])
      expect(call.events[0]).toBe('ANSWERED')
    })

    it('fails under strict with the API\'s 7003, said as callspec\'s inference', async () => {
      await expect(callTo(app(), { ...W, strict: true }).startedBy(placing(body, 'no-callback-2'))).rejects.toThrow(
        `callspec refused the app's make-call request by a rule it inferred, not one Webex Connect documents: webex-connect/make-call-callback-url, at error under strict: true (rules: { 'webex-connect/make-call-callback-url': 'warn' } warns instead, 'off' ignores it): HTTP 400 {"code":"7003","message":"Mandatory parameter missing: callbackUrl"} (the refusal is callspec's inference, not Webex Connect's documented behaviour: the rule below says why)\n✖ no callbackUrl: the API reference and the SDKs require one, the guide does not (allowed, callspec sends the events to the flow's webhookPath)\n  → at callbackUrl\n  → ${tag} (${source})`,
      )
    })
  })

  describe('with a key the docs do not name (webex-connect/unknown-keys): the docs do not say the API rejects one', () => {
    const body = { ...valid, correlationID: 'order-42' }

    it('warns by default (with the likely meant key), drops it, and places the call', async () => {
      const call = await callTo(app(), { ...W, warnings: 'silent' }).startedBy(placing(body, 'typo-1')).expectAction('PLAY').expectHangup()
      expect(call.warnings).toEqual([
        `the app's make-call request: Unrecognized key: "correlationID" (received "order-42"): ignored, as callspec assumes the vendor does with keys it does not know; did you mean "correlationId"? (rule webex-connect/unknown-keys, inferred)`,
      ])
      expect(sent(call, 'ANSWERED')[0]).not.toHaveProperty('correlationId')
    })

    it('fails under strict with the API\'s 7004, said as callspec\'s inference', async () => {
      await expect(callTo(app(), { ...W, strict: true }).startedBy(placing(body, 'typo-2'))).rejects.toThrow(
        `callspec refused the app's make-call request by a rule it inferred, not one Webex Connect documents: webex-connect/unknown-keys, at error under strict: true (rules: { 'webex-connect/unknown-keys': 'warn' } warns instead, 'off' ignores it): HTTP 400 {"code":"7004","message":"Invalid parameter: correlationID"} (the refusal is callspec's inference, not Webex Connect's documented behaviour: the rule below says why)\n✖ Unrecognized key: "correlationID" (received "order-42"); did you mean "correlationId"?\n  → rule webex-connect/unknown-keys (inferred: not documented)`,
      )
    })
  })

  describe('an Idempotency-Key reused across calls on one platform', () => {
    let platform: PlatformServer
    beforeAll(async () => {
      platform = await startPlatform('webex-connect')
    })
    afterAll(() => platform.close())

    it('places the second call: keys are kept per call (the docs forget them after an hour; a test must not depend on the one before)', async () => {
      const place = () =>
        fetch(`${platform.url}/v1/voice/calls`, {
          method: 'POST',
          headers: { authorization: 'key', 'content-type': 'application/json', 'idempotency-key': 'fixed-key' },
          body: JSON.stringify(valid),
        })
      await callTo(app(), { ...W, api: platform }).startedBy(place).expectAction('PLAY').expectHangup()
      const second = await callTo(app(), { ...W, api: platform }).startedBy(place).expectAction('PLAY').expectHangup()
      expect(second.transcript.entries.filter((e) => e.kind === 'api').map((e) => (e as { status: number }).status)).toEqual([202])
    })
  })
})
