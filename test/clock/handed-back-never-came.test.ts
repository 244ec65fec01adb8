/**
 * audit-93 finding 8: "press 1 and we will call you back in a minute" arms a 60 s timer during the
 * inbound call; the call ends and callspec hands the timer back to real time. The next call, which
 * waits for the app's make-call request, failed with "it never came" and nothing of that timer.
 */
import express from 'express'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

function callBackApp() {
  const timers: NodeJS.Timeout[] = []
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { event, digitsReceived } = req.body as { event: string; digitsReceived?: string }
    if (event === 'ACCEPTED') return res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED' && req.query.cb === '1') return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'This is your call back.' }] })
    if (event === 'ANSWERED') return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 for a call back.' }], collectInput: { maxDigits: 1 } })
    if (event === 'COLLECTED_DIGITS' && digitsReceived === '1') {
      const place = () =>
        void fetch('https://api.us.webexconnect.io/v1/voice/calls', {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'idempotency-key': 'call-back-1' },
          body: JSON.stringify({ callerId: '+14155550199', dialedNumber: '+14155550100', callbackUrl: 'https://ivr.example.com/?cb=1' }),
        }).catch(() => {})
      timers.push(setTimeout(place, 60_000))
      return res.json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'We will call you back in one minute.' }] })
    }
    if (event === 'PLAYED') return res.json({ action: 'HANGUP' })
    res.end()
  })
  return Object.assign(app, { timers })
}

const inbound = (app: ReturnType<typeof callBackApp>) =>
  callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('PLAY', { audio: [{ text: /call you back/ }] }).expectHangup()

const callBack = (app: ReturnType<typeof callBackApp>, limits = {}) =>
  callTo(app, { platform: 'webex-connect', webhookPath: '/?cb=1', limits })
    .startedBy(async () => {})
    .expectAction('PLAY', { audio: [{ text: /your call back/ }] })
    .expectHangup()

describe('a call-back placed by a timer of the earlier call', () => {
  afterEach(() => vi.useRealTimers())

  it('without fake timers: "never came" names the timer handed back to real time, and what tests it', async () => {
    const app = callBackApp()
    await inbound(app)
    try {
      const error = await failureOf(callBack(app, { appTimeoutMs: 300 }))
      expect(error.message).toContain("for the app's make-call request")
      expect(error.message).toMatch(
        /and it never came\. The app has a timer from an earlier call on real time \(handed back when that call ended\): a 60 s timeout due in 5\d(\.\d)? s\. If the request comes from one, turn on the test's own fake clock \(vi\.useFakeTimers\(\)\) before the earlier call: its timers then stay on a clock this call drives\./,
      )
    } finally {
      for (const timer of app.timers) clearTimeout(timer)
    }
  })

  it('with vi.useFakeTimers() before the first call: the call back is placed on the second call\'s clock', async () => {
    vi.useFakeTimers()
    const app = callBackApp()
    await inbound(app)
    const second = await callBack(app)
    expect(second.print()).toMatch(/your call back/)
  })
})

describe("another test's handed-back timers are not this call's", () => {
  const earlier = callBackApp()
  afterAll(() => {
    for (const timer of earlier.timers) clearTimeout(timer)
  })

  it('a test leaves a 60 s timer handed back to real time', async () => {
    await inbound(earlier)
    expect(earlier.timers).toHaveLength(1)
  })

  it('the next test\'s "never came" names none of it (a worker runs many tests and files)', async () => {
    const error = await failureOf(callBack(callBackApp(), { appTimeoutMs: 300 }))
    expect(error.message).toContain('and it never came.')
    expect(error.message).not.toContain('from an earlier call on real time')
  })
})
