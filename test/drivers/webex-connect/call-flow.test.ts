import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { EventSchema } from '../../../drivers/webex-connect/index.js'
import { callTo } from '../../../src/index.js'
import { sent } from '../../helpers/events.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answering, tts, webexApp } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
const collect = (collectInput: object) => ({ action: 'PLAY', audio: [tts('Enter your account number.')], collectInput })

describe('sequencing rules', () => {
  it('ANSWER only in reply to ACCEPTED', async () => {
    const app = answering({ action: 'ANSWER' })
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('ANSWER'))
    expect(error.name).toBe('VendorPayloadError')
    expect(error.message).toContain("[callspec] turn 2, expectAction('ANSWER'): ANSWER is only allowed in reply to ACCEPTED; the app sent it in reply to ANSWERED.")
  })

  describe('a media action in reply to ACCEPTED: the API reference and the guide disagree, so inferred', () => {
    const app = () => webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'PLAY', audio: [tts('Hi')] } : e.event === 'PLAYED' ? { action: 'HANGUP' } : undefined))
    const said =
      'PLAY in reply to ACCEPTED: the API reference answers ACCEPTED only with ANSWER, REJECT or HANGUP (the newer guide page also lists media actions for a new inbound call). Answer ACCEPTED with ANSWER, then play once ANSWERED comes.'
    const tag = '(rule webex-connect/answer-before-media, inferred)'
    const source = 'Rule webex-connect/answer-before-media, inferred: the API reference answers ACCEPTED with ANSWER, REJECT or HANGUP; the newer guide page also lists Play, Record and Call Patch for a new inbound call.'

    it('warns by default: the call is answered and the PLAY runs, with no ANSWERED', async () => {
      const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('PLAY').expectAction('HANGUP')
      expect(call.warnings).toEqual([`turn 1: ${said} ${tag}`])
      expect(call.events).toEqual(['ACCEPTED', 'PLAYED', 'DROPPED'])
      expect(call.prompts).toEqual(['Hi'])
    })

    it('fails under strict, with the tagged message', async () => {
      await expect(callTo(app(), { ...W, strict: true }).expectAction('PLAY')).rejects.toThrow(`${said} ${tag}.\n${source}\nRequest sent:`)
    })
  })

  describe('an action in reply to DROPPED: the docs expect none, and what the platform does with one is inferred', () => {
    const app = () => webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'PLAY', audio: [tts('Are you still there?')] }))
    const said = 'the call has dropped, but the app answered DROPPED with PLAY: the docs expect no action after DROPPED, and the call is over. Answer DROPPED with an empty 200.'
    const tag = '(rule webex-connect/nothing-after-dropped, inferred)'
    const source = 'Rule webex-connect/nothing-after-dropped, inferred: the docs call DROPPED terminal and expect no action, not what the platform does with one (most likely it ignores it).'

    it('warns by default, and the action is ignored', async () => {
      const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').hangUp()
      expect(call.warnings).toEqual([`turn 3: ${said} ${tag}`])
      expect(call.print()).toContain('the app answered DROPPED with PLAY: ignored, the call is over')
    })

    it('fails under strict, with the tagged message', async () => {
      await expect(callTo(app(), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY').hangUp()).rejects.toThrow(`${said} ${tag}.\n${source}\nRequest sent:`)
    })
  })

  it('an acknowledgement body to DROPPED is fine', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'REJECT', reason: 'closed' } : { ok: true }))
    const call = await callTo(app, W).expectAction('REJECT').expectHangup()
    expect(call).toHaveHungUp()
  })

  it('only a hang-up (or nothing) while a patch is bridged: inferred, so a warning unless strict', async () => {
    const app = () => answering({ action: 'PATCH', dialedNumber: '+14155550142' }, () => ({ action: 'PLAY', audio: [tts('Hi')] }))
    const call = await callTo(app(), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PATCH').expectAction('PLAY')
    expect(call.warnings).toEqual([
      'turn 3: PLAY in reply to PATCHED while the patch is bridged: the docs list no reply to PATCHED; callspec expects HANGUP, REJECT, or an empty 200. (rule webex-connect/replies-while-bridged, inferred)',
    ])
    await expect(callTo(app(), { ...W, strict: true }).expectAction('ANSWER').expectAction('PATCH').expectAction('PLAY')).rejects.toThrow(
      'PLAY in reply to PATCHED while the patch is bridged: the docs list no reply to PATCHED; callspec expects HANGUP, REJECT, or an empty 200. (rule webex-connect/replies-while-bridged, inferred).\n' +
        'Rule webex-connect/replies-while-bridged, inferred: the docs list no reply to PATCHED.\n',
    )
  })
})

describe('an empty 200 to PATCHED once the other party has left', () => {
  // The docs list no reply to PATCHED: callspec infers that the caller then needs an action.
  const app = () => answering({ action: 'PATCH', dialedNumber: '+14155550142' }, () => undefined)
  const flow = (options: { strict?: true } = {}) =>
    callTo(app(), { ...W, warnings: 'silent', ...options }).withParty('+14155550142', { answers: true, hangsUpAfterMs: 30_000 }).expectAction('ANSWER').expectAction('PATCH').staySilent(60_000)

  it('warns (inferred), and the caller is left in silence', async () => {
    const call = await flow()
    expect(call.warnings).toEqual([
      'turn 4: the app answered PATCHED with an empty body after the patch ended: with no action the caller is left in silence (answer with PLAY, RECORD, PATCH or HANGUP) (rule webex-connect/reply-after-patch, inferred)',
    ])
    expect(call.print()).toContain('PATCHED answered with no action: the caller hears nothing')
  })

  it('fails under strict, tagged as callspec\'s inference', async () => {
    await expect(flow({ strict: true })).rejects.toThrow(
      'the app answered PATCHED with an empty body after the patch ended: with no action the caller is left in silence (answer with PLAY, RECORD, PATCH or HANGUP) (rule webex-connect/reply-after-patch, inferred).\n' +
        'Rule webex-connect/reply-after-patch, inferred: the docs list no reply to PATCHED.\n',
    )
  })
})

describe('an acknowledgement to PATCHED carries no action, as an empty 200 does', () => {
  // The docs list no reply to PATCHED (inferred): `{}`, `{ ok: true }` or a plain `OK` is no action, not a broken one.
  const text = (body: string) => (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(body)
  }
  const acks = [
    ['{}', {}],
    ['{ received: true }', { received: true }],
    ['OK (res.sendStatus(200))', text('OK')],
  ] as const
  const patched = (ack: unknown, options: { strict?: true } = {}, hangsUpAfterMs = 600_000) =>
    callTo(
      answering({ action: 'PATCH', dialedNumber: '+14155550142' }, (e) => (e.event === 'PATCHED' ? ack : { action: 'HANGUP' })),
      { ...W, warnings: 'silent', ...options },
    )
      .withParty('+14155550142', { answers: true, hangsUpAfterMs })
      .expectAction('ANSWER')
      .expectAction('PATCH')

  it.each(acks)('while bridged, %s: the legs stay bridged, and the call goes on to the hang-up', async (_, ack) => {
    const call = await patched(ack, { strict: true }).staySilent(10_000).hangUp()
    expect(call.warnings).toEqual([])
    // The caller's hang-up ends the bridge: PATCHED {droppedBy: CALLER}, then DROPPED (the docs' PATCHED example).
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'PATCHED', 'DROPPED'])
    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call.print()).toContain(`PATCHED answered with ${typeof ack === 'function' ? 'OK' : JSON.stringify(ack)}, which names no action: the legs stay bridged`)
  })

  describe('{} once the other party has left: judged by reply-after-patch, as the empty body is', () => {
    const said =
      'the app answered PATCHED with a body that names no action ({}) after the patch ended: with no action the caller is left in silence (answer with PLAY, RECORD, PATCH or HANGUP) (rule webex-connect/reply-after-patch, inferred)'

    it('warns by default, and the caller is left in silence', async () => {
      const call = await patched({}, {}, 30_000).staySilent(60_000)
      expect(call.warnings).toEqual([`turn 4: ${said}`])
      expect(call.print()).toContain('PATCHED answered with no action: the caller hears nothing')
    })

    it('fails under strict, tagged as callspec\'s inference', async () => {
      const error = await failureOf(patched({}, { strict: true }, 30_000).staySilent(60_000))
      expect(error.name).toBe('VendorPayloadError')
      expect(error.message).toContain(`${said}.\nRule webex-connect/reply-after-patch, inferred: the docs list no reply to PATCHED.\n`)
    })
  })

  it('text that starts like JSON but does not parse is a broken action, not an acknowledgement', async () => {
    const error = await failureOf(patched(text('{"action":"HANGUP"')).staySilent(10_000))
    expect(error.message).toContain('the app answered PATCHED with a body that is not valid JSON')
  })

  it('an object with an action key is still an action: a PLAY with a bad field fails the schema', async () => {
    const error = await failureOf(patched({ action: 'PLAY', audio: 'Please hold.' }).staySilent(10_000))
    expect(error.name).toBe('VendorPayloadError')
    expect(error.message).toContain(
      [
        "turn 3, staySilent(10000): the app's answer to PATCHED is not a valid Webex Connect action:",
        '✖ Invalid input: expected array, received string "Please hold."',
        '  → at audio',
        '  → rule webex-connect/action-schema (Webex Connect docs: Voice API v1, Actions)',
      ].join('\n'),
    )
  })
})

describe('the answer\'s HTTP status', () => {
  /** A Webex app that answers every action with `status` (a NestJS POST handler answers 201). */
  const answeringWith = (status: number) => (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const { event } = JSON.parse(body) as { event: string }
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(event === 'ACCEPTED' ? '{"action":"ANSWER"}' : event === 'ANSWERED' ? '{"action":"HANGUP"}' : '')
    })
  }

  it('fails an action answered with 201: the docs require 200 OK, and the message names the NestJS cause', async () => {
    const error = await failureOf(callTo(answeringWith(201), W).expectAction('ANSWER').expectAction('HANGUP'))
    expect(error.name).toBe('VendorPayloadError')
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('ANSWER'): the app answered ACCEPTED with HTTP 201; Webex Connect's docs require 200 OK with the action (a NestJS POST handler answers 201 unless told @HttpCode(200)) (rule webex-connect/answer-status-200).",
    )
    expect(error.message.split('\n')[1]).toBe('Rule webex-connect/answer-status-200: Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK").')
    expect(error.message).toContain('Response received: HTTP 201 (application/json)\n{"action":"ANSWER"}')
  })

  it("is a warning, and the call goes on, with rules: { 'webex-connect/answer-status-200': 'warn' }", async () => {
    const call = await callTo(answeringWith(202), { ...W, warnings: 'silent', rules: { 'webex-connect/answer-status-200': 'warn' } }).expectAction('ANSWER').expectAction('HANGUP')
    expect(call.warnings).toEqual([
      "turn 1: the app answered ACCEPTED with HTTP 202; Webex Connect's docs require 200 OK with the action (rule webex-connect/answer-status-200)",
      "turn 2: the app answered ANSWERED with HTTP 202; Webex Connect's docs require 200 OK with the action (rule webex-connect/answer-status-200)",
    ])
  })
})

describe('inbound lifecycle', () => {
  it('REJECT of an offered call ends it, and DROPPED carries cause 2006', async () => {
    const app = webexApp((e) => (e.event === 'ACCEPTED' ? { action: 'REJECT', reason: 'after hours' } : undefined))
    const call = await callTo(app, W).expectHangup()
    expect(call).toHaveHungUp()
    expect(call.end).toMatchObject({ by: 'app', reason: 'REJECT (after hours)' })
    expect(sent(call, 'DROPPED')[0]).toMatchObject({ status: 'SUCCESS', droppedBy: 'CALLEE', error: { code: '2006' } })
  })

  it('the caller hanging up before the app answers gets DROPPED by CALLER', async () => {
    const app = answering({ action: 'HANGUP' })
    const call = await callTo(app, W).expectAction('ANSWER').hangUp()
    expect(call.events).toEqual(['ACCEPTED', 'DROPPED'])
    expect(sent(call, 'DROPPED')[0]).toMatchObject({ droppedBy: 'CALLER', error: { code: '2008', message: 'Call Dropped by Network/End user' } })
  })

  it('a network drop is DROPPED with status FAILURE', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Welcome.')] })
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').hangUp({ cause: 'network' })
    expect(call.end?.by).toBe('network')
    expect(sent(call, 'DROPPED')[0]).toMatchObject({ status: 'FAILURE', error: { code: '3002' } })
  })

  it('sends events that match the vendor schema, with sessionId, transactionId and virtual timestamps', async () => {
    const app = answering(collect({ maxDigits: 4 }), (e) =>
      e.event === 'COLLECTED_DIGITS' ? { action: 'RECORD', terminationDigit: '#' } : { action: 'HANGUP' },
    )
    const call = await callTo(app, { ...W, seed: 3 }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1234').expectAction('RECORD').pressDigits('#').expectHangup()
    const bodies = sent(call)
    for (const body of bodies) expect(EventSchema.safeParse(body).success, JSON.stringify(body)).toBe(true)
    expect(new Set(bodies.map((b) => b.sessionId)).size).toBe(1)
    const [collected] = sent(call, 'COLLECTED_DIGITS')
    expect(collected).toMatchObject({ status: 'SUCCESS', numOfDigits: 4, digitsReceived: '1234', transactionId: expect.any(String) })
    expect(Date.parse(collected!.eventTime) - Date.parse(bodies[0]!.eventTime)).toBe(call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'COLLECTED_DIGITS')!.at)
  })
})

describe('PLAY and input', () => {
  it('PLAYED after the whole prompt, with playedDuration from the audio lengths', async () => {
    const app = answering({ action: 'PLAY', audio: [{ type: 'URL', location: 'https://cdn.example/hold.mp3' }, tts('Thanks for waiting.')] })
    const call = await callTo(app, { ...W, vendor: { audioDurationsMs: { 'https://cdn.example/hold.mp3': 12_000 } } })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectAction('HANGUP')
    expect(sent(call, 'PLAYED')[0]).toMatchObject({ status: 'SUCCESS', playedDuration: 13 }) // 12 s of file + 3 words of TTS
    expect(call.prompts).toEqual(['https://cdn.example/hold.mp3', 'Thanks for waiting.'])
  })

  it('maxDigits ends the collection on the last digit; later keys barge into the next prompt', async () => {
    const app = answering(collect({ maxDigits: 2 }), (e) => (e.event === 'COLLECTED_DIGITS' && e.digitsReceived.length === 2 ? collect({ maxDigits: 2 }) : { action: 'HANGUP' }))
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').pressDigits('1234').expectAction('PLAY').expectAction('PLAY')
    expect(sent(call, 'COLLECTED_DIGITS').map((e) => e.digitsReceived)).toEqual(['12', '34'])
  })

  it('no input until the digit timeout: zero digits', async () => {
    const app = answering(collect({ digitTimeout: 7, terminationDigit: '#' }))
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').expectAction('HANGUP')
    expect(sent(call, 'COLLECTED_DIGITS')[0]).toMatchObject({ numOfDigits: 0, digitsReceived: '' })
    expect(sent(call, 'COLLECTED_DIGITS')[0]).not.toHaveProperty('terminationDigit')
  })

  it('staySilent(ms) shorter than the timeout, then keys', async () => {
    const app = answering(collect({ digitTimeout: 5, terminationDigit: '#' }))
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').staySilent(4_000).pressDigits('9#').expectAction('HANGUP')
    expect(sent(call, 'COLLECTED_DIGITS')[0]).toMatchObject({ digitsReceived: '9', terminationDigit: '#' })
  })

  it('speech: STREAMED success, not recognised, and silence', async () => {
    const ask = { action: 'PLAY', audio: [tts('How can I help?')], streamInput: { timeout: 4 } }
    const app = answering(ask, (e) => (e.event === 'STREAMED' && e.status === 'FAILURE' ? ask : { action: 'HANGUP' }))
    const call = await callTo(app, W)
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .say('credit card', { recognised: false })
      .expectAction('PLAY')
      .staySilent()
      .expectAction('PLAY')
      .say('credit card')
      .expectAction('HANGUP')
    expect(sent(call, 'STREAMED')).toMatchObject([
      { status: 'FAILURE', error: { message: 'HttpStream failed, error code 500' } },
      { status: 'FAILURE', error: { message: 'No speech detected before timeout' } },
      { status: 'SUCCESS', text: 'credit card', callerId: '+14155550100', dialedNumber: '+14155550199' },
    ])
  })

  it('keys pressed while nothing collects are ignored, and the transcript says so', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Please hold.')] })
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').pressDigits('5', { bargeIn: true }).expectAction('HANGUP')
    expect(call.print()).toContain('· key 5 ignored: nothing is collecting digits')
  })

  it('a key pressed with bargeIn after the prompt ended is said as pressed with bargeIn, not "during the prompt" (helper-150 F10)', async () => {
    // The prompt takes about 2 s; the collection waits 7 s for the first key.
    const app = answering(collect({ maxDigits: 1, digitTimeout: 7 }))
    const call = await callTo(app, W).expectAction('ANSWER').expectAction('PLAY').staySilent(4_000).pressDigits('5', { bargeIn: true }).expectAction('HANGUP')
    expect(call.print()).toMatch(/☎ presses 5 \(bargeIn\)\n/)
  })

  it('a step waiting on a bridged PATCH says the caller is connected and how to end the test, not that the call is stuck (helper-125)', async () => {
    const app = () => answering({ action: 'PATCH', dialedNumber: '+14155550142' }, () => undefined)
    const how =
      'the caller is connected to +14155550142, and the call goes on until one of them hangs up (nothing else is scheduled). ' +
      "To end the test there, let the conversation last with .staySilent(ms) instead of this step (the caller hangs up as the flow ends), or hang up with .hangUp(); or give the party an end: .withParty('+14155550142', { answers: true, hangsUpAfterMs: 30_000 })."
    const waits = await failureOf(callTo(app(), W).expectAction('ANSWER').expectAction('PATCH').expectHangup())
    expect(waits.message.split('\n')[0]).toBe(`[callspec] turn 3, expectHangup(): the app neither hung up nor did anything else: ${how}`)
    const presses = await failureOf(callTo(app(), W).expectAction('ANSWER').expectAction('PATCH').pressDigits('1'))
    expect(presses.message.split('\n')[0]).toBe(`[callspec] turn 3, pressDigits('1'): the platform never listened for digits: ${how}`)
    // As the message says: the bridge lasts 10 s, the caller hangs up, and the bridge's end reaches the app.
    const call = await callTo(app(), W).expectAction('ANSWER').expectAction('PATCH').staySilent(10_000)
    expect(call.events).toEqual(['ACCEPTED', 'ANSWERED', 'PATCHED', 'PATCHED', 'DROPPED'])
    expect(sent(call, 'PATCHED').map((e) => e.droppedBy)).toEqual([undefined, 'CALLER'])
  })
})

describe('RECORD', () => {
  const record = { action: 'RECORD', audio: [tts('Leave a message.')], timeoutSeconds: 20, terminationDigit: '#' }

  it('ends on the termination digit', async () => {
    const call = await callTo(answering(record), W).expectAction('ANSWER').expectAction('RECORD').say('I will be late').pressDigits('#').expectAction('HANGUP')
    const [recorded] = sent(call, 'RECORDED')
    expect(recorded).toMatchObject({ status: 'SUCCESS', recordingFileName: expect.stringMatching(/^https:\/\/.*\/menu_\d+_[0-9a-f]{8}_1\.wav$/) })
    expect(recorded!.recordingLength).toBeGreaterThan(0)
  })

  it('ends at timeoutSeconds', async () => {
    const call = await callTo(answering(record), W).expectAction('ANSWER').expectAction('RECORD').staySilent().expectAction('HANGUP')
    expect(sent(call, 'RECORDED')[0]).toMatchObject({ recordingLength: 20 })
  })

  it('a hang-up during the recording sends RECORDED, then DROPPED', async () => {
    const call = await callTo(answering(record), W).expectAction('ANSWER').expectAction('RECORD').staySilent(5_000).hangUp()
    expect(call.events.slice(-2)).toEqual(['RECORDED', 'DROPPED'])
    expect(call.print()).toContain('the app answered RECORDED with HANGUP: ignored, the call is over')
  })
})

describe('PATCH', () => {
  const patch = { action: 'PATCH', dialedNumber: '+14155550142', greetingAudio: tts('Call from the IVR.') }
  const afterPatch = (e: { event: string; status?: string }) =>
    e.event === 'PATCHED' && e.status === 'SUCCESS' ? undefined : { action: 'PLAY', audio: [tts('Nobody is available.')] }

  it('the target answers: PATCHED SUCCESS with ConnectedOn, then the bridge holds until the caller leaves (PATCHED droppedBy CALLER)', async () => {
    const call = await callTo(answering(patch, afterPatch), W).expectAction('ANSWER').expectAction('PATCH').staySilent(30_000).hangUp()
    const connectedOn = expect.any(String)
    expect(sent(call, 'PATCHED')).toEqual([
      expect.objectContaining({ status: 'SUCCESS', ConnectedOn: connectedOn }),
      expect.objectContaining({ status: 'SUCCESS', ConnectedOn: connectedOn, droppedBy: 'CALLER' }),
    ])
    expect(sent(call, 'DROPPED')[0]).toMatchObject({ droppedBy: 'CALLER' })
  })

  it.each([
    ['busy', '2003'],
    ['no-answer', '2002'],
  ] as const)('the target is %s: PATCHED FAILURE %s', async (behaviour, code) => {
    const call = await callTo(answering(patch, afterPatch), W)
      .withParty('+14155550142', behaviour)
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('PLAY', { audio: [{ text: 'Nobody is available.' }] })
    expect(sent(call, 'PATCHED')[0]).toMatchObject({ status: 'FAILURE', error: { code } })
  })

  it('the target hangs up first: a second PATCHED with droppedBy CALLEE, and the app goes on', async () => {
    const app = answering(patch, (e) => (e.event === 'PATCHED' && !e.droppedBy ? undefined : { action: 'PLAY', audio: [tts('The agent left the call.')] }))
    const call = await callTo(app, W)
      .withParty('+14155550142', { answers: true, hangsUpAfterMs: 20_000 })
      .expectAction('ANSWER')
      .expectAction('PATCH')
      .expectAction('PLAY', { audio: [{ text: /agent left/ }] })
    expect(sent(call, 'PATCHED').map((e) => e.droppedBy)).toEqual([undefined, 'CALLEE'])
  })

  it('an empty answer to a bridged PATCHED, then nothing: the caller stays connected (named)', async () => {
    const error = await failureOf(callTo(answering(patch, () => undefined), W).expectAction('ANSWER').expectAction('PATCH').expectAction('HANGUP'))
    expect(error.message).toContain("expectAction('HANGUP'): the app sent no further action: the caller is connected to +14155550142, and the call goes on until one of them hangs up")
  })
})

describe('vendor options', () => {
  it("failureEvent: 'FAILURE' sends the literal FAILURE event", async () => {
    const app = answering({ action: 'PATCH', dialedNumber: '+14155550142' }, () => ({ action: 'HANGUP' }))
    const call = await callTo(app, { ...W, vendor: { failureEvent: 'FAILURE' } }).withParty('+14155550142', 'busy').expectAction('ANSWER').expectAction('PATCH').expectAction('HANGUP')
    expect(call.events).toContain('FAILURE')
    expect(sent(call, 'FAILURE')[0]).toMatchObject({ status: 'FAILURE', error: { code: '2003' } })
  })

  it('the 2021 SDK PLAY shape is ignored with a hint (refused when strict), or accepted with legacyPlayInput', async () => {
    const legacy = { action: 'PLAY', audio: [tts('PIN please')], maxDigits: 4, terminationDigit: '#' }
    const hint = 'hint: maxDigits at the top of PLAY is the 2021 SDK shape; the current API nests it in collectInput (or set vendor.legacyPlayInput).'
    const ignored = await callTo(answering(legacy), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY')
    expect(ignored.warnings[0]).toContain(hint)
    // The keys are dropped as the platform would: the PLAY collects nothing.
    expect(ignored.events).not.toContain('COLLECTED_DIGITS')
    const error = await failureOf(callTo(answering(legacy), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain(hint)
    const call = await callTo(answering(legacy), { ...W, vendor: { legacyPlayInput: true } }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1234').expectAction('HANGUP')
    expect(sent(call, 'COLLECTED_DIGITS')[0]).toMatchObject({ digitsReceived: '1234' })
  })
})

describe('determinism', () => {
  const app = () => answering(collect({ terminationDigit: '#' }))
  const flow = (seed: number) => callTo(app(), { ...W, seed }).expectAction('ANSWER').expectAction('PLAY').pressDigits('42#').expectAction('HANGUP')

  it('the same seed gives the same transcript and the same payloads', async () => {
    const [a, b] = [await flow(99), await flow(99)]
    expect(a.print()).toBe(b.print())
    expect(sent(a)).toEqual(sent(b))
  })

  it('another seed gives other ids', async () => {
    const [a, b] = [await flow(1), await flow(2)]
    expect(sent(a)[0]!.sessionId).not.toBe(sent(b)[0]!.sessionId)
  })
})
