/**
 * The caller hangs up while the app still holds its answer to a webhook (a 3 s lookup before it
 * answers). In production the caller hangs up when they mean to, whatever the app is doing: the
 * platform sends its hang-up webhook at once (a second request beside the one still open), and
 * what the app answers the earlier webhook afterwards is too late for a call that has ended.
 * Measured before (audit F11), over TCP: `.staySilent(1000).hangUp()` with ANSWERED held 3 s hung
 * up at 3.2 s on Webex Connect, DROPPED reached the app at 3.2 s, and the late PLAY was run and
 * failed the test as an action it never expected; 8x8 and Voxology the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'
import { callTo, startPlatform, type PlatformServer } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { serviceProcess } from '../helpers/service-process.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'
import { eightByEightApp, say } from '../drivers/8x8/apps.js'
import { openHandles, settledHandles } from '../transport/handles.js'
import { expectHungUpSecondAfterKey, hangsUpSecondAfterKey } from '../helpers/second-key-flow.js'
import { appSeconds, enablex, lines } from '../helpers/held-answer-calls.js'

/** An 8x8 VCA answer the app holds behind a 3 s lookup (its own timer), noting when it answers. */
function balanceAfterLookup(got: string[]) {
  return (res: ServerResponse) =>
    setTimeout(() => {
      got.push(`answered at ${appSeconds()}`)
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ callflow: [say('Your balance is 3 euros.')] }))
    }, 3000)
}

/** `listener`, noting in `got` each webhook other than the VCA (the VSS summary) and when it came, on the app's clock. */
function notingOtherWebhooks(listener: (req: IncomingMessage, res: ServerResponse) => unknown, got: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.includes('vca')) got.push(`${req.url} at ${appSeconds()}`)
    return listener(req, res)
  }
}

/** A Webex Connect app that answers ANSWERED with a PLAY once its 3 s lookup is done; what it got, when, on its own clock. */
function slowWebexApp(lookupMs = 3000) {
  const got: string[] = []
  const app = webexApp((event) => {
    got.push(`${event.event} at ${appSeconds()}`)
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') {
      return (res: ServerResponse) =>
        setTimeout(() => {
          got.push(`answered ANSWERED at ${appSeconds()}`)
          sendAction(res, { action: 'PLAY', audio: [tts('Your balance is 3 euros.')] })
        }, lookupMs)
    }
    return undefined
  })
  return { app, got }
}

describe('the caller hangs up while the app holds its answer', () => {
  it('Webex Connect: the caller hangs up at 1 s, DROPPED reaches the app then, and the late PLAY is not run', async () => {
    const { app, got } = slowWebexApp()
    const call = await callTo(app, { platform: 'webex-connect', transport: 'tcp', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    // The app's pending handler ran on: its answer left at 3.2 s, after DROPPED came at 1 s.
    expect(got).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'DROPPED at 1', 'answered ANSWERED at 3.2'])
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(call.prompts).toEqual([])
    const text = lines(call.transcript.entries)
    expect(text.slice(0, 6)).toEqual(['0 → ACCEPTED', '← ANSWER', '0 ☎ stays silent for 1.0 s', '200 → ANSWERED', '1000 ☎ hangs up', '1000 → DROPPED'])
    expect(text).toContain(
      "3200 · the app's answer to ANSWERED (turn 2) came at 3.2 s, 2.2 s after the call ended (caller hung up): too late for the call. Webex Connect runs no action on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
    expect(text).toContain('3200 · the app answered ANSWERED with PLAY: ignored, the call is over')
    expect(call.duration).toBe(1000)
  })

  it("Webex Connect: hangUp({ cause: 'network' }) drops the line at 1 s the same way", async () => {
    const { app, got } = slowWebexApp()
    // In memory, the default transport: the same model.
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp({ cause: 'network' })
    expect(call.end).toMatchObject({ by: 'network', at: 1000 })
    expect(got).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'DROPPED at 1', 'answered ANSWERED at 3.2'])
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
  })

  it('8x8: the caller hangs up during the lookup behind the VCA after a say; the late callflow is not run', async () => {
    const got: string[] = []
    let turn = 0
    const { listener } = eightByEightApp((payload) => {
      got.push(`VCA ${payload.callStatus} at ${appSeconds()}`)
      if (++turn === 1) return { callflow: [say('One moment.')] }
      return balanceAfterLookup(got)
    })
    const seen = notingOtherWebhooks(listener, got)
    const call = await callTo(seen, { platform: '8x8', transport: 'tcp', seed: 1 }).expectAction('say').staySilent(2000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 2000 })
    expect(call.prompts).toEqual(['One moment.'])
    expect(call.actions.map((a) => a.name)).toEqual(['say'])
    // The session's summary reached the app at 2 s, while its handler still held the VCA's answer.
    expect(got).toEqual(['VCA CALL_RECEIVED at 0', 'VCA ACTION_COMPLETED at 0.8', '/8x8/vss at 2', 'answered at 3.8'])
    const text = lines(call.transcript.entries)
    // The VCA after a callflow that ran out is callspec's reading, and its note says so (audit h172 F5).
    expect(text.slice(2, 7)).toEqual(['0 ☎ stays silent for 2.0 s', expect.stringMatching(/^800 · the callflow ran out .*callspec's reading/), '800 → CALL_ACTION', '2000 ☎ hangs up', '2000 → SESSION_SUMMARY'])
    expect(text).toContain(
      "3800 · the app's answer to CALL_ACTION (turn 2) came at 3.8 s, 1.8 s after the call ended (caller hung up): too late for the call. 8x8 has no session to run a callflow on once every leg is disconnected (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
  })

  it('Voxology: the caller hangs up while the app holds its answer to the callback after the script ran out', async () => {
    const got: string[] = []
    const app = express()
    app.use(express.json())
    app.post('/voxology', (req, res) => {
      got.push(`${req.body.type} at ${appSeconds()}`)
      if (req.body.type === 'init_call') return res.json({ actions: [{ type: 'SAY', params: { text: 'One moment.' } }] })
      if (req.body.type === 'call_end') return res.status(204).end()
      setTimeout(() => {
        got.push(`answered at ${appSeconds()}`)
        res.json({ actions: [{ type: 'SAY', params: { text: 'Your balance is 3 euros.' } }] })
      }, 3000)
    })
    const call = await callTo(app, { platform: 'voxology', transport: 'tcp', webhookPath: '/voxology', seed: 1 }).expectAction('SAY').staySilent(2000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 2000 })
    expect(call.prompts).toEqual(['One moment.'])
    expect(call.actions.map((a) => a.name)).toEqual(['SAY'])
    expect(got).toEqual(['init_call at 0', 'script_end at 0.8', 'call_end at 2', 'answered at 3.8'])
    const text = lines(call.transcript.entries)
    expect(text.slice(2, 6)).toEqual(['0 ☎ stays silent for 2.0 s', '800 → script_end', '2000 ☎ hangs up', '2000 → call_end'])
    expect(text).toContain(
      "3800 · the app's answer to script_end (turn 2) came at 3.8 s, 1.8 s after the call ended (caller hung up): too late for the call. Voxology runs no script on a call that has ended (inferred: the docs do not say what becomes of an answer that comes after the call ended)",
    )
    expect(text).toContain('3800 · the app answered the script_end callback with 1 action(s): not run, the call is over')
  })
  it('EnableX: the caller hangs up during the lookup the app does before answering connected; disconnected reaches the app at 1 s', async () => {
    const got: string[] = []
    const app = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk))
      req.on('end', async () => {
        const { voice_id: id, state } = JSON.parse(body) as { voice_id: string; state: string }
        got.push(`${state} at ${appSeconds()}`)
        if (state === 'incomingcall') {
          res.end()
          return void (await enablex('PUT', `/call/${id}/accept`))
        }
        if (state !== 'connected') return void res.end()
        // A 3 s lookup, then the menu, then the answer: the handler holds connected's answer meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 3000))
        const play = await enablex('PUT', `/call/${id}/play`, { text: 'Your balance is 3 euros.', voice: 'female', language: 'en-US' })
        got.push(`play ${play.status} at ${appSeconds()}`)
        res.end()
      })
    }
    const call = await callTo(app, { platform: 'enablex', transport: 'tcp', seed: 1 }).expectAction('accept').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    // The menu the app plays after its lookup comes after the end: refused, never heard.
    expect(call.prompts).toEqual([])
    expect(got).toEqual(['incomingcall at 0', 'connected at 0', 'disconnected at 1', 'play 404 at 3'])
    expect(lines(call.transcript.entries)).toContain(
      "3000 · the app's answer to connected (turn 2) came at 3.0 s, 2.0 s after the call ended (caller hung up): too late for the call. EnableX reads no instruction from an event's answer (sample: its samples answer an empty 200 and act through the REST API), so a late one changes nothing",
    )
  })

  it('a step after the hang-up fails as before, and the held answer still comes: no hang, nothing left pending', async () => {
    const { app, got } = slowWebexApp()
    const error = await failureOf(
      callTo(app, { platform: 'webex-connect', transport: 'tcp', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp().expectAction('PLAY'),
    )
    expect(error.message).toContain("the call ended (caller: caller hung up) before the app sent the action expectAction('PLAY') expects")
    expect(got).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'DROPPED at 1', 'answered ANSWERED at 3.2'])
  })

  it('an app whose late answer throws after answering fails the call, once, after the end', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event !== 'ANSWERED') return undefined
      return (res: ServerResponse) =>
        setTimeout(() => {
          sendAction(res, { action: 'PLAY', audio: [tts('Your balance is 3 euros.')] })
          throw new Error('balance lookup failed')
        }, 3000)
    })
    const error = await failureOf(callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp())
    expect(error.message).toContain('balance lookup failed')
  })
  it('8x8: pressDigits(keys).staySilent(1000).hangUp() hangs up 1 s after the last key while the app holds its answer to the keys', async () => {
    const got: string[] = []
    const { listener } = eightByEightApp((payload) => {
      const dtmf = payload.eventData?.dtmf as string | undefined
      got.push(`VCA ${payload.callStatus}${dtmf ? ` ${dtmf}` : ''} at ${appSeconds()}`)
      if (!dtmf) return { callflow: [{ action: 'sayAndCapture', params: { promptMessage: 'Press 1 for your balance.', voiceProfile: 'en-US-ZiraRUS', maxDigits: 1 } }] }
      return balanceAfterLookup(got)
    })
    const seen = notingOtherWebhooks(listener, got)
    const call = await callTo(seen, { platform: '8x8', transport: 'tcp', seed: 1 }).expectAction('sayAndCapture').pressDigits('1#').staySilent(1000).hangUp()
    const text = lines(call.transcript.entries)
    const pressed = call.transcript.entries.find((e) => e.kind === 'event' && e.turn === 2)!.at
    expect(call.end).toMatchObject({ by: 'caller', at: pressed + 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['sayAndCapture'])
    expect(got).toEqual(['VCA CALL_RECEIVED at 0', `VCA ACTION_COMPLETED 1 at ${pressed / 1000}`, `/8x8/vss at ${(pressed + 1000) / 1000}`, `answered at ${(pressed + 3000) / 1000}`])
    expect(text).toContain(`${pressed} ☎ stays silent for 1.0 s`)
    expect(text).toContain(`${pressed + 1000} ☎ hangs up`)
  })
  it('an answer due at the hang-up\'s instant comes first (ties go to the app): the PLAY runs and the hang-up cuts it, as before', async () => {
    const { app, got } = slowWebexApp(800)
    // The PLAY comes at 1 s, as the silence ends: left unexpected, so that hangUp() follows staySilent().
    const call = await callTo(app, { platform: 'webex-connect', seed: 1, unconsumed: 'ignore' }).expectAction('ANSWER').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
    expect(got).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'answered ANSWERED at 1', 'DROPPED at 1'])
    expect(lines(call.transcript.entries).some((l) => l.includes('too late for the call'))).toBe(false)
  })
  it('Webex Connect: say(text).staySilent(1000).hangUp() hangs up 1 s after the caller stops speaking while the app holds its answer to STREAMED', async () => {
    const got: string[] = []
    const app = webexApp((event) => {
      got.push(`${event.event} at ${appSeconds()}`)
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('How can I help?')], streamInput: { timeout: 4 } }
      if (event.event !== 'STREAMED') return undefined
      return (res: ServerResponse) =>
        setTimeout(() => {
          got.push(`answered STREAMED at ${appSeconds()}`)
          sendAction(res, { action: 'PLAY', audio: [tts('Your balance is 3 euros.')] })
        }, 3000)
    })
    const call = await callTo(app, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').expectAction('PLAY').say('my balance').staySilent(1000).hangUp()
    const streamed = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'STREAMED')!.at
    expect(call.end).toMatchObject({ by: 'caller', at: streamed + 1000 })
    expect(got.slice(2)).toEqual([`STREAMED at ${streamed / 1000}`, `DROPPED at ${(streamed + 1000) / 1000}`, `answered STREAMED at ${(streamed + 3000) / 1000}`])
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
  })
})

/**
 * The answer held on real I/O alone (a CRM in another process, no timer of the app's pending): the
 * call's clock moves on with the real time it holds, and the hang-up comes when production's
 * would. Before, the hang-up waited for the lookup: `staySilent(1000).hangUp()` beside a 3 s
 * lookup hung up after the answer, and the late PLAY ran.
 */
describe('the caller hangs up while the app holds its answer on real I/O', () => {
  const crm = serviceProcess(`require('node:http').createServer((q, s) => setTimeout(() => s.end('Ann'), Number(q.url.slice(1)))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`)

  it('Webex Connect: a 3 s CRM lookup before the answer to ANSWERED; the caller hangs up at 1 s', async () => {
    const got: string[] = []
    const app = webexApp((event) => {
      got.push(`${event.event} at ${appSeconds()}`)
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') {
        return (res: ServerResponse) =>
          void fetch(`http://127.0.0.1:${crm.port()}/3000`)
            .then((r) => r.text())
            .then((name) => sendAction(res, { action: 'PLAY', audio: [tts(`Hello ${name}.`)] }))
      }
      return undefined
    })
    const call = await callTo(app, { platform: 'webex-connect', transport: 'tcp', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(call.prompts).toEqual([])
    // DROPPED reached the app at 1 s, while its handler still awaited the CRM.
    expect(got.slice(0, 3)).toEqual(['ACCEPTED at 0', 'ANSWERED at 0.2', 'DROPPED at 1'])
    expect(lines(call.transcript.entries)).toContainEqual(expect.stringMatching(/· the app's answer to ANSWERED \(turn 2\) came at \d+\.\d s, \d+\.\d s after the call ended \(caller hung up\): too late for the call/))
  }, 15_000)

  // Before, the silence after the key was counted from where the lookup had moved the call's clock: hung up 1 s late.
  it('Webex Connect: a 3 s CRM lookup on the caller\'s key; pressDigits(keys).staySilent(1000).hangUp() hangs up 1 s after the key', async () => {
    const app = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Press 1 for your balance.')], collectInput: { maxDigits: 1 } }
      if (event.event !== 'COLLECTED_DIGITS') return undefined
      return (res: ServerResponse) =>
        void fetch(`http://127.0.0.1:${crm.port()}/3000`)
          .then((r) => r.text())
          .then((name) => sendAction(res, { action: 'PLAY', audio: [tts(`Hello ${name}.`)] }))
    })
    const call = await hangsUpSecondAfterKey(callTo(app, { platform: 'webex-connect', transport: 'tcp', seed: 1 }))
    const pressed = expectHungUpSecondAfterKey(call)
    expect(lines(call.transcript.entries)).toContain(`${pressed + 1000} ☎ hangs up`)
  }, 15_000)

  // Before, the call's clock moved on with the lookup as the caller was about to hang up: hung up at 1.9 s.
  it('EnableX: a 3 s CRM lookup after the app answered connected; the caller hangs up at 1 s, not when the clock caught up with the lookup', async () => {
    const app = express()
    app.use(express.json())
    app.post('/event', async (req, res) => {
      res.sendStatus(200)
      const { voice_id: id, state } = req.body as { voice_id: string; state?: string }
      if (state === 'incomingcall') await enablex('PUT', `/call/${id}/accept`)
      if (state === 'connected') {
        const name = await (await fetch(`http://127.0.0.1:${crm.port()}/3000`)).text()
        await enablex('PUT', `/call/${id}/play`, { text: `Hello ${name}.`, voice: 'female', language: 'en-US', prompt_ref: 'hi' }).catch(() => undefined)
      }
    })
    const call = await callTo(app, { platform: 'enablex', seed: 1 }).expectAction('accept').staySilent(1000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(lines(call.transcript.entries)).toContain('1000 ☎ hangs up')
  }, 15_000)
})

/**
 * An app reached by URL, in a process of its own (no clock of its known to callspec): the real time
 * it holds its answer counts as the call's time (times the scale when paced), as the answer's
 * deadline already counts it, and the caller hangs up once it reaches their instant. Before, the
 * hang-up waited for the answer: `staySilent(1000).hangUp()` beside a 1.5 s hold hung up once it
 * came, and the late PLAY ran.
 */
describe('the caller hangs up while an app reached by URL holds its answer', () => {
  // A Webex Connect app that answers ANSWERED with a PLAY after holding it <path> ms of real time,
  // and PLAYED with another after 20 ms (a host's few ms, not a hold); /keys/<ms>: plays a menu on
  // ANSWERED, and holds COLLECTED_DIGITS instead. GET /log: each webhook it got and its answer, with
  // the real ms since the held one came.
  const app = serviceProcess(`
    let log = [], t0 = 0
    const json = (s, a) => { s.setHeader('content-type', 'application/json'); s.end(JSON.stringify(a)) }
    require('node:http').createServer((q, s) => {
      if (q.method === 'GET') return json(s, log.splice(0))
      let b = ''
      q.on('data', (c) => (b += c))
      q.on('end', () => {
        const { event } = JSON.parse(b)
        const keys = q.url.startsWith('/keys/')
        const held = keys ? 'COLLECTED_DIGITS' : 'ANSWERED'
        if (event === held) t0 = performance.now()
        const note = (what) => log.push({ what, ms: Math.round(performance.now() - t0) })
        note(event)
        if (event === 'ACCEPTED') return json(s, { action: 'ANSWER' })
        if (keys && event === 'ANSWERED') return json(s, { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 for your balance.' }], collectInput: { maxDigits: 1 } })
        if (event === 'PLAYED') return setTimeout(() => json(s, { action: 'PLAY', audio: [{ type: 'TTS', text: 'Goodbye.' }] }), 20)
        if (event !== held) return s.end()
        setTimeout(() => (note('answered'), json(s, { action: 'PLAY', audio: [{ type: 'TTS', text: 'Your balance is 3 euros.' }] })), Number(q.url.split('/').pop()))
      })
    }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
  `)
  const appLog = async () => (await (await fetch(`http://127.0.0.1:${app.port()}/log`)).json()) as Array<{ what: string; ms: number }>

  /** The process's real timers pending. */
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

  /**
   * The call, what the app got (real ms since ANSWERED), and the transcript's lines. The late
   * answer is in before the flow resolves: nothing of the call's left open (sockets, timers).
   */
  async function heldCall(time: { time?: 'real' | { scale: number } }) {
    const before = openHandles()
    const timersBefore = timers()
    const call = await callTo(`http://127.0.0.1:${app.port()}/1500`, { platform: 'webex-connect', seed: 1, ...time }).expectAction('ANSWER').staySilent(1000).hangUp()
    expect(await settledHandles(before)).toEqual(before)
    expect(timers()).toBeLessThanOrEqual(timersBefore)
    return { call, got: await appLog(), text: lines(call.transcript.entries) }
  }

  it('virtual time: the 1.5 s the app holds ANSWERED counts as the call\'s; the caller hangs up at 1 s, 0.8 s of real time after ANSWERED, and the late PLAY is not run', async () => {
    const { call, got, text } = await heldCall({})
    expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(call.prompts).toEqual([])
    expect(got.map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'DROPPED', 'answered'])
    // DROPPED reached the app 0.8 s after ANSWERED (the hang-up's instant on the call's clock), while it held its answer.
    const dropped = got[2]!.ms
    expect(dropped).toBeGreaterThan(700)
    expect(dropped).toBeLessThan(1_400)
    expect(got[3]!.ms).toBeGreaterThanOrEqual(1_490)
    expect(text.slice(0, 6)).toEqual(['0 → ACCEPTED', '← ANSWER', '0 ☎ stays silent for 1.0 s', '200 → ANSWERED', '1000 ☎ hangs up', '1000 → DROPPED'])
    // Stamped with the real time it held: 0.2 s + 1.5 s (and the host's few ms, more on a loaded machine).
    expect(text).toContainEqual(
      expect.stringMatching(/^1[6-9]\d\d · the app's answer to ANSWERED \(turn 2\) came at 1\.[6-9] s, 0\.[6-9] s after the call ended \(caller hung up\): too late for the call\. Webex Connect runs no action on a call that has ended/),
    )
    expect(text.some((l) => l.endsWith('the app answered ANSWERED with PLAY: ignored, the call is over'))).toBe(true)
    expect(call.duration).toBe(1000)
  }, 15_000)

  /** Paced by the wall clock, the caller's instants come a few ms late (the host's), as in any paced call. */
  const atAboutOneSecond = (at: number) => {
    expect(at).toBeGreaterThanOrEqual(1000)
    expect(at).toBeLessThan(1250)
  }

  it("time: 'real': the same, on the wall clock", async () => {
    const { call, got, text } = await heldCall({ time: 'real' })
    expect(call.end).toMatchObject({ by: 'caller' })
    atAboutOneSecond(call.end!.at)
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(got.map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'DROPPED', 'answered'])
    expect(got[2]!.ms).toBeGreaterThan(500)
    expect(got[2]!.ms).toBeLessThan(1_400)
    expect(text).toContainEqual(expect.stringMatching(/^10\d\d(\.\d+)? ☎ hangs up$/))
    expect(text).toContainEqual(expect.stringMatching(/· the app's answer to ANSWERED \(turn 2\) came at (1\.[7-9]|2\.[0-2]) s, (0\.[7-9]|1\.[0-2]) s after the call ended \(caller hung up\): too late for the call/))
  }, 15_000)

  it('time: { scale: 2 }: the 1.5 s held is 3 s of the call\'s; the caller hangs up 0.4 s of real time after ANSWERED', async () => {
    const { call, got, text } = await heldCall({ time: { scale: 2 } })
    expect(call.end).toMatchObject({ by: 'caller' })
    atAboutOneSecond(call.end!.at)
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER'])
    expect(got.map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'DROPPED', 'answered'])
    // Less when ANSWERED itself reached the app late on a loaded machine: the hang-up is due on the wall clock.
    expect(got[2]!.ms).toBeGreaterThan(150)
    expect(got[2]!.ms).toBeLessThan(900)
    expect(text).toContainEqual(expect.stringMatching(/^10\d\d(\.\d+)? ☎ hangs up$/))
    expect(text).toContainEqual(expect.stringMatching(/· the app's answer to ANSWERED \(turn 2\) came at 3\.[2-7] s, 2\.[0-7] s after the call ended \(caller hung up\): too late for the call/))
  }, 15_000)

  it("an answer due at the hang-up's instant comes first (ties go to the app): the PLAY runs and the hang-up cuts it, as before", async () => {
    const url = `http://127.0.0.1:${app.port()}/0`
    const played = (await callTo(url, { platform: 'webex-connect', seed: 1, unconsumed: 'ignore' }).expectAction('ANSWER').expectAction('PLAY').staySilent(3000).hangUp()).transcript.entries.find(
      (e) => e.kind === 'event' && e.name === 'PLAYED',
    )!.at
    await appLog()
    // The caller hangs up as PLAYED goes out: the app's answer to it, 20 ms of real time later (the
    // host's few ms, not counted as the app's), comes first.
    const call = await callTo(url, { platform: 'webex-connect', seed: 1, unconsumed: 'ignore' }).expectAction('ANSWER').staySilent(played).hangUp()
    expect(call.end).toMatchObject({ by: 'caller', at: played })
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY', 'PLAY'])
    expect(lines(call.transcript.entries).some((l) => l.includes('too late for the call'))).toBe(false)
    expect((await appLog()).map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'answered', 'PLAYED', 'DROPPED'])
  }, 15_000)

  it("pressDigits(keys).staySilent(1000).hangUp() with time: 'real': the same, on the wall clock", async () => {
    const call = await callTo(`http://127.0.0.1:${app.port()}/keys/1500`, { platform: 'webex-connect', seed: 1, time: 'real' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').staySilent(1000).hangUp()
    const pressed = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'COLLECTED_DIGITS')!.at
    const got = await appLog()
    expect(call.end).toMatchObject({ by: 'caller' })
    // 1 s after the key; the key's webhook, paced by the wall clock, may go out a fraction of a ms after the key (999.8 ms in a full run).
    expect(call.end!.at - pressed).toBeGreaterThanOrEqual(995)
    expect(call.end!.at - pressed).toBeLessThan(1250)
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
    expect(got.map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'DROPPED', 'answered'])
    expect(got[3]!.ms).toBeGreaterThan(900)
    expect(got[3]!.ms).toBeLessThan(1_400)
  }, 15_000)

  it('pressDigits(keys).staySilent(1000).hangUp(): the caller hangs up 1 s after the key while the app holds its answer to the keys', async () => {
    const call = await hangsUpSecondAfterKey(callTo(`http://127.0.0.1:${app.port()}/keys/1500`, { platform: 'webex-connect', seed: 1 }))
    const pressed = expectHungUpSecondAfterKey(call)
    const got = await appLog()
    expect(got.map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'COLLECTED_DIGITS', 'DROPPED', 'answered'])
    expect(got[3]!.ms).toBeGreaterThan(900)
    expect(got[3]!.ms).toBeLessThan(1_400)
    const text = lines(call.transcript.entries)
    expect(text).toContain(`${pressed} ☎ stays silent for 1.0 s`)
    expect(text).toContain(`${pressed + 1000} ☎ hangs up`)
    expect(text).toContainEqual(expect.stringMatching(/· the app's answer to COLLECTED_DIGITS \(turn 3\) came at \d+\.\d s, 0\.[4-9] s after the call ended \(caller hung up\): too late for the call/))
  }, 15_000)

  it('a step after the hang-up fails as before, once the held answer is in: no hang, nothing left open', async () => {
    const before = openHandles()
    const error = await failureOf(callTo(`http://127.0.0.1:${app.port()}/1500`, { platform: 'webex-connect', seed: 1 }).expectAction('ANSWER').staySilent(1000).hangUp().expectAction('PLAY'))
    expect(error.message).toContain("the call ended (caller: caller hung up) before the app sent the action expectAction('PLAY') expects")
    expect(await settledHandles(before)).toEqual(before)
    expect((await appLog()).map((g) => g.what)).toEqual(['ACCEPTED', 'ANSWERED', 'DROPPED', 'answered'])
  }, 15_000)

  describe('EnableX', () => {
    // Accepts incomingcall through the fake API; on connected, waits <hold> ms of real time, plays,
    // then answers; GET /log: each event and the play's status, with the real ms since connected came.
    const enablexApp = serviceProcess(`
      let log = [], t0 = 0
      const http = require('node:http')
      const auth = 'Basic ' + Buffer.from('app-id:app-key').toString('base64')
      const api = (base, method, path, body) => new Promise((resolve) => {
        const req = http.request(base + '/voice/v1' + path, { method, headers: { authorization: auth, 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) })
        req.end(body === undefined ? undefined : JSON.stringify(body))
      })
      http.createServer((q, s) => {
        if (q.method === 'GET') { s.setHeader('content-type', 'application/json'); return s.end(JSON.stringify(log.splice(0))) }
        let b = ''
        q.on('data', (c) => (b += c))
        q.on('end', async () => {
          const [, hold, apiPort] = q.url.split('/')
          const base = 'http://127.0.0.1:' + apiPort
          const { voice_id: id, state } = JSON.parse(b)
          if (state === 'connected') t0 = performance.now()
          const note = (what) => log.push({ what, ms: Math.round(performance.now() - t0) })
          note(state)
          if (state === 'incomingcall') { s.end(); return void (await api(base, 'PUT', '/call/' + id + '/accept')) }
          if (state !== 'connected') return void s.end()
          await new Promise((resolve) => setTimeout(resolve, Number(hold)))
          note('play ' + (await api(base, 'PUT', '/call/' + id + '/play', { text: 'Your balance is 3 euros.', voice: 'female', language: 'en-US', prompt_ref: 'menu' })))
          s.end()
        })
      }).listen(0, '127.0.0.1', function () { console.log(this.address().port) })
    `)
    let platform: PlatformServer
    beforeAll(async () => {
      platform = await startPlatform('enablex')
    })
    afterAll(() => platform?.close())

    it("the caller hangs up at 1 s while the app holds connected's answer 1.5 s; disconnected reaches it then, and its late play gets the ended call's 404", async () => {
      const url = `http://127.0.0.1:${enablexApp.port()}/1500/${new URL(platform.url).port}`
      const call = await callTo(url, { platform: 'enablex', api: platform, seed: 1, warnings: 'silent' }).expectAction('accept').staySilent(1000).hangUp()
      expect(call.end).toMatchObject({ by: 'caller', at: 1000 })
      expect(call.prompts).toEqual([])
      const got = (await (await fetch(`http://127.0.0.1:${enablexApp.port()}/log`)).json()) as Array<{ what: string; ms: number }>
      expect(got.map((g) => g.what)).toEqual(['incomingcall', 'connected', 'disconnected', 'play 404'])
      // disconnected 1 s of real time after connected (sent at 0 s), while the app held its answer.
      expect(got[2]!.ms).toBeGreaterThan(900)
      expect(got[2]!.ms).toBeLessThan(1_400)
      const text = lines(call.transcript.entries)
      expect(text).toContain('1000 ☎ hangs up')
      expect(text).toContainEqual(
        expect.stringMatching(/^1[5-8]\d\d · the app's answer to connected \(turn 2\) came at 1\.[5-8] s, 0\.[5-8] s after the call ended \(caller hung up\): too late for the call\. EnableX reads no instruction/),
      )
      // The refused play is stamped when it came, on the real time held.
      const play = call.transcript.entries.find((e) => e.kind === 'api' && e.request.method === 'PUT' && e.request.url.endsWith('/play'))
      expect(play).toMatchObject({ status: 404 })
      expect(play!.at).toBeGreaterThanOrEqual(1_500)
    }, 15_000)
  })
})
