import express from 'express'
import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { accepting, restClient, tts } from './apps.js'

describe("the fake API's 400 names the field that made the request fail (helper-21 item 5)", () => {
  it('answers Mandatory parameter missing: voice to a play that sent voice_type, not the ignored key', async () => {
    const app = accepting({ text: 'Hi.', voice_type: 'female' })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(/✖ voice \(male or female\) is required with text\n {2}→ at voice\n/)
    // The play route's error envelope (audit-94 F6).
    expect(error.message).toMatch(/Answer: HTTP 400 \{"voice_id":"[^"]+","from":"14155550100","to":"14155550199","playstate":"failed","result":400,"msg":"Mandatory parameter missing: voice","timestamp":"[^"]+"\}/)
    expect(app.answers.at(-1)).toMatchObject({ status: 400, body: { msg: 'Mandatory parameter missing: voice' } })
  })
})

describe('event_url under action_on_connect, as EnableX\'s field table shows it (helper-21 item 8; O3, X2, X3)', () => {
  const MOVE = "move event_url to the top level of the make-call body: EnableX's field table lists it under action_on_connect, but its JSON example and samples send it at the top level"
  /** An Express app that places the call with `body`, then plays a reminder and hangs up, as the consumer's O3 app does. */
  const placing = (body: object) => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    const seen: string[] = []
    app.post('/remind', async (_req, res) => {
      const answer = await rest.call('POST', '/call', { from: '14155550199', to: '14155550123', ...body })
      res.status(answer.status).json(answer.body)
    })
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const event = req.body
      seen.push(event.playstate ?? event.state)
      if (event.state === 'connected') await rest.call('PUT', `/call/${event.voice_id}/play`, tts('Your appointment is tomorrow.'))
      if (event.playstate === 'playfinished') await rest.call('DELETE', `/call/${event.voice_id}`)
    })
    const flow = (options: object = {}) =>
      callTo(app, { platform: 'enablex', ...options }).startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} })).expectAction('make-call')
    return { seen, flow }
  }

  it('O3: only under action_on_connect (the table\'s place), it is read from there, with a warning saying to move it (the sources disagree)', async () => {
    const { flow, seen } = placing({ action_on_connect: { event_url: 'https://app.example/event' } })
    const call = await flow({ warnings: 'silent' }).expectAction('play').expectAction('hangup')
    expect(seen).toContain('connected')
    expect(call.warnings[0]).toBe(
      `the app's make-call request: event_url is under action_on_connect, not at the top level (received "https://app.example/event" there): callspec posts the events to it at action_on_connect.event_url; ${MOVE} (rule enablex/event-url-placement, inferred)`,
    )
    // zod's union said only this, at action_on_connect.
    expect(call.warnings.join('\n')).not.toContain('Invalid input')
  })

  it('O3 and X2 under strict: the make-call fails, naming event_url and where it goes', async () => {
    for (const onConnect of [{ event_url: 'https://app.example/event' }, { play: tts('Hi.'), event_url: 'https://app.example/event' }]) {
      const error = await failureOf(placing({ action_on_connect: onConnect }).flow({ strict: true }))
      expect(error.message).toContain(
        `✖ event_url is under action_on_connect, not at the top level (received "https://app.example/event" there): callspec posts the events to it; ${MOVE}\n  → at action_on_connect.event_url\n  → rule enablex/event-url-placement`,
      )
    }
  })

  describe('X3: at both levels, the nested one is not read (rule enablex/event-url-placement, inferred)', () => {
    const both = { event_url: 'https://app.example/event', action_on_connect: { event_url: 'https://app.example/event' } }
    const WARNING =
      "the app's make-call request: event_url under action_on_connect is not read (received \"https://app.example/event\") at action_on_connect.event_url; " +
      `the events go to the top-level event_url: remove the one under action_on_connect; EnableX's field table lists it under action_on_connect, but its JSON example and samples send it at the top level, where callspec reads it when both are there (rule enablex/event-url-placement, inferred)`

    it('warns, naming event_url and where it goes, and the call goes on: the callee answers with nothing to run', async () => {
      const { seen, flow } = placing(both)
      const call = await flow({ warnings: 'silent' }).expectAction('play').expectAction('hangup')
      expect(call.warnings).toEqual([expect.stringContaining(WARNING)])
      expect(seen).toEqual(['ringing', 'connected', 'playfinished', 'disconnected'])
      expect(call).toHavePlayed('Your appointment is tomorrow.')
    })

    it('fails under strict, with the same words', async () => {
      const error = await failureOf(placing(both).flow({ strict: true }))
      expect(error.message).toContain('✖ event_url under action_on_connect is not read (received "https://app.example/event"); the events go to the top-level event_url: remove the one under action_on_connect;')
      expect(error.message).toContain('  → at action_on_connect.event_url\n  → rule enablex/event-url-placement (inferred: ')
      expect(error.message).not.toContain('Invalid input')
    })

    it('with a play too and another URL, names the URL the events go to', async () => {
      const { flow } = placing({ event_url: 'https://app.example/event', action_on_connect: { play: tts('Hi.'), event_url: 'https://app.example/other' } })
      const call = await flow({ warnings: 'silent', unconsumed: 'ignore' })
      expect(call.warnings[0]).toContain('event_url under action_on_connect is not read (received "https://app.example/other") at action_on_connect.event_url; the events go to the top-level event_url ("https://app.example/event"): remove the one under action_on_connect;')
    })
  })

  it('an action_on_connect with play and connect runs the play, with a warning: "one of" is inferred (enablex/one-action-on-connect); strict fails it', async () => {
    const body = { event_url: 'https://app.example/event', action_on_connect: { play: tts('Hi.'), connect: { from: '14155550199', to: '14155550111' } } }
    const { flow, seen } = placing(body)
    const call = await flow({ warnings: 'silent', unconsumed: 'ignore' }).staySilent(10_000)
    // The callee answers and hears the play; nothing bridges.
    expect(seen).toContain('connected')
    expect(call.prompts[0]).toBe('Hi.')
    expect(call.print()).not.toContain('bridg')
    expect(call.warnings[0]).toMatch(
      /^the app's make-call request: action_on_connect holds play and connect: callspec runs play when the callee answers and ignores the rest at action_on_connect; give action_on_connect one of play, connect or room, as the field table lists them \(rule enablex\/one-action-on-connect, inferred\)$/,
    )
    const error = await failureOf(placing(body).flow({ strict: true }))
    expect(error.message).toContain('✖ action_on_connect holds play and connect: callspec runs play when the callee answers and ignores the rest')
    expect(error.message).toContain('→ rule enablex/one-action-on-connect (inferred: ')
  })

  it("validate('enablex', 'action', { action: 'make-call', body }) gives the verdict and the warning a call gives that body", async () => {
    const bodies = [
      { action_on_connect: { event_url: 'https://app.example/event' } },
      { action_on_connect: { play: tts('Hi.'), event_url: 'https://app.example/event' } },
      { event_url: 'https://app.example/event', action_on_connect: { play: tts('Hi.'), event_url: 'https://app.example/other' } },
      { event_url: 'https://app.example/event', action_on_connect: { play: tts('Hi.'), connect: { from: '14155550199', to: '14155550111' } } },
    ]
    for (const extra of bodies) {
      const body = { from: '14155550199', to: '14155550123', ...extra }
      const call = await placing(extra).flow({ warnings: 'silent', unconsumed: 'ignore' })
      expect(call.warnings).toHaveLength(1)
      const checked = validate('enablex', 'action', { action: 'make-call', body })
      expect(checked.ok, JSON.stringify(extra)).toBe(true)
      // The call's warning, said from the issue validate() returns: same words, rule and evidence.
      const said = checked.issues.map((i) => `the app's make-call request: ${i.message} at ${i.path.replace(/^body\./, '')}; ${i.hint} (${i.tag})`)
      expect(said, JSON.stringify(extra)).toEqual(call.warnings)
      expect(checked.issues.every((i) => i.path.startsWith('body.action_on_connect') && i.level === 'warn')).toBe(true)
      // strict fails both, as it fails the make-call.
      expect(validate('enablex', 'action', { action: 'make-call', body }, { strict: true }).ok).toBe(false)
      await expect(placing(extra).flow({ strict: true })).rejects.toThrow(/✖ (event_url|action_on_connect)/)
    }
  })

  it('an action_on_connect holding none of play, connect or room says so, not "Invalid input"', async () => {
    // At warn (the default) such a call is placed (audit F2: "one of" is inferred; empty-action-on-connect.test.ts): strict refuses it.
    const error = await failureOf(placing({ event_url: 'https://app.example/event', action_on_connect: {} }).flow({ strict: true }))
    expect(error.message).toContain('✖ action_on_connect holds none of play, connect or room (received {}); ')
    expect(error.message).toContain('  → at action_on_connect\n  → rule enablex/one-action-on-connect (inferred: ')
  })
})

describe('an event answered with an Express error page (helper-21 item 8)', () => {
  it("says what the app's error page says, as Voxology failures do", async () => {
    const rest = restClient()
    const app = express()
    app.use(express.json())
    app.set('env', 'development')
    app.post('/event', async (req, res) => {
      const event = req.body
      if (event.state === 'connected') throw new Error('the menu table is missing')
      res.sendStatus(200)
      if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
    })
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play'))
    const lines = error.message.split('\n')
    // The page's error leads, the app's frame under it, then what the platform expects (newcomer audit N4).
    expect(lines[0]).toBe("[callspec] turn 2, expectAction('play'): the app answered the connected event with HTTP 500: Error: the menu table is missing")
    expect(lines[1]).toMatch(/^ {4}at .*request-hints\.test\.ts:\d+:\d+$/)
    expect(lines[2]).toBe(
      'The platform expects a 2xx with any body (EnableX ignores it: the app acts through the REST API). EnableX says a call "may terminate" when a webhook answers with an error, so the call fails here (rule enablex/event-answered).',
    )
  })
})

/** An app that answers each event, accepts an incoming call, plays `play` once connected and hangs up after its playfinished. */
const playing = (play: object) =>
  accepting(play, (event, api) => {
    if (event.playstate === 'playfinished') return api.call('DELETE', `/call/${event.voice_id}`)
  })

/** An app that places a call with `body` (from, to and event_url given) and hangs up after the first playfinished. */
const dialling = (body: object) => {
  const rest = restClient()
  const app = express()
  app.use(express.json())
  app.post('/call', async (_req, res) => {
    const answer = await rest.call('POST', '/call', { from: '14155550199', to: '14155550123', event_url: 'https://app.example/event', ...body })
    res.status(answer.status).json(answer.body)
  })
  app.post('/event', async (req, res) => {
    res.sendStatus(200)
    if (req.body.playstate === 'playfinished') await rest.call('DELETE', `/call/${req.body.voice_id}`)
  })
  const flow = (options: object = {}) => callTo(app, { platform: 'enablex', ...options }).startedBy((a) => a.fetch('/call', { method: 'POST', body: {} })).expectAction('make-call')
  return { flow, answers: rest.answers }
}

describe('a play made of text_to_speech_option alone needs no voice: voice is "required with text" (audit F3)', () => {
  const advanced = { prompt_ref: 'greet', text_to_speech_option: { text: 'Hello', break: { value: '500ms' }, text2: 'Goodbye' } }

  it('PUT …/play: the call passes and the caller hears its text', async () => {
    const app = playing(advanced)
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', advanced).expectAction('hangup')
    expect(call).toHavePlayed('Hello Goodbye')
    expect(call.warnings).toEqual([])
    expect(app.answers.find((a) => a.path.endsWith('/play'))).toMatchObject({ status: 200, body: { playstate: 'initiated' } })
  })

  it("make-call: action_on_connect.play with it plays when the callee answers", async () => {
    const { flow, answers } = dialling({ action_on_connect: { play: { prompt_ref: '1', text_to_speech_option: { text: 'Your order has shipped.' } } } })
    const call = await flow().expectAction('hangup')
    expect(call).toHavePlayed('Your order has shipped.')
    expect(call.warnings).toEqual([])
    expect(answers[0]).toMatchObject({ status: 200, body: { state: 'initiated' } })
  })
})

describe("a play holding text and prompt_name, as EnableX's own play example does (audit F4, rule enablex/one-prompt, inferred)", () => {
  // The play reference's example body, as printed.
  const example = {
    prompt_name: 'prompt_name',
    prompt_ref: 'welcome_ref',
    text: 'text to be played as speech',
    language: 'en-US',
    voice: 'female',
    dtmf: true,
    asr: true,
    start_timeout: 10,
    recognizer_timeout: 1,
    text_to_speech_option: {},
  }
  const SAID = 'play holds text and prompt_name: callspec plays text and ignores prompt_name'
  const HINT = "send one of text, prompt_name or text_to_speech_option: EnableX's docs say exactly one of text and prompt_name is played, not which"
  const TAG = "rule enablex/one-prompt"
  const SOURCE = "inferred: EnableX's play reference says exactly one of text and prompt_name is played, not which one, and its own example sends both"

  it('passes by default: the text plays, with a warning that the choice is callspec\'s (the empty text_to_speech_option is not counted)', async () => {
    const app = playing(example)
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call).toHavePlayed('text to be played as speech')
    expect(call.warnings).toEqual([expect.stringMatching(/^turn 2: the app's play request \(PUT \/voice\/v1\/call\/[^ ]+\/play\): /)])
    expect(call.warnings[0]).toContain(`: ${SAID} at prompt_name; ${HINT} (${TAG}, inferred)`)
    expect(app.answers.find((a) => a.path.endsWith('/play'))?.status).toBe(200)
  })

  it('fails under strict, with the rule\'s tag, and the app gets a 400', async () => {
    const app = playing(example)
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('play'))
    expect(error.message).toContain(`✖ ${SAID}; ${HINT}\n  → at prompt_name\n  → ${TAG} (${SOURCE})`)
    expect(app.answers.find((a) => a.path.endsWith('/play'))).toMatchObject({ status: 400, body: { result: 400, msg: `Invalid parameter: prompt_name (${SAID})` } })
  })

  it('a make-call whose action_on_connect.play holds both plays the text, with the same warning at its path', async () => {
    const { flow } = dialling({ action_on_connect: { play: { text: 'Your order has shipped.', voice: 'female', prompt_name: 'shipped' } } })
    const call = await flow({ warnings: 'silent' }).expectAction('hangup')
    expect(call).toHavePlayed('Your order has shipped.')
    expect(call.warnings).toEqual([`the app's make-call request: ${SAID} at action_on_connect.play.prompt_name; ${HINT} (${TAG}, inferred)`])
  })
})

describe('a mistake inside make-call action_on_connect names its field, as on PUT …/play (audit F5)', () => {
  it('dtmf sent as "true": names action_on_connect.play.dtmf', async () => {
    const { flow, answers } = dialling({ action_on_connect: { play: { text: 'Press 1 to confirm', voice: 'female', language: 'en-US', dtmf: 'true', prompt_ref: 'menu' } } })
    const error = await failureOf(flow())
    expect(error.message).toContain('✖ Invalid input: expected boolean, received string "true"\n  → at action_on_connect.play.dtmf\n')
    expect(error.message).not.toContain('Invalid input (received')
    expect(answers[0]).toEqual({ method: 'POST', path: '/call', status: 400, body: { result: 400, msg: 'Invalid parameter: action_on_connect.play.dtmf (Invalid input: expected boolean, received string "true")', state: 'failed', timestamp: expect.any(String) } })
  })

  // An unsupported voice there is no longer refused as EnableX's (audit F1): the call is placed,
  // under the inferred rule enablex/voice-on-connect (voice-case.test.ts); under strict it is
  // answered 406 / 6117 as PUT …/play answers it, naming action_on_connect.play.voice.
  it('voice "robot" under strict: answered 406 / 6117 as PUT …/play answers it, naming action_on_connect.play.voice', async () => {
    const { flow, answers } = dialling({ action_on_connect: { play: { text: 'Hello.', voice: 'robot' } } })
    const error = await failureOf(flow({ strict: true }))
    expect(error.message).toContain('  → at action_on_connect.play.voice\n  → rule enablex/voice-on-connect')
    expect(answers[0]).toEqual({ method: 'POST', path: '/call', status: 406, body: { result: 6117, msg: 'Voice not supported for text-to-speech conversion', state: 'failed', timestamp: expect.any(String) } })
  })

  it('connect without from: Mandatory parameter missing: action_on_connect.connect.from', async () => {
    const { flow, answers } = dialling({ action_on_connect: { connect: { to: '14155550111' } } })
    const error = await failureOf(flow())
    expect(error.message).toContain('  → at action_on_connect.connect.from\n')
    expect(answers[0]?.body).toEqual({ result: 400, msg: 'Mandatory parameter missing: action_on_connect.connect.from', state: 'failed', timestamp: expect.any(String) })
  })

  it("validate('enablex', 'make-call', …) says the same", () => {
    const mc = (onConnect: object) => ({ from: '919999999999', to: '918888888888', event_url: 'https://a.b/e', action_on_connect: onConnect })
    expect(validate('enablex', 'make-call', mc({ play: { text: 'x', voice: 'female', dtmf: 'true' } }))).toMatchObject({
      ok: false,
      issues: [{ path: 'action_on_connect.play.dtmf', message: 'Invalid input: expected boolean, received string "true"' }],
      vendorError: { status: 400, code: 400, message: 'Invalid parameter: action_on_connect.play.dtmf (Invalid input: expected boolean, received string "true")' },
    })
    expect(validate('enablex', 'make-call', mc({ play: { text: 'x', voice: 'robot' } }), { strict: true })).toMatchObject({
      ok: false,
      issues: [{ path: 'action_on_connect.play.voice', rule: 'enablex/voice-on-connect', evidence: 'inferred' }],
      vendorError: { status: 406, code: 6117, message: 'Voice not supported for text-to-speech conversion' },
    })
    expect(validate('enablex', 'make-call', mc({ play: { text: 'x', voice: 'robot' } }))).toMatchObject({ ok: true, issues: [{ rule: 'enablex/voice-on-connect', level: 'warn' }] })
    expect(validate('enablex', 'make-call', mc({ connect: { to: '917777777777' } }))).toMatchObject({
      ok: false,
      issues: [{ path: 'action_on_connect.connect.from' }],
      vendorError: { message: 'Mandatory parameter missing: action_on_connect.connect.from' },
    })
    expect(validate('enablex', 'make-call', mc({ play: { text: 'x' } })).vendorError?.message).toBe('Mandatory parameter missing: action_on_connect.play.voice')
  })
})
