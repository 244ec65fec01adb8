import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { EventSchema } from '../../../drivers/enablex/index.js'
import { accepting, enablexApp, tts, type EnableXEvent } from './apps.js'

const CALLER = '+14155550100'
const AGENT = '+14155550142'
const events = (seen: EnableXEvent[]) => seen.map((e) => e.playstate ?? e.state)
const hangupOn = (state: string) => (event: EnableXEvent, api: { call: (m: string, p: string) => unknown }) =>
  (event.playstate ?? event.state) === state ? api.call('DELETE', `/call/${event.voice_id}`) : undefined

describe('inbound call: accept, play, hang up', () => {
  it('posts incomingcall, connected, playfinished and disconnected, with the documented fields', async () => {
    const app = accepting(tts('Hello there.', { prompt_ref: 'hello' }), hangupOn('playfinished'))
    const call = await callTo(app, { platform: 'enablex' })
      .fromCaller(CALLER)
      .expectAction('accept')
      .expectAction('play', { text: 'Hello there.', prompt_ref: 'hello' })
      .expectAction('hangup')
      .expectHangup()

    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'playfinished', 'disconnected'])
    const [incoming, , finished, disconnected] = app.seen
    expect(incoming).toEqual({ voice_id: expect.any(String), state: 'incomingcall', from: '14155550100', to: '14155550199', channel_id: expect.any(String), timestamp: expect.stringMatching(/^2026-03-02T/) })
    expect(finished).toMatchObject({ voice_id: incoming!.voice_id, playstate: 'playfinished', prompt_ref: 'hello', from: '14155550100' })
    expect(disconnected).toMatchObject({ state: 'disconnected', disconnect_reason: 'Normal Clearing' })
    for (const e of app.seen) expect(EventSchema.safeParse(e).success).toBe(true)
    expect(call).toHaveHungUp()
    expect(call).toHavePlayed('Hello there.')
    // Two words of TTS: the 600 ms minimum.
    expect(finished!.timestamp > incoming!.timestamp).toBe(true)
  })

  it('echoes a numeric prompt_ref as a string', async () => {
    const app = accepting({ ...tts('Menu.'), prompt_ref: 2 }, hangupOn('playfinished'))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { prompt_ref: 2 }).expectAction('hangup')
    expect(app.seen.find((e) => e.playstate === 'playfinished')!.prompt_ref).toBe('2')
  })

  it('rejects an incoming call with DELETE before accept', async () => {
    const app = enablexApp((event, api) => (event.state === 'incomingcall' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined))
    const call = await callTo(app, { platform: 'enablex' }).expectAction('hangup').expectHangup()
    expect(call.end).toMatchObject({ by: 'app', reason: 'rejected (DELETE before accept)' })
    await expect.poll(() => app.answers[0]).toMatchObject({ status: 200, body: { state: 'success', from: '14155550100', to: '14155550199' } })
    expect(events(app.seen)).toEqual(['incomingcall', 'disconnected'])
  })

  it('sends disconnected when the caller hangs up mid-prompt, and cuts the prompt', async () => {
    const app = accepting(tts('A long welcome message that goes on and on for quite some time.'))
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').staySilent(1_000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller' })
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'disconnected'])
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 1_000 })
  })

  it('accepts the older auto-accepted calls (vendor.autoAccept): play without accept', async () => {
    const app = enablexApp((event, api) => (event.state === 'incomingcall' ? api.call('PUT', `/call/${event.voice_id}/play`, tts('Hi.')) : undefined))
    await callTo(app, { platform: 'enablex', vendor: { autoAccept: true } }).expectAction('play', { text: 'Hi.' })
    await expect.poll(() => app.answers[0]).toMatchObject({ status: 200, body: { playstate: 'initiated' } })
  })
})

describe('DTMF menu (play with dtmf: true)', () => {
  const menu = tts('Press 1 or 2.', { dtmf: true, prompt_ref: 'menu' })

  it('sends playfinished, then digitcollected with every key pressed', async () => {
    const app = accepting(menu, hangupOn('digitcollected'))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { dtmf: true }).pressDigits('12').expectAction('hangup')
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'playfinished', 'digitcollected', 'disconnected'])
    expect(app.seen[3]).toMatchObject({ playstate: 'digitcollected', digit: '12', prompt_ref: 'menu' })
  })

  it('sends menutimeout 10 s after the prompt when no key is pressed', async () => {
    const app = accepting(menu, hangupOn('menutimeout'))
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').staySilent().expectAction('hangup')
    expect(app.seen[3]).toMatchObject({ playstate: 'menutimeout', prompt_ref: 'menu' })
    // 4 words of TTS (1.6 s) + the 10 s menu timeout, in virtual time.
    expect(call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'menutimeout')!.at).toBe(11_600)
  })

  it('cuts the prompt on a key pressed during it (barge-in)', async () => {
    const app = accepting(menu, hangupOn('digitcollected'))
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').pressDigits('2', { bargeIn: true }).expectAction('hangup')
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 300 })
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'playfinished', 'digitcollected', 'disconnected'])
  })

  it('ignores keys during a prompt played with interrupt: false', async () => {
    const app = accepting({ ...menu, interrupt: false }, hangupOn('digitcollected'))
    const call = await callTo(app, { platform: 'enablex' })
      .expectAction('accept')
      .expectAction('play', { interrupt: false })
      .pressDigits('9', { bargeIn: true })
      .pressDigits('1')
      .expectAction('hangup')
    expect(app.seen[3]).toMatchObject({ digit: '1' })
    expect(call.print()).toContain('key 9 ignored: the prompt plays with interrupt: false')
  })
})

describe('speech recognition (play with asr: true)', () => {
  const ask = tts('Say your account number.', { asr: true, prompt_ref: 'ask', start_timeout: 3, recognizer_timeout: 1 })
  const last = (state: string) => hangupOn(state)

  it('sends recognized with the text', async () => {
    const app = accepting(ask, last('speech_recognized'))
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { asr: true }).say('four two four two').expectAction('hangup')
    // Named by its state, as the docs' event table and EnableXEvents have it (helper-127 finding 5: it was speech_recognized).
    expect(call.event('recognized')).toMatchObject({ state: 'recognized', text: 'four two four two', playstate: 'speech_recognized' })
    expect(call.print()).toMatch(/→ recognized +"four two four two" \(ref "ask"\)\n/)
    expect(app.seen[3]).toMatchObject({ state: 'recognized', text: 'four two four two', reason: 'Recognized', playstate: 'speech_recognized', prompt_ref: 'ask' })
  })

  it('sends unrecognized when the recogniser fails', async () => {
    const app = accepting(ask, last('unrecognized'))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').say('mumble', { recognised: false }).expectAction('hangup')
    expect(app.seen[3]).toMatchObject({ state: 'unrecognized', prompt_ref: 'ask' })
  })

  it('sends timeout after start_timeout seconds of silence', async () => {
    const app = accepting(ask, last('timeout'))
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').staySilent().expectAction('hangup')
    expect(app.seen[3]).toMatchObject({ state: 'timeout', prompt_ref: 'ask' })
    // 4 words (1.6 s) + start_timeout 3 s.
    expect(call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'timeout')!.at).toBe(4_600)
  })
})

describe('bridge: connect, dtmf, hold, recording, transfer, forward', () => {
  const bridgeApp = (after: (event: EnableXEvent, api: any) => unknown = () => {}) =>
    enablexApp(async (event, api) => {
      const id = event.voice_id
      if (event.state === 'incomingcall') return api.call('PUT', `/call/${id}/accept`)
      if (event.state === 'connected') return api.call('PUT', `/call/${id}/connect`, { from: '14155550199', to: AGENT.slice(1) })
      return after(event, api)
    })

  it('sends bridging and bridged, then dtmfcollected for keys on the bridged call', async () => {
    const app = bridgeApp(hangupOn('dtmfcollected'))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect', { to: '14155550142' }).pressDigits('55').expectAction('hangup')
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'bridging', 'bridged', 'dtmfcollected', 'disconnected'])
    expect(app.seen[3]).toMatchObject({ state: 'bridged', from: '14155550199', to: '14155550142' })
    expect(app.seen[4]).toEqual({ voice_id: expect.any(String), state: 'dtmfcollected', digit: '55', timestamp: expect.any(String) })
  })

  it('sends bridge_disconnected when the agent hangs up', async () => {
    const app = bridgeApp(hangupOn('bridge_disconnected'))
    await callTo(app, { platform: 'enablex' })
      .withParty(AGENT, { answers: true, hangsUpAfterMs: 20_000 })
      .expectAction('accept')
      .expectAction('connect')
      .expectAction('hangup')
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'bridging', 'bridged', 'bridge_disconnected', 'disconnected'])
  })

  it('sends failed with User Busy when the agent is busy, and No Answer after 30 s of ringing', async () => {
    const busy = bridgeApp(hangupOn('failed'))
    await callTo(busy, { platform: 'enablex' }).withParty(AGENT, 'busy').expectAction('accept').expectAction('connect').expectAction('hangup')
    expect(busy.seen[2]).toMatchObject({ state: 'failed', to: '14155550142', disconnect_reason: 'User Busy' })

    const unanswered = bridgeApp(hangupOn('failed'))
    const call = await callTo(unanswered, { platform: 'enablex' }).withParty(AGENT, 'no-answer').expectAction('accept').expectAction('connect').expectAction('hangup')
    expect(unanswered.seen.map((e) => e.state)).toEqual(['incomingcall', 'connected', 'bridging', 'failed', 'disconnected'])
    expect(unanswered.seen[3]).toMatchObject({ disconnect_reason: 'No Answer' })
    expect(call.duration).toBe(30_000)
  })

  it('records the bridge: started, completed, and the recording in disconnected', async () => {
    const app = bridgeApp(async (event, api) => {
      if (event.state === 'bridged') return api.call('PUT', `/call/${event.voice_id}/recording`, { start: true, recording_name: 'r1' })
      if (event.state === 'dtmfcollected') return api.call('PUT', `/call/${event.voice_id}/recording`, { stop: true })
      if (event.state === 'completed') return api.call('DELETE', `/call/${event.voice_id}`)
    })
    const call = await callTo(app, { platform: 'enablex' })
      .expectAction('accept')
      .expectAction('connect')
      .expectAction('recording', { start: true, recording_name: 'r1' })
      .staySilent(10_000)
      .pressDigits('1')
      .expectAction('recording', { stop: true })
      .expectAction('hangup')
    expect(events(app.seen)).toEqual(['incomingcall', 'connected', 'bridging', 'bridged', 'started', 'dtmfcollected', 'completed', 'disconnected'])
    expect(app.seen[4]).toEqual({ voice_id: expect.any(String), state: 'started', description: 'Recording Started', timestamp: expect.any(String) })
    expect(app.seen[6]).toMatchObject({ state: 'completed', description: 'Recording Completed' })
    const started = app.answers.find((a) => a.path.endsWith('/recording'))!
    expect(started).toMatchObject({ status: 200, body: { status: 'success', recording_id: expect.any(String), msg: '' } })
    expect(app.seen[7]).toMatchObject({ recording_url: `https://recordings.enablex.io/voice/${started.body.recording_id}.wav`, recording_duration: 12 })
    expect(call.end).toMatchObject({ by: 'app' })
  })

  it('reports a recording still running when the caller hangs up: completed, then disconnected', async () => {
    const app = bridgeApp((event, api) => (event.state === 'bridged' ? api.call('PUT', `/call/${event.voice_id}/recording`, { start: true }) : undefined))
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('recording').staySilent(5_000).hangUp()
    expect(events(app.seen).slice(-3)).toEqual(['started', 'completed', 'disconnected'])
  })

  it('holds and resumes the bridged call', async () => {
    const app = bridgeApp(async (event, api) => {
      if (event.state === 'bridged') return api.call('POST', `/call/${event.voice_id}/hold`, { hold: true })
      if (event.state === 'hold') return api.call('POST', `/call/${event.voice_id}/hold`, { hold: false })
      if (event.state === 'unhold') return api.call('DELETE', `/call/${event.voice_id}`)
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('hold', { hold: true }).expectAction('hold', { hold: false }).expectAction('hangup')
    expect(events(app.seen).slice(-3)).toEqual(['hold', 'unhold', 'disconnected'])
    expect(app.answers.find((a) => a.path.endsWith('/hold'))).toMatchObject({ status: 200, body: { status: 'success', hold: true } })
    expect(call).toHavePlayed('music on hold')
  })

  it('transfers the bridged call: transfer initiated, then success; a busy target fails and keeps the bridge', async () => {
    const SUPERVISOR = '+14155550177'
    const app = bridgeApp(async (event, api) => {
      if (event.state === 'bridged') return api.call('PUT', `/call/${event.voice_id}/transfer`, { from: '14155550199', transfer_to: SUPERVISOR.slice(1) })
      if (event.state === 'transfer' && event.status !== 'initiated') return api.call('DELETE', `/call/${event.voice_id}`)
    })
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('transfer', { transfer_to: '14155550177' }).expectAction('hangup')
    expect(app.seen.slice(4, 6)).toMatchObject([
      { state: 'transfer', status: 'initiated', to: '14155550177' },
      { state: 'transfer', status: 'success', to: '14155550177' },
    ])
    expect(app.answers.find((a) => a.path.endsWith('/transfer'))).toMatchObject({ status: 200, body: { status: 'initiated', to: '14155550177', channel_id: expect.any(String) } })

    const busy = bridgeApp(async (event, api) => {
      if (event.state === 'bridged' && !busy.seen.some((e) => e.state === 'transfer')) return api.call('PUT', `/call/${event.voice_id}/transfer`, { from: '14155550199', transfer_to: SUPERVISOR.slice(1) })
      if (event.state === 'transfer' && event.status === 'failed') return api.call('POST', `/call/${event.voice_id}/hold`, { hold: true })
    })
    await callTo(busy, { platform: 'enablex' }).withParty(SUPERVISOR, 'busy').expectAction('accept').expectAction('connect').expectAction('transfer').expectAction('hold')
    expect(busy.seen.find((e) => e.status === 'failed')).toMatchObject({ state: 'transfer', disconnect_reason: 'User Busy' })
    // Still bridged: hold is accepted.
    await expect.poll(() => busy.answers.at(-1)).toMatchObject({ path: expect.stringMatching(/\/hold$/), status: 200 })
  })

  it('forwards the bridged call: forward initiated, then success', async () => {
    const app = bridgeApp(async (event, api) => {
      if (event.state === 'bridged' && !app.seen.some((e) => e.state === 'forward')) return api.call('PUT', `/call/${event.voice_id}/forward`, { from: '14155550199', to: '14155550188' })
      if (event.state === 'forward' && event.status === 'success') return api.call('DELETE', `/call/${event.voice_id}`)
    })
    await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('connect').expectAction('forward', { to: '14155550188' }).expectAction('hangup')
    expect(app.seen.filter((e) => e.state === 'forward').map((e) => e.status)).toEqual(['initiated', 'success'])
    expect(app.answers.find((a) => a.path.endsWith('/forward'))).toMatchObject({ status: 200, body: { status: 'success', from: '14155550199', to: '14155550188' } })
  })
})

describe('outbound: make-call, ringing, connected, action_on_connect', () => {
  const placeCall = (body: object) => {
    const app = enablexApp(hangupOn('digitcollected'))
    const trigger = () => app.rest.call('POST', '/call', body)
    return { app, trigger }
  }
  const makeCall = {
    name: 'reminder',
    owner_ref: 'order-42',
    from: '14155550199',
    to: '14155550123',
    action_on_connect: { play: tts('Press 1 to confirm.', { dtmf: true, prompt_ref: 'confirm' }) },
    event_url: 'https://app.example/event',
  }

  it('answers make-call, posts ringing and connected, then runs action_on_connect.play', async () => {
    const { app, trigger } = placeCall(makeCall)
    const call = await callTo(app, { platform: 'enablex' })
      .startedBy(trigger)
      .expectAction('make-call', { to: '14155550123', action_on_connect: { play: { dtmf: true } } })
      .pressDigits('1')
      .expectAction('hangup')
    expect(app.answers[0]).toEqual({ method: 'POST', path: '/call', status: 200, body: { voice_id: expect.any(String), state: 'initiated', from: '14155550199', to: '14155550123', owner_ref: 'order-42', timestamp: expect.any(String) } })
    expect(events(app.seen)).toEqual(['ringing', 'connected', 'playfinished', 'digitcollected', 'disconnected'])
    expect(app.seen.every((e) => e.owner_ref === 'order-42' && e.voice_id === app.answers[0]!.body.voice_id)).toBe(true)
    expect(call).toHavePlayed('Press 1 to confirm.')
  })

  it('reports a busy callee as disconnected with User Busy, and no answer after 30 s', async () => {
    const busy = placeCall(makeCall)
    const call = await callTo(busy.app, { platform: 'enablex' }).startedBy(busy.trigger).answeredBy('busy').expectAction('make-call').expectHangup()
    expect(call.end).toMatchObject({ by: 'callee', reason: 'line busy' })
    expect(busy.app.seen).toMatchObject([{ state: 'disconnected', disconnect_reason: 'User Busy' }])

    const silent = placeCall(makeCall)
    const unanswered = await callTo(silent.app, { platform: 'enablex' }).startedBy(silent.trigger).answeredBy('no-answer').expectAction('make-call').expectHangup()
    expect(events(silent.app.seen)).toEqual(['ringing', 'disconnected'])
    expect(silent.app.seen[1]).toMatchObject({ disconnect_reason: 'No Answer' })
    expect(unanswered.duration).toBe(30_000)
  })

  it('expectHangup() passes for a busy callee (the attempt ended) and fails for one who answered, then hung up (audit-112 F1)', async () => {
    const busy = placeCall(makeCall)
    const ended = await callTo(busy.app, { platform: 'enablex' }).startedBy(busy.trigger).answeredBy('busy').expectAction('make-call').expectHangup()
    expect(ended.end).not.toHaveProperty('answered')
    const hungUp = placeCall(makeCall)
    const flow = callTo(hungUp.app, { platform: 'enablex' }).startedBy(hungUp.trigger).answeredBy({ answers: true, hangsUpAfterMs: 1_500 }).expectAction('make-call').expectHangup()
    await expect(flow).rejects.toThrow('expectHangup(): expected the app to hang up, but the called person hung up first (the called person hung up)')
  })

  describe('a call that ends before it is answered (audit-112 F2, F3)', () => {
    it("the test's own end right after make-call: disconnected, and no ringing after it", async () => {
      const { app, trigger } = placeCall(makeCall)
      const call = await callTo(app, { platform: 'enablex' }).startedBy(trigger).expectAction('make-call')
      expect(events(app.seen)).toEqual(['disconnected'])
      expect(app.seen[0]).toMatchObject({ disconnect_reason: 'Normal Clearing' })
      expect(call.webhooks.map((w) => w.name)).toEqual(['disconnected'])
    })

    it('the person dialled rejecting the phone before it rang (.hangUp() at 0.5 s): User Busy, and nothing after', async () => {
      const { app, trigger } = placeCall(makeCall)
      const call = await callTo(app, { platform: 'enablex' }).startedBy(trigger).expectAction('make-call').staySilent(500).hangUp()
      expect(events(app.seen)).toEqual(['disconnected'])
      expect(app.seen[0]).toMatchObject({ disconnect_reason: 'User Busy' })
      expect(call.end).toMatchObject({ by: 'caller', reason: 'declined while ringing' })
    })

    it('answeredBy busy or no-answer in a test that ends after make-call: the outcome the test declared, not a clean-up hang-up', async () => {
      const busy = placeCall(makeCall)
      await callTo(busy.app, { platform: 'enablex' }).startedBy(busy.trigger).answeredBy('busy').expectAction('make-call')
      expect(busy.app.seen).toEqual([expect.objectContaining({ state: 'disconnected', disconnect_reason: 'User Busy' })])
      const silent = placeCall(makeCall)
      const unanswered = await callTo(silent.app, { platform: 'enablex' }).startedBy(silent.trigger).answeredBy('no-answer').expectAction('make-call')
      expect(events(silent.app.seen)).toEqual(['ringing', 'disconnected'])
      expect(silent.app.seen[1]).toMatchObject({ disconnect_reason: 'No Answer' })
      expect(unanswered.duration).toBe(30_000)
    })
  })

  it('records the whole call with auto_record', async () => {
    const { app, trigger } = placeCall({ ...makeCall, auto_record: true })
    await callTo(app, { platform: 'enablex' }).startedBy(trigger).expectAction('make-call', { auto_record: true }).staySilent(9_000).hangUp()
    expect(app.seen.at(-1)).toMatchObject({ state: 'disconnected', recording_url: expect.stringContaining('https://recordings.enablex.io/voice/'), recording_duration: 4 })
  })
})
